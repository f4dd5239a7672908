/**
 * The handler at the HTTP level: every malformed or unwelcome request gets its status and a JSON error
 * and writes nothing (the memory store's snapshot is unchanged and no writing method was called); CORS;
 * privacy (no raw IP or User-Agent stored, no cookie).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createCounterHandler, type CounterHandler } from '../../src/edge/handler.ts';
import { cachedManifest, parseManifest } from '../../src/edge/manifest.ts';
import type { CounterStore } from '../../src/edge/store.ts';
import { memoryStore, type MemoryStore } from '../../src/edge/stores/memory.ts';
import { visitorId } from '../../src/edge/visitor.ts';
import { BROWSER_UA, MANIFEST, ORIGIN, call } from './fixtures.ts';

const ID = 'cong-tac-dang/so-ket-quy-che-dan-chu';
const NOW = Date.parse('2026-05-04T08:00:00Z');
const WRITES = new Set(['salt', 'view', 'visit', 'hit']);

/** Wraps a store so the test can see which methods were called. */
function spy(store: MemoryStore): { store: MemoryStore; calls: string[] } {
  const calls: string[] = [];
  const wrapped = new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(name));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: wrapped, calls };
}

describe('counter handler: refusals write nothing', () => {
  let store: MemoryStore;
  let calls: string[];
  let handler: CounterHandler;

  beforeEach(async () => {
    ({ store, calls } = spy(memoryStore()));
    handler = createCounterHandler({ store, manifest: async () => MANIFEST, now: () => NOW });
    // Some state first, so "unchanged" means something.
    await call(handler, 'POST', `/api/views/${ID}`);
    await call(handler, 'POST', '/api/visit');
    calls.length = 0;
  });

  const refusals: [string, string, string, { body?: BodyInit; headers?: Record<string, string> }, number, string][] = [
    ['bad JSON', 'POST', `/api/views/${ID}`, { body: '{"a":', headers: { 'content-type': 'application/json' } }, 400, 'bad-json'],
    ['a JSON array', 'POST', '/api/visit', { body: '[1,2]' }, 400, 'bad-json'],
    ['a JSON string', 'POST', '/api/visit', { body: '"x"' }, 400, 'bad-json'],
    ['a huge body (Content-Length)', 'POST', `/api/views/${ID}`, { body: `{"x":"${'a'.repeat(100_000)}"}` }, 413, 'body-too-large'],
    ['upper-case id', 'POST', '/api/views/Cong-Tac-Dang/x', {}, 400, 'bad-id'],
    ['id with an underscore', 'POST', '/api/views/tin_tuc/x', {}, 400, 'bad-id'],
    ['id without a "/"', 'POST', '/api/views/tin-tuc', {}, 400, 'bad-id'],
    ['id with a trailing "/"', 'POST', '/api/views/tin-tuc/x/', {}, 400, 'bad-id'],
    ['id with percent-encoding', 'POST', '/api/views/tin-tuc/l%E1%BB%8Bch', {}, 400, 'bad-id'],
    ['id with a quote', 'POST', "/api/views/tin-tuc/x'--", {}, 400, 'bad-id'],
    ['id too long', 'POST', `/api/views/tin-tuc/${'a'.repeat(200)}`, {}, 400, 'bad-id'],
    ['unknown id', 'POST', '/api/views/tin-tuc/khong-co', {}, 404, 'unknown-id'],
    ['GET without ids', 'GET', '/api/views', {}, 400, 'bad-ids'],
    ['GET with an empty id', 'GET', `/api/views?ids=${ID},`, {}, 400, 'bad-id'],
    ['GET with a bad id', 'GET', '/api/views?ids=TIN/x', {}, 400, 'bad-id'],
    ['GET with 101 ids', 'GET', `/api/views?ids=${Array.from({ length: 101 }, (_, i) => `tin-tuc/a${i}`).join(',')}`, {}, 400, 'too-many-ids'],
    ['GET on a view', 'GET', `/api/views/${ID}`, {}, 405, 'method-not-allowed'],
    ['POST on the counts', 'POST', '/api/views', {}, 405, 'method-not-allowed'],
    ['GET on the visit', 'GET', '/api/visit', {}, 405, 'method-not-allowed'],
    ['PUT on the visit', 'PUT', '/api/visit', {}, 405, 'method-not-allowed'],
    ['DELETE on a view', 'DELETE', `/api/views/${ID}`, {}, 405, 'method-not-allowed'],
    ['an unknown endpoint', 'POST', '/api/reset', {}, 404, 'not-found'],
    ['a foreign Origin (view)', 'POST', `/api/views/${ID}`, { headers: { origin: 'https://evil.example' } }, 403, 'foreign-origin'],
    ['a foreign Origin (visit)', 'POST', '/api/visit', { headers: { origin: 'http://example.gov.vn' } }, 403, 'foreign-origin'],
    ['a foreign Origin (counts)', 'GET', `/api/views?ids=${ID}`, { headers: { origin: 'https://evil.example' } }, 403, 'foreign-origin'],
    ['Origin "null"', 'POST', '/api/visit', { headers: { origin: 'null' } }, 403, 'foreign-origin'],
    ['a foreign preflight', 'OPTIONS', '/api/visit', { headers: { origin: 'https://evil.example' } }, 403, 'foreign-origin'],
  ];

  for (const [what, method, path, options, status, error] of refusals) {
    it(`${what} → ${status} ${error}`, async () => {
      const before = JSON.stringify(store.snapshot());
      expect(await call(handler, method, path, options)).toEqual({ status, body: { error } });
      expect(JSON.stringify(store.snapshot())).toBe(before);
      expect(calls.filter((name) => WRITES.has(name))).toEqual([]);
    });
  }

  it('a huge body streamed without Content-Length → 413, read no further than the limit', async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(512).fill(32));
        if (pulled === 10_000) controller.close();
      },
    });
    const before = JSON.stringify(store.snapshot());
    expect(await call(handler, 'POST', '/api/visit', { body })).toEqual({ status: 413, body: { error: 'body-too-large' } });
    expect(pulled).toBeLessThan(10);
    expect(JSON.stringify(store.snapshot())).toBe(before);
    expect(calls.filter((name) => WRITES.has(name))).toEqual([]);
  });

  it('a wrong method is told what is allowed', async () => {
    const response = await handler(new Request(`${ORIGIN}/api/visit`, { method: 'GET' }), { ip: '203.0.113.1' });
    expect(response.headers.get('allow')).toBe('POST, OPTIONS');
  });

  it('past the rate limit: 429 with Retry-After, and no count written', async () => {
    handler = createCounterHandler({ store, manifest: async () => MANIFEST, now: () => NOW + 15_000, limits: { rateMax: 2 } });
    await call(handler, 'POST', '/api/visit');
    await call(handler, 'POST', '/api/visit');
    const counts = { views: await store.views([ID]), stats: await store.stats(NOW + 15_000, 300_000) };
    const response = await handler(new Request(`${ORIGIN}/api/views/tin-tuc/lich-tiep-dan`, { method: 'POST', headers: { 'user-agent': BROWSER_UA } }), {
      ip: '203.0.113.1',
    });
    expect(response.status).toBe(429);
    expect(await response.json()).toEqual({ error: 'rate-limited' });
    expect(response.headers.get('retry-after')).toBe('45');
    expect({ views: await store.views([ID]), stats: await store.stats(NOW + 15_000, 300_000) }).toEqual(counts);
    expect(await store.views(['tin-tuc/lich-tiep-dan'])).toEqual({ 'tin-tuc/lich-tiep-dan': 0 });
  });

  it('without a manifest → 503 no-manifest', async () => {
    handler = createCounterHandler({ store, manifest: async () => undefined });
    expect(await call(handler, 'POST', `/api/views/${ID}`)).toEqual({ status: 503, body: { error: 'no-manifest' } });
    expect(calls.filter((name) => WRITES.has(name))).toEqual([]);
  });

  it('a failing store → 503 unavailable (logged), not a crash', async () => {
    const broken: CounterStore = { ...memoryStore(), view: () => Promise.reject(new Error('disk full')) };
    handler = createCounterHandler({ store: broken, manifest: async () => MANIFEST });
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      expect(await call(handler, 'POST', `/api/views/${ID}`)).toEqual({ status: 503, body: { error: 'unavailable' } });
    } finally {
      console.error = original;
    }
    expect(String(errors)).toContain('disk full');
  });
});

describe('counter handler: answers', () => {
  it('accepts an empty body and a small JSON object body', async () => {
    const handler = createCounterHandler({ store: memoryStore(), manifest: async () => MANIFEST, now: () => NOW });
    expect(await call(handler, 'POST', `/api/views/${ID}`, { body: '' })).toEqual({ status: 200, body: { id: ID, views: 60 } });
    expect(await call(handler, 'POST', '/api/visit', { body: '{"path":"/"}', ip: '203.0.113.2' })).toEqual({ status: 200, body: { online: 1, total: 1 } });
  });

  it('GET /views: up to 100 ids, duplicates once, unknown ones left out', async () => {
    const handler = createCounterHandler({ store: memoryStore(), manifest: async () => MANIFEST, now: () => NOW });
    const hundred = [ID, ID, ...Array.from({ length: 98 }, (_, i) => `tin-tuc/a${i}`)];
    expect(await call(handler, 'GET', `/api/views?ids=${hundred.join(',')}`)).toEqual({ status: 200, body: { views: { [ID]: 59 } } });
  });

  it('mounts under any path, e.g. a base path', async () => {
    const handler = createCounterHandler({ store: memoryStore(), manifest: async () => MANIFEST, path: '/phuong-cu-khoi/api/' });
    expect((await call(handler, 'POST', `/phuong-cu-khoi/api/views/${ID}`)).body).toEqual({ id: ID, views: 60 });
    expect((await call(handler, 'POST', `/api/views/${ID}`)).status).toBe(404);
  });

  it('CORS: the manifest’s origin calling another host gets Access-Control-Allow-Origin; same-origin needs none', async () => {
    const handler = createCounterHandler({ store: memoryStore(), manifest: async () => MANIFEST });
    const counter = 'https://counter.example.workers.dev';
    const cross = await handler(new Request(`${counter}/api/visit`, { method: 'POST', headers: { origin: ORIGIN, 'user-agent': BROWSER_UA } }), { ip: '1.2.3.4' });
    expect(cross.status).toBe(200);
    expect(cross.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(cross.headers.get('vary')).toBe('Origin');
    const preflight = await handler(new Request(`${counter}/api/views/${ID}`, { method: 'OPTIONS', headers: { origin: ORIGIN } }), { ip: '1.2.3.4' });
    expect(preflight.status).toBe(204);
    expect(Object.fromEntries(preflight.headers)).toMatchObject({
      'access-control-allow-origin': ORIGIN,
      'access-control-allow-methods': 'POST, OPTIONS',
      'access-control-allow-headers': 'Content-Type',
    });
    const local = 'http://127.0.0.1:8080';
    const same = await handler(new Request(`${local}/api/visit`, { method: 'POST', headers: { origin: local, 'user-agent': BROWSER_UA } }), { ip: '1.2.3.4' });
    expect(same.status).toBe(200);
    expect(same.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('stores no raw IP or User-Agent, sets no cookie, and answers uncacheable JSON', async () => {
    const store = memoryStore();
    const handler = createCounterHandler({ store, manifest: async () => MANIFEST, now: () => NOW });
    const response = await handler(new Request(`${ORIGIN}/api/views/${ID}`, { method: 'POST', headers: { 'user-agent': BROWSER_UA } }), {
      ip: '198.51.100.77',
    });
    await handler(new Request(`${ORIGIN}/api/visit`, { method: 'POST', headers: { 'user-agent': BROWSER_UA } }), { ip: '198.51.100.77' });
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const stored = JSON.stringify(store.snapshot());
    expect(stored).not.toContain('198.51.100.77');
    expect(stored).not.toContain('Firefox');
    const salt = (store.snapshot() as { salts: [string, string][] }).salts[0]![1];
    expect(stored).toContain(await visitorId(salt, '198.51.100.77', BROWSER_UA));
  });
});

describe('visitor ids', () => {
  it('are 22 base64url characters, the same for the same salt, IP and User-Agent, different otherwise', async () => {
    const a = await visitorId('salt-1', '203.0.113.1', BROWSER_UA);
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await visitorId('salt-1', '203.0.113.1', BROWSER_UA)).toBe(a);
    expect(await visitorId('salt-2', '203.0.113.1', BROWSER_UA)).not.toBe(a);
    expect(await visitorId('salt-1', '203.0.113.2', BROWSER_UA)).not.toBe(a);
    expect(await visitorId('salt-1', '203.0.113.1', `${BROWSER_UA} x`)).not.toBe(a);
  });
});

describe('manifest', () => {
  it('accepts the build’s manifest and refuses broken ones', () => {
    expect(parseManifest(MANIFEST)).toBe(MANIFEST);
    expect(() => parseManifest({ ...MANIFEST, version: 2 })).toThrow(/version 1/);
    expect(() => parseManifest({ ...MANIFEST, origin: 'example.gov.vn' })).toThrow(/origin/);
    expect(() => parseManifest({ ...MANIFEST, articles: { 'Bad Id': { path: '/x/', views: 0 } } })).toThrow(/Bad Id/);
    expect(() => parseManifest({ ...MANIFEST, articles: { 'a/b': { path: '/a/b/', views: -1 } } })).toThrow(/a\/b/);
    expect(() => parseManifest({ ...MANIFEST, visits: 1.5 })).toThrow(/visits/);
  });

  it('is loaded at most once per TTL, and retried after a failed load', async () => {
    let clock = 0;
    let loads = 0;
    let fail = true;
    const load = cachedManifest(
      async () => {
        loads++;
        if (fail) throw new Error('not yet');
        return MANIFEST;
      },
      1000,
      () => clock,
    );
    await expect(load()).rejects.toThrow('not yet');
    fail = false;
    expect(await load()).toBe(MANIFEST);
    expect(await load()).toBe(MANIFEST);
    expect(loads).toBe(2);
    clock = 1000;
    await load();
    expect(loads).toBe(3);
  });
});
