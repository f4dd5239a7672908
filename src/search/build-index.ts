/**
 * Documents → the search index: postings for every folded term (split by diacritics-exact form) and every pair
 * of adjacent syllables, cut into shards of sorted key ranges so that a query fetches only the few shards
 * holding its keys. Pure.
 */
import { tokenize, type Token } from '../vi/tokenize.ts';
import {
  FRAGMENT_TEXT_LIMIT,
  INDEX_FORMAT,
  MAX_COUNT,
  PAIR_STEP,
  TERM_STEP,
  TITLE_FLAG,
  encodePostings,
  pairKey,
  type Fragment,
  type IndexMeta,
  type Postings,
} from './format.ts';

/** One searchable document, in the order of the site (newest first). */
export interface SearchDocument {
  title: string;
  /** Tags (keywords), weighted like the title. */
  tags: string[];
  summary: string | null;
  /** Plain text of the body. */
  text: string;
  /** URL under the site's base path. */
  url: string;
  /** Category name, indexed like the body: "thông báo" finds the notices. */
  category: string;
  /** Publication day as shown, "25/09/2020": also indexed, so a reader finds the articles of a day. */
  day: string;
  datetime: string;
}

/** Tuning of the index. */
export interface IndexOptions {
  /** Target size of one shard file in bytes (default {@link DEFAULT_SHARD_BYTES}). */
  shardBytes?: number;
}

/**
 * Default target shard size. A query of four syllables reads at most four term shards and three pair shards,
 * so this bounds its first download (before compression) to a few hundred KB even for a site of 10,000
 * articles; a small site fits in one shard.
 */
export const DEFAULT_SHARD_BYTES = 32_000;

/** The index as JSON texts, ready to be written. */
export interface BuiltIndex {
  meta: IndexMeta;
  /** Shard files, by shard number. */
  shards: string[];
  /** Fragment files, by document number. */
  fragments: string[];
}

/** Body count and title flag of one key in one document. */
interface Hit {
  count: number;
  title: boolean;
}

function weightOf(hit: Hit): number {
  return Math.min(hit.count, MAX_COUNT) + (hit.title ? TITLE_FLAG : 0);
}

/** Adds the keys of one field's tokens to a document's tally. */
function tally(tokens: Token[], title: boolean, terms: Map<string, Map<string, Hit>>, pairs: Map<string, Hit>): void {
  const bump = (hit: Hit | undefined): Hit => {
    const h = hit ?? { count: 0, title: false };
    if (title) h.title = true;
    else h.count += 1;
    return h;
  };
  let previous: Token | undefined;
  for (const token of tokens) {
    if (!token.part) {
      let forms = terms.get(token.folded);
      if (!forms) terms.set(token.folded, (forms = new Map()));
      forms.set(token.exact, bump(forms.get(token.exact)));
    }
    // Pairs link free-standing syllables and numbers; a document number or date is a whole term of its own
    // and breaks the chain.
    if (token.part || token.kind === 'code' || token.kind === 'date') {
      previous = undefined;
    } else {
      if (previous) {
        const key = pairKey(previous.folded, token.folded);
        pairs.set(key, bump(pairs.get(key)));
      }
      previous = token;
    }
  }
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Builds the index of `documents` (document `i` is `documents[i]`). */
export function buildSearchIndex(documents: SearchDocument[], options: IndexOptions = {}): BuiltIndex {
  const shardBytes = options.shardBytes ?? DEFAULT_SHARD_BYTES;
  /** folded term → exact form → [doc, weight][] */
  const terms = new Map<string, Map<string, [number, number][]>>();
  /** pair key → [doc, title flag][] */
  const pairs = new Map<string, [number, number][]>();

  documents.forEach((doc, id) => {
    const docTerms = new Map<string, Map<string, Hit>>();
    const docPairs = new Map<string, Hit>();
    tally(tokenize(doc.title), true, docTerms, docPairs);
    for (const tag of doc.tags) tally(tokenize(tag), true, docTerms, docPairs);
    if (doc.summary) tally(tokenize(doc.summary), false, docTerms, docPairs);
    tally(tokenize(doc.text), false, docTerms, docPairs);
    tally(tokenize(doc.category), false, docTerms, docPairs);
    tally(tokenize(doc.day), false, docTerms, docPairs);
    for (const [folded, forms] of docTerms) {
      let all = terms.get(folded);
      if (!all) terms.set(folded, (all = new Map()));
      for (const [exact, hit] of forms) {
        let list = all.get(exact);
        if (!list) all.set(exact, (list = []));
        list.push([id, weightOf(hit)]);
      }
    }
    for (const [key, hit] of docPairs) {
      let list = pairs.get(key);
      if (!list) pairs.set(key, (list = []));
      list.push([id, hit.title ? 1 : 0]);
    }
  });

  const entries: [string, string][] = [];
  for (const [folded, forms] of terms) {
    const value: Record<string, Postings> = {};
    for (const exact of [...forms.keys()].sort(compareKeys)) value[exact] = encodePostings(forms.get(exact)!, TERM_STEP);
    entries.push([folded, JSON.stringify(value)]);
  }
  for (const [key, list] of pairs) entries.push([key, JSON.stringify(encodePostings(list, PAIR_STEP))]);
  entries.sort((a, b) => compareKeys(a[0], b[0]));

  const shards: string[] = [];
  const firstKeys: string[] = [];
  let current: string[] = [];
  let size = 2;
  for (const [key, value] of entries) {
    const item = `${JSON.stringify(key)}:${value}`;
    if (current.length > 0 && size + item.length + 1 > shardBytes) {
      shards.push(`{${current.join(',')}}`);
      current = [];
      size = 2;
    }
    if (current.length === 0) firstKeys.push(shards.length === 0 ? '' : key);
    current.push(item);
    size += item.length + 1;
  }
  shards.push(`{${current.join(',')}}`);
  if (firstKeys.length === 0) firstKeys.push('');

  const fragments = documents.map((doc) => {
    const fragment: Fragment = {
      title: doc.title,
      url: doc.url,
      category: doc.category,
      day: doc.day,
      datetime: doc.datetime,
      summary: doc.summary,
      text: doc.text.length > FRAGMENT_TEXT_LIMIT ? doc.text.slice(0, FRAGMENT_TEXT_LIMIT) : doc.text,
    };
    return JSON.stringify(fragment);
  });

  return { meta: { format: INDEX_FORMAT, docs: documents.length, shards: firstKeys }, shards, fragments };
}
