/**
 * The store contract against every adapter: memory, SQLite (a real file), Redis (a real redis-server on a
 * free loopback port) and D1 (inside real workerd through Miniflare).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { memoryStore } from '../../src/edge/stores/memory.ts';
import { redisStore } from '../../src/edge/stores/redis.ts';
import { sqliteStore } from '../../src/edge/stores/sqlite.ts';
import { needTools } from '../deploy/support.ts';
import { startD1, type D1Harness } from '../helpers/d1-store.ts';
import { startRedis, type RedisServer } from '../helpers/redis-server.ts';
import { counterStoreContract } from './store-contract.ts';

counterStoreContract('memory', async () => memoryStore());

let dir: string;
let files = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bantin-sqlite-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
counterStoreContract('sqlite', async () => sqliteStore(join(dir, `${++files}`, 'counter.sqlite')));

const redis = needTools({ 'redis-server': 'redis-server' });
if (!redis.skip) {
  let server: RedisServer;
  let prefixes = 0;
  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    await server?.stop();
  });
  counterStoreContract('redis', async () => redisStore(server.url, { prefix: `test${++prefixes}:` }));
}

let d1: D1Harness;
beforeAll(async () => {
  d1 = await startD1();
});
afterAll(async () => {
  await d1?.dispose();
});
counterStoreContract('d1 (workerd via Miniflare)', () => d1.store());
