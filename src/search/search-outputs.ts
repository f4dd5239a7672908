/**
 * `SiteModel` → the search index files. Only what the model holds is indexed, and the model holds published
 * articles only: drafts and future articles never reach the index. Pure.
 */
import { createHash } from 'node:crypto';
import { spilledOf } from '../parallel/body-spill.ts';
import type { OutputFile, SiteModel } from '../types.ts';
import { formatDay, formatRfc3339 } from '../vi/dates.ts';
import { fragmentText, indexShards, type IndexOptions, type SearchDocument } from './build-index.ts';
import { INDEX_FILES, SEARCH_DIR } from './format.ts';

/** The search files of a build and where their entry point is. */
export interface SearchOutputs {
  files: OutputFile[];
  /** Site path (without base) of the entry point, e.g. "/tim-kiem/3f2a9c1b04/meta.json". */
  metaPath: string;
}

/**
 * The model's articles as search documents, in the model's order (newest first). The text of an article whose body
 * waits in a spill (`body-spill.ts`) is read from there when the document's `text` is read.
 */
export function searchDocuments(model: SiteModel): SearchDocument[] {
  const { basePath, timezone } = model.config;
  return model.articles.map((a) => {
    const spilled = spilledOf(a);
    const document: SearchDocument = {
      title: a.title,
      tags: a.tags,
      summary: a.summary ?? null,
      text: spilled ? '' : a.text,
      url: `${basePath}${a.path.replace(/^\//, '')}`,
      category: a.category.name,
      day: formatDay(a.date, timezone),
      datetime: formatRfc3339(a.date, timezone),
    };
    if (spilled) Object.defineProperty(document, 'text', { get: () => spilled.read('text'), enumerable: true, configurable: true });
    return document;
  });
}

/**
 * Builds the index files under `tim-kiem/<version>/`, where the version is a hash of the whole index: the
 * files of one version never change, so a reader never mixes the shards of two builds.
 */
export function searchOutputs(model: SiteModel, options: IndexOptions = {}): SearchOutputs {
  return indexOutputs(searchDocuments(model), options);
}

/** The index files of `documents` (in the site's order), as {@link searchOutputs} names them. */
export function indexOutputs(documents: SearchDocument[], options: IndexOptions = {}): SearchOutputs {
  const { files, metaPath } = makeIndexFiles(documents, options, (text) => text);
  return { files: files.map(({ path, made }) => ({ path, contents: made })), metaPath };
}

/**
 * The index files of `documents`: entry point, shards, then fragments, each text handed to `take` as soon as it is
 * made (the fragments one at a time, so that they need not all be held as strings), then named under the version,
 * a hash of all of them joined by line ends.
 */
function makeIndexFiles<T>(documents: SearchDocument[], options: IndexOptions, take: (text: string) => T): { files: { path: string; made: T }[]; metaPath: string } {
  const { meta, shards } = indexShards(documents, options);
  const hash = createHash('sha256');
  const made: T[] = [];
  const add = (text: string): void => {
    if (made.length > 0) hash.update('\n');
    hash.update(text);
    made.push(take(text));
  };
  add(JSON.stringify(meta));
  const shardCount = shards.length;
  for (let n = 0; n < shardCount; n++) {
    add(shards[n]!);
    shards[n] = '';
  }
  for (const doc of documents) add(fragmentText(doc));
  const dir = `${SEARCH_DIR.slice(1)}${hash.digest('hex').slice(0, 10)}/`;
  const paths = [`${dir}${INDEX_FILES.meta}`];
  for (let n = 0; n < shardCount; n++) paths.push(`${dir}${INDEX_FILES.shard(n)}`);
  for (let doc = 0; doc < documents.length; doc++) paths.push(`${dir}${INDEX_FILES.fragment(doc)}`);
  return { files: paths.map((path, i) => ({ path, made: made[i]! })), metaPath: `/${paths[0]}` };
}

/**
 * Search files as UTF-8 bytes in a few large buffers, file after file, so that they cross from a worker thread by
 * transfer rather than as tens of thousands of strings copied.
 */
export interface PackedSearchOutputs {
  metaPath: string;
  paths: string[];
  /** The buffers. */
  chunks: Uint8Array[];
  /** Per file, three numbers: its buffer, and the start and end of its bytes there. */
  places: Uint32Array;
}

/** Bytes of one buffer of a {@link PackedSearchOutputs} (a larger file gets a buffer of its own). */
const CHUNK_BYTES = 8 << 20;

/** The index files of `documents` packed as they are made (see {@link PackedSearchOutputs}) in buffers of `chunkBytes`. */
export function packedIndexOutputs(documents: SearchDocument[], options: IndexOptions = {}, chunkBytes = CHUNK_BYTES): PackedSearchOutputs {
  const chunks: Uint8Array[] = [];
  let chunk = Buffer.alloc(0);
  let used = 0;
  const { files, metaPath } = makeIndexFiles(documents, options, (text): [number, number, number] => {
    const length = Buffer.byteLength(text, 'utf8');
    if (used + length > chunk.length) {
      const bytes = new Uint8Array(Math.max(chunkBytes, length));
      chunks.push(bytes);
      chunk = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      used = 0;
    }
    chunk.write(text, used, 'utf8');
    used += length;
    return [chunks.length - 1, used - length, used];
  });
  const places = new Uint32Array(files.length * 3);
  files.forEach(({ made }, i) => places.set(made, i * 3));
  return { metaPath, paths: files.map((f) => f.path), chunks, places };
}

/** The search files of a {@link PackedSearchOutputs}: views of its buffers, flagged as text. */
export function unpackSearchOutputs(packed: PackedSearchOutputs): SearchOutputs {
  const { chunks, places } = packed;
  const files = packed.paths.map((filePath, i): OutputFile => ({ path: filePath, contents: chunks[places[i * 3]!]!.subarray(places[i * 3 + 1]!, places[i * 3 + 2]!), text: true }));
  return { files, metaPath: packed.metaPath };
}
