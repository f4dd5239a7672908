/**
 * Media in a real browser: the media fixture site is built under a base path, served on 127.0.0.1, and opened in
 * Debian's Chromium. Every request to another host is intercepted (answered locally, never sent) and recorded, so
 * the test sees exactly what a page asks of third parties: nothing before the reader clicks a video.
 */
import { readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { type Browser, type BrowserContext } from 'playwright-core';
import { launchChromium, runsHere } from '../support/browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build.ts';
import { cleanTemps, tempDir } from '../support/site.ts';
import { mediaSite } from './support.ts';

const BASE = '/phuong/';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.jpg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp', '.mp4': 'video/mp4' };

/** Serves `dir` under `BASE` on 127.0.0.1. */
async function serve(dir: string): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (!url.pathname.startsWith(BASE)) return res.writeHead(404).end();
      let file = path.join(dir, decodeURIComponent(url.pathname.slice(BASE.length)));
      if (!file.startsWith(dir)) return res.writeHead(403).end();
      try {
        if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
        res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(await readFile(file));
      } catch {
        res.writeHead(404).end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe.runIf(runsHere('media browser tests'))('media in Chromium', () => {
  let browser: Browser | undefined;
  let server: { origin: string; close: () => Promise<void> } | undefined;
  /** URLs of requests to any host but the test server. */
  const external: string[] = [];

  /** A browser context whose requests to other hosts are recorded and answered with a blank page. */
  async function context(options: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
    const ctx = await browser!.newContext({ viewport: { width: 1280, height: 900 }, ...options });
    await ctx.route('**/*', async (route) => {
      const url = route.request().url();
      if (url.startsWith(server!.origin)) return route.continue();
      external.push(url);
      return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>ngoài</title>' });
    });
    return ctx;
  }

  beforeAll(async () => {
    const root = await mediaSite();
    const out = path.join(await tempDir(), 'dist');
    const result = await build({ root, out, baseUrl: `https://example.gov.vn${BASE}`, now: new Date('2026-11-01T00:00:00Z') });
    expect(result.ok).toBe(true);
    server = await serve(out);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await cleanTemps();
  });

  it('asks nothing of YouTube until the reader clicks, then loads the youtube-nocookie player in place', async () => {
    external.length = 0;
    const ctx = await context();
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server!.origin}${BASE}tin-tuc/ra-quan/`, { waitUntil: 'networkidle' });
    await page.mouse.wheel(0, 2000);
    await page.waitForLoadState('networkidle');
    expect(external).toEqual([]);
    expect(await page.locator('iframe').count()).toBe(0);

    await page.click('a.video-poster');
    const frame = page.locator('figure.video iframe.video-player');
    await frame.waitFor();
    expect(await frame.getAttribute('src')).toBe('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1');
    expect(await frame.getAttribute('title')).toBe('Ra quân ngày Chủ nhật xanh');
    expect(await page.locator('a.video-poster').count()).toBe(0);
    expect(page.url()).toBe(`${server!.origin}${BASE}tin-tuc/ra-quan/`);
    await expect.poll(() => external).toEqual(['https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1']);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('IFRAME');
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('starts the player from the keyboard too', async () => {
    external.length = 0;
    const ctx = await context();
    const page = await ctx.newPage();
    await page.goto(`${server!.origin}${BASE}thong-bao/lich-tiep-dan/`, { waitUntil: 'networkidle' });
    expect(external).toEqual([]);
    await page.focus('a.video-poster');
    await page.keyboard.press('Enter');
    await page.locator('iframe.video-player').waitFor();
    expect(await page.locator('iframe.video-player').getAttribute('src')).toMatch(/^https:\/\/www\.facebook\.com\/plugins\/video\.php\?href=/);
    await ctx.close();
  });

  it('without scripts, the video is a plain link to its page on YouTube', async () => {
    external.length = 0;
    const ctx = await context({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(`${server!.origin}${BASE}tin-tuc/ra-quan/`, { waitUntil: 'networkidle' });
    expect(external).toEqual([]);
    await Promise.all([page.waitForURL('https://www.youtube.com/watch?v=dQw4w9WgXcQ'), page.click('a.video-poster')]);
    expect(external).toEqual(['https://www.youtube.com/watch?v=dQw4w9WgXcQ']);
    await ctx.close();
  });

  it('reserves each picture its place before it loads (width/height), and picks a WebP size', async () => {
    external.length = 0;
    const ctx = await context();
    const page = await ctx.newPage();
    await page.goto(`${server!.origin}${BASE}tin-tuc/hoi-nghi/`, { waitUntil: 'domcontentloaded' });
    const measure = (selector: string) =>
      page.$$eval(selector, (imgs) =>
        imgs.map((img) => ({ ratio: Number(img.getAttribute('width')) / Number(img.getAttribute('height')), width: img.getBoundingClientRect().width, height: img.getBoundingClientRect().height })),
      );
    const body = await measure('.article-body img');
    expect(body.length).toBe(2);
    for (const box of body) {
      expect(box.height).toBeGreaterThan(0);
      expect(Math.abs(box.width / box.height - box.ratio)).toBeLessThan(0.02);
    }
    // Gallery thumbnails are cropped to one 4:3 grid, whatever the picture's own shape.
    const thumbs = await measure('.gallery img');
    expect(thumbs.length).toBe(2);
    for (const box of thumbs) expect(Math.abs(box.width / box.height - 4 / 3)).toBeLessThan(0.02);
    await page.mouse.wheel(0, 3000);
    await page.waitForLoadState('networkidle');
    const current = await page.$eval('.article-body picture img', (img) => (img as HTMLImageElement).currentSrc);
    expect(current).toMatch(/\/phuong\/assets\/media\/quang-canh-\d+\.[0-9a-f]{10}\.webp$/);
    await page.goto(`${server!.origin}${BASE}`, { waitUntil: 'networkidle' });
    expect(await page.locator('section.media-block li').count()).toBe(5);
    expect(external).toEqual([]);
    await ctx.close();
  });
});
