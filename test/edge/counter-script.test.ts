/**
 * The page script (templates/assets/counter.js): its size, and what it does in Debian's Chromium against the
 * real handler on the Node site server, first on hand-written pages with exactly the markup the templates
 * emit, then on the sample site as the core build writes it (under a base path).
 */
import { build as esbuild } from 'esbuild';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium, runsHere } from '../support/browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCounterHandler } from '../../src/edge/handler.ts';
import type { SiteManifest } from '../../src/edge/manifest.ts';
import { memoryStore } from '../../src/edge/stores/memory.ts';
import { readManifest, resolveMounts } from '../../src/serve/counter.ts';
import { createSiteServer, type SiteServer } from '../../src/serve/server.ts';
import { BROWSER_UA } from './fixtures.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = join(REPO, 'templates/assets/counter.js');
const RUNS_HERE = runsHere('counter script browser tests');

describe('counter.js', () => {
  it('is at most 1.5 KB minified (esbuild) and a plain script (no modules, no build step needed)', async () => {
    const source = await readFile(SCRIPT, 'utf8');
    const result = await esbuild({ stdin: { contents: source, loader: 'js' }, minify: true, write: false, logLevel: 'silent' });
    const minified = result.outputFiles[0]!.contents.byteLength;
    expect(minified).toBeGreaterThan(300);
    expect(minified).toBeLessThanOrEqual(1536);
    expect(source).not.toMatch(/^\s*(?:import|export)\b/m);
    // It parses as a classic script.
    expect(() => new Function(source)).not.toThrow();
  });
});

/** The text of every element matching `selector`. */
function texts(page: Page, selector: string): Promise<string[]> {
  return page.$$eval(selector, (elements) => elements.map((e) => e.textContent ?? ''));
}

const STATS = '<aside><dl><dt>Đang online</dt><dd><span class="count" data-stat="online">–</span></dd><dt>Tổng số truy cập</dt><dd><span class="count" data-stat="total">–</span></dd></dl></aside>';

/**
 * A page with the templates' markup. An inline script at the end of the body (after parsing, before the
 * deferred counter script runs) records every later DOM change, so the test can see that only the counts'
 * text changed.
 */
function page(body: string, endpoint = '/api'): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Bản tin</title>
<script defer src="/assets/counter.js" data-endpoint="${endpoint}"></script></head><body>${body}${STATS}<script>
  window.changed = [];
  new MutationObserver((records) => {
    for (const r of records) {
      const target = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      window.changed.push(target.getAttribute('data-views') !== null || target.getAttribute('data-stat') !== null ? 'counter' : target.outerHTML);
    }
  }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
</script></body></html>`;
}

describe.runIf(RUNS_HERE)('counter.js in Chromium (hand-written pages)', () => {
  const ARTICLE = 'cong-tac-dang/so-ket-quy-che-dan-chu';
  const LISTED = Array.from({ length: 150 }, (_, i) => `tin-tuc/bai-${i}`);
  const manifest: SiteManifest = {
    version: 1,
    origin: 'https://example.gov.vn',
    articles: {
      [ARTICLE]: { path: `/${ARTICLE}/`, views: 5_839_653 },
      ...Object.fromEntries(LISTED.map((id, i) => [id, { path: `/${id}/`, views: i === 7 ? 1_234_567 : i }])),
    },
  };
  let dir: string;
  let site: SiteServer;
  let url: URL;
  let browser: Browser;
  const api: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bantin-counter-js-'));
    await mkdir(join(dir, 'assets'));
    await copyFile(SCRIPT, join(dir, 'assets/counter.js'));
    const write = async (path: string, html: string): Promise<void> => {
      await mkdir(join(dir, path), { recursive: true });
      await writeFile(join(dir, path, 'index.html'), html);
    };
    await write(
      ARTICLE,
      page(
        `<article><h1>Sơ kết quy chế dân chủ</h1><p class="byline">Ngày đăng 25/09/2020 | 21:01 | Lượt xem: <span class="views" data-views="${ARTICLE}" data-views-count>–</span></p></article>` +
          `<ul><li>Bài khác: <span class="views" data-views="tin-tuc/bai-7">–</span></li></ul>`,
      ),
    );
    await write('tin-tuc', page(`<ul>${LISTED.map((id) => `<li>${id}: Lượt xem: <span class="views" data-views="${id}">–</span></li>`).join('')}</ul>`));
    await write('down', page(`<p>Lượt xem: <span class="views" data-views="${ARTICLE}" data-views-count>–</span> <span class="views" data-views="tin-tuc/bai-1">–</span></p>`, '/khong-co-api'));
    site = createSiteServer({
      outDir: dir,
      counter: { path: '/api', handler: createCounterHandler({ store: memoryStore(), manifest: async () => manifest }) },
      routes: [
        (req, _res, requestUrl) => {
          if (requestUrl.pathname.startsWith('/api/')) api.push(`${req.method} ${decodeURIComponent(requestUrl.pathname + requestUrl.search)}`);
          return false;
        },
      ],
    });
    url = await site.listen(0);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const open = async (path: string, javaScriptEnabled = true): Promise<Page> => {
    const context = await browser.newContext({ userAgent: BROWSER_UA, javaScriptEnabled });
    const tab = await context.newPage();
    tab.on('pageerror', (error) => errors.push(error.message));
    await tab.goto(new URL(path, url).href, { waitUntil: 'networkidle' });
    return tab;
  };

  it('on an article: counts the view, shows it the Vietnamese way, fills the visitor stats; only text changes', async () => {
    api.length = 0;
    const tab = await open(`/${ARTICLE}/`);
    await tab.waitForFunction(() => document.querySelector('[data-stat="total"]')?.textContent !== '–');
    expect(await texts(tab, '[data-views-count]')).toEqual(['5.839.654']);
    expect(await texts(tab, '[data-views="tin-tuc/bai-7"]')).toEqual(['1.234.567']);
    expect(await texts(tab, '[data-stat]')).toEqual(['1', '1']);
    expect(api.sort()).toEqual([`GET /api/views?ids=tin-tuc/bai-7`, `POST /api/views/${ARTICLE}`, 'POST /api/visit']);
    const changed = await tab.evaluate(() => (window as unknown as { changed: string[] }).changed);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.filter((c) => c !== 'counter')).toEqual([]);
    expect(errors).toEqual([]);
    await tab.context().close();
  });

  it('on an index: reads 150 counts in two batched requests of at most 100 ids, counts no view', async () => {
    api.length = 0;
    const tab = await open('/tin-tuc/');
    await tab.waitForFunction(() => [...document.querySelectorAll('[data-views]')].every((e) => e.textContent !== '–'));
    const shown = await texts(tab, '[data-views]');
    expect(shown[0]).toBe('0');
    expect(shown[7]).toBe('1.234.567');
    expect(shown[149]).toBe('149');
    const gets = api.filter((line) => line.startsWith('GET '));
    expect(gets).toHaveLength(2);
    expect(gets.map((line) => line.split('ids=')[1]!.split(',').length).sort()).toEqual([100, 50]);
    expect(api.filter((line) => line.startsWith('POST /api/views/'))).toEqual([]);
    expect(api).toContain('POST /api/visit');
    expect(errors).toEqual([]);
    await tab.context().close();
  });

  it('when the counter is down, the "–" placeholders stay and nothing breaks', async () => {
    const tab = await open('/down/');
    expect(await texts(tab, '[data-views]')).toEqual(['–', '–']);
    expect(await texts(tab, '[data-stat]')).toEqual(['–', '–']);
    expect(errors).toEqual([]);
    await tab.context().close();
  });

  it('without JavaScript, the "–" placeholders stay', async () => {
    api.length = 0;
    const tab = await open(`/${ARTICLE}/`, false);
    expect(await texts(tab, '[data-views]')).toEqual(['–', '–']);
    expect(await texts(tab, '[data-stat]')).toEqual(['–', '–']);
    expect(api).toEqual([]);
    await tab.context().close();
  });
});

describe.runIf(RUNS_HERE)('counter.js on the sample site built by the core build', () => {
  const BASE = '/phuong-cu-khoi/';
  let out: string;
  let site: SiteServer;
  let url: URL;
  let browser: Browser;

  beforeAll(async () => {
    const { build } = await import('../../src/build.ts');
    out = await mkdtemp(join(tmpdir(), 'bantin-counter-site-'));
    const result = await build({ root: REPO, out: join(out, 'dist'), baseUrl: `https://cukhoi.example.gov.vn${BASE}`, now: new Date('2026-11-28T12:00:00+07:00') });
    expect(result.ok).toBe(true);
    const manifest = await readManifest(join(out, 'dist'));
    expect(manifest).toBeDefined();
    // As `bantin serve` does: the mounts come from the manifest the build wrote.
    const mounts = resolveMounts(manifest);
    expect(mounts).toEqual({ basePath: BASE, apiPath: `${BASE}api` });
    site = createSiteServer({
      outDir: join(out, 'dist'),
      basePath: mounts.basePath,
      counter: { path: mounts.apiPath, handler: createCounterHandler({ store: memoryStore(), manifest: async () => manifest, path: mounts.apiPath }) },
    });
    url = await site.listen(0);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    if (out) await rm(out, { recursive: true, force: true });
  });

  it('fills the article byline (front matter count + 1), the index counts and the visitor stats', async () => {
    const manifest = (await readManifest(join(out, 'dist')))!;
    const [id, entry] = Object.entries(manifest.articles).sort((a, b) => b[1].views - a[1].views)[0]!;
    const context = await browser.newContext({ userAgent: BROWSER_UA });
    const tab = await context.newPage();
    expect(entry.path.startsWith(BASE)).toBe(true);
    await tab.goto(new URL(entry.path, url).href, { waitUntil: 'networkidle' });
    await tab.waitForFunction(() => document.querySelector('[data-views-count]')?.textContent !== '–');
    const expected = new Intl.NumberFormat('vi-VN').format(entry.views + 1);
    expect(await texts(tab, `[data-views="${id}"][data-views-count]`)).toEqual([expected]);
    // "Tổng số truy cập" goes on from the old portal's total (site.config.yaml counter.visits).
    const total = new Intl.NumberFormat('vi-VN').format((manifest.visits ?? 0) + 1);
    expect(manifest.visits).toBeGreaterThan(0);
    expect(await texts(tab, '[data-stat="total"]')).toEqual([total]);
    await tab.goto(url.href, { waitUntil: 'networkidle' });
    await tab.waitForFunction(() => [...document.querySelectorAll('[data-views]')].every((e) => e.textContent !== '–'));
    const listed = await tab.$$eval('[data-views]', (elements) => elements.map((e) => [e.getAttribute('data-views')!, e.textContent ?? '']));
    expect(listed.length).toBeGreaterThan(5);
    for (const [listedId, text] of listed) {
      expect(text).toBe(new Intl.NumberFormat('vi-VN').format(manifest.articles[listedId!]!.views + (listedId === id ? 1 : 0)));
    }
    // The same visitor, a minute later: the same visit.
    expect(await texts(tab, '[data-stat="total"]')).toEqual([total]);
    await context.close();
  });
});
