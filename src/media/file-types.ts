/**
 * The kinds of media file a site may publish from `content/`, by extension: images (processed with sharp),
 * downloadable documents (attachments) and self-hosted videos (published as they are). Any other file under
 * `content/` is not a media file and is never published.
 */

/** What a media file is, which decides how it is published. */
export type MediaKind = 'image' | 'document' | 'video';

/** Raster images sharp turns into responsive sizes. */
export const IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'png', 'webp', 'gif', 'avif'] as const;

/** Images recognised but refused: SVG may carry scripts, which would run on the site's origin. */
export const REFUSED_IMAGE_EXTENSIONS = ['svg'] as const;

/** Documents an article may offer for download, with the label readers see and the MIME type. */
export const DOCUMENT_TYPES: Readonly<Record<string, { label: string; mime: string }>> = {
  pdf: { label: 'PDF', mime: 'application/pdf' },
  doc: { label: 'DOC', mime: 'application/msword' },
  docx: { label: 'DOCX', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  xls: { label: 'XLS', mime: 'application/vnd.ms-excel' },
  xlsx: { label: 'XLSX', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  odt: { label: 'ODT', mime: 'application/vnd.oasis.opendocument.text' },
  ods: { label: 'ODS', mime: 'application/vnd.oasis.opendocument.spreadsheet' },
};

/** Self-hosted video files, with their MIME type. */
export const VIDEO_TYPES: Readonly<Record<string, string>> = {
  mp4: 'video/mp4',
  webm: 'video/webm',
};

/** The lower-case extension of a path, without the dot ("" when none). */
export function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** The kind of media file at `path`, or `undefined` when the site does not publish files of its type. */
export function mediaKindOf(path: string): MediaKind | undefined {
  const ext = extensionOf(path);
  if ((IMAGE_EXTENSIONS as readonly string[]).includes(ext) || (REFUSED_IMAGE_EXTENSIONS as readonly string[]).includes(ext)) return 'image';
  if (ext in DOCUMENT_TYPES) return 'document';
  if (ext in VIDEO_TYPES) return 'video';
  return undefined;
}

/**
 * A file size as readers see it, in binary units with a Vietnamese decimal comma: "820 B", "245 KB", "1,2 MB".
 * Kilobytes are whole numbers; megabytes and up carry one decimal.
 */
export function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  const units = ['MB', 'GB'];
  let value = bytes / (1024 * 1024);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1).replace('.', ',').replace(/,0$/, '')} ${units[unit]}`;
}
