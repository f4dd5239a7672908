/**
 * The readers' view (issue 6), in Debian's Chromium: the sample site built by the core build and served with
 * the real view counter (SQLite) behind it, opened as a reader on a phone (360×740) and a desktop
 * (1366×768). Home, a category page and an article page must fit the screen, set every text at 16px or
 * more, have big tap targets, show the counts the counter returned, read completely with JavaScript off
 * without any box moving, pass axe's WCAG 2.1 A/AA rules, draw Vietnamese with real glyphs, and each article
 * page must stay under 40 KB of HTML, CSS and JS with no render-blocking script and no third-party request.
 * Screenshots go to test-results/screenshots/, the measured weights to test-results/page-weight.json.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONE_UA, READER_UA, launchChromium, runsHere } from '../support/browser.ts';
import {
  boxedCharacters,
  countBoxes,
  countTexts,
  layoutFacts,
  layoutShift,
  pageWeight,
  platformFonts,
  readableText,
  type PageWeight,
} from './support/page-checks.ts';
import { REPO, startSampleSite, type SampleSite } from './support/sample-site.ts';

const SCREENSHOTS = path.join(REPO, 'test-results', 'screenshots');
const WEIGHTS = path.join(REPO, 'test-results', 'page-weight.json');

/** The article every test reads: the reference page of the old portal, migrated with its count of 59. */
const ARTICLE_ID = 'cong-tac-dang/so-ket-quy-che-dan-chu-9-thang-2020';

/** The three pages, by name: the category is the one long enough to paginate. */
const PAGES = { home: '/', category: '/tin-tuc-su-kien/', article: `/${ARTICLE_ID}/` } as const;
type PageName = keyof typeof PAGES;
const PAGE_NAMES = Object.keys(PAGES) as PageName[];

const VIEWPORTS = [
  { name: '360x740', width: 360, height: 740 },
  { name: '1366x768', width: 1366, height: 768 },
] as const;
type Viewport = (typeof VIEWPORTS)[number];

/** The budget of HTML + CSS + JS per article page, uncompressed. */
const BUDGET_BYTES = 40 * 1024;

const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Every letter of Vietnamese, both cases, each vowel with its five tone marks, and đ. */
const VIETNAMESE_LETTERS = (() => {
  const vowels = 'aăâeêioôơuưy';
  const tones = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
  const lower = [...'bcdđghklmnpqrstvx', ...[...vowels].flatMap((v) => tones.map((t) => (v + t).normalize('NFC')))].join('');
  return lower + lower.toUpperCase();
})();

const vi = new Intl.NumberFormat('vi-VN');

const RUN = runsHere('readers\' view browser tests');
/** The glyph checks also need the theme's font installed (fonts-noto-core). */
const GLYPHS = RUN && runsHere('Vietnamese glyph checks', { fonts: true });

describe.runIf(RUN)('readers\' view in Chromium (sample site, real counter)', () => {
  let site: SampleSite;
  let browser: Browser;
  /** Requests any page made to another origin (cut off before they leave, but in the page-weight pass). */
  const foreign: string[] = [];
  /** Script errors and console errors of every page. */
  const errors: string[] = [];

  beforeAll(async () => {
    [site, browser] = await Promise.all([startSampleSite(), launchChromium()]);
    await mkdir(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  /**
   * A fresh context (no cache, no storage) as one reader. Requests to other origins are recorded; unless
   * `intercept` is false (the page-weight pass, where routing every request through the test would slow
   * each page) they are also cut off before they leave.
   */
  async function reader(options: { viewport?: Viewport; javaScriptEnabled?: boolean; userAgent?: string; intercept?: boolean } = {}): Promise<BrowserContext> {
    const viewport = options.viewport ?? VIEWPORTS[1];
    const context = await browser.newContext({
      viewport: { width: viewport.width, height: viewport.height },
      deviceScaleFactor: 1,
      javaScriptEnabled: options.javaScriptEnabled ?? true,
      userAgent: options.userAgent ?? READER_UA,
      locale: 'vi-VN',
    });
    if (options.intercept === false) {
      context.on('request', (request) => {
        if (!request.url().startsWith(`${site.origin}/`)) foreign.push(request.url());
      });
    } else {
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith(`${site.origin}/`)) return route.continue();
        foreign.push(url);
        return route.abort('blockedbyclient');
      });
    }
    context.on('weberror', (e) => errors.push(e.error().message));
    context.on('console', (m) => {
      // The theme declares its icon, so no console error (such as a 404 for /favicon.ico) is expected.
      if (m.type() === 'error') errors.push(m.text());
    });
    return context;
  }

  /** The counter's answers a page load brings, by kind. */
  interface CounterAnswers {
    visit: { online: number; total: number };
    /** The article's own count (article page only). */
    view?: { id: string; views: number };
    /** The listed counts (index pages). */
    listed?: Record<string, number>;
    /** The layout shift Chromium recorded from the start of the load until the counts were shown. */
    shift: number;
  }

  /**
   * Opens `name` with JavaScript on and waits until the counter answered and the page shows the answers:
   * the JSON bodies are read from the responses as the page received them.
   */
  async function openCounted(context: BrowserContext, name: PageName): Promise<{ page: Page; answers: CounterAnswers }> {
    const page = await context.newPage();
    const api = `${site.origin}${site.apiPath}`;
    const answer = (test: (r: Response) => boolean): Promise<unknown> => page.waitForResponse(test).then((r) => r.json());
    const visit = answer((r) => r.url() === `${api}/visit` && r.request().method() === 'POST');
    const view = name === 'article' ? answer((r) => r.url().startsWith(`${api}/views/`) && r.request().method() === 'POST') : undefined;
    const listed = name === 'article' ? undefined : answer((r) => r.url().startsWith(`${api}/views?ids=`) && r.request().method() === 'GET');
    await page.goto(`${site.origin}${PAGES[name]}`, { waitUntil: 'load' });
    const answers: CounterAnswers = { visit: (await visit) as CounterAnswers['visit'], shift: 0 };
    if (view) answers.view = (await view) as CounterAnswers['view'];
    if (listed) answers.listed = ((await listed) as { views: Record<string, number> }).views;
    // The page shows what it received once the script wrote it: wait for the last place it fills.
    await page.waitForFunction(
      (total) => document.querySelector('[data-stat="total"]')?.textContent === total,
      vi.format(answers.visit.total),
    );
    if (answers.view) {
      await page.waitForFunction((views) => document.querySelector('[data-views-count]')?.textContent === views, vi.format(answers.view.views));
    }
    if (answers.listed) {
      await page.waitForFunction(() => [...document.querySelectorAll('[data-views]')].every((e) => e.textContent !== '–'));
    }
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    // Before anything else touches the page (a full-page screenshot resizes the viewport).
    answers.shift = await layoutShift(page);
    return { page, answers };
  }

  /** Opens `name` with JavaScript off. */
  async function openStatic(context: BrowserContext, name: PageName): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${site.origin}${PAGES[name]}`, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    return page;
  }

  describe.each(VIEWPORTS)('at $name', (viewport) => {
    /** Each page opened once by a reader with JavaScript on (counts filled) and once with it off. */
    const opened = new Map<PageName, { counted: Page; answers: CounterAnswers; plain: Page }>();
    let withScript: BrowserContext | undefined;
    let without: BrowserContext | undefined;

    beforeAll(async () => {
      withScript = await reader({ viewport });
      without = await reader({ viewport, javaScriptEnabled: false });
      for (const name of PAGE_NAMES) {
        const [{ page: counted, answers }, plain] = await Promise.all([openCounted(withScript, name), openStatic(without, name)]);
        opened.set(name, { counted, answers, plain });
      }
    });

    afterAll(async () => {
      await withScript?.close();
      await without?.close();
    });

    const get = (name: PageName): { counted: Page; answers: CounterAnswers; plain: Page } => opened.get(name)!;

    it.each(PAGE_NAMES)('%s fits the screen, sets every text at 16px or more, has 44×44 tap targets (screenshot taken)', async (name) => {
      const { counted } = get(name);
      await counted.screenshot({ path: path.join(SCREENSHOTS, `${name}-${viewport.name}.png`), fullPage: true });
      const facts = await layoutFacts(counted);

      expect(facts.innerWidth).toBe(viewport.width);
      expect(facts.overflowing, 'elements reaching past the screen edge').toEqual([]);
      expect(facts.scrollWidth).toBeLessThanOrEqual(facts.innerWidth);
      expect(facts.textRuns).toBeGreaterThan(20);
      expect(facts.smallText, 'text set under 16px').toEqual([]);
      // The site title, the search box and its button, five categories; and the pagination on the category.
      expect(facts.targets).toBeGreaterThanOrEqual(name === 'category' ? 10 : 8);
      expect(facts.smallTargets, 'tap targets under 44×44').toEqual([]);
      expect(facts.detachedCounts, 'counts on another line than "Lượt xem:"').toEqual([]);
      expect(foreign).toEqual([]);
      expect(errors).toEqual([]);
    });

    it.each(PAGE_NAMES)('%s shows the counts the counter returned, and filling them moved nothing', async (name) => {
      const { counted, answers } = get(name);
      const texts = await countTexts(counted);

      expect(answers.visit.online).toBeGreaterThanOrEqual(1);
      expect(answers.visit.total).toBeGreaterThanOrEqual(1);
      expect(texts['stat online']).toBe(vi.format(answers.visit.online));
      expect(texts['stat total']).toBe(vi.format(answers.visit.total));
      expect(await counted.locator('.stats').innerText()).toMatch(/^Thống kê truy cập\s+Đang online\s+[\d.]+\s+Tổng số truy cập\s+[\d.]+$/);

      if (name === 'article') {
        // A fresh store: the count migrated from the old portal (59) plus this reader's one view; the view
        // at the second viewport falls in the 30-minute window and is not counted again.
        expect(answers.view).toEqual({ id: ARTICLE_ID, views: site.manifest.articles[ARTICLE_ID]!.views + 1 });
        const byline = await counted.locator('.byline').innerText();
        expect(byline).toMatch(/^Ngày đăng \d{2}\/\d{2}\/\d{4} \| \d{2}:\d{2} \| Lượt xem: [\d.]+$/);
        expect(byline.endsWith(`Lượt xem: ${vi.format(answers.view!.views)}`)).toBe(true);
        // However narrow the screen, the date and time stay on one line, and so do "| Lượt xem: 60": a line
        // never ends on a separator.
        const sameLine = await counted.locator('.byline .sep').evaluateAll((seps) =>
          seps.map((sep) => {
            let next = sep.nextSibling;
            while (next && !next.textContent?.trim()) next = next.nextSibling;
            const range = document.createRange();
            range.selectNodeContents(next!);
            return Math.abs(sep.getBoundingClientRect().top - range.getClientRects()[0]!.top) < 2;
          }),
        );
        expect(sameLine).toEqual([true, true]);
      } else {
        const shown = Object.entries(texts).filter(([key]) => key.startsWith('views '));
        expect(shown.length).toBeGreaterThan(5);
        for (const [key, text] of shown) {
          const id = key.split(' ')[1]!;
          expect(answers.listed![id], `count of ${id}`).toBeTypeOf('number');
          expect(text, `count of ${id}`).toBe(vi.format(answers.listed![id]!));
        }
      }
      expect(answers.shift, 'layout shift while the page loaded and the counts were filled').toBe(0);
      expect(errors).toEqual([]);
    });

    it.each(PAGE_NAMES)('%s reads completely with JavaScript off: "–" in the count places, the same boxes', async (name) => {
      const { counted, plain } = get(name);
      await plain.screenshot({ path: path.join(SCREENSHOTS, `${name}-${viewport.name}-no-js.png`), fullPage: true });

      const placeholders = await countTexts(plain);
      expect(Object.keys(placeholders).length).toBeGreaterThanOrEqual(name === 'article' ? 3 : 7);
      expect(new Set(Object.values(placeholders))).toEqual(new Set(['–']));
      const text = await readableText(plain);
      expect(text).toContain('Thống kê truy cập');
      expect(text).toMatch(/Đang online\s+–/);
      expect(text).toMatch(/Tổng số truy cập\s+–/);
      if (name === 'article') {
        expect(await plain.locator('.byline').innerText()).toMatch(/^Ngày đăng \d{2}\/\d{2}\/\d{4} \| \d{2}:\d{2} \| Lượt xem: –$/);
        expect(await plain.locator('.article-body p').count()).toBeGreaterThan(3);
      }
      // Everything a reader reads is there without the script; only the numbers are missing.
      expect(text).toBe(await readableText(counted));
      const [on, off] = [await countBoxes(counted), await countBoxes(plain)];
      expect(Object.keys(off)).toContain('stats 0');
      if (name === 'article') expect(Object.keys(off)).toContain('byline 0');
      expect(off).toEqual(on);
      expect(await layoutFacts(plain)).toMatchObject({ overflowing: [], smallText: [], smallTargets: [], detachedCounts: [] });
    });

    it.each(PAGE_NAMES)('%s has no axe violation of WCAG 2.1 A/AA, nor of target size (2.2, 2.5.8)', async (name) => {
      const { counted } = get(name);
      // axe's one WCAG 2.2 AA rule is target-size; its tag comes along so that one run checks both.
      // Legacy mode runs axe in the page itself, without opening a helper page (there are no frames to visit).
      const result = await new AxeBuilder({ page: counted }).withTags([...WCAG_21_AA, 'wcag22aa', 'best-practice']).setLegacyMode().analyze();
      const found = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
      expect(found).toEqual([]);
      expect(result.passes.map((p) => p.id)).toEqual(expect.arrayContaining(['color-contrast', 'target-size', 'html-lang-valid', 'landmark-one-main', 'heading-order']));
    });

    // Glyphs do not depend on the viewport: checked on the phone's pages only.
    if (viewport === VIEWPORTS[0]) it.runIf(GLYPHS).each(PAGE_NAMES)('%s draws all its text with Noto Sans, no character as a box', async (name) => {
      const { counted } = get(name);
      const fonts = await platformFonts(counted);
      const families = new Set([...fonts.keys()].map((k) => k.replace(/ \(.*$/, '')));
      expect(families, `fonts used: ${JSON.stringify(Object.fromEntries(fonts))}`).toEqual(new Set(['Noto Sans']));
      expect(fonts.get('Noto Sans (NotoSans-Regular)')!.glyphs).toBeGreaterThan(1000);
      const text = await counted.evaluate(() => document.body.innerText);
      expect(text).toContain('Thống kê truy cập');
      expect(await boxedCharacters(counted, text)).toEqual([]);
      expect(await boxedCharacters(counted, text, 'bold')).toEqual([]);
    });
  });

  describe.runIf(GLYPHS)('Vietnamese glyphs', () => {
    let context: BrowserContext | undefined;
    let page: Page;

    beforeAll(async () => {
      context = await reader({ javaScriptEnabled: false });
      page = await openStatic(context, 'home');
    });

    afterAll(async () => {
      await context?.close();
    });

    it('the theme\'s font stack resolves to Noto Sans, which draws every Vietnamese letter itself, regular and bold', async () => {
      expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toMatch(/^"Noto Sans",/);
      // The whole alphabet, regular and bold, set in the page so that Chromium lays it out as body text.
      await page.evaluate((letters) => {
        for (const weight of ['400', '700']) {
          const p = document.createElement('p');
          p.style.fontWeight = weight;
          p.textContent = letters;
          document.querySelector('main')!.prepend(p);
        }
      }, VIETNAMESE_LETTERS);
      const fonts = await platformFonts(page);
      expect([...fonts.keys()].sort()).toEqual(['Noto Sans (NotoSans-Bold)', 'Noto Sans (NotoSans-Regular)']);
      expect(await boxedCharacters(page, VIETNAMESE_LETTERS)).toEqual([]);
      expect(await boxedCharacters(page, VIETNAMESE_LETTERS, 'bold')).toEqual([]);
    });

    it('the box check finds a real box: code points no font has are boxes, Vietnamese is not', async () => {
      expect(await boxedCharacters(page, 'Đảng ủy phường Cự Khối – Thống kê truy cập \u0379\u0380')).toEqual(['\u0379', '\u0380']);
    });
  });

  describe('page weight', () => {
    const measured: PageWeight[] = [];

    afterAll(async () => {
      if (measured.length === 0) return;
      await mkdir(path.dirname(WEIGHTS), { recursive: true });
      const rows = measured.map(({ path, html, css, js, gzip, api, resources }) => ({ path, html, css, js, total: html + css + js, gzip, api, requests: resources.length }));
      await writeFile(WEIGHTS, `${JSON.stringify(rows, null, 2)}\n`);
    });

    it('every article page: HTML + CSS + JS under 40 KB, no render-blocking script, nothing from another origin', async () => {
      // Another reader than the other tests', so that this many counting requests stay under one reader's rate limit.
      const context = await reader({ viewport: VIEWPORTS[0], userAgent: PHONE_UA, intercept: false });
      try {
        const page = await context.newPage();
        const articles = Object.values(site.manifest.articles).map((a) => a.path).sort();
        expect(articles.length).toBeGreaterThan(12);
        for (const article of articles) {
          const weight = await pageWeight(page, `${site.origin}${article}`);
          measured.push(weight);
          expect(weight.resources.every((r) => r.status === 200), `${article}: ${JSON.stringify(weight.resources)}`).toBe(true);
          expect(weight.html, article).toBeGreaterThan(1000);
          expect(weight.css, article).toBeGreaterThan(1000);
          expect(weight.js, article).toBeGreaterThan(500);
          expect(weight.html + weight.css + weight.js, `${article}: HTML ${weight.html} + CSS ${weight.css} + JS ${weight.js}`).toBeLessThan(BUDGET_BYTES);
          expect(weight.renderBlocking, article).toEqual([]);
          expect(weight.blockingScripts, article).toEqual([]);
          expect(weight.resources.map((r) => new URL(r.url).origin).filter((o) => o !== site.origin)).toEqual([]);
        }
        expect(foreign).toEqual([]);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });

    it('home and category pages: measured too, no render-blocking script, nothing from another origin', async () => {
      const context = await reader({ viewport: VIEWPORTS[0], userAgent: PHONE_UA, intercept: false });
      try {
        const page = await context.newPage();
        for (const name of ['home', 'category'] as const) {
          const weight = await pageWeight(page, `${site.origin}${PAGES[name]}`);
          measured.push(weight);
          expect(weight.html + weight.css + weight.js).toBeGreaterThan(10_000);
          expect(weight.renderBlocking).toEqual([]);
          expect(weight.blockingScripts).toEqual([]);
          expect(weight.resources.every((r) => r.url.startsWith(`${site.origin}/`))).toBe(true);
        }
        expect(foreign).toEqual([]);
      } finally {
        await context.close();
      }
    });
  });
});
