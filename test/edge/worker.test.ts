/**
 * The Cloudflare Worker: its bundle (esbuild, and the one wrangler makes from wrangler.toml) stays under
 * 10 KB minified with no Node import, and the bundle answers inside real workerd (Miniflare, `cf: false`)
 * with a D1 database and the site as its static assets.
 */
import { Miniflare, Response as MiniflareResponse } from 'miniflare';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPATIBILITY_DATE, bundleWorker } from '../helpers/d1-store.ts';
import { BROWSER_UA, MANIFEST, ORIGIN } from './fixtures.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const WORKER = join(ROOT, 'src/edge/worker.ts');
/** The budget: 10 KB minified. */
const MAX_BYTES = 10 * 1024;
const ID = 'cong-tac-dang/so-ket-quy-che-dan-chu';

/** Module specifiers a bundle still imports (a self-contained bundle has none). */
function importsOf(code: string): string[] {
  return [...code.matchAll(/\bimport\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']|\brequire\(\s*["']([^"']+)["']/g)].map(
    (m) => m[1] ?? m[2] ?? m[3] ?? '',
  );
}

describe('Worker bundle', () => {
  it('is at most 10 KB minified (esbuild) and imports nothing, no node: module above all', async () => {
    const code = await bundleWorker(WORKER);
    expect(code.length).toBeGreaterThan(1000);
    expect(Buffer.byteLength(code)).toBeLessThanOrEqual(MAX_BYTES);
    expect(importsOf(code)).toEqual([]);
    expect(code).not.toMatch(/["']node:/);
  });

  it('is what wrangler deploys from wrangler.toml, also under 10 KB (wrangler deploy --dry-run, offline)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bantin-wrangler-'));
    try {
      await writeFile(join(dir, 'index.html'), '<!doctype html><title>x</title>');
      const config = (await readFile(join(ROOT, 'wrangler.toml'), 'utf8'))
        .replace(/^main = .*$/m, `main = ${JSON.stringify(WORKER)}`)
        .replace(/^directory = .*$/m, `directory = ${JSON.stringify(dir)}`);
      expect(config).toContain(WORKER);
      await writeFile(join(dir, 'wrangler.toml'), config);
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [join(ROOT, 'node_modules/wrangler/bin/wrangler.js'), 'deploy', '--dry-run', '--outdir', join(dir, 'out'), '--config', join(dir, 'wrangler.toml')],
        { cwd: dir, env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', HOME: dir, XDG_CONFIG_HOME: dir }, timeout: 120_000 },
      );
      expect(stdout).toContain('env.DB (bantin-counter)');
      expect(stdout).toContain('env.ASSETS');
      const code = await readFile(join(dir, 'out', 'worker.js'), 'utf8');
      expect(Buffer.byteLength(code)).toBeLessThanOrEqual(MAX_BYTES);
      expect(importsOf(code)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('Worker in workerd (Miniflare) with D1 and static assets', () => {
  let mf: Miniflare;
  let manifestReads = 0;
  let started = 0;
  const site: Record<string, string> = {
    '/index.html': '<!doctype html><title>Trang chủ</title>',
    '/_bantin/manifest.json': JSON.stringify(MANIFEST),
  };

  beforeAll(async () => {
    mf = new Miniflare({
      modules: true,
      script: await bundleWorker(WORKER),
      compatibilityDate: COMPATIBILITY_DATE,
      cf: false,
      d1Databases: ['DB'],
      bindings: { API_PATH: '/api' },
      serviceBindings: {
        ASSETS: async (request: { url: string }) => {
          const { pathname } = new URL(request.url);
          if (pathname === '/_bantin/manifest.json') manifestReads++;
          const file = site[pathname === '/' ? '/index.html' : pathname];
          return file === undefined
            ? new MiniflareResponse('not found', { status: 404 })
            : new MiniflareResponse(file, { headers: { 'content-type': pathname.endsWith('.json') ? 'application/json' : 'text/html' } });
        },
      },
    });
    await mf.ready;
    started = Date.now();
  });
  afterAll(async () => {
    await mf?.dispose();
  });

  const send = async (method: string, path: string, headers: Record<string, string> = {}, base = ORIGIN) => {
    const response = await mf.dispatchFetch(`${base}${path}`, {
      method,
      headers: { 'user-agent': BROWSER_UA, 'cf-connecting-ip': '203.0.113.1', ...headers },
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text };
  };

  it('counts a view per visitor (CF-Connecting-IP), deduplicates, and reads counts back', async () => {
    expect(JSON.parse((await send('POST', `/api/views/${ID}`)).text)).toEqual({ id: ID, views: 60 });
    expect(JSON.parse((await send('POST', `/api/views/${ID}`)).text)).toEqual({ id: ID, views: 60 });
    expect(JSON.parse((await send('POST', `/api/views/${ID}`, { 'cf-connecting-ip': '203.0.113.2' })).text)).toEqual({ id: ID, views: 61 });
    expect(JSON.parse((await send('GET', `/api/views?ids=${ID},tin-tuc/lich-tiep-dan`)).text)).toEqual({
      views: { [ID]: 61, 'tin-tuc/lich-tiep-dan': 0 },
    });
    expect(JSON.parse((await send('POST', '/api/visit')).text)).toEqual({ online: 1, total: 1 });
  });

  it('loses no increment among 100 concurrent requests', async () => {
    const id = 'tin-tuc/lich-tiep-dan';
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) => send('POST', `/api/views/${id}`, { 'cf-connecting-ip': `10.9.0.${i}` })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(100).fill(200));
    expect(JSON.parse((await send('GET', `/api/views?ids=${id}`)).text)).toEqual({ views: { [id]: 100 } });
  });

  it('refuses unknown ids, wrong methods and foreign origins; allows the site’s origin (CORS)', async () => {
    expect(await send('POST', '/api/views/tin-tuc/khong-co')).toMatchObject({ status: 404, text: '{"error":"unknown-id"}' });
    expect(await send('GET', `/api/views/${ID}`)).toMatchObject({ status: 405 });
    expect(await send('POST', '/api/visit', { origin: 'https://evil.example' })).toMatchObject({ status: 403 });
    const cors = await send('POST', '/api/visit', { origin: ORIGIN });
    expect(cors.status).toBe(200);
    // Same origin as the site: no CORS header needed.
    expect(cors.headers.get('access-control-allow-origin')).toBeNull();
    // The Worker on its own host, called from the site: CORS allows exactly the site's origin.
    const workersDev = 'https://bantin-counter.example.workers.dev';
    const cross = await send('POST', '/api/visit', { origin: ORIGIN }, workersDev);
    expect(cross.status).toBe(200);
    expect(cross.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const preflight = await send('OPTIONS', '/api/visit', { origin: ORIGIN, 'access-control-request-method': 'POST' }, workersDev);
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
  });

  it('reads the manifest from the assets once per minute, not per request', async () => {
    // Over a hundred requests so far; the cache lasts a minute.
    expect(manifestReads).toBeGreaterThanOrEqual(1);
    expect(manifestReads).toBeLessThanOrEqual(1 + Math.floor((Date.now() - started) / 60_000));
  });

  it('serves the site from the assets and keeps the build’s own files private', async () => {
    expect(await send('GET', '/')).toMatchObject({ status: 200, text: site['/index.html'] });
    expect(await send('GET', '/_bantin/manifest.json')).toMatchObject({ status: 404 });
  });
});
