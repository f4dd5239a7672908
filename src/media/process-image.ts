/**
 * One image → its published sizes, made with sharp: each width of `IMAGE_WIDTHS` narrower than the original, plus
 * the original width capped at the widest, in WebP and in a format every browser shows (the original's; JPEG
 * for AVIF). Orientation from EXIF is applied and metadata (camera, GPS position) is dropped. GIFs are kept as
 * they are, so animations survive.
 */
import type { Metadata } from 'sharp';
import { sharp } from './sharp.ts';
import type { ImageFormat } from './types.ts';

/** Everything that decides the bytes of the variants: part of the cache key. */
export interface ImageOptions {
  /** Widths to publish, narrowest first; each is kept only when the original is wider. */
  widths: readonly number[];
  jpegQuality: number;
  webpQuality: number;
}

/** The widths and qualities every build uses. */
export const IMAGE_OPTIONS: ImageOptions = { widths: [480, 960, 1440], jpegQuality: 80, webpQuality: 75 };

/** One size of a processed image, not yet named. */
export interface RawVariant {
  width: number;
  height: number;
  format: ImageFormat;
  data: Uint8Array;
}

/** A processed image: its published size (the largest variant) and every variant, fallback format first. */
export interface ProcessedImage {
  width: number;
  height: number;
  /** The format of the fallback variants. */
  fallback: ImageFormat;
  variants: RawVariant[];
}

/** A file sharp cannot turn into a published image (corrupt, or not an image at all). */
export class ImageError extends Error {}

/** The widths to publish for an image `original` pixels wide: the configured ones below it, then it (capped). */
export function targetWidths(original: number, widths: readonly number[]): number[] {
  const widest = widths.at(-1) ?? original;
  const below = widths.filter((w) => w < Math.min(original, widest));
  return [...below, Math.min(original, widest)];
}

const FALLBACK: Record<string, ImageFormat> = { jpeg: 'jpeg', png: 'png', webp: 'webp', gif: 'gif', heif: 'jpeg', tiff: 'jpeg' };

/** Processes the image in `bytes`. Throws `ImageError` when sharp cannot read it. */
export async function processImage(bytes: Uint8Array, options: ImageOptions = IMAGE_OPTIONS): Promise<ProcessedImage> {
  let meta: Metadata;
  try {
    meta = await sharp()(bytes).metadata();
  } catch (cause) {
    throw new ImageError(`not a readable image (${(cause as Error).message})`);
  }
  const format = meta.format && FALLBACK[meta.format];
  if (!format || !meta.width || !meta.height) throw new ImageError(`unsupported image format${meta.format ? ` "${meta.format}"` : ''}`);
  // EXIF orientations 5–8 turn the picture a quarter: its width is the stored height.
  const turned = (meta.orientation ?? 1) >= 5;
  const width = turned ? meta.height : meta.width;
  const height = turned ? meta.width : meta.height;
  if (format === 'gif') return { width, height, fallback: 'gif', variants: [{ width, height, format: 'gif', data: new Uint8Array(bytes) }] };

  const formats: ImageFormat[] = format === 'webp' ? ['webp'] : [format, 'webp'];
  const jobs = targetWidths(width, options.widths).flatMap((target) => formats.map((out) => ({ target, out })));
  let variants: RawVariant[];
  try {
    // sharp runs each pipeline on its own thread: the sizes of one image are made side by side.
    variants = await Promise.all(
      jobs.map(async ({ target, out }): Promise<RawVariant> => {
        let pipeline = sharp()(bytes).autoOrient().resize({ width: target, withoutEnlargement: true });
        if (out === 'jpeg') pipeline = pipeline.jpeg({ quality: options.jpegQuality, progressive: true });
        else if (out === 'png') pipeline = pipeline.png({ compressionLevel: 9 });
        else pipeline = pipeline.webp({ quality: options.webpQuality });
        const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
        return { width: info.width, height: info.height, format: out, data: new Uint8Array(data) };
      }),
    );
  } catch (cause) {
    throw new ImageError(`the image could not be converted (${(cause as Error).message})`);
  }
  const largest = variants.at(-1)!;
  return { width: largest.width, height: largest.height, fallback: format, variants };
}
