/**
 * The counter on a Node host: its manifest read from the output folder, its store (SQLite in the data
 * folder, or a shared Redis), and where the site and the API are mounted.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createCounterHandler, type CounterHandler, type CounterLimits } from '../edge/handler.ts';
import { MANIFEST_PATH, cachedManifest, parseManifest, type SiteManifest } from '../edge/manifest.ts';
import type { CounterStore } from '../edge/store.ts';
import { SQLITE_FILE, sqliteStore } from '../edge/stores/sqlite.ts';

/**
 * Reads `<outDir>/_bantin/manifest.json`; resolves to `undefined` when the file does not exist (a site
 * built with the counter off) and rejects when it is not a valid manifest.
 */
export async function readManifest(outDir: string): Promise<SiteManifest | undefined> {
  let text: string;
  try {
    text = await readFile(join(outDir, MANIFEST_PATH), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return parseManifest(JSON.parse(text));
}

/** Where the site and its counter answer. */
export interface Mounts {
  /** Path of the site, starting and ending in "/". */
  basePath: string;
  /** Path of the counter API, starting with "/" and without trailing "/". */
  apiPath: string;
}

/**
 * Decides the mounts: each given value wins, else the manifest's `basePath` and `endpoint` (the path of an
 * absolute endpoint URL), else the base path its article URLs show ("/phuong-x/tin-tuc/a/" for the id
 * "tin-tuc/a" gives "/phuong-x/"), else "/"; the API defaults to "<basePath>api".
 */
export function resolveMounts(manifest: SiteManifest | undefined, given: { basePath?: string; apiPath?: string } = {}): Mounts {
  const base = given.basePath ?? manifest?.basePath ?? (manifest ? basePathOf(manifest) : undefined) ?? '/';
  const basePath = `/${base.replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
  const endpoint = given.apiPath ?? manifest?.endpoint;
  const path = endpoint === undefined ? `${basePath}api` : new URL(endpoint, 'http://localhost').pathname;
  return { basePath, apiPath: `/${path.replace(/^\/+|\/+$/g, '')}` };
}

/** The base path every article URL of the manifest starts with, when they all agree. */
function basePathOf(manifest: SiteManifest): string | undefined {
  const bases = new Set(
    Object.entries(manifest.articles).map(([id, { path }]) => (path.endsWith(`/${id}/`) ? path.slice(0, -(id.length + 1)) : undefined)),
  );
  const [only] = bases;
  return bases.size === 1 ? only : undefined;
}

/** Which store to open. */
export interface StoreChoice {
  /** Data folder for the SQLite file (used unless `redis` is given). */
  dataDir: string;
  /** A Redis URL, for several instances sharing their counts. */
  redis?: string;
}

/**
 * Opens the store: Redis when a URL is given (ioredis is loaded only then), else SQLite in
 * `<dataDir>/counter.sqlite`. `description` names it for the console, without any password.
 */
export async function openStore(choice: StoreChoice): Promise<{ store: CounterStore; description: string }> {
  if (choice.redis) {
    const { redisStore } = await import('../edge/stores/redis.ts');
    return { store: redisStore(choice.redis), description: `Redis ${choice.redis.replace(/\/\/[^@/]*@/, '//***@')}` };
  }
  const file = join(choice.dataDir, SQLITE_FILE);
  return { store: sqliteStore(file), description: `SQLite ${file}` };
}

/** Options of {@link createNodeCounter}. */
export interface NodeCounterOptions {
  /** The output folder holding `_bantin/manifest.json`. */
  outDir: string;
  store: CounterStore;
  /** The API's mount path. */
  path: string;
  /** How long a read manifest is reused before the file is read again (default 2 s). */
  manifestTtlMs?: number;
  now?: () => number;
  limits?: Partial<CounterLimits>;
}

/** The counter handler for a Node host; it picks up a rebuilt manifest within `manifestTtlMs`. */
export function createNodeCounter(options: NodeCounterOptions): CounterHandler {
  return createCounterHandler({
    store: options.store,
    path: options.path,
    manifest: cachedManifest(() => readManifest(options.outDir), options.manifestTtlMs ?? 2000),
    ...(options.now ? { now: options.now } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
  });
}
