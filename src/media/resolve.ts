/**
 * How editors write a media file, and where it is found. Two forms:
 *
 * - a path relative to the article's Markdown file: `anh-hoi-nghi.jpg` beside
 *   `content/<category>/<slug>/index.md` is `content/<category>/<slug>/anh-hoi-nghi.jpg`
 *   (`./anh.jpg` and `anh/1.jpg` work too; so does `../` as long as it stays inside `content/`);
 * - a path from the site root under `/media/`: `/media/logo-phuong.png` is `content/media/logo-phuong.png`.
 *
 * Anything else (a URL with a scheme, another site path such as `/anh/x.jpg` for `static/`) is not a media
 * reference and is left to the link check.
 */
import path from 'node:path';
import { slugify } from '../vi/slugify.ts';
import { extensionOf } from './file-types.ts';

/** The folder under `content/` that holds shared media, and its site path. */
export const SHARED_MEDIA_DIR = 'content/media/';
/** The site path shared media are written under and published at. */
export const SHARED_MEDIA_PATH = '/media/';
/** Where processed images are published (content-hashed names, so hosts cache them forever). */
export const IMAGE_OUTPUT_DIR = '/assets/media/';

/** Whether a reference has a scheme ("https:", "mailto:") or is protocol-relative ("//host"). */
export function isExternal(written: string): boolean {
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(written) || written.startsWith('//');
}

/** A reference without its query and fragment, percent-decoded (when valid) and in NFC. */
export function cleanReference(written: string): string {
  const bare = written.replace(/[?#].*$/s, '');
  let decoded = bare;
  try {
    decoded = decodeURIComponent(bare);
  } catch {
    // Not valid percent-encoding: the editor wrote a literal "%"; use it as written.
  }
  return decoded.normalize('NFC');
}

/**
 * The root-relative source path a reference written in `sourcePath` (e.g. "content/tin-tuc/x/index.md") points
 * to, or `undefined` when it is not a media reference (external URL, another site path, or outside `content/`).
 */
export function mediaSourceOf(written: string, sourcePath: string): string | undefined {
  const value = written.trim();
  if (value === '' || isExternal(value) || value.startsWith('#') || value.startsWith('?')) return undefined;
  const clean = cleanReference(value);
  if (clean.startsWith(SHARED_MEDIA_PATH)) {
    const joined = path.posix.normalize(`${SHARED_MEDIA_DIR}${clean.slice(SHARED_MEDIA_PATH.length)}`);
    return joined.startsWith(SHARED_MEDIA_DIR) && !joined.endsWith('/') ? joined : undefined;
  }
  if (clean.startsWith('/')) return undefined;
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(sourcePath), clean));
  return joined.startsWith('content/') && !joined.endsWith('/') ? joined : undefined;
}

/** A file name safe in a URL: the stem slugified ("Ảnh Hội nghị.JPG" → "anh-hoi-nghi"), the extension lower-case. */
export function publishedName(source: string): { stem: string; ext: string } {
  const base = source.slice(source.lastIndexOf('/') + 1);
  const ext = extensionOf(base);
  const stem = slugify(ext ? base.slice(0, -(ext.length + 1)) : base) || 'tep';
  return { stem, ext };
}

/**
 * Where a document or video is published for the article at `articlePath` ("/tin-tuc/x/"): shared files keep
 * their place under `/media/` (each folder name slugified); a file beside the article is published beside its
 * page, so links to it stay stable across rebuilds.
 */
export function filePathFor(source: string, articlePath: string): string {
  const { stem, ext } = publishedName(source);
  const name = ext ? `${stem}.${ext}` : stem;
  if (source.startsWith(SHARED_MEDIA_DIR)) {
    const folders = source.slice(SHARED_MEDIA_DIR.length).split('/').slice(0, -1).map((f) => slugify(f) || 'thu-muc');
    return `${SHARED_MEDIA_PATH}${[...folders, name].join('/')}`;
  }
  return `${articlePath}${name}`;
}
