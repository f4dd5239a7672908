/**
 * The search index as published: the JSON files the build writes under `tim-kiem/<version>/` (beside the
 * search page) and the reader's browser fetches, only when a search is made. Shared by the builder and the
 * browser script. The version is a hash of the whole index: the files of one version never change, and a
 * reader never mixes two builds.
 *
 *   meta.json       {@link IndexMeta}: document count and the first key of every shard (a few KB)
 *   <n>.json        {@link Shard}: the postings of a sorted range of keys, about `shardBytes` each
 *   d/<doc>.json    {@link Fragment}: what a result shows (title, category, date, text for the snippet)
 *
 * The folder is public (hosts hide the build's own `_bantin/`) and is one top-level folder for the host's
 * header rules, however many articles the site has.
 */

/** Version of the file format; the browser script refuses an index of another version. */
export const INDEX_FORMAT = 1;

/** The folder of the search page and its index, under the site, without the base path. */
export const SEARCH_DIR = '/tim-kiem/';

/** File names of an index, relative to its folder. */
export const INDEX_FILES = {
  meta: 'meta.json',
  shard: (n: number): string => `${n}.json`,
  fragment: (doc: number): string => `d/${doc}.json`,
};

/** The folder of an index from the URL or path of its entry point (".../meta.json"). */
export function indexDirOf(metaPath: string): string {
  const slash = metaPath.lastIndexOf('/') + 1;
  if (metaPath.slice(slash) !== INDEX_FILES.meta) throw new Error(`Not a search index entry point: ${metaPath}`);
  return metaPath.slice(0, slash);
}

/**
 * The entry point of the index. Documents are numbered from 0 in the site's order (newest first), so a lower
 * number is a newer article.
 */
export interface IndexMeta {
  format: typeof INDEX_FORMAT;
  /** Number of documents (published articles). */
  docs: number;
  /**
   * The first key of each shard, ascending (JavaScript string order): shard `i` holds every key `k` with
   * `shards[i] <= k < shards[i + 1]`. The first is always "".
   */
  shards: string[];
}

/**
 * A postings list, one number per document, documents ascending: `(doc − previous doc) × 32 + weight` for a
 * term, where the weight is `min(count in body, 15) + (in title or tags ? 16 : 0)`; `(doc − previous doc) × 2 +
 * (in title or tags ? 1 : 0)` for a pair. The first document's "previous" is 0.
 */
export type Postings = number[];

/** Multiplier of the document delta in term postings. */
export const TERM_STEP = 32;
/** Multiplier of the document delta in pair postings. */
export const PAIR_STEP = 2;

/**
 * The keys of one shard. A term key (a folded token: "cong", "06-tt/qu", "23/09/2020") maps each
 * diacritics-exact form met in the text ("công", "công." for "cộng") to its postings; a pair key (two folded
 * syllables with one space: "cong tac") maps straight to its postings.
 */
export type Shard = Record<string, Record<string, Postings> | Postings>;

/** What a search result shows, fetched for the results on screen only. */
export interface Fragment {
  /** Article title. */
  title: string;
  /** URL under the site's base path. */
  url: string;
  /** Category name. */
  category: string;
  /** Publication day as shown on the site, "25/09/2020". */
  day: string;
  /** RFC 3339 publication time, for `<time datetime>`. */
  datetime: string;
  /** The summary, when the article has one; snippets may come from it. */
  summary: string | null;
  /** Plain text of the body (cut at {@link FRAGMENT_TEXT_LIMIT} characters). */
  text: string;
}

/** Longest body text kept in a fragment, in characters; snippets of longer articles come from their start. */
export const FRAGMENT_TEXT_LIMIT = 20_000;

/** Flag added to a weight for a match in the title or tags. */
export const TITLE_FLAG = 16;
/** Largest body count a weight records. */
export const MAX_COUNT = 15;

/** Whether a shard key is a pair of syllables rather than a term. */
export function isPairKey(key: string): boolean {
  return key.includes(' ');
}

/** The key of two adjacent folded tokens. */
export function pairKey(a: string, b: string): string {
  return `${a} ${b}`;
}

/** The shard holding `key`: the last shard whose first key is at most `key` (binary search). */
export function shardOf(meta: IndexMeta, key: string): number {
  let lo = 0;
  let hi = meta.shards.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (meta.shards[mid]! <= key) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Decodes postings into `[doc, weight]` pairs; `step` is {@link TERM_STEP} for a term, {@link PAIR_STEP} for a
 * pair (whose weight is then 0 or 1).
 */
export function decodePostings(postings: Postings, step: number): [doc: number, weight: number][] {
  const out: [number, number][] = [];
  let doc = 0;
  for (const value of postings) {
    doc += Math.floor(value / step);
    out.push([doc, value % step]);
  }
  return out;
}

/** Encodes `[doc, weight]` pairs (documents ascending) as postings; the inverse of {@link decodePostings}. */
export function encodePostings(list: [doc: number, weight: number][], step: number): Postings {
  let last = 0;
  return list.map(([doc, weight]) => {
    const value = (doc - last) * step + weight;
    last = doc;
    return value;
  });
}
