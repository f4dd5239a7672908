/**
 * End to end: the fixture site built with the core `build()`, deployed with deploy/rsync/deploy.sh, served by
 * a real nginx with the generated snippet on loopback ports, checked with real HTTP requests. One server
 * holds the site at the root, one under the base path /phuong-x/; a stub upstream stands in for the counter.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build.ts';
import { CACHE_IMMUTABLE, CACHE_REVALIDATE } from '../../src/hosting/policy.ts';
import { REPO, fixture, one, parseHtml } from '../support/site.ts';
import { toText } from 'hast-util-to-text';
import { BROTLI_MODULE, IN_CI, findTool, freePort, get, needTools, startNginx, until, type RawResponse, type TestNginx } from './support.ts';

const tools = needTools({ nginx: 'nginx', rsync: 'rsync' });
const NOW = new Date('2025-01-01T00:00:00Z');
const DEPLOY_SCRIPT = path.join(REPO, 'deploy/rsync/deploy.sh');

interface Deployment {
  name: string;
  base: string;
  port: number;
}

let dir: string;
let site: string;
let nginx: TestNginx | undefined;
let upstream: Server | undefined;
let brotli = false;
const deployments: Deployment[] = [
  { name: 'at the domain root', base: '/', port: 0 },
  { name: 'under a base path', base: '/phuong-x/', port: 0 },
];
const [root, based] = deployments as [Deployment, Deployment];

function deploy(source: string, target: string, reload: string): void {
  const run = spawnSync('sh', [DEPLOY_SCRIPT], {
    encoding: 'utf8',
    env: { ...process.env, DEPLOY_SOURCE: source, DEPLOY_PATH: target, DEPLOY_RELOAD: reload },
  });
  if (run.status !== 0) throw new Error(`deploy.sh failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
}

async function buildInto(out: string, baseUrl: string): Promise<void> {
  const result = await build({ root: site, out, baseUrl, now: NOW, precompress: true });
  if (!result.ok) throw new Error(`fixture build failed: ${result.files.flatMap((f) => f.messages.map(String)).join('\n')}`);
}

function header(response: RawResponse, name: string): string {
  const value = response.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

function html(response: RawResponse) {
  return parseHtml(response.body.toString('utf8'));
}

describe.skipIf(tools.skip)('a built site served by nginx with the generated snippet', () => {
  beforeAll(async () => {
    if (tools.missing.length > 0) throw new Error(`Missing ${tools.missing.join(', ')}: apt-get install -y ${tools.missing.join(' ')}`);
    dir = await mkdtemp(path.join(tmpdir(), 'bantin-nginx-'));
    site = path.join(dir, 'site');
    await cp(fixture('deploy'), site, { recursive: true });
    brotli = existsSync(BROTLI_MODULE);
    if (!brotli && IN_CI) throw new Error('Missing the nginx brotli module: apt-get install -y libnginx-mod-http-brotli-static');

    // The root deployment is built straight into the served folder; the base-path one is deployed by the script.
    await buildInto(path.join(dir, 'www-root'), 'https://trienkhai.example.gov.vn/');
    await buildInto(path.join(dir, 'dist-base'), 'https://example.gov.vn/phuong-x/');
    deploy(path.join(dir, 'dist-base'), path.join(dir, 'www-base/phuong-x'), '');

    upstream = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ url: req.url, method: req.method, forwardedFor: req.headers['x-forwarded-for'] ?? null }));
    });
    await new Promise<void>((done) => upstream!.listen(0, '127.0.0.1', done));
    const address = upstream.address();
    const upstreamPort = typeof address === 'object' && address ? address.port : 0;

    root.port = await freePort();
    based.port = await freePort();
    nginx = await startNginx(
      findTool('nginx')!,
      dir,
      [
        { port: root.port, root: path.join(dir, 'www-root'), snippet: path.join(dir, 'www-root/_bantin/nginx.conf') },
        { port: based.port, root: path.join(dir, 'www-base'), snippet: path.join(dir, 'www-base/phuong-x/_bantin/nginx.conf') },
      ],
      { upstreams: { bantin_counter: upstreamPort, bantin_counter_phuong_x: upstreamPort }, brotli },
    );
  });

  afterAll(async () => {
    await nginx?.stop();
    if (upstream) await new Promise((done) => upstream!.close(done));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  describe.each(deployments)('$name', (deployment) => {
    const url = (sitePath: string): string => `${deployment.base}${sitePath.replace(/^\//, '')}`;
    const fetch = (sitePath: string, headers: Record<string, string> = {}) => get(deployment.port, url(sitePath), { headers });

    it('serves the pages, feeds and sitemap at their URLs', async () => {
      const home = await fetch('/');
      expect(home.status).toBe(200);
      expect(header(home, 'content-type')).toBe('text/html; charset=utf-8');
      expect(toText(one(html(home), 'title'))).toBe('Phường Triển Khai');

      const article = await fetch('/tin-tuc/hoi-nghi-so-ket/');
      expect(article.status).toBe(200);
      expect(toText(one(html(article), 'h1'))).toBe('Hội nghị sơ kết công tác 9 tháng đầu năm');
      expect(one(html(article), 'link[rel=stylesheet]').properties['href']).toMatch(new RegExp(`^${url('/assets/')}style\\.[0-9a-f]{10}\\.css$`));

      const category = await fetch('/thong-bao/');
      expect(category.status).toBe(200);
      expect(toText(one(html(category), 'main')).includes('Lịch tiếp công dân tháng 10 năm 2024')).toBe(true);

      const xml = new XMLParser({ ignoreAttributes: false });
      const feed = await fetch('/feed.xml');
      expect(feed.status).toBe(200);
      expect(xml.parse(feed.body.toString('utf8')).feed.title).toBe('Phường Triển Khai');
      const sitemap = await fetch('/sitemap.xml');
      expect(sitemap.status).toBe(200);
      const locs = [xml.parse(sitemap.body.toString('utf8')).urlset.url].flat().map((u: { loc: string }) => new URL(u.loc).pathname);
      expect(locs).toContain(url('/tin-tuc/hoi-nghi-so-ket/'));
    });

    it('answers an unknown URL with the 404 page and status 404', async () => {
      for (const missing of ['/khong-co-trang-nay/', '/tin-tuc/khong-co.html', '/anh/khong-co.png']) {
        const response = await fetch(missing);
        expect(response.status, missing).toBe(404);
        expect(toText(one(html(response), 'title')), missing).toMatch(/^Không tìm thấy trang/);
      }
    });

    it('redirects every alias with 301 to its article', async () => {
      const cases: [string, string][] = [
        ['/tin-tuc/-/view/12345.html', '/tin-tuc/hoi-nghi-so-ket/'],
        ['/cu/hoi-nghi', '/tin-tuc/hoi-nghi-so-ket/'],
        ['/cu/hoi-nghi/', '/tin-tuc/hoi-nghi-so-ket/'],
        ['/tin-t%E1%BB%A9c/s%C6%A1-k%E1%BA%BFt.html', '/tin-tuc/hoi-nghi-so-ket/'],
        ['/thong-bao/lich-tiep-dan/', '/thong-bao/lich-tiep-cong-dan/'],
        ['/thong-bao/lich-tiep-dan', '/thong-bao/lich-tiep-cong-dan/'],
      ];
      for (const [from, to] of cases) {
        const response = await fetch(from);
        expect(response.status, from).toBe(301);
        expect(header(response, 'location'), from).toBe(url(to));
      }
      const folder = await fetch('/tin-tuc');
      expect(folder.status).toBe(301);
      expect(header(folder, 'location')).toBe(url('/tin-tuc/'));
    });

    it('sends cache headers by file type and the security headers with every response', async () => {
      const home = await fetch('/');
      const stylesheet = String(one(html(home), 'link[rel=stylesheet]').properties['href']);
      const css = await get(deployment.port, stylesheet);
      expect(css.status).toBe(200);
      expect(header(css, 'content-type')).toMatch(/^text\/css/);
      expect(header(css, 'cache-control')).toBe(CACHE_IMMUTABLE);

      for (const sitePath of ['/', '/tin-tuc/hoi-nghi-so-ket/', '/feed.xml', '/tin-tuc/feed.xml', '/sitemap.xml', '/robots.txt', '/anh/so-do.svg', '/404.html']) {
        const response = await fetch(sitePath);
        expect(response.status, sitePath).toBe(200);
        expect(header(response, 'cache-control'), sitePath).toBe(CACHE_REVALIDATE);
      }
      for (const response of [home, css, await fetch('/khong-co/'), await fetch('/cu/hoi-nghi')]) {
        expect(header(response, 'x-content-type-options')).toBe('nosniff');
        expect(header(response, 'referrer-policy')).toBe('strict-origin-when-cross-origin');
        const csp = header(response, 'content-security-policy');
        expect(csp).toContain("script-src 'self'");
        expect(csp).toContain("style-src 'self'");
        expect(csp).toContain("connect-src 'self'");
      }
    });

    it('serves the precompressed copies to clients that accept them', async () => {
      const plain = await fetch('/tin-tuc/hoi-nghi-so-ket/');
      expect(header(plain, 'content-encoding')).toBe('');

      const gz = await fetch('/tin-tuc/hoi-nghi-so-ket/', { 'accept-encoding': 'gzip' });
      expect(gz.status).toBe(200);
      expect(header(gz, 'content-encoding')).toBe('gzip');
      expect(header(gz, 'vary')).toMatch(/Accept-Encoding/i);
      expect(gz.body.length).toBeLessThan(plain.body.length);
      expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);

      if (brotli) {
        const br = await fetch('/tin-tuc/hoi-nghi-so-ket/', { 'accept-encoding': 'br, gzip' });
        expect(header(br, 'content-encoding')).toBe('br');
        expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
      } else {
        console.warn('skipped the brotli check: apt-get install -y libnginx-mod-http-brotli-static');
      }
    });

    it('keeps the build files private', async () => {
      for (const file of ['/_bantin/manifest.json', '/_bantin/nginx.conf', '/_redirects', '/_headers']) {
        const response = await fetch(file);
        expect(response.status, file).toBe(404);
        expect(toText(one(html(response), 'title'))).toMatch(/^Không tìm thấy trang/);
      }
    });

    it('proxies the counter endpoint to the counter with the client address', async () => {
      const response = await get(deployment.port, url('/api/visit'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(response.status).toBe(200);
      expect(JSON.parse(response.body.toString('utf8'))).toEqual({ url: url('/api/visit'), method: 'POST', forwardedFor: '127.0.0.1' });
      // The counter's own caching rule, not the pages' one.
      expect(header(response, 'cache-control')).toBe('no-store');
    });
  });

  it('redirects the base path without its slash, and serves nothing of the site outside it', async () => {
    const bare = await get(based.port, '/phuong-x');
    expect(bare.status).toBe(301);
    expect(header(bare, 'location')).toBe('/phuong-x/');
    expect((await get(based.port, '/tin-tuc/hoi-nghi-so-ket/')).status).toBe(404);
  });

  it('passes the counter API to a real `bantin serve` behind it', async () => {
    const port = await freePort();
    const serve = spawn(
      process.execPath,
      [path.join(REPO, 'bin/bantin.js'), 'serve', '--out', path.join(dir, 'www-base/phuong-x'), '--base', '/phuong-x/', '--data', path.join(dir, 'data'), '--port', String(port), '--trust-proxy'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise<void>((done) => serve.once('exit', () => done()));
    let output = '';
    serve.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    serve.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const own = path.join(dir, 'nginx-counter');
    await mkdir(own);
    let front: TestNginx | undefined;
    try {
      await until(`bantin serve to listen (output: ${output})`, async () => {
        if (serve.exitCode !== null) throw new Error(`bantin serve exited: ${output}`);
        return output.includes('bantin serve:');
      }, 300);
      const frontPort = await freePort();
      front = await startNginx(findTool('nginx')!, own, [{ port: frontPort, root: path.join(dir, 'www-base'), snippet: path.join(dir, 'www-base/phuong-x/_bantin/nginx.conf') }], { upstreams: { bantin_counter_phuong_x: port }, brotli: false });
      const browser = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36', origin: 'https://example.gov.vn' };
      const view = await get(frontPort, '/phuong-x/api/views/tin-tuc/hoi-nghi-so-ket', { method: 'POST', headers: browser });
      expect(view.status, view.body.toString()).toBe(200);
      expect(JSON.parse(view.body.toString('utf8'))).toEqual({ id: 'tin-tuc/hoi-nghi-so-ket', views: 1 });
      const visit = await get(frontPort, '/phuong-x/api/visit', { method: 'POST', headers: browser });
      expect(JSON.parse(visit.body.toString('utf8'))).toEqual({ online: 1, total: 1 });
      const counts = await get(frontPort, '/phuong-x/api/views?ids=tin-tuc/hoi-nghi-so-ket,tin-tuc/ra-quan-ve-sinh', { headers: browser });
      expect(JSON.parse(counts.body.toString('utf8')).views['tin-tuc/hoi-nghi-so-ket']).toBe(1);
      expect((await get(frontPort, '/phuong-x/api/views/khong/co-bai-nay', { method: 'POST', headers: browser })).status).toBe(404);
    } finally {
      await front?.stop();
      if (serve.exitCode === null) serve.kill('SIGTERM');
      await exited;
    }
  });

  it('picks up a new alias after a redeploy with the script, which reloads nginx', async () => {
    const file = path.join(site, 'content/tin-tuc/ra-quan-ve-sinh.md');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('author: Tổ dân phố số 3\n', 'author: Tổ dân phố số 3\naliases:\n  - /tin-cu/ve-sinh.html\n'));
    await buildInto(path.join(dir, 'dist-base'), 'https://example.gov.vn/phuong-x/');
    expect((await get(based.port, '/phuong-x/tin-cu/ve-sinh.html')).status).toBe(404);

    deploy(path.join(dir, 'dist-base'), path.join(dir, 'www-base/phuong-x'), nginx!.signalCommand('reload'));
    let response: RawResponse | undefined;
    await until('the reloaded nginx to redirect the new alias', async () => {
      response = await get(based.port, '/phuong-x/tin-cu/ve-sinh.html');
      return response.status === 301;
    });
    expect(header(response!, 'location')).toBe('/phuong-x/tin-tuc/ra-quan-ve-sinh/');
    expect((await get(based.port, '/phuong-x/tin-tuc/hoi-nghi-so-ket/')).status).toBe(200);
  });
});
