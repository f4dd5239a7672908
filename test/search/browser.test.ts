/**
 * The search page in a real browser: the sample site is built under a base path into a temp folder, served
 * by a small static server on 127.0.0.1, and Debian's Chromium types queries into the search boxes.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium, runsHere } from '../support/browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const BASE = '/phuong-cu-khoi/';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.xml': 'application/xml' };

/** Serves `dir` under `BASE`, recording every path requested. */
async function serve(dir: string, requests: string[]): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      requests.push(url.pathname);
      if (!url.pathname.startsWith(BASE)) return res.writeHead(404).end();
      let file = path.join(dir, decodeURIComponent(url.pathname.slice(BASE.length)));
      if (!file.startsWith(dir)) return res.writeHead(403).end();
      try {
        if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
        const body = await readFile(file);
        res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body);
      } catch {
        res.writeHead(404).end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface Shown {
  state: string;
  query: string;
  status: string;
  titles: string[];
  marks: string[];
  meta: string[];
}

/** Waits until the page has finished searching for `query`, and reads what it shows. */
async function shown(page: Page, query: string): Promise<Shown> {
  await page.waitForFunction(
    (q) => {
      const root = document.querySelector<HTMLElement>('[data-search-index]');
      return root?.dataset['query'] === q && (root.dataset['state'] === 'done' || root.dataset['state'] === 'error');
    },
    query,
    { timeout: 10_000 },
  );
  return page.evaluate(() => {
    const root = document.querySelector<HTMLElement>('[data-search-index]')!;
    const all = (sel: string) => [...root.querySelectorAll(sel)].map((e) => e.textContent ?? '');
    return {
      state: root.dataset['state'] ?? '',
      query: root.dataset['query'] ?? '',
      status: root.querySelector('.search-status')?.textContent ?? '',
      titles: all('.search-result-title'),
      marks: all('.search-result mark'),
      meta: all('.search-result .meta'),
    };
  });
}

/** Replaces the search page box's text by typing `text` key by key, as a reader does. */
async function typeQuery(page: Page, text: string): Promise<Shown> {
  await page.fill('#tu-khoa', '');
  await page.type('#tu-khoa', text);
  return shown(page, text.trim());
}

describe.runIf(runsHere('search browser tests'))('search page in Chromium (sample site)', () => {
  let out = '';
  let browser: Browser | undefined;
  let server: { origin: string; close: () => Promise<void> } | undefined;
  let page: Page;
  const requests: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    out = await mkdtemp(path.join(os.tmpdir(), 'bantin-search-'));
    const result = await build({ root: REPO, out: path.join(out, 'dist'), baseUrl: `https://cukhoi.example.gov.vn${BASE}`, now: new Date('2026-11-28T12:00:00+07:00') });
    expect(result.ok).toBe(true);
    server = await serve(path.join(out, 'dist'), requests);
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (out) await rm(out, { recursive: true, force: true });
  });

  it('loads no index until the reader searches, then searches from the header box', async () => {
    await page.goto(`${server!.origin}${BASE}`);
    expect(requests.some((p) => /\/tim-kiem\/[0-9a-f]{10}\//.test(p))).toBe(false);
    await page.fill('#o-tim-kiem', 'lich tiep cong dan');
    await page.press('#o-tim-kiem', 'Enter');
    await page.waitForURL(`${server!.origin}${BASE}tim-kiem/?q=lich+tiep+cong+dan`);
    const r = await shown(page, 'lich tiep cong dan');
    expect(r.titles[0]).toMatch(/^Lịch tiếp công dân tháng 10\/2026/);
    expect(r.titles[1]).toMatch(/^Lịch tiếp công dân tháng 10\/2020/);
    expect(r.marks.slice(0, 4)).toEqual(['Lịch', 'tiếp', 'công', 'dân']);
    expect(r.meta[0]).toMatch(/^Thông báo\s*\|\s*\d{2}\/\d{2}\/\d{4}$/);
    expect(r.status).toMatch(/^Tìm thấy \d+ bài viết/);
    const href = await page.getAttribute('.search-result-title a', 'href');
    expect(href).toBe(`${BASE}thong-bao/lich-tiep-cong-dan-thang-10-2026/`);
    expect(requests.some((p) => new RegExp(`^${BASE}tim-kiem/[0-9a-f]{10}/meta\\.json$`).test(p))).toBe(true);
    expect(errors).toEqual([]);
  });

  it('finds the same articles typed with or without diacritics', async () => {
    const withTones = await typeQuery(page, 'công tác đảng');
    const without = await typeQuery(page, 'cong tac dang');
    const capitals = await typeQuery(page, 'Cong Tac Dang');
    expect(withTones.titles.length).toBeGreaterThan(2);
    expect([...without.titles].sort()).toEqual([...withTones.titles].sort());
    expect(capitals.titles).toEqual(without.titles);
    expect(without.marks.map((m) => m.toLowerCase())).toContain('đảng');
    expect(page.url()).toContain('?q=Cong+Tac+Dang');
  });

  it('finds a document number and a date as typed, with or without a leading zero', async () => {
    const code = await typeQuery(page, '06-TT/QU');
    expect(code.titles).toHaveLength(3);
    expect(code.marks.every((m) => m === '06-TT/QU')).toBe(true);
    const short = await typeQuery(page, '23/9/2020');
    const padded = await typeQuery(page, '23/09/2020');
    expect(padded.titles).toEqual(short.titles);
    expect(short.titles.some((t) => t.startsWith('Cự Khối tổ chức Hội nghị sơ kết Ban chỉ đạo'))).toBe(true);
    expect(short.marks).toContain('23/9/2020');
  });

  it('completes the word being typed and matches quoted phrases', async () => {
    const typing = await typeQuery(page, 'tiem chu');
    expect(typing.titles.some((t) => /Tiêm|tiêm/.test(t))).toBe(true);
    expect(typing.marks.map((m) => m.toLowerCase())).toContain('chủng');
    const phrase = await typeQuery(page, '"dân biết, dân bàn"');
    expect(phrase.titles.length).toBeGreaterThan(0);
    expect(phrase.marks.map((m) => m.toLowerCase())).toContain('bàn');
  });

  it('works from a plain link, shows more results on demand, and says so when nothing matches', async () => {
    await page.goto(`${server!.origin}${BASE}tim-kiem/?q=${encodeURIComponent('phường')}`);
    const first = await shown(page, 'phường');
    expect(await page.inputValue('#tu-khoa')).toBe('phường');
    expect(first.titles).toHaveLength(10);
    await page.click('.search-more');
    await page.waitForFunction(() => document.querySelectorAll('.search-result').length > 10);
    expect(await page.locator('.search-result').count()).toBeGreaterThan(10);
    const none = await typeQuery(page, 'xyzzy');
    expect(none.titles).toEqual([]);
    expect(none.status).toMatch(/^Không tìm thấy bài viết nào/);
  });

  it('shows untrusted text as text, never as markup', async () => {
    const attack = '<img src=x onerror="window.__pwned=1"> dân';
    await page.goto(`${server!.origin}${BASE}tim-kiem/?q=${encodeURIComponent(attack)}`);
    const r = await shown(page, attack);
    expect(r.status).toContain('<img src=x');
    expect(await page.locator('.search-page img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(errors).toEqual([]);
  });
});
