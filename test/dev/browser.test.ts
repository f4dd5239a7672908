/**
 * `bantin dev` in Debian's Chromium: an open page reloads by itself after a save (through the injected
 * EventSource script), shows the overlay while the file is broken and the page again once it is fixed, and the
 * view counter's page script counts against the dev server at the same origin.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Browser } from 'playwright-core';
import { READER_UA, launchChromium, runsHere } from '../support/browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevCounter, type DevCounter } from '../../src/dev/dev-counter.ts';
import { startDevServer, type DevServer } from '../../src/dev/dev-server.ts';
import { cleanTemps, copyFixture } from '../support/site.ts';


describe.runIf(runsHere('dev server browser tests'))('bantin dev in a browser', () => {
  let browser: Browser;
  let server: DevServer;
  let counter: DevCounter;
  let root: string;

  beforeAll(async () => {
    root = await copyFixture('dev/site');
    counter = createDevCounter({ root });
    server = await startDevServer({ root, drafts: true, future: false, port: 0, routes: [counter.route] });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await counter?.close();
    await cleanTemps();
  });

  it('reloads an open page after each save, through the overlay and back', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(new URL('tin-tuc/ra-quan/', server.url).href);
      await expect.poll(() => server.clients, { timeout: 10_000 }).toBe(1);
      const rel = path.join(root, 'content/tin-tuc/ra-quan.md');
      const good = await readFile(rel, 'utf8');

      await writeFile(rel, good.replace('toàn phường ra quân', 'cả phường ra quân'));
      await page.waitForFunction(() => document.querySelector('main')?.textContent?.includes('cả phường ra quân'), undefined, { timeout: 15_000 });

      await writeFile(rel, good.replace('date: 2021-03-14 07:30', 'date: 30/02/2021'));
      await page.waitForSelector('#bantin-overlay', { timeout: 15_000 });
      expect(await page.textContent('#bantin-messages')).toContain('content/tin-tuc/ra-quan.md:3:7: error: Unexpected date "30/02/2021": no such day or time [date-invalid]');

      await writeFile(rel, good);
      await page.waitForFunction(() => !document.querySelector('#bantin-overlay') && document.querySelector('h1'), undefined, { timeout: 15_000 });
      expect(await page.textContent('h1')).toBe('Ra quân tổng vệ sinh môi trường');
      expect(await page.$('#bantin-overlay')).toBeNull();
    } finally {
      await page.close();
    }
  });

  it('runs the counter script against the dev server: the view is counted and shown', async () => {
    // Headless Chromium names itself in its User-Agent, and the counter does not count bots.
    const page = await browser.newPage({ userAgent: READER_UA });
    try {
      await page.goto(new URL('tin-tuc/hoi-nghi/', server.url).href);
      // 59 carried over from the old portal, plus this view.
      await page.waitForFunction(() => document.querySelector('.byline [data-views]')?.textContent === '60', undefined, { timeout: 15_000 });
      await page.waitForFunction(() => document.querySelector('[data-stat="total"]')?.textContent === '1', undefined, { timeout: 15_000 });
    } finally {
      await page.close();
    }
  });
});
