/**
 * `SiteModel` → the search index files. Only what the model holds is indexed, and the model holds published
 * articles only: drafts and future articles never reach the index. Pure.
 */
import { createHash } from 'node:crypto';
import type { OutputFile, SiteModel } from '../types.ts';
import { formatDay, formatRfc3339 } from '../vi/dates.ts';
import { buildSearchIndex, type IndexOptions, type SearchDocument } from './build-index.ts';
import { INDEX_FILES, SEARCH_DIR } from './format.ts';

/** The search files of a build and where their entry point is. */
export interface SearchOutputs {
  files: OutputFile[];
  /** Site path (without base) of the entry point, e.g. "/tim-kiem/3f2a9c1b04/meta.json". */
  metaPath: string;
}

/** The model's articles as search documents, in the model's order (newest first). */
export function searchDocuments(model: SiteModel): SearchDocument[] {
  const { basePath, timezone } = model.config;
  return model.articles.map((a) => ({
    title: a.title,
    tags: a.tags,
    summary: a.summary ?? null,
    text: a.text,
    url: `${basePath}${a.path.replace(/^\//, '')}`,
    category: a.category.name,
    day: formatDay(a.date, timezone),
    datetime: formatRfc3339(a.date, timezone),
  }));
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
  const index = buildSearchIndex(documents, options);
  const meta = JSON.stringify(index.meta);
  // The hash of all files joined by line ends, taken file by file rather than over one joined copy.
  const hash = createHash('sha256').update(meta);
  for (const list of [index.shards, index.fragments]) for (const text of list) hash.update('\n').update(text);
  const dir = `${SEARCH_DIR.slice(1)}${hash.digest('hex').slice(0, 10)}/`;
  const files: OutputFile[] = [
    { path: `${dir}${INDEX_FILES.meta}`, contents: meta },
    ...index.shards.map((contents, n) => ({ path: `${dir}${INDEX_FILES.shard(n)}`, contents })),
    ...index.fragments.map((contents, doc) => ({ path: `${dir}${INDEX_FILES.fragment(doc)}`, contents })),
  ];
  return { files, metaPath: `/${dir}${INDEX_FILES.meta}` };
}

/**
 * Search files packed into one buffer of UTF-8 bytes, file after file, so that they cross from a worker thread by
 * transfer rather than as tens of thousands of strings copied.
 */
export interface PackedSearchOutputs {
  metaPath: string;
  paths: string[];
  /** End offset of each file's bytes in `bytes`. */
  ends: Uint32Array;
  bytes: Uint8Array;
}

/** Packs search files (see {@link PackedSearchOutputs}); the inverse of {@link unpackSearchOutputs}. */
export function packSearchOutputs(outputs: SearchOutputs): PackedSearchOutputs {
  const texts = outputs.files.map((f) => (typeof f.contents === 'string' ? f.contents : Buffer.from(f.contents).toString('utf8')));
  const ends = new Uint32Array(texts.length);
  let total = 0;
  texts.forEach((text, i) => (ends[i] = total += Buffer.byteLength(text)));
  const bytes = new Uint8Array(total);
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  texts.forEach((text, i) => view.write(text, i === 0 ? 0 : ends[i - 1]!, 'utf8'));
  return { metaPath: outputs.metaPath, paths: outputs.files.map((f) => f.path), ends, bytes };
}

/** The search files of a {@link PackedSearchOutputs}: views of the shared bytes, flagged as text. */
export function unpackSearchOutputs(packed: PackedSearchOutputs): SearchOutputs {
  const { bytes, ends } = packed;
  const files = packed.paths.map((filePath, i): OutputFile => ({ path: filePath, contents: bytes.subarray(i === 0 ? 0 : ends[i - 1]!, ends[i]), text: true }));
  return { files, metaPath: packed.metaPath };
}
