/**
 * `--precompress`: `.gz` and `.br` siblings of the text files, for hosts that serve them as they are (nginx
 * `gzip_static`/`brotli_static`, GitLab Pages). Compressing once at build time lets the server use the
 * strongest levels, which would cost too much per request. No I/O: bytes in, bytes out.
 */
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { OutputFile } from '../types.ts';
import { isPrivate } from './policy.ts';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** Brotli quality used: 11, the maximum, takes twice as long for files about 1 % smaller. */
export const BROTLI_QUALITY = 10;

/** Extensions of the files worth compressing (text formats; images and fonts are compressed already). */
export const COMPRESSIBLE = /\.(?:html|css|js|mjs|xml|json|txt|svg|webmanifest|map)$/i;

/** Files smaller than this many bytes are left alone: the saving would not pay for the extra request work. */
export const MIN_BYTES = 1024;

/** Options of {@link precompress}. */
export interface PrecompressOptions {
  /** Smallest file compressed, in bytes (default {@link MIN_BYTES}). */
  minBytes?: number;
}

function bytesOf(file: OutputFile): Uint8Array {
  return typeof file.contents === 'string' ? Buffer.from(file.contents) : file.contents;
}

/** Whether a file of that path and size gets compressed siblings. */
export function isCompressible(outputPath: string, size: number, minBytes = MIN_BYTES): boolean {
  return COMPRESSIBLE.test(outputPath) && size >= minBytes && !isPrivate(outputPath);
}

/**
 * The compressed siblings of `files` (`x.html` → `x.html.gz`, `x.html.br`), sorted by path. A sibling that
 * would not be smaller than its original is left out; the server then sends the original. The output is
 * deterministic: gzip writes no time stamp and no file name.
 */
export async function precompress(files: OutputFile[], options: PrecompressOptions = {}): Promise<OutputFile[]> {
  const minBytes = options.minBytes ?? MIN_BYTES;
  const jobs = files
    .map((file) => ({ path: file.path, bytes: bytesOf(file) }))
    .filter((file) => isCompressible(file.path, file.bytes.byteLength, minBytes));
  const results = await Promise.all(
    jobs.map(async ({ path, bytes }) => {
      const [gz, br] = await Promise.all([
        gzipAsync(bytes, { level: constants.Z_BEST_COMPRESSION }),
        brotliAsync(bytes, {
          params: {
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength,
          },
        }),
      ]);
      const siblings: OutputFile[] = [];
      if (gz.byteLength < bytes.byteLength) siblings.push({ path: `${path}.gz`, contents: new Uint8Array(gz) });
      if (br.byteLength < bytes.byteLength) siblings.push({ path: `${path}.br`, contents: new Uint8Array(br) });
      return siblings;
    }),
  );
  return results.flat().sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
