/**
 * The persistent image cache (`<site>/.cache/bantin/images/`, git-ignored): processed variants stored under a key
 * made of the source bytes' hash, the processing options and the sharp/libvips versions, so an unchanged image
 * is never processed twice, across builds and processes. Entries are written to a temporary folder and renamed
 * into place, so a crash or a concurrent build never leaves a half-written entry; an unreadable entry is a miss.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { ImageOptions, ProcessedImage } from './process-image.ts';
import type { ImageFormat } from './types.ts';

/** The cache folder of the site at `root`. */
export function imageCacheDir(root: string): string {
  return path.join(root, '.cache', 'bantin', 'images');
}

/** Bump when the way variants are made changes in a way the options do not show. */
const CACHE_FORMAT = 1;

interface Entry {
  width: number;
  height: number;
  fallback: ImageFormat;
  variants: { width: number; height: number; format: ImageFormat; file: string }[];
}

/** A folder of processed images, keyed by `cacheKey`. */
export class ImageCache {
  /** @param dir The cache folder (created on the first write). */
  constructor(readonly dir: string) {}

  /** The key of `bytes` processed with `options`: what the output depends on, hashed. */
  static key(bytes: Uint8Array, options: ImageOptions): string {
    return createHash('sha256')
      .update(JSON.stringify({ format: CACHE_FORMAT, options, sharp: sharp.versions.sharp, vips: sharp.versions.vips }))
      .update('\0')
      .update(bytes)
      .digest('hex');
  }

  private entryDir(key: string): string {
    return path.join(this.dir, key.slice(0, 2), key);
  }

  /** The cached image for `key`, or `undefined` when absent or unreadable. */
  async get(key: string): Promise<ProcessedImage | undefined> {
    const dir = this.entryDir(key);
    try {
      const entry = JSON.parse(await readFile(path.join(dir, 'entry.json'), 'utf8')) as Entry;
      const variants = await Promise.all(
        entry.variants.map(async (v) => ({ width: v.width, height: v.height, format: v.format, data: new Uint8Array(await readFile(path.join(dir, v.file))) })),
      );
      return { width: entry.width, height: entry.height, fallback: entry.fallback, variants };
    } catch {
      return undefined;
    }
  }

  /** Stores `image` under `key`, replacing an unreadable entry; a concurrent writer of the same key may win. */
  async put(key: string, image: ProcessedImage): Promise<void> {
    const dir = this.entryDir(key);
    await mkdir(path.dirname(dir), { recursive: true });
    const temp = await mkdtemp(`${dir}.tmp-`);
    try {
      const entry: Entry = { width: image.width, height: image.height, fallback: image.fallback, variants: [] };
      for (const [i, v] of image.variants.entries()) {
        const file = `${i}-${v.width}.${v.format}`;
        await writeFile(path.join(temp, file), v.data);
        entry.variants.push({ width: v.width, height: v.height, format: v.format, file });
      }
      await writeFile(path.join(temp, 'entry.json'), `${JSON.stringify(entry)}\n`);
      await rm(dir, { recursive: true, force: true });
      try {
        await rename(temp, dir);
      } catch (cause) {
        // Another build stored the same key between our rm and rename: its entry is as good as ours.
        if (!['EEXIST', 'ENOTEMPTY', 'EPERM'].includes((cause as NodeJS.ErrnoException).code ?? '')) throw cause;
      }
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
  }
}
