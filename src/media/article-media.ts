/**
 * Article → its media, pure: the front matter's `image:`, `gallery:`, `video:` and `attachments:` looked up in the
 * media library, plus what the body uses (found while rendering). Every problem is reported on the article's file
 * at the line of the entry concerned; this runs on every build, render cache hit or not.
 */
import type { RenderedArticle } from '../types.ts';
import { error, warn } from '../report/messages.ts';
import { DOCUMENT_TYPES, VIDEO_TYPES } from './file-types.ts';
import { MediaOutputs } from './publish-media.ts';
import { missingHint } from './rehype-media.ts';
import { cleanReference, filePathFor, isExternal, mediaSourceOf } from './resolve.ts';
import type { ArticleMedia, Attachment, BodyMedia, GalleryImage, ImageInfo, MediaLibrary, Place, Video } from './types.ts';
import { parseVideoUrl } from './video-url.ts';
import { copyWith } from '../parallel/body-spill.ts';

/** What resolving media needs to know about the build. */
export interface MediaContext {
  library: MediaLibrary;
  /** Site paths of `static/` files (an `image:` may be one of them). */
  staticPaths: ReadonlySet<string>;
}

/** A body that uses no media. */
export const NO_BODY_MEDIA: BodyMedia = { images: [], problems: [], files: [], sources: {} };

/** The media of an article as rendering leaves it: the body's, before the front matter is resolved. */
export function bodyOnlyMedia(body: BodyMedia = NO_BODY_MEDIA): ArticleMedia {
  return { image: null, gallery: [], video: null, attachments: [], body, files: body.files, sources: body.sources };
}

/**
 * Articles that use no media, with their media attached: the same whatever the context, and nothing to report, so
 * an article kept by the render cache across builds keeps one result (and pages can know it unchanged).
 */
const withoutMedia = new WeakMap<RenderedArticle, RenderedArticle>();

/** Returns `article` with its `media` resolved, reporting problems (the body's too) on `article.file`. */
export function attachMedia(article: RenderedArticle, context: MediaContext): RenderedArticle {
  const { file } = article;
  const body = article.media?.body ?? NO_BODY_MEDIA;
  const none = body.images.length === 0 && body.problems.length === 0 && body.files.length === 0 && !article.image && !article.gallery?.length && !article.video && !article.attachments?.length;
  if (none) {
    const known = withoutMedia.get(article);
    if (known) return known;
  }
  for (const p of body.problems) (p.fatal ? error : warn)(file, p.reason, { place: p.place, ruleId: p.ruleId, note: p.note });

  const outputs = new MediaOutputs();
  for (const f of body.files) outputs.files.push(f);
  Object.assign(outputs.sources, body.sources);

  /** The image `written` in the front matter at `place`, or null after reporting why not. */
  const image = (written: string, place: Place, what: string): ImageInfo | null => {
    const source = mediaSourceOf(written, file.path);
    if (!source) return null;
    const media = context.library.files.get(source);
    if (!media) {
      error(file, `${what} ${written} not found: there is no file ${source}`, { place, ruleId: 'image-missing', note: missingHint(source, context.library) });
      return null;
    }
    if (!media.image) {
      error(file, `${what} ${written}: ${media.problem ?? `${source} is not an image`}`, { place, ruleId: media.kind === 'image' ? 'image-unreadable' : 'image-type' });
      return null;
    }
    outputs.addImage(media.image);
    return media.image;
  };

  let cover: ImageInfo | null = null;
  if (article.image && article.imagePlace) {
    const written = article.image;
    if (mediaSourceOf(written, file.path)) cover = image(written, article.imagePlace, 'Image');
    else if (written.startsWith('/') && !isExternal(written) && !context.staticPaths.has(cleanReference(written))) {
      error(file, `Image ${written} not found: it is not a file of static/`, {
        place: article.imagePlace,
        ruleId: 'image-missing',
        note: 'Write the name of an image beside the article (anh-hoi-nghi.jpg), /media/<name> for content/media/, or the path of a file in static/.',
      });
    }
  }

  const gallery: GalleryImage[] = [];
  for (const entry of article.gallery ?? []) {
    const found = image(entry.src, entry.place, 'Gallery image');
    if (!found) continue;
    const alt = entry.alt ?? entry.caption ?? '';
    if (!alt) {
      warn(file, `Gallery image ${entry.src} has no caption or alt text`, {
        place: entry.place,
        ruleId: 'image-alt-missing',
        note: 'Write the entry as { src: anh-1.jpg, caption: Quang cảnh hội nghị }: screen readers read the caption aloud.',
      });
    }
    gallery.push({ image: found, caption: entry.caption ?? null, alt });
  }

  let video: Video | null = null;
  if (article.video) {
    const entry = article.video;
    const title = entry.title ?? article.title;
    const poster = entry.poster && entry.posterPlace ? image(entry.poster, entry.posterPlace, 'Poster') : null;
    if (isExternal(entry.src)) {
      const parsed = parseVideoUrl(entry.src);
      if (parsed.ok) video = { ...parsed.video, title, poster };
    } else {
      const source = mediaSourceOf(entry.src, file.path);
      const media = source ? context.library.files.get(source) : undefined;
      if (!source || !media) {
        error(file, `Video ${entry.src} not found${source ? `: there is no file ${source}` : ''}`, { place: entry.place, ruleId: 'video-missing', note: source ? missingHint(source, context.library, 'gioi-thieu.mp4') : undefined });
      } else {
        const path = filePathFor(media.source, article.path);
        outputs.addFile(media, path);
        video = { kind: 'file', path, mime: VIDEO_TYPES[media.ext] ?? 'video/mp4', title, poster };
      }
    }
  }

  const attachments: Attachment[] = [];
  for (const entry of article.attachments ?? []) {
    const source = mediaSourceOf(entry.file, file.path);
    const media = source ? context.library.files.get(source) : undefined;
    const type = media ? DOCUMENT_TYPES[media.ext] : undefined;
    if (!source || !media || !type) {
      error(file, `Attachment ${entry.file} of "${article.title}" not found${source ? `: there is no file ${source}` : ''}`, {
        place: entry.place,
        ruleId: 'attachment-missing',
        note: source ? missingHint(source, context.library, 'ke-hoach.pdf') : undefined,
      });
      continue;
    }
    const path = filePathFor(media.source, article.path);
    outputs.addFile(media, path);
    attachments.push({ title: entry.title ?? media.source.slice(media.source.lastIndexOf('/') + 1), path, label: type.label, mime: type.mime, size: media.size });
  }

  const media: ArticleMedia = { image: cover, gallery, video, attachments, body, files: outputs.files, sources: outputs.sources };
  const attached = copyWith(article, 'media', media);
  if (none) withoutMedia.set(article, attached);
  return attached;
}
