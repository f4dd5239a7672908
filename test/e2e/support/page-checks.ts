/**
 * What the readers' view tests measure in the page, each a function of a Playwright page that returns plain
 * data for the test to assert on: overflow, type sizes, tap targets, the boxes of the count places, the fonts
 * Chromium really drew with, glyphs drawn as boxes, and the network weight of a page.
 */
import { gzipSync } from 'node:zlib';
import type { Page, Request } from 'playwright-core';

/** The smallest type the theme may use for any text a reader sees (CSS px). */
export const MIN_TEXT_PX = 16;

/** The smallest tap target in the header, the navigation, the search box and the pagination (CSS px). */
export const MIN_TARGET_PX = 44;

/** Links and controls that must be at least {@link MIN_TARGET_PX} square. */
export const BIG_TARGETS = '.site-header a, .site-header button, .site-header input, .site-nav a, .pagination a, .pagination [aria-current]';

/** A text a reader sees that is set too small. */
export interface SmallText {
  /** Where: the element's tag and classes, e.g. "time.meta". */
  where: string;
  text: string;
  px: number;
}

/** A tap target smaller than it should be. */
export interface SmallTarget {
  where: string;
  text: string;
  width: number;
  height: number;
}

/** The layout facts of one page at one viewport. */
export interface LayoutFacts {
  innerWidth: number;
  scrollWidth: number;
  /** Elements reaching past either edge of the screen (what causes sideways scrolling). */
  overflowing: string[];
  smallText: SmallText[];
  smallTargets: SmallTarget[];
  /** Count places that stand on another line than their label "Lượt xem:" (the ids). */
  detachedCounts: string[];
  /** How many visible text runs and big targets were looked at (so an empty page cannot pass). */
  textRuns: number;
  targets: number;
}

/** Measures overflow, type sizes of every visible text and the size of the big tap targets. */
export function layoutFacts(page: Page): Promise<LayoutFacts> {
  return page.evaluate(
    ({ minText, minTarget, bigTargets }) => {
      const describe = (e: Element): string => `${e.tagName.toLowerCase()}${[...e.classList].map((c) => `.${c}`).join('')}`;
      // Text hidden from everyone, or kept for screen readers only; what is not rendered has no box anyway.
      const hidden = (e: Element): boolean => e.closest('.visually-hidden, [hidden], [aria-hidden="true"]') !== null;
      // Inside a box that scrolls or clips on its own (a wide table), reaching past the screen is no page scroll.
      const clipped = (e: Element): boolean => {
        for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) if (getComputedStyle(a).overflowX !== 'visible') return true;
        return false;
      };
      const smallText: { where: string; text: string; px: number }[] = [];
      let textRuns = 0;
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent?.trim() ?? '';
        const parent = node.parentElement;
        if (!text || !parent || hidden(parent)) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const rect = range.getBoundingClientRect();
        // Not rendered, or the skip link parked off screen until it gets focus.
        if (rect.width === 0 || rect.height === 0 || rect.right < 0) continue;
        textRuns++;
        const px = parseFloat(getComputedStyle(parent).fontSize);
        if (px < minText) smallText.push({ where: describe(parent), text: text.slice(0, 60), px });
      }
      const smallTargets: { where: string; text: string; width: number; height: number }[] = [];
      const targets = [...document.querySelectorAll(bigTargets)].filter((e) => !hidden(e) && e.getClientRects().length > 0);
      for (const e of targets) {
        const r = e.getBoundingClientRect();
        if (r.width < minTarget || r.height < minTarget) {
          smallTargets.push({ where: describe(e), text: (e.textContent ?? (e as HTMLInputElement).placeholder).trim().slice(0, 40), width: Math.round(r.width * 10) / 10, height: Math.round(r.height * 10) / 10 });
        }
      }
      const innerWidth = window.innerWidth;
      const overflowing = [...document.body.querySelectorAll('*')]
        .filter((e) => {
          const r = e.getBoundingClientRect();
          return r.width > 0 && (r.right > innerWidth + 0.5 || r.left < -0.5) && !hidden(e) && !e.matches('.skip-link') && !clipped(e);
        })
        .map(describe);
      const detachedCounts = [...document.querySelectorAll('[data-views]')]
        .filter((e) => {
          const label = e.previousSibling;
          if (!label || !label.textContent?.includes('Lượt xem')) return true;
          const range = document.createRange();
          range.selectNodeContents(label);
          const rects = range.getClientRects();
          const last = rects[rects.length - 1];
          const count = e.getBoundingClientRect();
          return !last || last.bottom <= count.top || last.top >= count.bottom;
        })
        .map((e) => e.getAttribute('data-views') ?? '');
      return { innerWidth, scrollWidth: document.documentElement.scrollWidth, overflowing, smallText, smallTargets, detachedCounts, textRuns, targets: targets.length };
    },
    { minText: MIN_TEXT_PX, minTarget: MIN_TARGET_PX, bigTargets: BIG_TARGETS },
  );
}

/** A box in page coordinates (CSS px, rounded to a tenth). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The boxes of the byline, the "Thống kê truy cập" block and every count place (`[data-views]`,
 * `[data-stat]`), keyed by a stable name, in page coordinates.
 */
export function countBoxes(page: Page): Promise<Record<string, Box>> {
  return page.evaluate(() => {
    const round = (n: number): number => Math.round(n * 10) / 10;
    const boxes: Record<string, { x: number; y: number; width: number; height: number }> = {};
    const add = (name: string, e: Element): void => {
      const r = e.getBoundingClientRect();
      boxes[name] = { x: round(r.left + scrollX), y: round(r.top + scrollY), width: round(r.width), height: round(r.height) };
    };
    document.querySelectorAll('.byline').forEach((e, i) => add(`byline ${i}`, e));
    document.querySelectorAll('.stats').forEach((e, i) => add(`stats ${i}`, e));
    document.querySelectorAll('[data-views]').forEach((e, i) => add(`views ${e.getAttribute('data-views')} ${i}`, e));
    document.querySelectorAll('[data-stat]').forEach((e) => add(`stat ${e.getAttribute('data-stat')}`, e));
    return boxes;
  });
}

/** The texts of the count places, keyed as in {@link countBoxes}. */
export function countTexts(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const texts: Record<string, string> = {};
    document.querySelectorAll('[data-views]').forEach((e, i) => (texts[`views ${e.getAttribute('data-views')} ${i}`] = e.textContent ?? ''));
    document.querySelectorAll('[data-stat]').forEach((e) => (texts[`stat ${e.getAttribute('data-stat')}`] = e.textContent ?? ''));
    return texts;
  });
}

/**
 * What a reader reads: the rendered text of the header, main, sidebar and footer, with every count place
 * showing "–" (the page's counts are put back afterwards).
 */
export function readableText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const places = [...document.querySelectorAll('[data-views], [data-stat]')];
    const shown = places.map((e) => e.textContent);
    places.forEach((e) => (e.textContent = '–'));
    const text = [...document.querySelectorAll('body > header, main, aside, body > footer')].map((e) => (e as HTMLElement).innerText).join('\n');
    places.forEach((e, i) => (e.textContent = shown[i]!));
    return text;
  });
}

/**
 * The sum of the layout-shift scores Chromium recorded on the page so far (Cumulative Layout Shift over the
 * page's life, without the 1-second session windows): 0 when filling the counts moved nothing.
 */
export function layoutShift(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let sum = 0;
        const observer = new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) sum += (entry as PerformanceEntry & { value: number }).value;
        });
        observer.observe({ type: 'layout-shift', buffered: true });
        // Buffered entries arrive in a task of their own; two frames later they have all been delivered.
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            for (const entry of observer.takeRecords()) sum += (entry as PerformanceEntry & { value: number }).value;
            observer.disconnect();
            resolve(sum);
          }),
        );
      }),
  );
}

/** A font Chromium drew some text with, and how many glyphs. */
export interface UsedFont {
  familyName: string;
  postScriptName: string;
  glyphCount: number;
}

/**
 * The platform fonts Chromium drew the visible text of the page with (DevTools protocol
 * `CSS.getPlatformFontsForNode` on every text node of the body), summed over the page, with a few of the
 * texts drawn with each.
 */
export async function platformFonts(page: Page): Promise<Map<string, { glyphs: number; samples: string[] }>> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    interface DomNode {
      nodeId: number;
      nodeType: number;
      nodeName: string;
      nodeValue: string;
      children?: DomNode[];
    }
    const textNodes = async (): Promise<DomNode[]> => {
      const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
      const texts: DomNode[] = [];
      const walk = (node: DomNode, inBody: boolean): void => {
        const body = inBody || node.nodeName === 'BODY';
        if (node.nodeType === 3 && body && node.nodeValue.trim()) texts.push(node);
        if (['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE'].includes(node.nodeName)) return;
        for (const child of node.children ?? []) walk(child, body);
      };
      walk(root as DomNode, false);
      return texts;
    };
    const fontsOf = (texts: DomNode[]) =>
      Promise.all(texts.map(async (text) => ({ text, fonts: (await cdp.send('CSS.getPlatformFontsForNode', { nodeId: text.nodeId })).fonts })));
    // The protocol may drop the node ids it handed out when the document is touched (e.g. by Playwright's
    // own utilities) between the two calls: ask again with a fresh tree once.
    const found = await fontsOf(await textNodes()).catch(async () => fontsOf(await textNodes()));
    const used = new Map<string, { glyphs: number; samples: string[] }>();
    for (const { text, fonts } of found) {
      for (const font of fonts) {
        const name = `${font.familyName} (${font.postScriptName})`;
        const entry = used.get(name) ?? { glyphs: 0, samples: [] };
        entry.glyphs += font.glyphCount;
        if (entry.samples.length < 5) entry.samples.push(text.nodeValue.trim().slice(0, 40));
        used.set(name, entry);
      }
    }
    return used;
  } finally {
    await cdp.detach();
  }
}

/**
 * The characters of `text` that Chromium draws as a box in the page's body font: each is drawn alone on a
 * canvas in that font (with the fallback fonts Chromium would use for it) and compared pixel for pixel with
 * a code point no font has (U+0378, unassigned), which can only be drawn as the missing-glyph box.
 */
export function boxedCharacters(page: Page, text: string, weight = 'normal'): Promise<string[]> {
  return page.evaluate(
    ({ text, weight }) => {
      const style = getComputedStyle(document.body);
      const canvas = document.createElement('canvas');
      canvas.width = 64;
      canvas.height = 64;
      const context = canvas.getContext('2d', { willReadFrequently: true })!;
      context.font = `${weight} 32px ${style.fontFamily}`;
      context.textBaseline = 'middle';
      const draw = (ch: string): Uint8ClampedArray => {
        context.clearRect(0, 0, 64, 64);
        context.fillText(ch, 8, 32);
        return context.getImageData(0, 0, 64, 64).data;
      };
      const missing = draw('\u0378');
      const same = (a: Uint8ClampedArray): boolean => a.every((v, i) => v === missing[i]);
      return [...new Set(text.normalize('NFC'))].filter((ch) => ch.trim() !== '' && same(draw(ch)));
    },
    { text, weight },
  );
}

/** One resource a page loaded, as the network log shows it. */
export interface Loaded {
  url: string;
  /** Playwright's resource type: document, stylesheet, script, fetch, image, font, … */
  type: string;
  status: number;
  /** Body bytes as the page received them, decoded (uncompressed). */
  bytes: number;
  /** The same body gzipped (level 6, as web servers do by default): what a reader would download. */
  gzip: number;
}

/** What one page load cost, from the network log and the browser's resource timing. */
export interface PageWeight {
  path: string;
  resources: Loaded[];
  /** Uncompressed bytes of the HTML document, the stylesheets and the scripts. */
  html: number;
  css: number;
  js: number;
  /** Uncompressed bytes of the counter's JSON answers (not part of the budget). */
  api: number;
  /** HTML + CSS + JS gzipped. */
  gzip: number;
  /** Resources Chromium marks render-blocking (PerformanceResourceTiming.renderBlockingStatus). */
  renderBlocking: string[];
  /** `<script src>` elements that are neither `defer`, `async` nor modules, and not at the end of the body. */
  blockingScripts: string[];
}

/**
 * Opens `url` in `page` with the browser cache off (as a first-time reader gets it), waits until every
 * request the page made has finished (the counter's too), and sums what it loaded by kind.
 */
export async function pageWeight(page: Page, url: string): Promise<PageWeight> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const pending: Promise<Loaded | undefined>[] = [];
  const settle = async (request: Request): Promise<Loaded | undefined> => {
    const response = await request.response();
    if (!response) return undefined;
    const body = await response.body().catch(() => Buffer.alloc(0));
    return { url: request.url(), type: request.resourceType(), status: response.status(), bytes: body.byteLength, gzip: gzipSync(body).byteLength };
  };
  const onRequest = (request: Request): void => void pending.push(settle(request));
  page.on('request', onRequest);
  try {
    await page.goto(url, { waitUntil: 'load' });
    // The counter's requests all start when its deferred script runs; the visit's answer is shown last.
    await page.waitForFunction(() => document.querySelector('[data-stat="total"]')?.textContent !== '–');
    const resources: Loaded[] = [];
    for (let seen = 0; seen < pending.length; seen++) {
      const loaded = await pending[seen]!;
      if (loaded) resources.push(loaded);
    }
    const of = (...types: string[]): Loaded[] => resources.filter((r) => types.includes(r.type));
    const sum = (...types: string[]): number => of(...types).reduce((n, r) => n + r.bytes, 0);
    const blocking = await page.evaluate(() => {
      const entries = performance.getEntriesByType('resource') as (PerformanceResourceTiming & { renderBlockingStatus?: string })[];
      const renderBlocking = entries.filter((e) => e.renderBlockingStatus === 'blocking' && e.initiatorType === 'script').map((e) => e.name);
      const atEnd = (s: HTMLScriptElement): boolean => {
        for (let e: Element | null = s.nextElementSibling; e; e = e.nextElementSibling) if (e.tagName !== 'SCRIPT') return false;
        return s.parentElement === document.body;
      };
      const blockingScripts = [...document.querySelectorAll<HTMLScriptElement>('script[src]')]
        .filter((s) => !s.defer && !s.async && s.type !== 'module' && !atEnd(s))
        .map((s) => s.src);
      return { renderBlocking, blockingScripts };
    });
    return {
      path: new URL(url).pathname,
      resources,
      html: sum('document'),
      css: sum('stylesheet'),
      js: sum('script'),
      api: sum('fetch', 'xhr'),
      gzip: of('document', 'stylesheet', 'script').reduce((n, r) => n + r.gzip, 0),
      ...blocking,
    };
  } finally {
    page.off('request', onRequest);
    await cdp.detach();
  }
}
