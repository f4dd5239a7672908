/**
 * The Cloudflare store: D1 (SQLite at the edge). Each method is one `batch()`, which D1 runs as a single
 * transaction, with the same statements as the SQLite store (`sql.ts`); increments are atomic
 * `INSERT … ON CONFLICT DO UPDATE … RETURNING`. Not KV: its get-then-put loses counts under concurrency.
 * The tables are created on first use by each isolate (idempotent), so a deployment needs no migration step.
 */
import type { CounterStore } from '../store.ts';
import { SCHEMA, sqlStore } from './sql.ts';

/** The part of a D1 prepared statement this store uses. */
export interface D1PreparedStatementLike {
  bind(...values: unknown[]): D1PreparedStatementLike;
}

/** The part of Cloudflare's `D1Database` binding this store uses. */
export interface D1DatabaseLike {
  prepare(sql: string): D1PreparedStatementLike;
  batch(statements: D1PreparedStatementLike[]): Promise<{ results?: unknown[] }[]>;
}

/** Wraps a D1 binding (e.g. `env.DB`) as a counter store. */
export function d1Store(db: D1DatabaseLike): CounterStore {
  let ready: Promise<unknown> | undefined;
  return sqlStore('d1', async (steps) => {
    ready ??= db.batch(SCHEMA.map((sql) => db.prepare(sql))).catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    await ready;
    const results = await db.batch(steps.map((step) => db.prepare(step.sql).bind(...step.params)));
    return results.map((result) => result.results ?? []);
  });
}
