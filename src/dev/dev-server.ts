/**
 * `bantin dev`: builds the site into memory, serves it on 127.0.0.1, rebuilds after every batch of file changes
 * and reloads open pages through server-sent events. Nothing is written to the output folder.
 *
 * While the site has errors, every page answers status 500 with an overlay listing the messages (the same lines
 * as the command line); stylesheets, images and other non-HTML files keep coming from the last good build, and
 * the pages come back by themselves once the files are fixed.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DevSite, type DevBuild, type DevSiteOptions } from './dev-site.ts';
import { EVENTS_PATH, ReloadHub, injectReloadScript } from './live-reload.ts';
import { resolveOutput } from './memory-output.ts';
import { overlayPage } from './overlay.ts';
import { watchSite, type SiteWatcher } from './watch-site.ts';
import { contentType } from '../serve/static.ts';
import { hasErrors } from '../report/messages.ts';
import { SEARCH_DIR } from '../search/format.ts';
import type { OutputFile } from '../types.ts';

/** The port `bantin dev` tries first. */
export const DEFAULT_DEV_PORT = 4321;

/** How long after a rebuild the files it read are checked for changes the watcher missed, in milliseconds. */
const RECHECK_MS = 50;

/** How many ports after the asked one are tried when it is taken. */
const PORT_TRIES = 20;

/**
 * A request handler mounted beside the site (the view counter): answers and resolves to true, or resolves to
 * false to pass. `build` is the build being served: the latest good one (undefined before the first).
 */
export type DevRoute = (request: IncomingMessage, response: ServerResponse, build: DevBuild | undefined) => Promise<boolean>;

/** Options of {@link startDevServer}. */
export interface DevServerOptions extends DevSiteOptions {
  /** Port to try first (default 4321; the next free one is taken if it is busy). 0 lets the system choose. */
  port?: number;
  /** Interface to bind (default "127.0.0.1"). */
  host?: string;
  /** Quiet time after the last file event before rebuilding, in milliseconds (default 30). */
  debounceMs?: number;
  /** Extra routes tried before the site, in order (the view counter). */
  routes?: DevRoute[];
  /** Called after every build, the first included. */
  onBuild?: (build: DevBuild) => void;
  /** Called when watching fails (default: ignored). */
  onWatchError?: (error: unknown) => void;
}

/** A running dev server. */
export interface DevServer {
  /** The site's address, with its base path: "http://127.0.0.1:4321/" or ".../phuong/". */
  readonly url: string;
  /** The server's origin, "http://127.0.0.1:4321". */
  readonly origin: string;
  /** The port listened on. */
  readonly port: number;
  /** The latest build. */
  readonly current: DevBuild;
  /** Resolves with the next build that finishes (successful, failed or crashed). */
  nextBuild(): Promise<DevBuild>;
  /** Open live-reload streams. */
  readonly clients: number;
  /** Stops watching, ends the event streams and closes the server. */
  close(): Promise<void>;
}

/** Builds the site, starts watching and listening; resolves once all three are ready. */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const site = await DevSite.open(options);
  let current = site.build();
  let lastGood: DevBuild | undefined = current.ok ? current : undefined;
  let waiting: ((build: DevBuild) => void)[] = [];
  const hub = new ReloadHub();
  options.onBuild?.(current);

  const finish = (build: DevBuild): void => {
    current = build;
    if (build.ok) lastGood = build;
    options.onBuild?.(build);
    hub.send('reload', { ok: build.ok, cause: build.cause, changed: build.changed, ms: Math.round(build.ms) });
    const resolvers = waiting;
    waiting = [];
    for (const resolve of resolvers) resolve(build);
  };

  // One rebuild at a time; changes arriving meanwhile are batched into the next one.
  const pending = new Set<string>();
  let running: Promise<void> | undefined;
  let recheck: NodeJS.Timeout | undefined;
  let closed = false;
  const schedule = (paths: string[]): void => {
    if (closed || paths.length === 0) return;
    for (const p of paths) pending.add(p);
    running ??= rebuild();
  };
  const rebuild = async (): Promise<void> => {
    while (pending.size > 0) {
      const batch = [...pending];
      pending.clear();
      const started = performance.now();
      try {
        finish(await site.update(batch));
      } catch (crash) {
        const none = () => new Map();
        finish({ ok: false, files: [], outputs: new Map(), search: none, all: none, cause: 'content', changed: [], rendered: 0, articles: 0, partial: false, ms: performance.now() - started, crash });
      }
    }
    running = undefined;
    // A save right after our read can escape the watcher (see DevSite.unseen): look once more a moment later.
    clearTimeout(recheck);
    if (!closed) recheck = setTimeout(() => void site.unseen().then(schedule, options.onWatchError), RECHECK_MS);
  };
  const watcher: SiteWatcher = watchSite(
    options.root,
    schedule,
    { ...(options.debounceMs !== undefined ? { debounceMs: options.debounceMs } : {}), ...(options.onWatchError ? { onError: options.onWatchError } : {}) },
  );

  const server = createServer((request, response) => {
    handle(request, response).catch((cause: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/html; charset=utf-8' });
      response.end(overlayPage([], cause));
    });
  });

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (pathname === EVENTS_PATH) return hub.attach(response);
    for (const route of options.routes ?? []) if (await route(request, response, lastGood)) return;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('Method not allowed\n');
      return;
    }
    const basePath = lastGood?.config?.basePath ?? '/';
    // The search files are made when first asked for (see DevBuild.search).
    const search = lastGood !== undefined && pathname.startsWith(`${basePath}${SEARCH_DIR.slice(1, -1)}`);
    const outputs = lastGood && search ? lastGood.all() : (lastGood?.outputs ?? new Map());
    const found = resolveOutput(outputs, basePath, pathname);
    if (found.kind === 'redirect') {
      response.writeHead(302, { location: found.location, 'cache-control': 'no-store' }).end();
      return;
    }
    const type = found.kind === 'file' ? contentType(found.file) : 'text/html; charset=utf-8';
    // The search page's template fails only when the search files are made: its message is then on the template.
    if ((!current.ok || (search && current === lastGood && hasErrors(current.files))) && type.startsWith('text/html')) {
      return send(request, response, 500, 'text/html; charset=utf-8', overlayPage(current.files, current.crash));
    }
    if (found.kind === 'file') return send(request, response, 200, type, outputs.get(found.file)!);
    const notFound = lastGood?.outputs.get('404.html');
    return send(request, response, 404, 'text/html; charset=utf-8', notFound ?? '<!doctype html><title>404</title><p>Không tìm thấy trang.</p>');
  };

  const port = await listen(server, options.host ?? '127.0.0.1', options.port ?? DEFAULT_DEV_PORT);
  await watcher.ready;
  const host = options.host ?? '127.0.0.1';
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    origin,
    port,
    get url() {
      return `${origin}${current.config?.basePath ?? lastGood?.config?.basePath ?? '/'}`;
    },
    get current() {
      return current;
    },
    get clients() {
      return hub.size;
    },
    nextBuild() {
      return new Promise((resolve) => waiting.push(resolve));
    },
    async close() {
      closed = true;
      clearTimeout(recheck);
      await watcher.close();
      hub.close();
      await running;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** Sends a whole body; HTML gets the reload script. Nothing is cached by the browser in dev. */
function send(request: IncomingMessage, response: ServerResponse, status: number, type: string, contents: OutputFile['contents']): void {
  const body =
    type.startsWith('text/html') ? Buffer.from(injectReloadScript(typeof contents === 'string' ? contents : Buffer.from(contents).toString('utf8'))) : typeof contents === 'string' ? Buffer.from(contents) : contents;
  response.writeHead(status, { 'content-type': type, 'content-length': body.byteLength, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  response.end(request.method === 'HEAD' ? undefined : body);
}

/** Listens on `port` at `host`, or on the next free port after it; resolves to the port taken. */
async function listen(server: Server, host: string, port: number): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port === 0 ? 0 : port + attempt, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      return (server.address() as AddressInfo).port;
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0 || attempt + 1 >= PORT_TRIES) throw cause;
    }
  }
}
