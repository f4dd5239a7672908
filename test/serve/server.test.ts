/**
 * The Node site server over real HTTP on 127.0.0.1: static files (index pages, 404 page, content types,
 * caching, private build files, no path traversal), the output's `_headers` and `_redirects`, the counter mount, extra routes and the HTML hook, and
 * the client address behind a proxy.
 */
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build.ts';
import { createCounterHandler } from '../../src/edge/handler.ts';
import { memoryStore } from '../../src/edge/stores/memory.ts';
import { resolveMounts } from '../../src/serve/counter.ts';
import { createSiteServer, type SiteServer } from '../../src/serve/server.ts';
import { resolveInside } from '../../src/serve/static.ts';
import { get, type RawResponse } from '../deploy/support.ts';
import { BROWSER_UA, MANIFEST } from '../edge/fixtures.ts';
import { fixture } from '../support/site.ts';

let dir: string;
let out: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bantin-serve-'));
  out = join(dir, 'dist');
  await writeFile(join(dir, 'secret.txt'), 'SECRET OUTSIDE THE SITE');
  const files: Record<string, string> = {
    'index.html': '<!doctype html><title>Trang chủ</title><body><h1>Trang chủ</h1></body>',
    '404.html': '<!doctype html><title>404</title><body><h1>Không tìm thấy trang</h1></body>',
    'tin-tuc/index.html': '<!doctype html><title>Tin tức</title><body>Tin tức</body>',
    'tin-tuc/bai-a/index.html': '<!doctype html><title>Bài A</title><body>Bài A</body>',
    'assets/style.0123456789.css': 'body{color:#222}',
    'assets/counter.abcdef0123.js': 'void 0;',
    'assets/logo.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
    'feed.xml': '<?xml version="1.0"?><feed/>',
    'tai-lieu/bieu-mau.pdf': '%PDF-1.4',
    'tai-lieu/du-lieu.bin': 'x',
    'search.json': '{}',
    'Thư mục có dấu/tệp.txt': 'có dấu',
    '_bantin/manifest.json': JSON.stringify(MANIFEST),
    '_headers': '# Ours\n/*\n  X-Frame-Options: SAMEORIGIN\n  X-Test: all\n/tin-tuc/bai-a/*\n  Cache-Control: no-store\n  X-Test: news\n  ! X-Frame-Options\nhttps://other.example/*\n  X-Other: yes\n',
    '_redirects': '/a /b 301\n/cu/:year/* /tin-tuc/:splat?nam=:year 302\n/tam /tin-tuc/ 200\n/proxy https://example.org/ 200!\n',
  };
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(out, path, '..'), { recursive: true });
    await writeFile(join(out, path), text);
  }
  await mkdir(join(out, 'empty-folder'));
  await symlink(join(dir, 'secret.txt'), join(out, 'link-out.txt'));
  await symlink(join(out, 'feed.xml'), join(out, 'link-in.xml'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Starts a server for one describe block and stops it after. */
function useServer(make: () => SiteServer): { port: () => number } {
  let site: SiteServer;
  let port = 0;
  beforeAll(async () => {
    site = make();
    port = Number((await site.listen(0)).port);
  });
  afterAll(async () => {
    await site?.close();
  });
  return { port: () => port };
}

const text = (response: RawResponse): string => response.body.toString('utf8');

describe('static files', () => {
  const server = useServer(() => createSiteServer({ outDir: out }));

  it('serves index.html for a folder, redirecting the slash-less path', async () => {
    const home = await get(server.port(), '/');
    expect(home.status).toBe(200);
    expect(home.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(text(home)).toContain('<h1>Trang chủ</h1>');
    expect(text(await get(server.port(), '/tin-tuc/bai-a/'))).toContain('Bài A');
    const bare = await get(server.port(), '/tin-tuc/bai-a?x=1');
    expect(bare.status).toBe(301);
    expect(bare.headers['location']).toBe('/tin-tuc/bai-a/?x=1');
  });

  it('answers 404 with 404.html for anything missing, an empty folder included', async () => {
    for (const path of ['/khong-co/', '/khong-co.html', '/empty-folder/', '/tin-tuc/bai-a/khong']) {
      const response = await get(server.port(), path);
      expect(response.status, path).toBe(404);
      expect(text(response), path).toContain('Không tìm thấy trang');
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    }
  });

  it('sends the right content types', async () => {
    const types: Record<string, string> = {
      '/assets/style.0123456789.css': 'text/css; charset=utf-8',
      '/assets/counter.abcdef0123.js': 'text/javascript; charset=utf-8',
      '/assets/logo.svg': 'image/svg+xml; charset=utf-8',
      '/feed.xml': 'application/xml; charset=utf-8',
      '/search.json': 'application/json; charset=utf-8',
      '/tai-lieu/bieu-mau.pdf': 'application/pdf',
      '/tai-lieu/du-lieu.bin': 'application/octet-stream',
      '/Th%C6%B0%20m%E1%BB%A5c%20c%C3%B3%20d%E1%BA%A5u/t%E1%BB%87p.txt': 'text/plain; charset=utf-8',
    };
    for (const [path, type] of Object.entries(types)) {
      const response = await get(server.port(), path);
      expect(response.status, path).toBe(200);
      expect(response.headers['content-type'], path).toBe(type);
    }
    expect(text(await get(server.port(), '/Th%C6%B0%20m%E1%BB%A5c%20c%C3%B3%20d%E1%BA%A5u/t%E1%BB%87p.txt'))).toBe('có dấu');
  });

  it('caches hashed assets for a year and revalidates the rest, with ETags', async () => {
    expect((await get(server.port(), '/assets/style.0123456789.css')).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const page = await get(server.port(), '/tin-tuc/');
    expect(page.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
    const etag = String(page.headers['etag']);
    expect(etag).toMatch(/^W\/"/);
    const again = await get(server.port(), '/tin-tuc/', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.body.byteLength).toBe(0);
  });

  it('applies _headers: every matching rule, values of one header joined, over its own defaults', async () => {
    const home = await get(server.port(), '/');
    expect(home.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(home.headers['x-test']).toBe('all');
    expect(home.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
    expect(home.headers['x-other']).toBeUndefined();
    const news = await get(server.port(), '/tin-tuc/bai-a/');
    expect(news.headers['x-test']).toBe('all, news');
    expect(news.headers['cache-control']).toBe('no-store');
    expect(news.headers['content-type']).toBe('text/html; charset=utf-8');
    const missing = await get(server.port(), '/khong-co/');
    expect(missing.status).toBe(404);
    expect(missing.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('applies _redirects before the files: the first match, its status, splats and placeholders', async () => {
    const plain = await get(server.port(), '/a');
    expect([plain.status, plain.headers['location']]).toEqual([301, '/b']);
    const splat = await get(server.port(), '/cu/2020/bai-a/');
    expect([splat.status, splat.headers['location']]).toEqual([302, '/tin-tuc/bai-a/?nam=2020']);
    // Rewrites and proxies are not done: the path is served (or not found) as it is.
    expect((await get(server.port(), '/tam')).status).toBe(404);
    expect((await get(server.port(), '/proxy')).status).toBe(404);
  });

  it('never serves the build’s own files (_bantin/, _headers, _redirects)', async () => {
    for (const path of ['/_bantin/manifest.json', '/_bantin/', '/_bantin', '/_headers', '/_redirects', '/%5Fbantin/manifest.json']) {
      const response = await get(server.port(), path);
      expect(response.status, path).toBe(404);
      expect(text(response), path).not.toContain('cong-tac-dang');
    }
  });

  it('never leaves the output folder', async () => {
    const attempts = [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E%2Fsecret.txt',
      '/tin-tuc/..%2F..%2Fsecret.txt',
      '/..%5Csecret.txt',
      '/tin-tuc/%2e%2e/%2e%2e/secret.txt',
      '/secret.txt%00.html',
      '/%252e%252e/secret.txt',
      '//etc/passwd',
      '/%ZZ',
      '/link-out.txt',
    ];
    for (const path of attempts) {
      const response = await get(server.port(), path);
      expect(response.status, path).toBe(404);
      expect(text(response), path).not.toContain('SECRET');
      expect(text(response), path).not.toContain('root:');
    }
    expect(text(await get(server.port(), '/link-in.xml'))).toBe('<?xml version="1.0"?><feed/>');
    expect(resolveInside(out, '/', '/../secret.txt')).toBeUndefined();
    expect(resolveInside(out, '/', '/%2e%2e/secret.txt')).toBeUndefined();
    expect(resolveInside(out, '/', '/tin-tuc/../index.html')).toBe(join(out, 'index.html'));
  });

  it('does not redirect "//host/folder" to another host', async () => {
    const response = await get(server.port(), '//tin-tuc');
    expect(response.status).toBe(301);
    expect(response.headers['location']).toBe('/tin-tuc/');
  });

  it('answers HEAD without a body and other methods with 405', async () => {
    const head = await get(server.port(), '/', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers['content-length'])).toBeGreaterThan(0);
    expect(head.body.byteLength).toBe(0);
    const post = await get(server.port(), '/', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers['allow']).toBe('GET, HEAD');
  });

  it('answers a plain 404 when the site has no 404.html', async () => {
    const bare = createSiteServer({ outDir: join(out, 'tin-tuc') });
    const port = Number((await bare.listen(0)).port);
    try {
      const response = await get(port, '/khong-co');
      expect(response.status).toBe(404);
      expect(text(response)).toBe('Not found\n');
    } finally {
      await bare.close();
    }
  });
});

describe('under a base path, with the counter, extra routes and an HTML hook', () => {
  const routes: string[] = [];
  const store = memoryStore();
  const server = useServer(() =>
    createSiteServer({
      outDir: out,
      basePath: '/phuong/',
      counter: { path: '/phuong/api', handler: createCounterHandler({ store, manifest: async () => MANIFEST, path: '/phuong/api' }) },
      routes: [
        (req, res, url) => {
          routes.push(url.pathname);
          if (url.pathname !== '/phuong/__events') return false;
          res.writeHead(200, { 'content-type': 'text/event-stream' }).end('data: reload\n\n');
          return true;
        },
      ],
      transformHtml: (html) => html.replace('</body>', '<script src="/phuong/__reload.js"></script></body>'),
    }),
  );

  it('serves the site under the base path and redirects the bare origin to it', async () => {
    expect(text(await get(server.port(), '/phuong/tin-tuc/'))).toContain('Tin tức');
    const root = await get(server.port(), '/');
    expect(root.status).toBe(302);
    expect(root.headers['location']).toBe('/phuong/');
    expect((await get(server.port(), '/tin-tuc/')).status).toBe(404);
  });

  it('mounts the counter at its path', async () => {
    const headers = { 'user-agent': BROWSER_UA };
    const view = await get(server.port(), '/phuong/api/views/cong-tac-dang/so-ket-quy-che-dan-chu', { method: 'POST', headers });
    expect(view.status).toBe(200);
    expect(view.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(text(view))).toEqual({ id: 'cong-tac-dang/so-ket-quy-che-dan-chu', views: 60 });
    expect(JSON.parse(text(await get(server.port(), '/phuong/api/visit', { method: 'POST', headers })))).toEqual({ online: 1, total: 1 });
    expect(JSON.parse(text(await get(server.port(), '/phuong/api/nope')))).toEqual({ error: 'not-found' });
  });

  it('lets extra routes answer first, and rewrites HTML pages (the 404 page too)', async () => {
    routes.length = 0;
    const events = await get(server.port(), '/phuong/__events');
    expect(events.headers['content-type']).toBe('text/event-stream');
    expect(text(events)).toBe('data: reload\n\n');
    expect(text(await get(server.port(), '/phuong/'))).toContain('<script src="/phuong/__reload.js"></script></body>');
    const missing = await get(server.port(), '/phuong/khong-co/');
    expect(missing.status).toBe(404);
    expect(text(missing)).toContain('__reload.js');
    expect(text(await get(server.port(), '/phuong/assets/style.0123456789.css'))).toBe('body{color:#222}');
    expect(routes).toEqual(['/phuong/__events', '/phuong/', '/phuong/khong-co/', '/phuong/assets/style.0123456789.css']);
  });

  it('answers 413 to a huge streamed body and keeps serving', async () => {
    const response = await new Promise<{ status: number; body: string }>((done, fail) => {
      const req = request(
        { host: '127.0.0.1', port: server.port(), path: '/phuong/api/visit', method: 'POST', headers: { 'user-agent': BROWSER_UA, 'transfer-encoding': 'chunked' } },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => done({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', fail);
      const chunk = 'x'.repeat(64 * 1024);
      for (let i = 0; i < 32; i++) req.write(chunk);
      req.end();
    });
    expect(response).toEqual({ status: 413, body: '{"error":"body-too-large"}' });
    expect((await get(server.port(), '/phuong/')).status).toBe(200);
  });
});

describe('the client address', () => {
  const visit = (port: number, forwardedFor: string) =>
    get(port, '/api/visit', { method: 'POST', headers: { 'user-agent': BROWSER_UA, 'x-forwarded-for': forwardedFor } });

  it('is the socket’s by default, so X-Forwarded-For cannot make new visitors', async () => {
    const site = createSiteServer({ outDir: out, counter: { path: '/api', handler: createCounterHandler({ store: memoryStore(), manifest: async () => MANIFEST }) } });
    const port = Number((await site.listen(0)).port);
    try {
      await visit(port, '198.51.100.1');
      expect(JSON.parse(text(await visit(port, '198.51.100.2')))).toEqual({ online: 1, total: 1 });
    } finally {
      await site.close();
    }
  });

  it('is the last X-Forwarded-For entry (the proxy’s own view) with trustProxy', async () => {
    const site = createSiteServer({
      outDir: out,
      trustProxy: true,
      counter: { path: '/api', handler: createCounterHandler({ store: memoryStore(), manifest: async () => MANIFEST }) },
    });
    const port = Number((await site.listen(0)).port);
    try {
      await visit(port, '198.51.100.1');
      expect(JSON.parse(text(await visit(port, '203.0.113.66, 198.51.100.1')))).toEqual({ online: 1, total: 1 });
      expect(JSON.parse(text(await visit(port, '198.51.100.2')))).toEqual({ online: 2, total: 2 });
    } finally {
      await site.close();
    }
  });
});

describe('mounts', () => {
  it('come from the flags, else the manifest, else "/" and "<base>api"', () => {
    expect(resolveMounts(undefined)).toEqual({ basePath: '/', apiPath: '/api' });
    expect(resolveMounts({ ...MANIFEST, basePath: '/phuong-x/' })).toEqual({ basePath: '/phuong-x/', apiPath: '/phuong-x/api' });
    expect(resolveMounts({ ...MANIFEST, basePath: '/phuong-x/', endpoint: '/phuong-x/dem/' })).toEqual({ basePath: '/phuong-x/', apiPath: '/phuong-x/dem' });
    expect(resolveMounts({ ...MANIFEST, endpoint: 'https://counter.example.workers.dev/api' })).toEqual({ basePath: '/', apiPath: '/api' });
    expect(resolveMounts(MANIFEST, { basePath: 'phuong-x' })).toEqual({ basePath: '/phuong-x/', apiPath: '/phuong-x/api' });
    // The core build's manifest carries the article URLs with the base path.
    const based = { ...MANIFEST, articles: { 'tin-tuc/a': { path: '/phuong-x/tin-tuc/a/', views: 0 }, 'thong-bao/b': { path: '/phuong-x/thong-bao/b/', views: 1 } } };
    expect(resolveMounts(based)).toEqual({ basePath: '/phuong-x/', apiPath: '/phuong-x/api' });
    expect(resolveMounts(MANIFEST)).toEqual({ basePath: '/', apiPath: '/api' });
    expect(resolveMounts({ ...based, articles: { ...based.articles, 'x/y': { path: '/khac/x/y/', views: 0 } } })).toEqual({ basePath: '/', apiPath: '/api' });
    expect(resolveMounts(MANIFEST, { basePath: '/phuong-x/', apiPath: '/counter/' })).toEqual({ basePath: '/phuong-x/', apiPath: '/counter' });
  });
});

describe('a built site', () => {
  let built: string;
  beforeAll(async () => {
    built = join(dir, 'built');
    const result = await build({ root: fixture('sites/basic'), out: built, now: new Date('2026-11-01T00:00:00Z'), cache: false });
    expect(result.ok).toBe(true);
  });
  const server = useServer(() => createSiteServer({ outDir: built }));

  it('gets the hosting policy the build wrote: security headers, cache rules and 301s for old URLs', async () => {
    const page = await get(server.port(), '/tin-tuc/hoi-nghi/');
    expect(page.status).toBe(200);
    expect(String(page.headers['content-security-policy'])).toMatch(/^default-src 'self'; script-src 'self';/);
    expect(page.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(page.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
    const asset = (await readdir(join(built, 'assets'))).find((name) => /^style\.[0-9a-f]{10}\.css$/.test(name))!;
    expect((await get(server.port(), `/assets/${asset}`)).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const old of ['/tin-tuc/-/view/12345.html', '/cu/hoi-nghi/', '/cu/hoi-nghi']) {
      const moved = await get(server.port(), old);
      expect([moved.status, moved.headers['location']], old).toEqual([301, '/tin-tuc/hoi-nghi/']);
    }
  });
});
