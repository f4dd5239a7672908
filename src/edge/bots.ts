/**
 * Who is not counted: self-identified bots and crawlers, and prefetches or prerenders that nobody may
 * ever see.
 *
 * The bot check is a short pattern of our own rather than the `isbot` package: isbot's list alone is
 * 2.5 KB minified, which would push the Worker bundle past its 10 KB budget. The test suite holds this
 * check to agree with isbot on a corpus of real User-Agents (test/edge/bots.test.ts), including the
 * browsers and in-app browsers common in Vietnam (Cốc Cốc, Zalo, Facebook).
 */

/**
 * Every browser sends a User-Agent starting "Mozilla/" (old Opera: "Opera/"); HTTP libraries, fetchers
 * and link-preview bots mostly do not.
 */
const BROWSER_PREFIX = /^(?:Mozilla|Opera)\//;

/**
 * Words that crawlers, headless browsers and link previewers put in a browser-like User-Agent, and the
 * bare "Mozilla/5.0 (compatible; Name/1.0)" that only tools send.
 */
const BOT_WORDS =
  /bot\b|bot[-_/;]|crawl|spider|slurp|archiv|scan|search|fetch|preview|headless|lighthouse|pagespeed|\+https?:|externalhit|whatsapp|telegram|phantom|selenium|puppeteer|playwright|yahoo|^Mozilla\/5\.0 \(compatible; [^;)]+\)$/i;

/** Whether `userAgent` identifies a bot (a missing or empty one counts as a bot). */
export function isBotUserAgent(userAgent: string | null): boolean {
  return !userAgent || !BROWSER_PREFIX.test(userAgent) || BOT_WORDS.test(userAgent);
}

/** Whether the request is a prefetch or prerender (`Sec-Purpose`, `Purpose`, `X-Purpose`, `X-Moz`). */
export function isPrefetch(headers: Headers): boolean {
  const purpose = ['sec-purpose', 'purpose', 'x-purpose', 'x-moz'].map((name) => headers.get(name)).join(' ');
  return /prefetch|prerender|preview/i.test(purpose);
}
