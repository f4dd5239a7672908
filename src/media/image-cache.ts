/**
 * The persistent image cache (`<site>/.cache/bantin/images/`, git-ignored): processed variants stored under a key
 * made of the source bytes' hash, the processing options and the sharp/libvips versions, so an unchanged image
 * is never processed twice, across builds and processes. Each file's SHA-256 is kept, so a damaged file is a miss. Entries are written to a temporary folder and renamed
 * into place, so a crash or a concurrent build never leaves a half-written entry; an unreadable entry is a miss.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sharp } from './sharp.ts';
import type { ImageOptions, ProcessedImage } from './process-image.ts';
import type { ImageFormat } from './types.ts';

/** The cache folder of the site at `root`. */
export function imageCacheDir(root: string): string {
  return path.join(root, '.cache', 'bantin', 'images');
}

/** Bump when the way variants are made, or the entry format, changes in a way the options do not show. */
const CACHE_FORMAT = 2;

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

interface Entry {
  width: number;
  height: number;
  fallback: ImageFormat;
  /** Each variant's file in the entry folder, and the SHA-256 of its bytes (a damaged file is a miss). */
  variants: { width: number; height: number; format: ImageFormat; file: string; sha256: string }[];
}

/** A folder of processed images, keyed by `cacheKey`. */
export class ImageCache {
  /** @param dir The cache folder (created on the first write). */
  constructor(readonly dir: string) {}

  /** The key of `bytes` processed with `options`: what the output depends on, hashed. */
  static key(bytes: Uint8Array, options: ImageOptions): string {
    return createHash('sha256')
      .update(JSON.stringify({ format: CACHE_FORMAT, options, sharp: sharp().versions.sharp, vips: sharp().versions.vips }))
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
        entry.variants.map(async (v) => {
          const data = new Uint8Array(await readFile(path.join(dir, v.file)));
          if (sha256(data) !== v.sha256) throw new Error(`damaged cache file ${v.file}`);
          return { width: v.width, height: v.height, format: v.format, data };
        }),
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
        entry.variants.push({ width: v.width, height: v.height, format: v.format, file, sha256: sha256(v.data) });
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
