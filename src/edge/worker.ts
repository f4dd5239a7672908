/**
 * The Cloudflare Worker entry: the counter API under `API_PATH` (default "/api") with the D1 store, and,
 * when the site is deployed as the Worker's static assets, everything else from the `ASSETS` binding.
 *
 * The manifest is read from the static assets (`ASSETS`, path `MANIFEST_URL`, default
 * "/_bantin/manifest.json"), or from the URL `MANIFEST_URL` when the site is hosted elsewhere. It is cached
 * per isolate for a minute, so a redeployed site is picked up without redeploying the Worker.
 */
import { createCounterHandler, isCounterPath, type CounterHandler } from './handler.ts';
import { MANIFEST_PATH, cachedManifest, parseManifest } from './manifest.ts';
import { PRIVATE_DIR } from '../hosting/policy.ts';
import { d1Store, type D1DatabaseLike } from './stores/d1.ts';

/** A service binding, such as the static assets. */
export interface FetcherLike {
  fetch(request: Request): Promise<Response>;
}

/** The Worker's bindings and variables (see wrangler.toml). */
export interface WorkerEnv {
  /** The D1 database of the counts. */
  DB: D1DatabaseLike;
  /** The site's static assets (`[assets]` in wrangler.toml), if deployed with the Worker. */
  ASSETS?: FetcherLike;
  /** Where the API is mounted (default "/api"). */
  API_PATH?: string;
  /** The manifest: a path in the assets (default "/_bantin/manifest.json") or an absolute URL. */
  MANIFEST_URL?: string;
}

/** One handler per isolate: it keeps the manifest and the day's salt between requests. */
let handler: CounterHandler | undefined;

function handlerFor(env: WorkerEnv): CounterHandler {
  if (!handler) {
    const where = env.MANIFEST_URL ?? `/${MANIFEST_PATH}`;
    handler = createCounterHandler({
      store: d1Store(env.DB),
      path: env.API_PATH ?? '/api',
      manifest: cachedManifest(async () => {
        const absolute = /^https?:\/\//.test(where);
        if (!absolute && !env.ASSETS) return undefined;
        const request = new Request(absolute ? where : new URL(where, 'https://assets.invalid'));
        const response = absolute ? await fetch(request) : await env.ASSETS!.fetch(request);
        if (response.status === 404) return undefined;
        if (!response.ok) throw new Error(`Counter manifest ${where}: HTTP ${response.status}`);
        return parseManifest(await response.json());
      }, 60_000),
    });
  }
  return handler;
}

export default {
  /** Answers one request. */
  async fetch(request: Request, env: WorkerEnv): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (isCounterPath(pathname, (env.API_PATH ?? '/api').replace(/\/+$/, ''))) {
      return handlerFor(env)(request, { ip: request.headers.get('cf-connecting-ip') ?? '' });
    }
    // The build's own files (the manifest) are read by the Worker, never served.
    if (env.ASSETS && !pathname.startsWith(`/${PRIVATE_DIR}`)) return env.ASSETS.fetch(request);
    return new Response('Not found', { status: 404 });
  },
};
