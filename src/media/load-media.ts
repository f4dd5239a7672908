/**
 * The I/O edge of the media stage, run before the pure stages: finds the media files under `content/` (beside
 * articles and in `content/media/`), reads them, and turns every image into its published sizes, through the
 * persistent cache. Counts how many images it processed and how many it reused.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { listContentFiles } from '../content/load-sources.ts';
import { contentHash } from '../render/assets.ts';
import { extensionOf, mediaKindOf, REFUSED_IMAGE_EXTENSIONS } from './file-types.ts';
import { ImageCache, imageCacheDir } from './image-cache.ts';
import { IMAGE_OPTIONS, ImageError, processImage, type ImageOptions, type ProcessedImage } from './process-image.ts';
import { IMAGE_OUTPUT_DIR, publishedName } from './resolve.ts';
import type { ImageInfo, ImageVariant, MediaFile, MediaLibrary } from './types.ts';

/** Options of `loadMedia`. */
export interface LoadMediaOptions {
  /** The persistent cache folder; default `<root>/.cache/bantin/images`. */
  cacheDir?: string | undefined;
  /** How images are processed; default `IMAGE_OPTIONS`. */
  image?: ImageOptions | undefined;
  /** Images processed at the same time (sharp also uses threads of its own); default 4. */
  concurrency?: number | undefined;
}

/** A library with no media file. */
export function emptyLibrary(): MediaLibrary {
  return { files: new Map(), digest: '', stats: { processed: 0, reused: 0 } };
}

const EXTENSION: Record<string, string> = { jpeg: 'jpg', png: 'png', webp: 'webp', gif: 'gif' };

/** Names the variants of a processed image `<stem>-<width>.<hash>.<ext>` under `/assets/media/`. */
export function imageInfo(source: string, processed: ProcessedImage): ImageInfo {
  const { stem } = publishedName(source);
  const named = processed.variants.map(
    (v): ImageVariant => ({
      width: v.width,
      height: v.height,
      format: v.format,
      path: `${IMAGE_OUTPUT_DIR}${stem}-${v.width}.${contentHash(v.data)}.${EXTENSION[v.format]}`,
      contents: v.data,
    }),
  );
  return {
    source,
    width: processed.width,
    height: processed.height,
    fallback: named.filter((v) => v.format === processed.fallback),
    webp: processed.fallback === 'webp' ? [] : named.filter((v) => v.format === 'webp'),
  };
}

/** Runs `task` over `items`, at most `limit` at a time, keeping the order of the results. */
async function mapLimit<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Reads every media file of the site at `root` and processes its images. */
export async function loadMedia(root: string, options: LoadMediaOptions = {}): Promise<MediaLibrary> {
  const imageOptions = options.image ?? IMAGE_OPTIONS;
  const cache = new ImageCache(options.cacheDir ?? imageCacheDir(root));
  const stats = { processed: 0, reused: 0 };
  const listed = (await listContentFiles(root)).filter((p) => mediaKindOf(p) !== undefined);

  const files = await mapLimit(listed, options.concurrency ?? 4, async (onDisk): Promise<MediaFile> => {
    const source = onDisk.normalize('NFC');
    const kind = mediaKindOf(onDisk)!;
    const ext = extensionOf(onDisk);
    const bytes = new Uint8Array(await readFile(path.join(root, onDisk)));
    const file: MediaFile = { source, kind, ext, size: bytes.byteLength };
    if (kind !== 'image') return { ...file, contents: bytes };
    if ((REFUSED_IMAGE_EXTENSIONS as readonly string[]).includes(ext)) {
      return { ...file, problem: `${ext.toUpperCase()} images are not published from content/: they may carry scripts. Export it as PNG or JPEG.` };
    }
    const key = ImageCache.key(bytes, imageOptions);
    let processed = await cache.get(key);
    if (processed) {
      stats.reused++;
    } else {
      try {
        processed = await processImage(bytes, imageOptions);
      } catch (cause) {
        if (cause instanceof ImageError) return { ...file, problem: `The file cannot be published as an image: ${cause.message}` };
        throw cause;
      }
      stats.processed++;
      await cache.put(key, processed);
    }
    return { ...file, image: imageInfo(source, processed) };
  });

  const digest = createHash('sha256');
  for (const f of files) {
    digest.update(`${f.source}\0${f.size}\0`);
    for (const v of [...(f.image?.fallback ?? []), ...(f.image?.webp ?? [])]) digest.update(`${v.path}\0`);
    if (f.contents) digest.update(contentHash(f.contents));
    if (f.problem) digest.update(f.problem);
    digest.update('\n');
  }
  return { files: new Map(files.map((f) => [f.source, f])), digest: digest.digest('hex'), stats };
}
