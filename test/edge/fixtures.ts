/** Shared test data for the counter: a manifest, a browser User-Agent, and a one-call request helper. */
import type { ClientInfo, CounterHandler } from '../../src/edge/handler.ts';
import type { SiteManifest } from '../../src/edge/manifest.ts';

/** The site's origin in the test manifest. */
export const ORIGIN = 'https://example.gov.vn';

/** A manifest with two articles, one migrated with 59 views (the reference page's count). */
export const MANIFEST: SiteManifest = {
  version: 1,
  origin: ORIGIN,
  articles: {
    'cong-tac-dang/so-ket-quy-che-dan-chu': { path: '/cong-tac-dang/so-ket-quy-che-dan-chu/', views: 59 },
    'tin-tuc/lich-tiep-dan': { path: '/tin-tuc/lich-tiep-dan/', views: 0 },
  },
};

/** A desktop Firefox: counted as a person. */
export const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0';

/** Options of {@link call}. */
export interface CallOptions {
  ip?: string;
  /** Extra headers; `user-agent` defaults to {@link BROWSER_UA}. */
  headers?: Record<string, string>;
  body?: BodyInit;
  /** The request's own origin (default {@link ORIGIN}). */
  base?: string;
}

/** Sends one request to `handler` and returns its status and parsed JSON body (`null` when empty). */
export async function call(
  handler: CounterHandler,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<{ status: number; body: unknown }> {
  const init: RequestInit & { duplex?: 'half' } = { method, headers: { 'user-agent': BROWSER_UA, ...options.headers } };
  if (options.body !== undefined) {
    init.body = options.body;
    init.duplex = 'half';
  }
  const client: ClientInfo = { ip: options.ip ?? '203.0.113.1' };
  const response = await handler(new Request(`${options.base ?? ORIGIN}${path}`, init), client);
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : JSON.parse(text) };
}
