/**
 * Durability of the SQLite store under `bantin serve`: the process is killed with SIGKILL in the middle of a
 * load of increments; after a restart on the same data folder, every increment it had acknowledged is
 * counted (and none that was never sent).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get } from '../deploy/support.ts';
import { BROWSER_UA, MANIFEST } from '../edge/fixtures.ts';
import { startServe, writeSite } from '../helpers/bantin-serve.ts';

const ID = 'tin-tuc/lich-tiep-dan';
/** Upper bound of the load: the test sends at most this many increments. */
const MAX_REQUESTS = 4000;
/** Requests in flight at once. */
const CONCURRENCY = 16;
/** The kill comes once this many increments were acknowledged. */
const KILL_AFTER = 600;

/** One view by visitor `n` (its own User-Agent); resolves to the count it was acknowledged with, or undefined. */
function increment(port: number, n: number): Promise<number | undefined> {
  return new Promise((done) => {
    const req = request(
      { host: '127.0.0.1', port, path: `/api/views/${ID}`, method: 'POST', headers: { 'user-agent': `${BROWSER_UA} load/${n}` }, agent: false },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => {
          try {
            done(res.statusCode === 200 ? (JSON.parse(body) as { views: number }).views : undefined);
          } catch {
            done(undefined);
          }
        });
        res.on('error', () => done(undefined));
      },
    );
    req.on('error', () => done(undefined));
    req.end();
  });
}

describe('bantin serve killed during a load of increments', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'bantin-durability-'));
    await writeSite(join(root, 'dist'), MANIFEST);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('keeps every acknowledged increment (SIGKILL, then restart)', async () => {
    const serve = await startServe(['--root', root, '--port', '0']);
    const port = Number(serve.url.port);
    const acknowledged: number[] = [];
    let sent = 0;
    let killed: Promise<number | string> | undefined;
    const worker = async (): Promise<void> => {
      while (sent < MAX_REQUESTS && !killed) {
        const views = await increment(port, sent++);
        if (views !== undefined) acknowledged.push(views);
        if (acknowledged.length >= KILL_AFTER && !killed) killed = serve.stop('SIGKILL');
      }
    };
    try {
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    } finally {
      killed ??= serve.stop('SIGKILL');
    }
    expect(await killed).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER);
    // Requests were still in flight when the kill came.
    expect(sent).toBeGreaterThan(acknowledged.length);

    const again = await startServe(['--root', root, '--port', '0']);
    try {
      const counts = await get(Number(again.url.port), `/api/views?ids=${ID}`, { headers: { 'user-agent': BROWSER_UA } });
      const stored = (JSON.parse(counts.body.toString()) as { views: Record<string, number> }).views[ID]!;
      // Every acknowledged increment answered its own count, so the highest is at least how many there were.
      expect(new Set(acknowledged).size).toBe(acknowledged.length);
      expect(stored).toBeGreaterThanOrEqual(Math.max(...acknowledged));
      expect(stored).toBeGreaterThanOrEqual(acknowledged.length);
      expect(stored).toBeLessThanOrEqual(sent);
    } finally {
      await again.stop();
    }
  });
});
