/**
 * The dev server's view of a build held in memory: which output file a URL path names, with the same rules as
 * a static host serving the output folder (`index.html` for folders, a redirect to add the trailing "/", the
 * site under its base path).
 */
import type { OutputFile } from '../types.ts';

/** Output files by their path under the output folder ("thong-bao/index.html"). */
export type OutputMap = ReadonlyMap<string, OutputFile['contents']>;

/** What a URL path names in a build. */
export type Resolution = { kind: 'file'; file: string } | { kind: 'redirect'; location: string } | { kind: 'missing' };

/**
 * Resolves the URL path `pathname` (percent-encoded, as in the request) against `outputs` of a site served
 * under `basePath` ("/" or "/phuong/").
 */
export function resolveOutput(outputs: OutputMap, basePath: string, pathname: string): Resolution {
  if (basePath !== '/' && (pathname === '/' || pathname === basePath.slice(0, -1))) return { kind: 'redirect', location: basePath };
  if (!pathname.startsWith(basePath)) return { kind: 'missing' };
  let rel: string;
  try {
    rel = decodeURIComponent(pathname.slice(basePath.length));
  } catch {
    return { kind: 'missing' };
  }
  const file = rel === '' || rel.endsWith('/') ? `${rel}index.html` : rel;
  if (outputs.has(file)) return { kind: 'file', file };
  // Output paths never start with "/", so "//host/dir" finds nothing here and never redirects to another host.
  if (outputs.has(`${rel}/index.html`)) return { kind: 'redirect', location: `${pathname}/` };
  return { kind: 'missing' };
}
