/**
 * A test-only Worker that exposes the D1 store's methods over HTTP, so the contract suite (running in Node)
 * can drive the real D1 adapter inside workerd. `POST /calls` takes `[{method, args}]` and runs the calls
 * concurrently in the isolate, as concurrent requests would; `POST /reset` empties every table.
 */
import { d1Store, type D1DatabaseLike } from '../../src/edge/stores/d1.ts';
import type { CounterStore } from '../../src/edge/store.ts';

interface Env {
  DB: D1DatabaseLike & { exec(sql: string): Promise<unknown> };
}

let store: CounterStore | undefined;

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    store ??= d1Store(env.DB);
    const { pathname } = new URL(request.url);
    if (pathname === '/reset') {
      await store.views(['a/b']);
      await env.DB.exec('DELETE FROM salts; DELETE FROM views; DELETE FROM seen; DELETE FROM visitors; DELETE FROM totals; DELETE FROM hits;');
      return Response.json({ ok: true });
    }
    const calls = (await request.json()) as { method: keyof CounterStore; args: unknown[] }[];
    const results = await Promise.all(
      calls.map(async ({ method, args }) => {
        try {
          const fn = store![method] as (...a: unknown[]) => Promise<unknown>;
          return { ok: true, value: await fn(...args) };
        } catch (error) {
          return { ok: false, error: String(error) };
        }
      }),
    );
    return Response.json(results);
  },
};
