/**
 * Documents → the search index: postings for every folded term (split by diacritics-exact form) and every pair
 * of adjacent syllables, cut into shards of sorted key ranges so that a query fetches only the few shards
 * holding its keys. Pure.
 */
import { scanTokens, type TokenForms } from '../vi/tokenize.ts';
import {
  FRAGMENT_TEXT_LIMIT,
  INDEX_FORMAT,
  MAX_COUNT,
  PAIR_STEP,
  TERM_STEP,
  TITLE_FLAG,
  pairKey,
  type Fragment,
  type IndexMeta,
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

/**
 * Postings as they are collected: `[key, doc × step + weight]` appended per document in one growing typed array
 * (documents come in ascending order), then grouped by key with a counting sort. Millions of postings then cost
 * eight bytes each, in two buffers, instead of a JavaScript array per key that grows (and leaves its old backing
 * stores behind) one document at a time.
 */
class PostingLog {
  #data = new Int32Array(1 << 16);
  #length = 0;

  /** Appends one posting of `key`. */
  push(key: number, packed: number): void {
    if (this.#length + 2 > this.#data.length) {
      const grown = new Int32Array(this.#data.length * 2);
      grown.set(this.#data);
      this.#data = grown;
    }
    this.#data[this.#length++] = key;
    this.#data[this.#length++] = packed;
  }

  /**
   * The postings grouped by key (`keys` of them), each key's in the order appended: `values` from `starts[k]` to
   * `starts[k + 1]`. The log is emptied.
   */
  grouped(keys: number): { starts: Int32Array; values: Int32Array } {
    const data = this.#data;
    const starts = new Int32Array(keys + 1);
    for (let i = 0; i < this.#length; i += 2) starts[data[i]! + 1]! += 1;
    for (let k = 0; k < keys; k++) starts[k + 1]! += starts[k]!;
    const next = starts.slice(0, keys);
    const values = new Int32Array(this.#length / 2);
    for (let i = 0; i < this.#length; i += 2) values[next[data[i]!]!++] = data[i + 1]!;
    this.#data = new Int32Array(0);
    this.#length = 0;
    return { starts, values };
  }
}

/**
 * The JSON of the postings `values[from..to)` (each `doc × step + weight`, documents ascending), delta-coded as
 * `Postings` says: the same text as `JSON.stringify` of the encoded array.
 */
function postingsJson(values: Int32Array, from: number, to: number, step: number): string {
  const parts: number[] = new Array(to - from);
  let lastDoc = 0;
  for (let i = from; i < to; i++) {
    const packed = values[i]!;
    const doc = Math.floor(packed / step);
    parts[i - from] = packed - lastDoc * step;
    lastDoc = doc;
  }
  return `[${parts.join(',')}]`;
}

/**
 * Postings being collected, with every key numbered: a term form (folded + exact) or a pair of folded terms.
 * Counting into arrays by key number, rather than into maps of strings per document, keeps the build fast
 * for sites of many thousand articles.
 */
class Collector {
  /** Folded term → its number. */
  readonly foldedIds = new Map<string, number>();
  readonly folded: string[] = [];
  /** Form numbers of each folded term. */
  readonly formsOfFolded: number[][] = [];
  /** Form (as its shared tokeniser object, else "folded\0exact") → number. */
  readonly #formByObject = new WeakMap<TokenForms, number>();
  readonly #formByKey = new Map<string, number>();
  readonly formExact: string[] = [];
  /** Pair numbers, by first then second folded term number. */
  readonly #pairIds = new Map<number, Map<number, number>>();
  readonly pairKeys: [number, number][] = [];
  /** Term postings by form number, pair postings by pair number (two numbering spaces). */
  readonly postings = new PostingLog();
  readonly pairPostings = new PostingLog();
  /** Per form / pair: the document counted last, the body count and the title flag in that document. */
  readonly #formDoc: number[] = [];
  readonly #formCount: number[] = [];
  readonly #formTitle: boolean[] = [];
  readonly #pairDoc: number[] = [];
  readonly #pairTitle: boolean[] = [];
  #touchedForms: number[] = [];
  #touchedPairs: number[] = [];
  #doc = -1;

  #foldedId(folded: string): number {
    let id = this.foldedIds.get(folded);
    if (id === undefined) {
      id = this.folded.length;
      this.foldedIds.set(folded, id);
      this.folded.push(folded);
      this.formsOfFolded.push([]);
    }
    return id;
  }

  #formId(forms: TokenForms): number {
    let id = this.#formByObject.get(forms);
    if (id !== undefined) return id;
    const key = `${forms.folded}\0${forms.exact}`;
    id = this.#formByKey.get(key);
    if (id === undefined) {
      id = this.formExact.length;
      this.#formByKey.set(key, id);
      this.formExact.push(forms.exact);
      this.formsOfFolded[this.#foldedId(forms.folded)]!.push(id);
      this.#formDoc.push(-1);
      this.#formCount.push(0);
      this.#formTitle.push(false);
    }
    this.#formByObject.set(forms, id);
    return id;
  }

  #pairId(a: number, b: number): number {
    let inner = this.#pairIds.get(a);
    if (!inner) this.#pairIds.set(a, (inner = new Map()));
    let id = inner.get(b);
    if (id === undefined) {
      id = this.pairKeys.length;
      inner.set(b, id);
      this.pairKeys.push([a, b]);
      this.#pairDoc.push(-1);
      this.#pairTitle.push(false);
    }
    return id;
  }

  /** Starts counting document `doc` (documents come in ascending order). */
  begin(doc: number): void {
    this.#doc = doc;
  }

  /** Counts the keys of one field's text. */
  add(text: string, title: boolean): void {
    let previous = -1;
    scanTokens(text.normalize('NFC'), (token, _start, _end, part) => {
      if (!part) {
        const form = this.#formId(token);
        if (this.#formDoc[form] !== this.#doc) {
          this.#formDoc[form] = this.#doc;
          this.#formCount[form] = 0;
          this.#formTitle[form] = false;
          this.#touchedForms.push(form);
        }
        if (title) this.#formTitle[form] = true;
        else this.#formCount[form]! += 1;
      }
      // Pairs link free-standing syllables and numbers; a document number or date is a whole term of its
      // own and breaks the chain.
      if (part || token.kind === 'code' || token.kind === 'date') {
        previous = -1;
        return;
      }
      const current = this.#foldedId(token.folded);
      if (previous >= 0) {
        const pair = this.#pairId(previous, current);
        if (this.#pairDoc[pair] !== this.#doc) {
          this.#pairDoc[pair] = this.#doc;
          this.#pairTitle[pair] = false;
          this.#touchedPairs.push(pair);
        }
        if (title) this.#pairTitle[pair] = true;
      }
      previous = current;
    });
  }

  /** Ends the current document: its counts join the postings. */
  end(): void {
    const doc = this.#doc;
    for (const form of this.#touchedForms) {
      this.postings.push(form, doc * TERM_STEP + Math.min(this.#formCount[form]!, MAX_COUNT) + (this.#formTitle[form] ? TITLE_FLAG : 0));
    }
    for (const pair of this.#touchedPairs) this.pairPostings.push(pair, doc * PAIR_STEP + (this.#pairTitle[pair] ? 1 : 0));
    this.#touchedForms = [];
    this.#touchedPairs = [];
  }
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Builds the index of `documents` (document `i` is `documents[i]`). */
export function buildSearchIndex(documents: SearchDocument[], options: IndexOptions = {}): BuiltIndex {
  return { ...indexShards(documents, options), fragments: documents.map(fragmentText) };
}

/** The JSON of the fragment of `doc`: what a result shows. */
export function fragmentText(doc: SearchDocument): string {
  const text = doc.text;
  const fragment: Fragment = {
    title: doc.title,
    url: doc.url,
    category: doc.category,
    day: doc.day,
    datetime: doc.datetime,
    summary: doc.summary,
    text: text.length > FRAGMENT_TEXT_LIMIT ? text.slice(0, FRAGMENT_TEXT_LIMIT) : text,
  };
  return JSON.stringify(fragment);
}

/** The entry point and the shards of the index of `documents`: {@link buildSearchIndex} without the fragments. */
export function indexShards(documents: SearchDocument[], options: IndexOptions = {}): Omit<BuiltIndex, 'fragments'> {
  const shardBytes = options.shardBytes ?? DEFAULT_SHARD_BYTES;
  const collector = new Collector();
  documents.forEach((doc, id) => {
    collector.begin(id);
    collector.add(doc.title, true);
    for (const tag of doc.tags) collector.add(tag, true);
    if (doc.summary) collector.add(doc.summary, false);
    collector.add(doc.text, false);
    collector.add(doc.category, false);
    collector.add(doc.day, false);
    collector.end();
  });

  const entries: [string, string][] = [];
  const terms = collector.postings.grouped(collector.formExact.length);
  collector.folded.forEach((folded, id) => {
    const forms = collector.formsOfFolded[id]!;
    if (forms.length === 0) return;
    // The forms in key order as an object orders them (index-like keys first), as `JSON.stringify` of one would.
    const byExact = new Map(forms.map((form) => [collector.formExact[form]!, form]));
    const order = Object.keys(Object.fromEntries([...byExact.keys()].sort(compareKeys).map((exact) => [exact, 0])));
    const value = order.map((exact) => {
      const form = byExact.get(exact)!;
      return `${JSON.stringify(exact)}:${postingsJson(terms.values, terms.starts[form]!, terms.starts[form + 1]!, TERM_STEP)}`;
    });
    entries.push([folded, `{${value.join(',')}}`]);
  });
  const pairs = collector.pairPostings.grouped(collector.pairKeys.length);
  collector.pairKeys.forEach(([a, b], id) => {
    entries.push([pairKey(collector.folded[a]!, collector.folded[b]!), postingsJson(pairs.values, pairs.starts[id]!, pairs.starts[id + 1]!, PAIR_STEP)]);
  });

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

  return { meta: { format: INDEX_FORMAT, docs: documents.length, shards: firstKeys }, shards };
}
