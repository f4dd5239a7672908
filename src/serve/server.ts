/**
 * One Node HTTP server for a built site: extra routes first (the dev server adds its own here), then the
 * counter API, then the static files. `bantin serve` uses it as it is; the dev server adds routes, a
 * store of its own and an HTML rewrite.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isCounterPath, type CounterHandler } from '../edge/handler.ts';
import { createStaticHandler } from './static.ts';
import { loadHostRules } from './host-rules.ts';
import { clientIp, requestUrl, sendWebResponse, toWebRequest, type BridgeOptions } from './web-bridge.ts';

/**
 * An extra route: answers the request and resolves to `true`, or resolves to `false` to let the next
 * route (then the counter, then the static files) answer.
 */
export type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean | Promise<boolean>;

/** The counter API to mount. */
export interface CounterMount {
  /** Mount path, starting with "/" and without trailing "/", e.g. "/api" or "/phuong/api". */
  path: string;
  handler: CounterHandler;
}

/** Options of {@link createSiteServer}. */
export interface SiteServerOptions extends BridgeOptions {
  /** The built output folder to serve. */
  outDir: string;
  /** The URL path the site lives under, starting and ending in "/" (default "/"). */
  basePath?: string;
  /** The counter API, if any. */
  counter?: CounterMount;
  /** Routes tried before anything else, in order. */
  routes?: Route[];
  /** Rewrites every HTML page before it is sent. */
  transformHtml?: (html: string, file: string) => string | Promise<string>;
}

/** A created (not yet listening) site server. */
export interface SiteServer {
  /** The underlying Node server. */
  server: Server;
  /** Starts listening (port 0 picks a free one) and resolves to the site's URL (with the base path). */
  listen(port: number, host?: string): Promise<URL>;
  /** Stops accepting connections, ends open ones and resolves once closed. */
  close(): Promise<void>;
}

/**
 * Answers `req` with the counter when its path is under `counter.path` and resolves to `true`; resolves to
 * `false` (having done nothing) otherwise. The dev server mounts the counter with this.
 */
export async function serveCounter(
  req: IncomingMessage,
  res: ServerResponse,
  counter: CounterMount,
  options: BridgeOptions = {},
): Promise<boolean> {
  const url = requestUrl(req, options);
  if (!isCounterPath(url.pathname, counter.path)) return false;
  const { request, release } = toWebRequest(req, url);
  try {
    const response = await counter.handler(request, { ip: clientIp(req, options) });
    await sendWebResponse(res, response, req.method === 'HEAD');
  } finally {
    release();
  }
  return true;
}

/** Creates the site server. */
export function createSiteServer(options: SiteServerOptions): SiteServer {
  const basePath = options.basePath ?? '/';
  const serveStatic = createStaticHandler({
    root: options.outDir,
    basePath,
    ...(options.transformHtml ? { transformHtml: options.transformHtml } : {}),
    // The hosting policy the build wrote for Pages hosts holds here too: headers, cache rules, old URLs' 301s.
    hostRules: loadHostRules(options.outDir),
  });

  const answer = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = requestUrl(req, options);
    for (const route of options.routes ?? []) if (await route(req, res, url)) return;
    if (options.counter && (await serveCounter(req, res, options.counter, options))) return;
    await serveStatic(req, res, url.pathname);
  };

  const server = createServer((req, res) => {
    answer(req, res).catch((error: unknown) => {
      console.error('bantin serve:', error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end();
    });
  });

  return {
    server,
    listen(port, host = '127.0.0.1') {
      return new Promise((resolveUrl, fail) => {
        server.once('error', fail);
        server.listen(port, host, () => {
          server.off('error', fail);
          const address = server.address() as AddressInfo;
          const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolveUrl(new URL(basePath, `http://${shown}:${address.port}`));
        });
      });
    },
    close() {
      return new Promise((done, fail) => {
        if (!server.listening) return done();
        server.close((error) => (error ? fail(error) : done()));
        server.closeAllConnections();
      });
    },
  };
}
