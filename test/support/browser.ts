/**
 * Debian's Chromium for every browser test: where it is, whether a suite runs here, and how it is launched.
 * Never downloads a browser.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`). */
export const CHROMIUM = '/usr/bin/chromium';

/** The Noto Sans regular face from `fonts-noto-core`, the theme's first font. */
export const NOTO_SANS = '/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf';

/** The command that installs what these tests need. */
export const INSTALL = 'apt-get install -y chromium fonts-noto-core';

/** Under CI no test may skip for a missing tool. */
export const IN_CI = process.env['CI'] === 'true';

/** Whether Debian's Chromium is installed here. */
export const HAVE_CHROMIUM = existsSync(CHROMIUM);

/** Whether the theme's first font (Noto Sans, full Vietnamese coverage) is installed here. */
export const HAVE_NOTO = existsSync(NOTO_SANS);

/**
 * Decides whether a browser suite runs: always under CI (a missing browser then fails the suite), else only
 * when `needs` are installed. Prints the one-line notice with the install command when it skips.
 */
export function runsHere(suite: string, needs: { fonts?: boolean } = {}): boolean {
  const missing = [HAVE_CHROMIUM ? '' : CHROMIUM, needs.fonts && !HAVE_NOTO ? NOTO_SANS : ''].filter(Boolean);
  if (missing.length === 0 || IN_CI) return true;
  console.warn(`${suite} skipped: no ${missing.join(', ')} (${INSTALL})`);
  return false;
}

/** Chromium's flags for tests: headless, no GPU, and nothing that phones home or updates itself. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/**
 * A User-Agent of an ordinary desktop Chrome. Headless Chromium names itself "HeadlessChrome", which the
 * counter rightly takes for a bot and does not count; tests that check counted views present as a person.
 */
export const READER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

/** A second person (an Android phone), for tests that must not share the first one's rate limit. */
export const PHONE_UA = 'Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';

/**
 * Launches Debian's Chromium headless. Playwright gives every launch a fresh user data dir of its own in
 * the temp folder and deletes it on close. Fails with the install command when the browser is missing.
 */
export async function launchChromium(): Promise<Browser> {
  if (!HAVE_CHROMIUM) throw new Error(`No ${CHROMIUM}: install it with \`${INSTALL}\``);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}
