/**
 * The hosting files from the site model: `_redirects`, `_headers` and the nginx snippet (their text, parsed
 * back), the policy behind them, the precompression step, and the CSP holding for every page the theme makes.
 */
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { selectAll } from 'hast-util-select';
import { afterAll, describe, expect, it } from 'vitest';
import { build, compileSite, readInputs } from '../../src/build.ts';
import { headerRules } from '../../src/hosting/headers.ts';
import { withHostingFiles } from '../../src/hosting/hosting-files.ts';
import { nginxSnippet, nginxString } from '../../src/hosting/nginx.ts';
import {
  CACHE_IMMUTABLE,
  CACHE_REVALIDATE,
  HEADERS_PATH,
  NGINX_PATH,
  REDIRECTS_PATH,
  contentSecurityPolicy,
  counterPath,
  isImmutable,
  isPrivate,
} from '../../src/hosting/policy.ts';
import { MIN_BYTES, precompress } from '../../src/hosting/precompress.ts';
import { encodePath, redirectRules } from '../../src/hosting/redirects.ts';
import type { OutputFile, SiteConfig, SiteModel } from '../../src/types.ts';
import { REPO, cleanTemps, fixture, parseHtml, tempDir } from '../support/site.ts';

const NOW = new Date('2025-01-01T00:00:00Z');

async function compile(root: string, baseUrl?: string) {
  const result = compileSite(await readInputs(root), { now: NOW, ...(baseUrl ? { baseUrl } : {}) });
  if (!result.ok || !result.model) throw new Error(`build failed: ${result.files.flatMap((f) => f.messages.map(String)).join('\n')}`);
  return { model: result.model, outputs: result.outputs };
}

function text(outputs: OutputFile[], p: string): string {
  const file = outputs.find((f) => f.path === p);
  if (!file) throw new Error(`no output ${p}`);
  return typeof file.contents === 'string' ? file.contents : Buffer.from(file.contents).toString('utf8');
}

/** `_redirects` parsed back: [from, to, status] per rule line. */
function parseRedirects(source: string): [string, string, string][] {
  return source
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => line.split(/\s+/) as [string, string, string]);
}

/** `_headers` parsed back: rules in order. */
function parseHeaders(source: string): { pattern: string; headers: Record<string, string> }[] {
  const rules: { pattern: string; headers: Record<string, string> }[] = [];
  for (const line of source.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    if (!/^\s/.test(line)) rules.push({ pattern: line, headers: {} });
    else {
      const [name, ...value] = line.trim().split(':');
      rules.at(-1)!.headers[name!] = value.join(':').trim();
    }
  }
  return rules;
}

/** Whether a `_headers` pattern (with `*` splats) matches an URL path, as Cloudflare Pages and Netlify do. */
function matches(pattern: string, urlPath: string): boolean {
  const regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return regex.test(urlPath);
}

/** The URL path a static host serves an output file at (index.html also at its folder). */
function urlsOf(base: string, outputPath: string): string[] {
  const url = `${base}${encodePath(outputPath)}`;
  return outputPath.endsWith('index.html') ? [url, url.slice(0, -'index.html'.length)] : [url];
}

afterAll(cleanTemps);

describe('redirects', () => {
  it('lists every alias with the base path, folder aliases with and without the slash, decoded for nginx', async () => {
    const { model } = await compile(fixture('deploy'), 'https://example.gov.vn/phuong-x/');
    expect(redirectRules(model)).toEqual([
      { from: '/phuong-x/cu/hoi-nghi', to: '/phuong-x/tin-tuc/hoi-nghi-so-ket/' },
      { from: '/phuong-x/cu/hoi-nghi/', to: '/phuong-x/tin-tuc/hoi-nghi-so-ket/' },
      { from: '/phuong-x/thong-bao/lich-tiep-dan', to: '/phuong-x/thong-bao/lich-tiep-cong-dan/' },
      { from: '/phuong-x/thong-bao/lich-tiep-dan/', to: '/phuong-x/thong-bao/lich-tiep-cong-dan/' },
      { from: '/phuong-x/tin-tuc/-/view/12345.html', to: '/phuong-x/tin-tuc/hoi-nghi-so-ket/' },
      { from: '/phuong-x/tin-tức/sơ-kết.html', to: '/phuong-x/tin-tuc/hoi-nghi-so-ket/' },
    ]);
  });

  it('writes _redirects as `from to 301` lines with percent-encoded paths', async () => {
    const { outputs } = await compile(fixture('deploy'));
    const rules = parseRedirects(text(outputs, REDIRECTS_PATH));
    expect(rules).toHaveLength(6);
    for (const [from, to, status] of rules) {
      expect(status).toBe('301');
      expect(from).toMatch(/^\/[\x21-\x7e]*$/);
      expect(outputs.some((f) => f.path === `${to.slice(1)}index.html`)).toBe(true);
    }
    expect(rules).toContainEqual(['/tin-t%E1%BB%A9c/s%C6%A1-k%E1%BA%BFt.html', '/tin-tuc/hoi-nghi-so-ket/', '301']);
  });

  it('escapes the characters that mean wildcards or placeholders in _redirects', () => {
    expect(encodePath('/tin cũ/*/:id')).toBe('/tin%20c%C5%A9/%2A/%3Aid');
  });

  it("puts a site's own static/_redirects first and its static/_headers last", async () => {
    const root = await tempDir();
    await cp(fixture('deploy'), root, { recursive: true });
    await writeFile(path.join(root, 'static/_redirects'), '/gioi-thieu /thong-bao/ 302');
    await writeFile(path.join(root, 'static/_headers'), '/anh/*\n  X-Robots-Tag: noindex\n');
    const { outputs } = await compile(root);
    expect(outputs.filter((f) => f.path === REDIRECTS_PATH)).toHaveLength(1);
    expect(parseRedirects(text(outputs, REDIRECTS_PATH))[0]).toEqual(['/gioi-thieu', '/thong-bao/', '302']);
    expect(parseHeaders(text(outputs, HEADERS_PATH)).at(-1)).toEqual({ pattern: '/anh/*', headers: { 'X-Robots-Tag': 'noindex' } });
  });
});

describe('_headers', () => {
  for (const base of ['/', '/phuong-x/']) {
    it(`gives every served file exactly one Cache-Control and the security headers (base ${base})`, async () => {
      const { outputs } = await compile(REPO, `https://example.gov.vn${base}`);
      const rules = parseHeaders(text(outputs, HEADERS_PATH));
      const served = outputs.map((f) => f.path).filter((p) => !isPrivate(p));
      expect(served.some(isImmutable)).toBe(true);
      for (const p of served) {
        for (const url of urlsOf(base, p)) {
          const matching = rules.filter((rule) => matches(rule.pattern, url));
          const cache = matching.flatMap((rule) => (rule.headers['Cache-Control'] ? [rule.headers['Cache-Control']] : []));
          expect(cache, url).toEqual([isImmutable(p) ? CACHE_IMMUTABLE : CACHE_REVALIDATE]);
          const csp = matching.flatMap((rule) => (rule.headers['Content-Security-Policy'] ? [rule.headers['Content-Security-Policy']] : []));
          expect(csp, url).toHaveLength(1);
          expect(matching.some((rule) => rule.headers['X-Content-Type-Options'] === 'nosniff'), url).toBe(true);
        }
      }
    });
  }

  it('stays under the 100 rules Cloudflare Pages reads for the sample site', async () => {
    const { outputs } = await compile(REPO);
    expect(parseHeaders(text(outputs, HEADERS_PATH)).length).toBeLessThan(100);
  });

  it('gives hashed files in assets/ a year and other files there revalidation', () => {
    const config = { basePath: '/', origin: 'https://x.gov.vn', counter: { endpoint: '/api', enabled: true } } as SiteConfig;
    const rules = headerRules(config, ['assets/style.0123456789.css', 'assets/logo.png', 'index.html']);
    expect(rules.map((r) => [r.pattern, r.headers.find(([n]) => n === 'Cache-Control')?.[1]])).toEqual([
      ['/*', undefined],
      ['/assets/logo.png', CACHE_REVALIDATE],
      ['/index.html', CACHE_REVALIDATE],
      ['/', CACHE_REVALIDATE],
      ['/assets/style.0123456789.css', CACHE_IMMUTABLE],
    ]);
  });
});

describe('policy', () => {
  const config = (endpoint: string, enabled = true): SiteConfig =>
    ({ basePath: '/phuong-x/', origin: 'https://x.gov.vn', counter: { endpoint, enabled } }) as SiteConfig;

  it('lets pages send counts only to the site or to the counter origin', () => {
    expect(contentSecurityPolicy(config('/api'))).toContain("connect-src 'self';");
    expect(contentSecurityPolicy(config('https://dem.x.workers.dev/api'))).toContain("connect-src 'self' https://dem.x.workers.dev;");
    expect(contentSecurityPolicy(config('https://dem.x.workers.dev/api', false))).toContain("connect-src 'self';");
  });

  it('lets only the privacy-friendly video hosts be framed, and nothing else', () => {
    const directives = Object.fromEntries(
      contentSecurityPolicy(config('/api'))
        .split('; ')
        .map((d) => [d.split(' ')[0], d.split(' ').slice(1)]),
    );
    expect(directives['frame-src']).toEqual(['https://www.youtube-nocookie.com', 'https://www.facebook.com']);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
  });

  it('proxies the counter only when it answers on the site origin', () => {
    expect(counterPath(config('/api'))).toBe('/phuong-x/api');
    expect(counterPath(config('/dem/api/'))).toBe('/phuong-x/dem/api');
    expect(counterPath(config('https://dem.x.workers.dev/api'))).toBeUndefined();
    expect(counterPath(config('/api', false))).toBeUndefined();
  });

  it('keeps the build files and host files private, and only hashed assets immutable', () => {
    expect([NGINX_PATH, '_bantin/manifest.json', REDIRECTS_PATH, HEADERS_PATH].every(isPrivate)).toBe(true);
    expect(isPrivate('index.html')).toBe(false);
    expect(isImmutable('assets/style.6abec7f6cd.css')).toBe(true);
    expect(isImmutable('assets/style.css')).toBe(false);
    expect(isImmutable('anh/x.6abec7f6cd.css')).toBe(false);
  });
});

describe('nginx snippet', () => {
  it('holds one exact location per redirect, all inside the base path location', async () => {
    const { model, outputs } = await compile(fixture('deploy'), 'https://example.gov.vn/phuong-x/');
    const snippet = text(outputs, NGINX_PATH);
    expect(snippet).toBe(nginxSnippet(model.config, redirectRules(model)));
    const block = snippet.slice(snippet.indexOf('location ^~ "/phuong-x/" {'));
    for (const rule of redirectRules(model)) {
      expect(block).toContain(`location = ${nginxString(rule.from)} { return 301 ${nginxString(rule.to)}; }`);
    }
    expect(snippet).toContain('location = "/phuong-x" {');
    expect(block).toContain('error_page 404 /phuong-x/404.html;');
    expect(block).toContain('gzip_static on;');
    expect(block).toContain('location ^~ "/phuong-x/api/" {');
    expect(block).toContain('proxy_pass http://bantin_counter_phuong_x;');
    expect(snippet).toContain('#     upstream bantin_counter_phuong_x { server 127.0.0.1:8080; keepalive 8; }');
    expect(block).toContain('location ^~ "/phuong-x/_bantin/" {');
  });

  it('quotes paths so that no alias can end the directive', () => {
    expect(nginxString('/a "b" \\c; }')).toBe('"/a \\"b\\" \\\\c; }"');
    const model = {
      config: { basePath: '/', origin: 'https://x.gov.vn', counter: { endpoint: 'https://dem.example/api', enabled: true } },
      redirects: [{ from: '/a$b.html', to: '/x/' }],
    } as unknown as SiteModel;
    const snippet = nginxSnippet(model.config, redirectRules(model));
    expect(snippet).toContain('location = "/a$b.html" { return 301 "/x/"; }');
    expect(snippet).not.toContain('proxy_pass');
  });
});

describe('precompress', () => {
  const big = `<!doctype html><p>${'Tin tức phường Cự Khối. '.repeat(200)}</p>`;

  it('writes smaller .gz and .br siblings of text files that decompress to the same bytes', async () => {
    const files: OutputFile[] = [
      { path: 'index.html', contents: big },
      { path: 'assets/style.0123456789.css', contents: new TextEncoder().encode(`body{color:#222}\n`.repeat(100)) },
      { path: 'small.html', contents: '<p>ngắn</p>' },
      { path: 'anh/x.png', contents: new Uint8Array(4096) },
      { path: '_bantin/manifest.json', contents: JSON.stringify({ a: 'x'.repeat(4096) }) },
    ];
    const siblings = await precompress(files);
    expect(siblings.map((f) => f.path)).toEqual(['assets/style.0123456789.css.br', 'assets/style.0123456789.css.gz', 'index.html.br', 'index.html.gz']);
    const html = siblings.filter((f) => f.path.startsWith('index.html'));
    expect(Buffer.from(gunzipSync(html[1]!.contents as Uint8Array)).toString('utf8')).toBe(big);
    expect(Buffer.from(brotliDecompressSync(html[0]!.contents as Uint8Array)).toString('utf8')).toBe(big);
    for (const sibling of siblings) expect(sibling.contents.length).toBeLessThan(Buffer.byteLength(big));
  });

  it('gives the same bytes every time and skips files under the size limit', async () => {
    const [a, b] = await Promise.all([precompress([{ path: 'a.xml', contents: big }]), precompress([{ path: 'a.xml', contents: big }])]);
    expect(a).toEqual(b);
    expect(await precompress([{ path: 'a.txt', contents: 'x'.repeat(MIN_BYTES - 1) }])).toEqual([]);
    expect(await precompress([{ path: 'a.txt', contents: 'x'.repeat(MIN_BYTES) }])).toHaveLength(2);
  });

  it('is wired into build: siblings on disk with --precompress, none without', async () => {
    const out = await tempDir();
    const result = await build({ root: fixture('deploy'), out, now: NOW, precompress: true });
    expect(result.ok).toBe(true);
    const names = await readdir(out);
    expect(names).toEqual(expect.arrayContaining(['index.html', 'index.html.gz', 'index.html.br', '_redirects', '_headers']));
    expect(gunzipSync(await readFile(path.join(out, 'index.html.gz'))).equals(await readFile(path.join(out, 'index.html')))).toBe(true);
    await build({ root: fixture('deploy'), out, now: NOW });
    expect((await readdir(out)).filter((n) => n.endsWith('.gz') || n.endsWith('.br'))).toEqual([]);
  });
});

describe('the theme under the Content-Security-Policy', () => {
  it('has no inline script, inline style or event handler on any page of the sample site', async () => {
    const { model, outputs } = await compile(REPO, 'https://example.gov.vn/phuong-x/');
    const pages = outputs.filter((f) => f.path.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(10);
    for (const page of pages) {
      const tree = parseHtml(text(outputs, page.path));
      for (const script of selectAll('script', tree)) {
        expect(script.properties['src'], `${page.path}: inline <script>`).toBeTypeOf('string');
        expect(String(script.properties['src']).startsWith(model.config.basePath), page.path).toBe(true);
      }
      expect(selectAll('style', tree), `${page.path}: <style>`).toEqual([]);
      for (const element of selectAll('*', tree)) {
        const names = Object.keys(element.properties);
        expect(names.filter((n) => n === 'style' || /^on[A-Z]/.test(n)), `${page.path}: <${element.tagName}>`).toEqual([]);
      }
      for (const link of selectAll('link[rel~=stylesheet]', tree)) expect(String(link.properties['href']).startsWith(model.config.basePath)).toBe(true);
    }
  });
});

describe('hosting files', () => {
  it('are exactly three, whatever the site', async () => {
    const { model, outputs } = await compile(fixture('deploy'));
    const site = outputs.filter((f) => ![REDIRECTS_PATH, HEADERS_PATH, NGINX_PATH].includes(f.path));
    const all = withHostingFiles(model, site);
    expect(all.length - site.length).toBe(3);
  });
});
