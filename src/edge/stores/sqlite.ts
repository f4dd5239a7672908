/**
 * The embedded default store: one SQLite file (better-sqlite3, WAL) in the data folder, used by
 * `bantin serve` and the dev server. Node only; never bundled into the Worker.
 *
 * better-sqlite3 is synchronous, so each method is one transaction that no other request can interleave
 * with; several processes on one file are serialised by SQLite's lock (with a busy timeout). WAL with
 * `synchronous = NORMAL` keeps every committed count across a crash of the process; a power cut may lose
 * the last moments before it.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CounterStore } from '../store.ts';
import { SCHEMA, sqlStore, type SqlStep } from './sql.ts';

/** The file name of the SQLite store inside the data folder. */
export const SQLITE_FILE = 'counter.sqlite';

/** Opens (creating if needed) the SQLite counter store in the file `file` (or ":memory:"). */
export function sqliteStore(file: string): CounterStore {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.transaction(() => {
    for (const sql of SCHEMA) db.exec(sql);
  }).immediate();

  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    return statement;
  };
  /** better-sqlite3 binds numbered parameters from an object keyed by number. */
  const bind = (params: SqlStep['params']): Record<number, string | number> =>
    Object.fromEntries(params.map((value, i) => [i + 1, value]));
  const transaction = db.transaction((steps: SqlStep[]): unknown[][] =>
    steps.map((step) => {
      const statement = prepare(step.sql);
      if (statement.reader) return statement.all(bind(step.params));
      statement.run(bind(step.params));
      return [];
    }),
  );
  // Writes take the write lock at once (BEGIN IMMEDIATE), so concurrent writers wait instead of failing.
  return sqlStore(
    'sqlite',
    (steps, write) => (write ? transaction.immediate(steps) : transaction.deferred(steps)),
    async () => {
      db.close();
    },
  );
}
