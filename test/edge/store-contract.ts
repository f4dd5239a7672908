/**
 * The contract every counter store passes, through the real handler: counting, the 30-minute dedupe window,
 * unknown ids, bots, prefetches, visitor stats, salts, the rate limit, and 2,000 concurrent increments on
 * one id. Time is a variable the tests move; nothing sleeps.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCounterHandler, type CounterHandler, type CounterLimits } from '../../src/edge/handler.ts';
import type { CounterStore } from '../../src/edge/store.ts';
import { BROWSER_UA, MANIFEST, call } from './fixtures.ts';

const MINUTE = 60_000;
const T0 = Date.parse('2026-05-04T08:00:00Z');
const ID = 'cong-tac-dang/so-ket-quy-che-dan-chu';
const OTHER = 'tin-tuc/lich-tiep-dan';
const BASE = MANIFEST.articles[ID]!.views;

/** Runs the contract on stores made by `open` (a fresh, empty store per test). */
export function counterStoreContract(name: string, open: () => Promise<CounterStore>): void {
  describe(`counter store contract: ${name}`, () => {
    let store: CounterStore;
    let now: number;
    let handler: CounterHandler;
    const make = (limits: Partial<CounterLimits> = {}): CounterHandler =>
      createCounterHandler({ store, manifest: async () => MANIFEST, now: () => now, limits });
    const view = async (id: string, ip = '203.0.113.1', headers: Record<string, string> = {}) =>
      call(handler, 'POST', `/api/views/${id}`, { ip, headers });
    const visit = async (ip: string, headers: Record<string, string> = {}) => call(handler, 'POST', '/api/visit', { ip, headers });
    const snapshot = async () => ({ views: await store.views([ID, OTHER]), stats: await store.stats(now, 5 * MINUTE) });

    beforeEach(async () => {
      store = await open();
      now = T0;
      handler = make();
    });
    afterEach(async () => {
      await store.close();
    });

    it('counts views on top of the starting count, per article', async () => {
      expect(await view(ID, '203.0.113.1')).toEqual({ status: 200, body: { id: ID, views: BASE + 1 } });
      expect(await view(ID, '203.0.113.2')).toEqual({ status: 200, body: { id: ID, views: BASE + 2 } });
      expect((await view(OTHER, '203.0.113.1')).body).toEqual({ id: OTHER, views: 1 });
      expect(await call(handler, 'GET', `/api/views?ids=${ID},${OTHER}`)).toEqual({
        status: 200,
        body: { views: { [ID]: BASE + 2, [OTHER]: 1 } },
      });
      expect(await store.views([ID, OTHER, 'tin-tuc/never'])).toEqual({ [ID]: 2, [OTHER]: 1, 'tin-tuc/never': 0 });
    });

    it('counts one visitor’s repeat views of an article once within 30 minutes', async () => {
      expect((await view(ID)).body).toEqual({ id: ID, views: BASE + 1 });
      now = T0 + 29 * MINUTE;
      expect((await view(ID)).body).toEqual({ id: ID, views: BASE + 1 });
      // The same IP with another browser is another visitor.
      expect((await view(ID, '203.0.113.1', { 'user-agent': `${BROWSER_UA} other` })).body).toEqual({ id: ID, views: BASE + 2 });
      now = T0 + 30 * MINUTE;
      expect((await view(ID)).body).toEqual({ id: ID, views: BASE + 3 });
      now = T0 + 31 * MINUTE;
      expect((await view(ID)).body).toEqual({ id: ID, views: BASE + 3 });
    });

    it('sees a visitor anew after midnight in Vietnam (the salt rotates), not at midnight UTC', async () => {
      now = Date.parse('2026-05-04T23:55:00+07:00');
      expect((await view(ID)).body).toEqual({ id: ID, views: BASE + 1 });
      now = Date.parse('2026-05-05T00:05:00+07:00');
      expect((await view(ID)).body).toEqual({ id: ID, views: BASE + 2 });
      now = Date.parse('2026-05-05T06:55:00+07:00');
      expect((await view(OTHER)).body).toEqual({ id: OTHER, views: 1 });
      now = Date.parse('2026-05-05T07:05:00+07:00');
      expect((await view(OTHER)).body).toEqual({ id: OTHER, views: 1 });
    });

    it('keeps one salt per day, the first offered, and forgets salts before yesterday', async () => {
      expect(await store.salt('2026-05-01', 'first')).toBe('first');
      expect(await store.salt('2026-05-01', 'second')).toBe('first');
      expect(await store.salt('2026-05-02', 'next-day')).toBe('next-day');
      expect(await store.salt('2026-05-01', 'third')).toBe('first');
      expect(await store.salt('2026-05-03', 'day-3')).toBe('day-3');
      // 2026-05-01 is now before yesterday: gone, so a new candidate wins.
      expect(await store.salt('2026-05-01', 'fourth')).toBe('fourth');
    });

    it('answers 404 for an unknown id and writes nothing', async () => {
      await view(ID);
      const before = await snapshot();
      expect(await view('tin-tuc/khong-co')).toEqual({ status: 404, body: { error: 'unknown-id' } });
      expect(await snapshot()).toEqual(before);
    });

    it('does not count self-identified bots or requests without a User-Agent', async () => {
      await view(ID);
      await visit('203.0.113.1');
      const before = await snapshot();
      const googlebot = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
      expect(await view(ID, '66.249.66.1', { 'user-agent': googlebot })).toEqual({ status: 200, body: { id: ID, views: BASE + 1 } });
      expect(await view(ID, '203.0.113.9', { 'user-agent': '' })).toEqual({ status: 200, body: { id: ID, views: BASE + 1 } });
      expect((await visit('66.249.66.1', { 'user-agent': googlebot })).body).toEqual({ online: 1, total: 1 });
      expect(await snapshot()).toEqual(before);
    });

    it('does not count prefetches and prerenders', async () => {
      await view(ID);
      const before = await snapshot();
      expect((await view(ID, '203.0.113.7', { 'sec-purpose': 'prefetch' })).body).toEqual({ id: ID, views: BASE + 1 });
      expect((await view(ID, '203.0.113.7', { 'sec-purpose': 'prefetch;prerender' })).body).toEqual({ id: ID, views: BASE + 1 });
      expect((await view(ID, '203.0.113.7', { purpose: 'prefetch' })).body).toEqual({ id: ID, views: BASE + 1 });
      expect((await visit('203.0.113.7', { 'x-moz': 'prefetch' })).body).toEqual({ online: 0, total: 0 });
      expect(await snapshot()).toEqual(before);
    });

    it('counts visits (a visitor back after 30 minutes is a new visit) and visitors online in the last 5 minutes', async () => {
      expect((await visit('198.51.100.1')).body).toEqual({ online: 1, total: 1 });
      expect((await visit('198.51.100.2')).body).toEqual({ online: 2, total: 2 });
      now = T0 + 1 * MINUTE;
      expect((await visit('198.51.100.3')).body).toEqual({ online: 3, total: 3 });
      expect((await visit('198.51.100.1')).body).toEqual({ online: 3, total: 3 });
      now = T0 + 5 * MINUTE + 1;
      // 198.51.100.2 was last seen 5 minutes and 1 ms ago: no longer online.
      expect((await visit('198.51.100.3')).body).toEqual({ online: 2, total: 3 });
      now = T0 + 31 * MINUTE;
      expect((await visit('198.51.100.2')).body).toEqual({ online: 1, total: 4 });
      now = T0 + 35 * MINUTE;
      // 198.51.100.1 was last seen at +1 min, 34 minutes ago: a new visit; 198.51.100.2 is still online.
      expect((await visit('198.51.100.1')).body).toEqual({ online: 2, total: 5 });
      expect(await store.stats(now, 5 * MINUTE)).toEqual({ online: 2, total: 5 });
    });

    it('adds the manifest’s starting total of visits', async () => {
      handler = createCounterHandler({ store, manifest: async () => ({ ...MANIFEST, visits: 5_839_654 }), now: () => now });
      expect((await visit('198.51.100.1')).body).toEqual({ online: 1, total: 5_839_655 });
    });

    it('answers 429 past the per-visitor rate limit, and counts again in the next window', async () => {
      handler = make({ rateMax: 3 });
      for (const id of [ID, OTHER, ID]) expect((await view(id)).status).toBe(200);
      const before = await snapshot();
      const limited = await view(OTHER);
      expect(limited).toEqual({ status: 429, body: { error: 'rate-limited' } });
      expect(await snapshot()).toEqual(before);
      // Another visitor is not limited.
      expect((await view(OTHER, '203.0.113.50')).status).toBe(200);
      now = T0 + MINUTE;
      expect(await view(OTHER)).toEqual({ status: 200, body: { id: OTHER, views: 2 } });
    });

    it('loses no increment among 2,000 concurrent views of one id', async () => {
      const results = await Promise.all(
        Array.from({ length: 2000 }, (_, i) => store.view(ID, `visitor-${i}`, now, 30 * MINUTE)),
      );
      // Each atomic increment answers its own count: together exactly 1..2000.
      expect([...results].sort((a, b) => a - b)).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
      expect(await store.views([ID])).toEqual({ [ID]: 2000 });
    });

    it('loses no increment among 200 concurrent requests through the handler', async () => {
      const responses = await Promise.all(Array.from({ length: 200 }, (_, i) => view(ID, `10.1.${i >> 8}.${i & 255}`)));
      expect(responses.every((r) => r.status === 200)).toBe(true);
      const counts = responses.map((r) => (r.body as { views: number }).views).sort((a, b) => a - b);
      expect(counts).toEqual(Array.from({ length: 200 }, (_, i) => BASE + i + 1));
      expect((await call(handler, 'GET', `/api/views?ids=${ID}`)).body).toEqual({ views: { [ID]: BASE + 200 } });
    });
  });
}
