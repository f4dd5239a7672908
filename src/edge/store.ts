/**
 * The storage contract of the view counter. Every adapter (memory, SQLite, Redis, D1) implements it and
 * passes the same contract suite (`test/edge/store-contract.ts`). Each method is one atomic step: two
 * concurrent calls never lose an increment. Stores never read the clock: the handler passes `now`.
 */

/** "Đang online" and "Tổng số truy cập", as stored (without the manifest's starting counts). */
export interface VisitStats {
  /** Distinct visitors seen in the online window (5 minutes by default). */
  online: number;
  /** Running total of visits. */
  total: number;
}

/** Time windows, in milliseconds, that a visit is judged by. */
export interface VisitWindows {
  /** A visitor seen within this window counts as online (default 5 minutes). */
  onlineMs: number;
  /** A visitor coming back after this much absence starts a new visit (default 30 minutes). */
  sessionMs: number;
}

/** A place where the counts live. */
export interface CounterStore {
  /** A short name for logs and benchmarks, e.g. "sqlite". */
  readonly kind: string;
  /**
   * The secret salt of `day` ("YYYY-MM-DD" in the site's time zone). The first caller's `candidate` (random) wins and every
   * later call that day gets the same value, across processes; salts of days before yesterday are deleted.
   */
  salt(day: string, candidate: string): Promise<string>;
  /**
   * Counts a view of article `id` by `visitor` unless this visitor's last counted view of it is less
   * than `dedupeMs` old; resolves to the stored count after the call.
   */
  view(id: string, visitor: string, now: number, dedupeMs: number): Promise<number>;
  /** The stored counts of `ids` (0 for an id never counted), read only. */
  views(ids: readonly string[]): Promise<Record<string, number>>;
  /**
   * Records that `visitor` is here at `now`: a new visit (total + 1) when they were not seen within
   * `sessionMs`; resolves to the stats after the call.
   */
  visit(visitor: string, now: number, windows: VisitWindows): Promise<VisitStats>;
  /** The current stats, read only. */
  stats(now: number, onlineMs: number): Promise<VisitStats>;
  /**
   * Counts one request of `visitor` in the fixed rate-limit window containing `now` (windows of
   * `windowMs`); resolves to the number of requests in that window, this one included.
   */
  hit(visitor: string, now: number, windowMs: number): Promise<number>;
  /** Releases connections and file handles. */
  close(): Promise<void>;
}
