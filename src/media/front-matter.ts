/**
 * The media fields of an article's front matter, read and checked for shape (whether the files exist is checked
 * later, against the media library): `image:`, `gallery:`, `video:` and `attachments:`. Each entry keeps its
 * position, so a later "file not found" points at the right line.
 */
import { FieldReader, describe, isRecord } from '../report/fields.ts';
import { DOCUMENT_TYPES, extensionOf, IMAGE_EXTENSIONS, VIDEO_TYPES } from './file-types.ts';
import { isExternal } from './resolve.ts';
import type { AttachmentEntry, GalleryEntry, Place, VideoEntry } from './types.ts';
import { parseVideoUrl, VIDEO_HOSTS } from './video-url.ts';

/** The media fields of one article. */
export interface MediaFields {
  /** Where `image:` stands, when given. */
  imagePlace?: Place;
  gallery: GalleryEntry[];
  video?: VideoEntry;
  attachments: AttachmentEntry[];
}

const WHERE = 'Write a file beside the article (its name, e.g. anh-hoi-nghi.jpg) or in content/media/ (e.g. /media/anh-hoi-nghi.jpg).';
const IMAGE_LIST = IMAGE_EXTENSIONS.map((e) => e.toUpperCase()).join(', ');
const DOCUMENT_LIST = Object.values(DOCUMENT_TYPES)
  .map((t) => t.label)
  .join(', ');

/** Reads `image`, `gallery`, `video` and `attachments` from the front matter. */
export function readMediaFields(fields: FieldReader, image: string | undefined): MediaFields {
  const out: MediaFields = { gallery: readGallery(fields), attachments: readAttachments(fields) };
  if (image !== undefined) {
    out.imagePlace = fields.source.place(['image']);
    if (isExternal(image) && !/^https?:\/\//i.test(image)) {
      fields.fail(['image'], `Image "${image}" must be a file of the site or an https:// address`, 'image-invalid', WHERE);
    } else if (!isExternal(image) && !isImageName(image)) {
      fields.fail(['image'], `Image "${image}" is not an image file`, 'image-type', `Use one of ${IMAGE_LIST}.`);
    }
  }
  const video = readVideo(fields);
  if (video) out.video = video;
  return out;
}

function isImageName(written: string): boolean {
  return (IMAGE_EXTENSIONS as readonly string[]).includes(extensionOf(written.replace(/[?#].*$/s, '')));
}

/** Each item of a list field, as a string or a mapping read by a sub-reader, with its key path. */
function eachItem(
  fields: FieldReader,
  key: string,
  what: string,
  example: string,
  visit: (item: { text?: string; record?: FieldReader; key: (string | number)[] }) => void,
): void {
  const raw = fields.record[key];
  if (raw === undefined || raw === null) return;
  // One entry may be written without the list, as `stringList` fields allow.
  const value = typeof raw === 'string' || isRecord(raw) ? [raw] : raw;
  if (!Array.isArray(value)) {
    fields.fail([key], `Field "${key}" must be a list of ${what}, got ${describe(value)}`, 'field-type', `For example:\n${example}`);
    return;
  }
  value.forEach((item: unknown, index) => {
    const path = Array.isArray(raw) ? [key, index] : [key];
    if (typeof item === 'string' && item.trim()) visit({ text: item.trim(), key: path });
    else if (isRecord(item)) visit({ record: new FieldReader(fields.file, fields.source, item, path), key: path });
    else fields.fail(path, `Item ${index + 1} of "${key}" must be a file name or a mapping, got ${describe(item)}`, 'field-type', `For example:\n${example}`);
  });
}

function readGallery(fields: FieldReader): GalleryEntry[] {
  const entries: GalleryEntry[] = [];
  const example = 'gallery:\n  - src: anh-1.jpg\n    caption: Quang cảnh hội nghị\n  - anh-2.jpg';
  eachItem(fields, 'gallery', 'images', example, ({ text, record, key }) => {
    record?.rejectUnknown(['src', 'caption', 'alt'], 'gallery image');
    const src = text ?? record?.string('src', { required: true, example: 'anh-hoi-nghi.jpg' });
    if (src === undefined) return;
    const srcKey = record ? [...key, 'src'] : key;
    if (isExternal(src)) {
      fields.fail(srcKey, `Gallery image "${src}" must be a file of the site`, 'media-external', WHERE);
      return;
    }
    if (!isImageName(src)) {
      fields.fail(srcKey, `Gallery image "${src}" is not an image file`, 'image-type', `Use one of ${IMAGE_LIST}.`);
      return;
    }
    const caption = record?.string('caption');
    const alt = record?.string('alt');
    entries.push({ src, ...(caption ? { caption } : {}), ...(alt ? { alt } : {}), place: fields.source.place(srcKey) });
  });
  return entries;
}

function readAttachments(fields: FieldReader): AttachmentEntry[] {
  const entries: AttachmentEntry[] = [];
  const example = 'attachments:\n  - file: ke-hoach-so-12.pdf\n    title: Kế hoạch số 12/KH-UBND';
  eachItem(fields, 'attachments', 'files', example, ({ text, record, key }) => {
    record?.rejectUnknown(['file', 'title'], 'attachment');
    const file = text ?? record?.string('file', { required: true, example: 'ke-hoach.pdf' });
    if (file === undefined) return;
    const fileKey = record ? [...key, 'file'] : key;
    if (isExternal(file)) {
      fields.fail(fileKey, `Attachment "${file}" must be a file of the site`, 'media-external', WHERE.replace(/anh-hoi-nghi\.jpg/g, 'ke-hoach.pdf'));
      return;
    }
    if (!(extensionOf(file) in DOCUMENT_TYPES)) {
      fields.fail(fileKey, `Attachment "${file}" is not an allowed type`, 'attachment-type', `Attach ${DOCUMENT_LIST} files.`);
      return;
    }
    const title = record?.string('title');
    entries.push({ file, ...(title ? { title } : {}), place: fields.source.place(fileKey) });
  });
  return entries;
}

function readVideo(fields: FieldReader): VideoEntry | undefined {
  const value = fields.record['video'];
  if (value === undefined || value === null) return undefined;
  let record: FieldReader | undefined;
  let src: string | undefined;
  if (isRecord(value)) {
    record = new FieldReader(fields.file, fields.source, value, ['video']);
    record.rejectUnknown(['src', 'title', 'poster'], 'video');
    src = record.string('src', { required: true, example: 'https://www.youtube.com/watch?v=...' });
  } else {
    src = fields.string('video', { example: 'https://www.youtube.com/watch?v=...' });
  }
  const poster = readPoster(fields, record);
  if (src === undefined) return undefined;
  const srcKey = record ? ['video', 'src'] : ['video'];
  if (isExternal(src)) {
    const parsed = parseVideoUrl(src);
    if (!parsed.ok) {
      fields.fail(srcKey, `Video "${src}" cannot be embedded: ${parsed.reason}`, 'video-url', `Use a video on ${VIDEO_HOSTS.join(', ')}, or a local .mp4 file beside the article.`);
      return undefined;
    }
  } else if (!(extensionOf(src.replace(/[?#].*$/s, '')) in VIDEO_TYPES)) {
    fields.fail(srcKey, `Video "${src}" is not a video file`, 'video-type', `Use a YouTube or Facebook address, or a local ${Object.keys(VIDEO_TYPES).join('/')} file.`);
    return undefined;
  }
  const title = record?.string('title');
  return { src, ...(title ? { title } : {}), place: fields.source.place(srcKey), ...poster };
}

function readPoster(fields: FieldReader, record: FieldReader | undefined): Pick<VideoEntry, 'poster' | 'posterPlace'> {
  const poster = record?.string('poster');
  if (poster === undefined) return {};
  if (isExternal(poster)) {
    fields.fail(['video', 'poster'], `Poster "${poster}" must be a file of the site`, 'media-external', `${WHERE} No picture is fetched from another site before the reader asks.`);
    return {};
  }
  if (!isImageName(poster)) {
    fields.fail(['video', 'poster'], `Poster "${poster}" is not an image file`, 'image-type', `Use one of ${IMAGE_LIST}.`);
    return {};
  }
  return { poster, posterPlace: fields.source.place(['video', 'poster']) };
}
