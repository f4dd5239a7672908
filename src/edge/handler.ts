/**
 * The view counter as one Web-standard request handler: Request in, Response out, using only Web APIs
 * (URL, Headers, crypto.subtle), so the same code runs on Cloudflare Workers and under Node.
 *
 * API, under the mount path (default "/api"):
 * - `POST <path>/views/<id>` counts a view of article `<id>`, answers `{id, views}`;
 * - `GET <path>/views?ids=a,b,c` answers `{views: {a: 1, b: 2}}` for up to 100 ids (unknown ids are left out);
 * - `POST <path>/visit` counts a site visit, answers `{online, total}`.
 * Errors answer `{error: "<code>"}` with a 4xx status and write nothing (the codes are listed in
 * docs/counter.md; messages are left out to keep the Worker bundle small).
 */
import { isBotUserAgent, isPrefetch } from './bots.ts';
import { isArticleId, type SiteManifest } from './manifest.ts';
import type { CounterStore } from './store.ts';
import { DEFAULT_TIME_ZONE, dayIn, randomSecret, visitorId } from './visitor.ts';

/** The counter's windows and bounds. */
export interface CounterLimits {
  /** Repeat views of one article by one visitor within this window count once (30 minutes). */
  dedupeMs: number;
  /** A visitor seen within this window is "online" (5 minutes). */
  onlineMs: number;
  /** A visitor back after this much absence makes a new visit (30 minutes). */
  sessionMs: number;
  /** Length of a rate-limit window (1 minute). */
  rateWindowMs: number;
  /** Counting requests (POST) one visitor may make per rate-limit window (120). */
  rateMax: number;
  /** Ids one `GET /views` may ask for (100). */
  maxIds: number;
  /** Largest request body accepted, in bytes (1024). */
  maxBodyBytes: number;
}

/** The defaults of {@link CounterLimits}. */
export const DEFAULT_LIMITS: Readonly<CounterLimits> = {
  dedupeMs: 30 * 60_000,
  onlineMs: 5 * 60_000,
  sessionMs: 30 * 60_000,
  rateWindowMs: 60_000,
  rateMax: 120,
  maxIds: 100,
  maxBodyBytes: 1024,
};

/** What the host knows about the client beyond the request itself. */
export interface ClientInfo {
  /** The client's IP address as the host sees it ("" when unknown). Hashed, never stored. */
  ip: string;
}

/** Options of {@link createCounterHandler}. */
export interface CounterOptions {
  store: CounterStore;
  /** Loads the manifest of published articles; `undefined` when there is none (the API then answers 503). */
  manifest: () => Promise<SiteManifest | undefined>;
  /** The path the API is mounted at, without trailing "/" (default "/api"). */
  path?: string;
  /** The clock, in milliseconds since the epoch (default `Date.now`); tests pass their own. */
  now?: () => number;
  /** IANA time zone whose midnight starts a new salt, hence new visitor ids (default "Asia/Ho_Chi_Minh"). */
  timeZone?: string;
  /** Overrides of {@link DEFAULT_LIMITS}. */
  limits?: Partial<CounterLimits>;
}

/** Answers one API request. Never throws: store failures answer 503. */
export type CounterHandler = (request: Request, client: ClientInfo) => Promise<Response>;

/** Whether `pathname` falls under the API mounted at `mount` (e.g. "/api", "/api/visit"). */
export function isCounterPath(pathname: string, mount: string): boolean {
  return pathname === mount || pathname.startsWith(`${mount}/`);
}

/** A refusal: becomes the JSON error response `{error: code}`. */
class Refusal {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly headers: Record<string, string> = {},
  ) {}
}

type Route = 'view' | 'views' | 'visit';

const METHODS: Record<Route, string> = { view: 'POST', views: 'GET', visit: 'POST' };

/** Creates the counter's request handler. */
export function createCounterHandler(options: CounterOptions): CounterHandler {
  const { store } = options;
  const mount = (options.path ?? '/api').replace(/\/+$/, '');
  const now = options.now ?? Date.now;
  const limits: CounterLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const dayOf = dayIn(options.timeZone ?? DEFAULT_TIME_ZONE);
  let salt: { day: string; value: Promise<string> } | undefined;

  /** Today's salt, asked of the store once per day and process. */
  const saltOf = (at: number): Promise<string> => {
    const day = dayOf(at);
    if (salt?.day !== day) {
      const value = store.salt(day, randomSecret());
      salt = { day, value };
      value.catch(() => {
        if (salt?.value === value) salt = undefined;
      });
    }
    return salt.value;
  };

  return async (request, client) => {
    const url = new URL(request.url);
    const origin = request.headers.get('origin');
    let cors: Record<string, string> = {};
    try {
      const route = routeOf(url.pathname.slice(mount.length));
      if (request.method !== 'OPTIONS' && request.method !== METHODS[route.name]) {
        throw new Refusal(405, 'method-not-allowed', {
          allow: `${METHODS[route.name]}, OPTIONS`,
        });
      }
      const manifest = await options.manifest();
      if (!manifest) throw new Refusal(503, 'no-manifest');
      if (origin !== null && origin !== url.origin) {
        if (origin !== manifest.origin) throw new Refusal(403, 'foreign-origin');
        cors = { 'access-control-allow-origin': origin };
      }
      if (request.method === 'OPTIONS') {
        return new Response(null, {
          status: 204,
          headers: {
            ...cors,
            vary: 'Origin',
            'access-control-allow-methods': `${METHODS[route.name]}, OPTIONS`,
            'access-control-allow-headers': 'Content-Type',
            'access-control-max-age': '86400',
          },
        });
      }
      if (route.name === 'views') return json(200, { views: await readViews(url, manifest) }, cors);
      if (route.name === 'view' && !manifest.articles[route.id]) {
        throw new Refusal(404, 'unknown-id');
      }
      await readBody(request, limits.maxBodyBytes);

      const at = now();
      const ua = request.headers.get('user-agent');
      // Bots and prefetches are answered from the store without a visitor id: nothing is written for them.
      const visitor =
        isBotUserAgent(ua) || isPrefetch(request.headers) ? undefined : await visitorId(await saltOf(at), client.ip, ua ?? '');
      if (visitor !== undefined) {
        const hits = await store.hit(visitor, at, limits.rateWindowMs);
        if (hits > limits.rateMax) {
          const retry = Math.ceil((limits.rateWindowMs - (at % limits.rateWindowMs)) / 1000);
          throw new Refusal(429, 'rate-limited', { 'retry-after': String(retry) });
        }
      }
      if (route.name === 'view') {
        const base = manifest.articles[route.id]!.views;
        const stored =
          visitor === undefined
            ? (await store.views([route.id]))[route.id] ?? 0
            : await store.view(route.id, visitor, at, limits.dedupeMs);
        return json(200, { id: route.id, views: base + stored }, cors);
      }
      const stats =
        visitor === undefined
          ? await store.stats(at, limits.onlineMs)
          : await store.visit(visitor, at, { onlineMs: limits.onlineMs, sessionMs: limits.sessionMs });
      return json(200, { online: stats.online, total: (manifest.visits ?? 0) + stats.total }, cors);
    } catch (error) {
      if (error instanceof Refusal) return json(error.status, { error: error.code }, { ...cors, ...error.headers });
      console.error('bantin counter:', error);
      return json(503, { error: 'unavailable' }, cors);
    }
  };

  /** `GET /views?ids=…`: the counts of the published ones among the asked ids. */
  async function readViews(url: URL, manifest: SiteManifest): Promise<Record<string, number>> {
    const param = url.searchParams.get('ids');
    if (!param) throw new Refusal(400, 'bad-ids');
    const ids = [...new Set(param.split(','))];
    if (ids.length > limits.maxIds) throw new Refusal(400, 'too-many-ids');
    const bad = ids.find((id) => !isArticleId(id));
    if (bad !== undefined) throw new Refusal(400, 'bad-id');
    const known = ids.filter((id) => manifest.articles[id]);
    const stored = known.length > 0 ? await store.views(known) : {};
    return Object.fromEntries(known.map((id) => [id, manifest.articles[id]!.views + (stored[id] ?? 0)]));
  }
}

/** The route of the path below the mount point; refuses unknown paths and malformed ids. */
function routeOf(rest: string): { name: 'views' | 'visit' } | { name: 'view'; id: string } {
  if (rest === '/views') return { name: 'views' };
  if (rest === '/visit') return { name: 'visit' };
  if (rest.startsWith('/views/')) {
    const id = rest.slice('/views/'.length);
    if (!isArticleId(id)) throw new Refusal(400, 'bad-id');
    return { name: 'view', id };
  }
  throw new Refusal(404, 'not-found');
}

/**
 * Reads and checks the optional request body: at most `max` bytes, empty or a JSON object. Its fields are
 * reserved for later use and ignored today.
 */
async function readBody(request: Request, max: number): Promise<void> {
  const length = Number(request.headers.get('content-length') ?? 0);
  if (length > max) throw new Refusal(413, 'body-too-large');
  if (!request.body) return;
  const reader = request.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for (let part = await reader.read(); !part.done; part = await reader.read()) {
    size += part.value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new Refusal(413, 'body-too-large');
    }
    text += decoder.decode(part.value, { stream: true });
  }
  text = (text + decoder.decode()).trim();
  if (text === '') return;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Refusal(400, 'bad-json');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Refusal(400, 'bad-json');
  }
}

function json(status: number, body: unknown, headers: Record<string, string>): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      vary: 'Origin',
      ...headers,
    },
  });
}
