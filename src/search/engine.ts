/**
 * Searching the published index: fetch the shards that hold the query's keys (nothing before the first
 * search), match every term whatever its tones, and rank. Runs in the reader's browser; pure but for the
 * `IndexSource` it reads, so tests and the engine comparison run it in Node over the built files.
 *
 * Ranking, in order of precedence:
 *   1. articles with every term first (when none has all of them, those with the most terms are shown);
 *   2. then those matching more of the words typed with diacritics exactly as typed ("bàn" before "ban");
 *   3. then relevance, in bands of 25% of the best score: title and tags over body, adjacent syllables of
 *      the query side by side ("tiếp công dân"), rare words over common ones;
 *   4. within a band, the newest article first.
 */
import {
  INDEX_FORMAT,
  MAX_COUNT,
  PAIR_STEP,
  TERM_STEP,
  TITLE_FLAG,
  decodePostings,
  isPairKey,
  shardOf,
  type Fragment,
  type IndexMeta,
  type Postings,
  type Shard,
} from './format.ts';
import { parseQuery, type ParseOptions, type ParsedQuery, type QueryTerm } from './query.ts';

/** Where the engine reads the index from: the network in a browser, the built files in tests. */
export interface IndexSource {
  meta(): Promise<IndexMeta>;
  shard(n: number): Promise<Shard>;
  fragment(doc: number): Promise<Fragment>;
}

/** One matching article. */
export interface SearchHit {
  /** Document number (0 is the newest article). */
  doc: number;
  /** Relevance score (higher is better); see the module comment for how hits are ordered. */
  score: number;
}

/** The outcome of one search. */
export interface SearchResult {
  query: ParsedQuery;
  /** Every match, best first. */
  hits: SearchHit[];
  /** True when no article had every term, and `hits` are articles with some of them. */
  partial: boolean;
  /** Folded keys that matched the unfinished last word, for highlighting. */
  expansions: string[];
}

/** How many shards a prefix may read; a prefix spanning more (a single common letter) is cut there. */
const MAX_PREFIX_SHARDS = 2;
/** How many completions of an unfinished word are searched, the most frequent first. */
const MAX_EXPANSIONS = 24;
/** Number of relevance bands within which the newest article comes first. */
const BANDS = 4;

interface DocMatch {
  count: number;
  title: boolean;
  /** Matched the form typed, diacritics included. */
  exact: boolean;
  /** Matched the whole word, not only a completion of it. */
  whole: boolean;
}

const idf = (docs: number, df: number): number => Math.log(1 + (docs - df + 0.5) / (df + 0.5));
const tfPart = (count: number): number => (count === 0 ? 0 : (count * 2.2) / (count + 1.2));

function addWeight(into: { count: number; title: boolean }, weight: number): void {
  into.count = Math.min(MAX_COUNT, into.count + (weight % TITLE_FLAG));
  if (weight >= TITLE_FLAG) into.title = true;
}

/** A search engine over one index; it caches what it fetched. */
export class SearchEngine {
  readonly #source: IndexSource;
  #meta: Promise<IndexMeta> | undefined;
  readonly #shards = new Map<number, Promise<Shard>>();
  readonly #fragments = new Map<number, Promise<Fragment>>();

  constructor(source: IndexSource) {
    this.#source = source;
  }

  /** The index's entry point, fetched once. */
  meta(): Promise<IndexMeta> {
    if (!this.#meta) {
      const meta = this.#source.meta().then((m) => {
        if (m.format !== INDEX_FORMAT) throw new Error(`Search index format ${String(m.format)} is not ${INDEX_FORMAT}`);
        return m;
      });
      // A failed fetch may be retried by the next search.
      meta.catch(() => {
        if (this.#meta === meta) this.#meta = undefined;
      });
      this.#meta = meta;
    }
    return this.#meta;
  }

  /** What result `doc` shows, fetched once. */
  fragment(doc: number): Promise<Fragment> {
    let f = this.#fragments.get(doc);
    if (!f) {
      f = this.#source.fragment(doc);
      f.catch(() => this.#fragments.delete(doc));
      this.#fragments.set(doc, f);
    }
    return f;
  }

  #shard(n: number): Promise<Shard> {
    let s = this.#shards.get(n);
    if (!s) {
      s = this.#source.shard(n);
      // A failed fetch may be retried by the next search.
      s.catch(() => this.#shards.delete(n));
      this.#shards.set(n, s);
    }
    return s;
  }

  /** Searches for what the reader typed. */
  async search(query: string, options: ParseOptions = {}): Promise<SearchResult> {
    const parsed = parseQuery(query, options);
    if (parsed.terms.length === 0) return { query: parsed, hits: [], partial: false, expansions: [] };
    const meta = await this.meta();

    const wanted = new Set<number>();
    for (const t of parsed.terms) {
      if (!t.prefix) wanted.add(shardOf(meta, t.folded));
      else {
        const first = shardOf(meta, t.folded);
        const last = Math.min(shardOf(meta, `${t.folded}\uffff`), first + MAX_PREFIX_SHARDS - 1);
        for (let n = first; n <= last; n++) wanted.add(n);
      }
    }
    for (const p of parsed.pairs) wanted.add(shardOf(meta, p.key));
    const loaded = new Map<number, Shard>();
    await Promise.all([...wanted].map(async (n) => loaded.set(n, await this.#shard(n))));
    const lookup = (key: string): Shard[string] | undefined => {
      const shard = loaded.get(shardOf(meta, key));
      return shard && Object.prototype.hasOwnProperty.call(shard, key) ? shard[key] : undefined;
    };

    const expansions: string[] = [];
    const termMatches = parsed.terms.map((term) => {
      const keys = term.prefix ? this.#complete(term, loaded) : [term.folded];
      if (term.prefix) expansions.push(...keys);
      return this.#matchTerm(term, keys, lookup);
    });
    const pairMatches = parsed.pairs.map((pair) => {
      const map = new Map<number, { title: boolean }>();
      const entry = lookup(pair.key);
      if (Array.isArray(entry)) {
        for (const [doc, title] of decodePostings(entry, PAIR_STEP)) map.set(doc, { title: title === 1 });
      }
      return { pair, map };
    });

    const required = pairMatches.filter((p) => p.pair.required);
    const inPhrases = (doc: number): boolean => required.every((p) => p.map.has(doc));
    const smallest = termMatches.reduce((a, b) => (b.size < a.size ? b : a));
    let candidates = [...smallest.keys()].filter((doc) => termMatches.every((m) => m.has(doc)) && inPhrases(doc));
    let partial = false;
    if (candidates.length === 0 && termMatches.length > 1) {
      const union = new Set<number>();
      for (const m of termMatches) for (const doc of m.keys()) union.add(doc);
      candidates = [...union].filter(inPhrases);
      partial = candidates.length > 0;
    }

    const scored = candidates.map((doc) => {
      let score = 0;
      let coverage = 0;
      let exact = 0;
      termMatches.forEach((matches, i) => {
        const m = matches.get(doc);
        if (!m) return;
        const term = parsed.terms[i]!;
        coverage += 1;
        if (term.typedExact && m.exact) exact += 1;
        score += idf(meta.docs, matches.size) * (tfPart(m.count) + (m.title ? 1.5 : 0)) * (m.whole ? 1 : 0.6) * (term.typedExact && !m.exact ? 0.8 : 1);
      });
      for (const { map } of pairMatches) {
        const m = map.get(doc);
        if (m) score += idf(meta.docs, map.size) * (1.5 + (m.title ? 1.5 : 0));
      }
      return { doc, score, coverage, exact };
    });
    const best = scored.reduce((max, s) => Math.max(max, s.score), 0);
    const band = (score: number): number => (best > 0 ? Math.ceil((score / best) * BANDS - 1e-9) : 0);
    scored.sort((a, b) => b.coverage - a.coverage || b.exact - a.exact || band(b.score) - band(a.score) || a.doc - b.doc);
    return { query: parsed, hits: scored.map(({ doc, score }) => ({ doc, score })), partial, expansions };
  }

  /** The term keys starting with an unfinished word, in the shards loaded for it: the most frequent first. */
  #complete(term: QueryTerm, loaded: Map<number, Shard>): string[] {
    const found: { key: string; df: number }[] = [];
    for (const shard of loaded.values()) {
      for (const [key, entry] of Object.entries(shard)) {
        if (!key.startsWith(term.folded) || isPairKey(key) || Array.isArray(entry)) continue;
        const df = Object.values(entry).reduce((n, postings) => n + postings.length, 0);
        found.push({ key, df: key === term.folded ? Number.POSITIVE_INFINITY : df });
      }
    }
    found.sort((a, b) => b.df - a.df || (a.key < b.key ? -1 : 1));
    return found.slice(0, MAX_EXPANSIONS).map((f) => f.key);
  }

  /** The documents containing any of `keys` (a word and its completions), with how they match `term`. */
  #matchTerm(term: QueryTerm, keys: string[], lookup: (key: string) => Shard[string] | undefined): Map<number, DocMatch> {
    const map = new Map<number, DocMatch>();
    for (const key of keys) {
      const entry = lookup(key);
      if (!entry || Array.isArray(entry)) continue;
      for (const [form, postings] of Object.entries(entry) as [string, Postings][]) {
        const exact = term.typedExact && form === term.exact;
        for (const [doc, weight] of decodePostings(postings, TERM_STEP)) {
          let m = map.get(doc);
          if (!m) map.set(doc, (m = { count: 0, title: false, exact: false, whole: false }));
          addWeight(m, weight);
          if (exact) m.exact = true;
          if (key === term.folded) m.whole = true;
        }
      }
    }
    // Inside quotes, a word typed with diacritics means exactly that word.
    if (term.quoted && term.typedExact) for (const [doc, m] of map) if (!m.exact) map.delete(doc);
    return map;
  }
}
