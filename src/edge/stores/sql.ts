/**
 * The SQL shared by the SQLite (better-sqlite3) and Cloudflare D1 stores: one schema, and each store
 * method as a fixed list of statements run in one transaction (a better-sqlite3 transaction, a D1 batch).
 * Parameters are numbered (`?1`), the only kind both drivers accept. The SQL is written without spare
 * blanks because it ships inside the Worker bundle, which must stay under 10 KB.
 *
 * Conditional writes work without reading first, since a D1 batch cannot branch: the first statement
 * marks its row with a fresh random token only when it counts, and the next one adds
 * `count(*) … WHERE tok = ?token` (1 or 0) with an atomic `INSERT … ON CONFLICT DO UPDATE … RETURNING`.
 */
import type { CounterStore } from '../store.ts';
import { previousDay } from '../visitor.ts';

/** Tables and indexes, each statement idempotent. */
export const SCHEMA: readonly string[] = [
  'CREATE TABLE IF NOT EXISTS salts(day TEXT PRIMARY KEY,salt TEXT)',
  'CREATE TABLE IF NOT EXISTS views(id TEXT PRIMARY KEY,n INTEGER)',
  'CREATE TABLE IF NOT EXISTS seen(visitor TEXT,id TEXT,at INTEGER,tok TEXT,PRIMARY KEY(visitor,id))',
  'CREATE INDEX IF NOT EXISTS seen_at ON seen(at)',
  'CREATE TABLE IF NOT EXISTS visitors(visitor TEXT PRIMARY KEY,last INTEGER,tok TEXT)',
  'CREATE INDEX IF NOT EXISTS visitors_last ON visitors(last)',
  'CREATE TABLE IF NOT EXISTS totals(name TEXT PRIMARY KEY,n INTEGER)',
  'CREATE TABLE IF NOT EXISTS hits(visitor TEXT PRIMARY KEY,win INTEGER,n INTEGER)',
  'CREATE INDEX IF NOT EXISTS hits_win ON hits(win)',
];

/** One statement with its parameters. */
export interface SqlStep {
  sql: string;
  params: readonly (string | number)[];
}

/** `salt`: ?1 day, ?2 candidate, ?3 the day before. The last step's row is `{salt}`. */
export function saltSteps(day: string, candidate: string, yesterday: string): SqlStep[] {
  return [
    { sql: 'INSERT INTO salts(day,salt) VALUES(?1,?2) ON CONFLICT(day) DO NOTHING', params: [day, candidate] },
    { sql: 'DELETE FROM salts WHERE day<?1', params: [yesterday] },
    { sql: 'SELECT salt FROM salts WHERE day=?1', params: [day] },
  ];
}

/** `view`: the last step's row is `{n}`, the stored count after the call. */
export function viewSteps(id: string, visitor: string, now: number, dedupeMs: number, token: string): SqlStep[] {
  const cutoff = now - dedupeMs;
  return [
    {
      sql:
        'INSERT INTO seen(visitor,id,at,tok) VALUES(?1,?2,?3,?4) ' +
        'ON CONFLICT(visitor,id) DO UPDATE SET at=excluded.at,tok=excluded.tok WHERE seen.at<=?5',
      params: [visitor, id, now, token, cutoff],
    },
    { sql: 'DELETE FROM seen WHERE at<=?1', params: [cutoff] },
    {
      sql:
        'INSERT INTO views(id,n) VALUES(?1,(SELECT count(*) FROM seen WHERE visitor=?2 AND id=?1 AND tok=?3)) ' +
        'ON CONFLICT(id) DO UPDATE SET n=views.n+excluded.n RETURNING n',
      params: [id, visitor, token],
    },
  ];
}

/** `views`: rows `{id, n}` of the ids ever counted. */
export function viewsStep(ids: readonly string[]): SqlStep {
  return { sql: `SELECT id,n FROM views WHERE id IN(${ids.map((_, i) => `?${i + 1}`).join(',')})`, params: ids };
}

/** `visit`: the second step's row is `{n}` (the total), the last one's `{online}`. */
export function visitSteps(visitor: string, now: number, onlineMs: number, sessionMs: number, token: string): SqlStep[] {
  const sessionCutoff = now - sessionMs;
  return [
    {
      sql:
        'INSERT INTO visitors(visitor,last,tok) VALUES(?1,?2,?3) ' +
        'ON CONFLICT(visitor) DO UPDATE SET ' +
        'tok=CASE WHEN visitors.last<=?4 THEN excluded.tok ELSE visitors.tok END,' +
        'last=max(visitors.last,excluded.last)',
      params: [visitor, now, token, sessionCutoff],
    },
    {
      sql:
        "INSERT INTO totals(name,n) VALUES('visits',(SELECT count(*) FROM visitors WHERE visitor=?1 AND tok=?2)) " +
        'ON CONFLICT(name) DO UPDATE SET n=totals.n+excluded.n RETURNING n',
      params: [visitor, token],
    },
    { sql: 'DELETE FROM visitors WHERE last<=?1', params: [sessionCutoff] },
    onlineStep(now, onlineMs),
  ];
}

/** `stats`: the total, as a row `{n}` or none. */
export const TOTAL_STEP: SqlStep = { sql: "SELECT n FROM totals WHERE name='visits'", params: [] };

/** `stats` and `visit`: a row `{online}`. */
export function onlineStep(now: number, onlineMs: number): SqlStep {
  return { sql: 'SELECT count(*) AS online FROM visitors WHERE last>?1', params: [now - onlineMs] };
}

/** `hit`: the first step's row is `{n}`. */
export function hitSteps(visitor: string, now: number, windowMs: number): SqlStep[] {
  const win = Math.floor(now / windowMs);
  return [
    {
      sql:
        'INSERT INTO hits(visitor,win,n) VALUES(?1,?2,1) ' +
        'ON CONFLICT(visitor) DO UPDATE SET n=CASE WHEN hits.win=excluded.win THEN hits.n+1 ELSE 1 END,' +
        'win=excluded.win RETURNING n',
      params: [visitor, win],
    },
    { sql: 'DELETE FROM hits WHERE win<?1', params: [win] },
  ];
}

/** A random token marking the row a statement just counted. */
export function token(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Runs statements in one transaction and returns the rows of each (`write` false for read-only steps). */
export type SqlRunner = (steps: SqlStep[], write: boolean) => unknown[][] | Promise<unknown[][]>;

/** Builds a {@link CounterStore} on a driver that can run a list of statements in one transaction. */
export function sqlStore(kind: string, run: SqlRunner, close: () => Promise<void> = async () => {}): CounterStore {
  const value = (row: unknown, key: string): number => Number((row as Record<string, unknown> | undefined)?.[key] ?? 0);
  return {
    kind,
    async salt(day, candidate) {
      const rows = await run(saltSteps(day, candidate, previousDay(day)), true);
      return (rows[2]![0] as { salt: string }).salt;
    },
    async view(id, visitor, now, dedupeMs) {
      return value((await run(viewSteps(id, visitor, now, dedupeMs, token()), true))[2]![0], 'n');
    },
    async views(ids) {
      const rows = (await run([viewsStep(ids)], false))[0] as { id: string; n: number }[];
      const found = new Map(rows.map((row) => [row.id, Number(row.n)]));
      return Object.fromEntries(ids.map((id) => [id, found.get(id) ?? 0]));
    },
    async visit(visitor, now, windows) {
      const rows = await run(visitSteps(visitor, now, windows.onlineMs, windows.sessionMs, token()), true);
      return { total: value(rows[1]![0], 'n'), online: value(rows[3]![0], 'online') };
    },
    async stats(now, onlineMs) {
      const rows = await run([TOTAL_STEP, onlineStep(now, onlineMs)], false);
      return { total: value(rows[0]![0], 'n'), online: value(rows[1]![0], 'online') };
    },
    async hit(visitor, now, windowMs) {
      return value((await run(hitSteps(visitor, now, windowMs), true))[0]![0], 'n');
    },
    close,
  };
}
