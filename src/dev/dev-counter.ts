/**
 * The view counter inside the dev server: the counter's own handler (src/edge) on its SQLite store in
 * `<root>/.data/`, mounted at the site's counter endpoint on the same origin, with the article ids read from the
 * manifest of the build held in memory. Counts work locally with no set-up; nothing leaves the machine.
 */
import path from 'node:path';
import { createCounterHandler, type CounterHandler } from '../edge/handler.ts';
import { MANIFEST_PATH, parseManifest, type SiteManifest } from '../edge/manifest.ts';
import { SQLITE_FILE, sqliteStore } from '../edge/stores/sqlite.ts';
import { serveCounter } from '../serve/server.ts';
import type { SiteConfig } from '../types.ts';
import type { DevRoute } from './dev-server.ts';
import type { OutputMap } from './memory-output.ts';

/** The data folder of a site, relative to its root (git-ignored). */
export const DATA_DIR = '.data';

/** The counter as the dev server mounts it. */
export interface DevCounter {
  /** The route to give the dev server. */
  route: DevRoute;
  /** The SQLite file the counts are kept in. */
  file: string;
  /** Closes the store. */
  close(): Promise<void>;
}

/**
 * Where the counter answers for `config`: the endpoint path under the base path ("/api" → "/phuong/api"), or
 * `undefined` when the counter is off or lives on another host (an absolute endpoint URL).
 */
export function counterMount(config: SiteConfig): string | undefined {
  const { endpoint, enabled } = config.counter;
  if (!enabled || !endpoint.startsWith('/')) return undefined;
  return `${config.basePath}${endpoint.slice(1)}`.replace(/\/+$/, '');
}

const manifests = new WeakMap<OutputMap, SiteManifest | undefined>();

/** The counter manifest among a build's outputs, parsed once per build. */
function manifestOf(outputs: OutputMap): SiteManifest | undefined {
  if (!manifests.has(outputs)) {
    const contents = outputs.get(MANIFEST_PATH);
    const text = contents === undefined ? undefined : typeof contents === 'string' ? contents : Buffer.from(contents).toString('utf8');
    manifests.set(outputs, text === undefined ? undefined : parseManifest(JSON.parse(text)));
  }
  return manifests.get(outputs);
}

/** Opens the SQLite store in `<root>/.data/` (or `dataDir`) and makes the counter route. */
export function createDevCounter(options: { root: string; dataDir?: string }): DevCounter {
  const file = path.join(options.dataDir ?? path.join(options.root, DATA_DIR), SQLITE_FILE);
  const store = sqliteStore(file);
  // The mount follows the config; the handler of each mount is made once.
  const handlers = new Map<string, CounterHandler>();
  let served: OutputMap = new Map();
  const route: DevRoute = async (request, response, build) => {
    if (!build?.config) return false;
    const mount = counterMount(build.config);
    if (mount === undefined) return false;
    served = build.outputs;
    let handler = handlers.get(mount);
    if (!handler) handlers.set(mount, (handler = createCounterHandler({ store, path: mount, manifest: async () => manifestOf(served) })));
    return serveCounter(request, response, { path: mount, handler });
  };
  return { route, file, close: () => store.close() };
}
