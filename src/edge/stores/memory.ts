/** An in-process store for unit tests: plain maps, every method synchronous inside, hence atomic. */
import type { CounterStore, VisitStats, VisitWindows } from '../store.ts';
import { previousDay } from '../visitor.ts';

/** The memory store, with a snapshot of its state so tests can assert that nothing was written. */
export interface MemoryStore extends CounterStore {
  /** A JSON-able copy of everything stored. */
  snapshot(): unknown;
}

/** Entries kept before expired ones are swept (expired entries never change an answer, only memory). */
const PRUNE_AT = 10_000;

/** Creates an empty memory store. Not for production: it forgets everything when the process ends. */
export function memoryStore(): MemoryStore {
  const salts = new Map<string, string>();
  const counts = new Map<string, number>();
  /** `visitor id` → instant of the last counted view. */
  const seen = new Map<string, number>();
  /** visitor → last seen. */
  const visitors = new Map<string, number>();
  const hits = new Map<string, { win: number; n: number }>();
  let total = 0;

  const online = (now: number, onlineMs: number): number => {
    let n = 0;
    for (const last of visitors.values()) if (last > now - onlineMs) n++;
    return n;
  };

  return {
    kind: 'memory',
    async salt(day, candidate) {
      for (const old of salts.keys()) if (old < previousDay(day)) salts.delete(old);
      if (!salts.has(day)) salts.set(day, candidate);
      return salts.get(day)!;
    },
    async view(id, visitor, now, dedupeMs) {
      const key = `${visitor} ${id}`;
      const last = seen.get(key);
      if (seen.size > PRUNE_AT) for (const [k, at] of seen) if (at <= now - dedupeMs) seen.delete(k);
      if (last === undefined || last <= now - dedupeMs) {
        seen.set(key, now);
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      return counts.get(id) ?? 0;
    },
    async views(ids) {
      return Object.fromEntries(ids.map((id) => [id, counts.get(id) ?? 0]));
    },
    async visit(visitor: string, now: number, windows: VisitWindows): Promise<VisitStats> {
      const last = visitors.get(visitor);
      if (last === undefined || last <= now - windows.sessionMs) total++;
      visitors.set(visitor, Math.max(last ?? now, now));
      if (visitors.size > PRUNE_AT) for (const [v, at] of visitors) if (at <= now - windows.sessionMs) visitors.delete(v);
      return { online: online(now, windows.onlineMs), total };
    },
    async stats(now, onlineMs) {
      return { online: online(now, onlineMs), total };
    },
    async hit(visitor, now, windowMs) {
      const win = Math.floor(now / windowMs);
      const entry = hits.get(visitor);
      const n = entry && entry.win === win ? entry.n + 1 : 1;
      if (hits.size > PRUNE_AT) for (const [v, old] of hits) if (old.win < win) hits.delete(v);
      hits.set(visitor, { win, n });
      return n;
    },
    snapshot() {
      return {
        salts: [...salts],
        counts: [...counts],
        seen: [...seen],
        visitors: [...visitors],
        hits: [...hits],
        total,
      };
    },
    async close() {},
  };
}
