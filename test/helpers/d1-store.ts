/**
 * The D1 store inside real workerd (Miniflare, `cf: false`), driven from Node: `startD1()` starts one
 * Miniflare with a D1 database and the harness Worker (`d1-harness-worker.ts`, bundled with esbuild);
 * `store()` empties the database and returns a `CounterStore` whose calls run in workerd. Calls made in the
 * same tick travel in one request and run concurrently in the isolate.
 */
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { fileURLToPath } from 'node:url';
import type { CounterStore } from '../../src/edge/store.ts';

/** The compatibility date the tests run workerd with (the one in wrangler.toml). */
export const COMPATIBILITY_DATE = '2026-04-01';

/** A running Miniflare with the D1 harness. */
export interface D1Harness {
  /** A fresh (emptied) D1 store. */
  store(): Promise<CounterStore>;
  dispose(): Promise<void>;
}

/** Bundles a Worker entry for workerd, as wrangler would (ESM, browser conditions, minified). */
export async function bundleWorker(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    mainFields: ['module', 'main'],
    conditions: ['workerd', 'worker', 'browser'],
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** Starts Miniflare with the harness Worker and a D1 database. */
export async function startD1(): Promise<D1Harness> {
  const script = await bundleWorker(fileURLToPath(new URL('./d1-harness-worker.ts', import.meta.url)));
  const mf = new Miniflare({ modules: true, script, d1Databases: ['DB'], cf: false, compatibilityDate: COMPATIBILITY_DATE });
  await mf.ready;

  let queue: { method: string; args: unknown[]; settle: (result: { ok: boolean; value?: unknown; error?: string }) => void }[] = [];
  const flush = async (): Promise<void> => {
    const calls = queue;
    queue = [];
    try {
      const response = await mf.dispatchFetch('http://harness/calls', {
        method: 'POST',
        body: JSON.stringify(calls.map(({ method, args }) => ({ method, args }))),
      });
      const results = (await response.json()) as { ok: boolean; value?: unknown; error?: string }[];
      calls.forEach((call, i) => call.settle(results[i]!));
    } catch (error) {
      for (const call of calls) call.settle({ ok: false, error: String(error) });
    }
  };
  const call = (method: string, args: unknown[]): Promise<never> =>
    new Promise((resolve, reject) => {
      if (queue.length === 0) setImmediate(() => void flush());
      queue.push({ method, args, settle: (r) => (r.ok ? resolve(r.value as never) : reject(new Error(r.error))) });
    });

  return {
    async store() {
      await (await mf.dispatchFetch('http://harness/reset', { method: 'POST' })).json();
      return {
        kind: 'd1',
        salt: (...args) => call('salt', args),
        view: (...args) => call('view', args),
        views: (...args) => call('views', args),
        visit: (...args) => call('visit', args),
        stats: (...args) => call('stats', args),
        hit: (...args) => call('hit', args),
        async close() {},
      };
    },
    dispose: () => mf.dispose(),
  };
}
