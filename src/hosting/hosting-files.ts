/**
 * `SiteModel` + the site's output files → the files static hosts read: `_redirects` and `_headers` at the
 * output root (Cloudflare Pages, Netlify; GitLab Pages reads `_redirects`), and `_bantin/nginx.conf` for a
 * ward's own nginx. Pure: one policy, three spellings, all from the same model.
 */
import type { OutputFile, SiteModel } from '../types.ts';
import { headerRules, headersFile } from './headers.ts';
import { nginxSnippet } from './nginx.ts';
import { HEADERS_PATH, NGINX_PATH, REDIRECTS_PATH } from './policy.ts';
import { redirectRules, redirectsFile } from './redirects.ts';

function textOf(file: OutputFile | undefined): string | undefined {
  if (!file) return undefined;
  const text = typeof file.contents === 'string' ? file.contents : Buffer.from(file.contents).toString('utf8');
  return text.endsWith('\n') ? text : `${text}\n`;
}

/**
 * `outputs` (pages, assets, static files, feeds) plus the hosting files of the site. A site's own
 * `static/_redirects` or `static/_headers` is kept: its redirects come first (the first matching rule wins,
 * so the ward's own rules win), its header rules last.
 */
export function withHostingFiles(model: SiteModel, outputs: OutputFile[]): OutputFile[] {
  const own = ownHostingFiles(outputs);
  const site = outputs.filter((f) => !own.has(f.path));
  return [...site, ...hostingFiles(model, site.map((f) => f.path), own)];
}

/** A site's own `static/_redirects` and `static/_headers` among `outputs`, by output path. */
export function ownHostingFiles(outputs: Iterable<OutputFile>): Map<string, OutputFile> {
  const own = new Map<string, OutputFile>();
  for (const f of outputs) if (f.path === REDIRECTS_PATH || f.path === HEADERS_PATH) own.set(f.path, f);
  return own;
}

/**
 * The hosting files of a site whose other output files are at `paths` (the site's own hosting files left out),
 * with the site's own files `own` (see {@link ownHostingFiles}) merged in.
 */
export function hostingFiles(model: SiteModel, paths: string[], own: Map<string, OutputFile>): OutputFile[] {
  const redirects = redirectRules(model);
  const ownRedirects = textOf(own.get(REDIRECTS_PATH));
  const ownHeaders = textOf(own.get(HEADERS_PATH));
  return [
    { path: REDIRECTS_PATH, contents: `${ownRedirects ? `# From static/_redirects\n${ownRedirects}` : ''}${redirectsFile(redirects)}` },
    { path: HEADERS_PATH, contents: `${headersFile(headerRules(model.config, [...paths, REDIRECTS_PATH, HEADERS_PATH, NGINX_PATH]))}${ownHeaders ? `# From static/_headers\n${ownHeaders}` : ''}` },
    { path: NGINX_PATH, contents: nginxSnippet(model.config, redirects) },
  ];
}
