/**
 * The shared store for several instances behind a load balancer: Redis through ioredis. Node only.
 *
 * Each method is one Lua script, which Redis runs atomically. Keys (under the prefix, default "bantin:"):
 * - `views` (hash): article id → count;
 * - `seen:<id>` (sorted set): visitor → instant of their last counted view of the article, pruned to the
 *   dedupe window;
 * - `visitors` (sorted set): visitor → last seen, pruned to the session window; "online" is a range count;
 * - `total` (string): the running total of visits;
 * - `hits:<window>` (hash): visitor → requests in that rate-limit window;
 * - `salts` (hash): day → that day's salt; days before yesterday are deleted.
 * Windows are judged by the `now` the handler passes, not by Redis' clock; key expiry only collects garbage.
 * The scripts touch several keys, so this store wants a single Redis (or keys kept in one cluster slot by a
 * `{hash tag}` in the prefix).
 */
import { createRequire } from 'node:module';
import type { RedisOptions } from 'ioredis';
import type { CounterStore } from '../store.ts';
import { previousDay } from '../visitor.ts';

// KEYS: salts. ARGV: day, candidate, yesterday.
const SALT = `
for _, day in ipairs(redis.call('HKEYS', KEYS[1])) do
  if day < ARGV[3] then redis.call('HDEL', KEYS[1], day) end
end
redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
return redis.call('HGET', KEYS[1], ARGV[1])`;

// KEYS: seen:<id>, views. ARGV: visitor, now, cutoff, id.
const VIEW = `
local last = redis.call('ZSCORE', KEYS[1], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
if last and tonumber(last) > tonumber(ARGV[3]) then
  return tonumber(redis.call('HGET', KEYS[2], ARGV[4]) or '0')
end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
return redis.call('HINCRBY', KEYS[2], ARGV[4], 1)`;

// KEYS: visitors, total. ARGV: visitor, now, session cutoff, online cutoff.
const VISIT = `
local last = redis.call('ZSCORE', KEYS[1], ARGV[1])
local total
if last and tonumber(last) > tonumber(ARGV[3]) then
  total = tonumber(redis.call('GET', KEYS[2]) or '0')
else
  total = redis.call('INCR', KEYS[2])
end
redis.call('ZADD', KEYS[1], 'GT', ARGV[2], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
return {redis.call('ZCOUNT', KEYS[1], '(' .. ARGV[4], '+inf'), total}`;

// KEYS: hits:<window>. ARGV: visitor, ttl.
const HIT = `
local n = redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return n`;

interface Scripts {
  bantinSalt(key: string, day: string, candidate: string, yesterday: string): Promise<string>;
  bantinView(seen: string, views: string, visitor: string, now: number, cutoff: number, id: string): Promise<number>;
  bantinVisit(visitors: string, total: string, visitor: string, now: number, sessionCutoff: number, onlineCutoff: number): Promise<[number, number]>;
  bantinHit(key: string, visitor: string, ttlMs: number): Promise<number>;
}

/** Options of {@link redisStore}. */
export interface RedisStoreOptions {
  /** Prefix of every key (default "bantin:"). */
  prefix?: string;
  /** Further ioredis options. */
  redis?: RedisOptions;
}

/** Connects to Redis at `url` (e.g. "redis://127.0.0.1:6379/0") and returns the counter store on it. */
export function redisStore(url: string, options: RedisStoreOptions = {}): CounterStore {
  // Loaded when a Redis store is made, not with the command line: ioredis takes half a second to load.
  const { Redis } = createRequire(import.meta.url)('ioredis') as typeof import('ioredis');
  const redis = new Redis(url, { keyPrefix: options.prefix ?? 'bantin:', maxRetriesPerRequest: 2, ...options.redis });
  redis.defineCommand('bantinSalt', { numberOfKeys: 1, lua: SALT });
  redis.defineCommand('bantinView', { numberOfKeys: 2, lua: VIEW });
  redis.defineCommand('bantinVisit', { numberOfKeys: 2, lua: VISIT });
  redis.defineCommand('bantinHit', { numberOfKeys: 1, lua: HIT });
  const scripts = redis as unknown as Scripts;

  return {
    kind: 'redis',
    salt(day, candidate) {
      return scripts.bantinSalt('salts', day, candidate, previousDay(day));
    },
    async view(id, visitor, now, dedupeMs) {
      return Number(await scripts.bantinView(`seen:${id}`, 'views', visitor, now, now - dedupeMs, id));
    },
    async views(ids) {
      const values = await redis.hmget('views', ...ids);
      return Object.fromEntries(ids.map((id, i) => [id, Number(values[i] ?? 0)]));
    },
    async visit(visitor, now, windows) {
      const [online, total] = await scripts.bantinVisit(
        'visitors',
        'total',
        visitor,
        now,
        now - windows.sessionMs,
        now - windows.onlineMs,
      );
      return { online: Number(online), total: Number(total) };
    },
    async stats(now, onlineMs) {
      const [online, total] = await Promise.all([redis.zcount('visitors', `(${now - onlineMs}`, '+inf'), redis.get('total')]);
      return { online: Number(online), total: Number(total ?? 0) };
    },
    async hit(visitor, now, windowMs) {
      return Number(await scripts.bantinHit(`hits:${Math.floor(now / windowMs)}`, visitor, 2 * windowMs));
    },
    async close() {
      await redis.quit();
    },
  };
}
