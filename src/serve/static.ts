/**
 * Serving the built output folder: safe path resolution (no way out of the folder), `index.html` for
 * directories, `404.html` with status 404 for anything missing, content types, ETags, and the cache rules
 * and private files of the hosting policy (`src/hosting/policy.ts`): `_bantin/`, `_headers` and
 * `_redirects` are never served, but applied when asked (`host-rules.ts`).
 */
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, relative, resolve, sep } from 'node:path';
import { CACHE_IMMUTABLE, CACHE_REVALIDATE, isImmutable, isPrivate } from '../hosting/policy.ts';
import { headersFor, redirectFor, type HostRules } from './host-rules.ts';

/** Content types by file extension; text types carry their charset. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.rss': 'application/rss+xml; charset=utf-8',
  '.atom': 'application/atom+xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.mp3': 'audio/mpeg',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.wasm': 'application/wasm',
};

/** The content type of `file`, by extension ("application/octet-stream" when unknown). */
export function contentType(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Options of {@link createStaticHandler}. */
export interface StaticOptions {
  /** The folder to serve (the build output). */
  root: string;
  /** The URL path the folder is served under, starting and ending in "/" (default "/"). */
  basePath?: string;
  /** Rewrites every HTML page before it is sent (the dev server injects its reload script here). */
  transformHtml?: (html: string, file: string) => string | Promise<string>;
  /** The folder's `_headers` and `_redirects`, applied to every request (see `loadHostRules`). */
  hostRules?: () => Promise<HostRules>;
}

/** Answers a GET or HEAD request for a file of the output folder (other methods get 405). */
export type StaticHandler = (req: IncomingMessage, res: ServerResponse, pathname: string) => Promise<void>;

/**
 * Where the URL path `pathname` (still percent-encoded) points inside `root`, or `undefined` when it
 * would leave `root`, is malformed, or is not under `basePath`.
 */
export function resolveInside(root: string, basePath: string, pathname: string): string | undefined {
  if (!pathname.startsWith(basePath)) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname.slice(basePath.length));
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const top = resolve(root);
  const file = resolve(top, `./${decoded}`);
  return file === top || file.startsWith(top + sep) ? file : undefined;
}

/** Creates the static file handler for `options.root`. */
export function createStaticHandler(options: StaticOptions): StaticHandler {
  const root = resolve(options.root);
  const basePath = options.basePath ?? '/';

  /** Sends `file` with `status`; `extra` are the headers the output's `_headers` gives the request's path. */
  const send = async (req: IncomingMessage, res: ServerResponse, file: string, status: number, extra: Record<string, string>): Promise<void> => {
    const info = await stat(file);
    const type = contentType(file);
    const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
    const headers: Record<string, string | number> = {
      'cache-control': isImmutable(outputPath(file)) ? CACHE_IMMUTABLE : CACHE_REVALIDATE,
      'x-content-type-options': 'nosniff',
      // The site's `_headers` (security headers, its cache rules) over the defaults.
      ...extra,
      'content-type': type,
    };
    if (status === 200) {
      headers['etag'] = etag;
      headers['last-modified'] = info.mtime.toUTCString();
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, headers).end();
        return;
      }
    }
    if (options.transformHtml && type.startsWith('text/html')) {
      const html = await options.transformHtml(await readFile(file, 'utf8'), file);
      const body = Buffer.from(html);
      res.writeHead(status, { ...headers, 'content-length': body.byteLength });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    res.writeHead(status, { ...headers, 'content-length': info.size });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    await new Promise<void>((done, fail) => {
      createReadStream(file).on('error', fail).pipe(res).on('finish', done).on('close', done);
    });
  };

  /** The path of `file` relative to the output folder, with "/" separators. */
  const outputPath = (file: string): string => relative(root, file).split(sep).join('/');

  const notFound = async (req: IncomingMessage, res: ServerResponse, extra: Record<string, string>): Promise<void> => {
    const page = resolve(root, '404.html');
    if (await isFile(page)) return send(req, res, page, 404, extra);
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(req.method === 'HEAD' ? undefined : 'Not found\n');
  };

  return async (req, res, pathname) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('Method not allowed\n');
      return;
    }
    if (basePath !== '/' && (pathname === '/' || pathname === basePath.slice(0, -1))) {
      res.writeHead(302, { location: basePath }).end();
      return;
    }
    const rules = await options.hostRules?.();
    const redirect = rules && redirectFor(rules, pathname);
    if (redirect) {
      res.writeHead(redirect.status, { location: redirect.location, 'cache-control': CACHE_REVALIDATE }).end();
      return;
    }
    const extra = rules ? headersFor(rules, pathname) : {};
    const file = resolveInside(root, basePath, pathname);
    if (file === undefined || isPrivate(outputPath(file)) || isPrivate(`${outputPath(file)}/`)) return notFound(req, res, extra);
    // A symbolic link inside the folder must not lead out of it either.
    const real = await realpath(file).catch(() => undefined);
    const realRoot = await realpath(root).catch(() => root);
    if (real === undefined || (real !== realRoot && !real.startsWith(realRoot + sep))) return notFound(req, res, extra);
    const info = await stat(file).catch(() => undefined);
    if (info?.isDirectory()) {
      if (!pathname.endsWith('/')) {
        const query = req.url?.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
        // One leading "/" only: "//host/dir" must not become a redirect to another host.
        res.writeHead(301, { location: `/${pathname.replace(/^\/+/, '')}/${query}` }).end();
        return;
      }
      const index = resolve(file, 'index.html');
      return (await isFile(index)) ? send(req, res, index, 200, extra) : notFound(req, res, extra);
    }
    return info?.isFile() ? send(req, res, file, 200, extra) : notFound(req, res, extra);
  };
}

async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined))?.isFile() ?? false;
}
