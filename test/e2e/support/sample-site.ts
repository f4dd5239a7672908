/**
 * The repository's sample site (phường Cự Khối) as a reader meets it: built by the core build into a temp
 * folder and served on 127.0.0.1 by the Node site server with the real view counter behind it (the SQLite
 * store in a temp data folder), as `bantin serve` does.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from '../../../src/build.ts';
import type { SiteManifest } from '../../../src/edge/manifest.ts';
import { SQLITE_FILE, sqliteStore } from '../../../src/edge/stores/sqlite.ts';
import { createNodeCounter, readManifest, resolveMounts } from '../../../src/serve/counter.ts';
import { createSiteServer } from '../../../src/serve/server.ts';

/** The repository root: the sample site. */
export const REPO = fileURLToPath(new URL('../../../', import.meta.url));

/** A built and served sample site. */
export interface SampleSite {
  /** The site's home page URL. */
  url: URL;
  /** `http://127.0.0.1:<port>`: every request of a page must go there and nowhere else. */
  origin: string;
  /** The built output folder. */
  out: string;
  /** The counter API's path, e.g. "/api". */
  apiPath: string;
  /** The build's manifest of published articles (id → path and carried-over count). */
  manifest: SiteManifest;
  /** Stops the server, closes the store and removes the temp folder. */
  close(): Promise<void>;
}

/** Builds the sample site with the clock's "now" and serves it with the counter on a free loopback port. */
export async function startSampleSite(): Promise<SampleSite> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bantin-e2e-'));
  const out = path.join(dir, 'dist');
  // No article cache: the test must not write into the repository's .cache/.
  const result = await build({ root: REPO, out, now: new Date(), cache: false });
  if (!result.ok) {
    await rm(dir, { recursive: true, force: true });
    const problems = result.files.flatMap((f) => f.messages.map((m) => `${f.path}: ${m.reason}`));
    throw new Error(`The sample site did not build:\n${problems.join('\n')}`);
  }
  const manifest = await readManifest(out);
  if (!manifest) throw new Error('The sample site was built without the counter (no _bantin/manifest.json)');
  const mounts = resolveMounts(manifest);
  const store = sqliteStore(path.join(dir, 'data', SQLITE_FILE));
  const site = createSiteServer({
    outDir: out,
    basePath: mounts.basePath,
    counter: { path: mounts.apiPath, handler: createNodeCounter({ outDir: out, store, path: mounts.apiPath }) },
  });
  const url = await site.listen(0, '127.0.0.1');
  return {
    url,
    origin: url.origin,
    out,
    apiPath: mounts.apiPath,
    manifest,
    async close() {
      await site.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
