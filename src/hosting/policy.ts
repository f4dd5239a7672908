/**
 * The hosting policy every host gets, whatever its file format: which response headers a file gets (cache
 * rules by file type, security headers, the Content-Security-Policy) and which output files are build
 * artefacts that must never be served. `_headers` and the nginx snippet are two spellings of this policy.
 */
import type { SiteConfig } from '../types.ts';
import { EMBED_ORIGINS } from '../media/video-url.ts';

/** Where the build writes the redirects for Cloudflare Pages, Netlify and GitLab Pages (output root). */
export const REDIRECTS_PATH = '_redirects';
/** Where the build writes the response headers for Cloudflare Pages and Netlify (output root). */
export const HEADERS_PATH = '_headers';
/** Folder of the build's own files (counter manifest, nginx snippet): read from disk, never served. */
export const PRIVATE_DIR = '_bantin/';
/** Where the build writes the nginx snippet, relative to the output folder. */
export const NGINX_PATH = `${PRIVATE_DIR}nginx.conf`;

/** Output paths that are instructions for a host, not pages: nginx answers 404 for them. */
export const HOST_FILES = [REDIRECTS_PATH, HEADERS_PATH] as const;

/** Cache-Control of content-hashed files: their bytes never change under that name. */
export const CACHE_IMMUTABLE = 'public, max-age=31536000, immutable';
/** Cache-Control of everything else (pages, feeds, sitemap, static files): ask the server every time. */
export const CACHE_REVALIDATE = 'public, max-age=0, must-revalidate';

/**
 * A content-hashed file name as `publishAssets` writes it: `<name>.<10 hex digits>.<ext>`.
 * The same pattern is spelled as an nginx regex in the snippet.
 */
export const HASHED_NAME = /\.[0-9a-f]{10}\.[A-Za-z0-9]+$/;

/** Whether the output file at `outputPath` (relative to the output folder) may be cached forever. */
export function isImmutable(outputPath: string): boolean {
  return outputPath.startsWith('assets/') && HASHED_NAME.test(outputPath);
}

/** Whether the output file at `outputPath` is a build artefact that no host should serve. */
export function isPrivate(outputPath: string): boolean {
  return outputPath.startsWith(PRIVATE_DIR) || (HOST_FILES as readonly string[]).includes(outputPath);
}

/**
 * The origin the page script sends counts to, when the counter runs elsewhere (an absolute endpoint such as
 * a Worker on workers.dev); `undefined` when the counter is off or answers on the site's own origin.
 */
export function counterOrigin(config: SiteConfig): string | undefined {
  if (!config.counter.enabled || !/^https?:\/\//.test(config.counter.endpoint)) return undefined;
  const origin = new URL(config.counter.endpoint).origin;
  return origin === config.origin ? undefined : origin;
}

/**
 * The counter's path on the site's origin including the base path ("/phuong-x/api"), when the counter is on
 * and answers on the site's origin; `undefined` otherwise.
 */
export function counterPath(config: SiteConfig): string | undefined {
  const { enabled, endpoint } = config.counter;
  const relative = endpoint.replace(/^\/+|\/+$/g, '');
  if (!enabled || !endpoint.startsWith('/') || relative === '') return undefined;
  return `${config.basePath}${relative}`;
}

/**
 * The Content-Security-Policy of every page: scripts, styles and fonts only from the site itself (the theme
 * has no inline script or style), counts sent only to the site or the counter's origin, images also from
 * https hosts (articles may show images kept elsewhere), video players only from the privacy-friendly embed hosts
 * (loaded after the reader's click), no plugins, no framing by other sites.
 */
export function contentSecurityPolicy(config: SiteConfig): string {
  const counter = counterOrigin(config);
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: https:",
    "font-src 'self'",
    `connect-src 'self'${counter ? ` ${counter}` : ''}`,
    `frame-src ${EMBED_ORIGINS.join(' ')}`,
    "media-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
}

/** The security headers of every response of the site, in the order they are written. */
export function securityHeaders(config: SiteConfig): [name: string, value: string][] {
  return [
    ['X-Content-Type-Options', 'nosniff'],
    ['Referrer-Policy', 'strict-origin-when-cross-origin'],
    ['X-Frame-Options', 'SAMEORIGIN'],
    ['Content-Security-Policy', contentSecurityPolicy(config)],
  ];
}
