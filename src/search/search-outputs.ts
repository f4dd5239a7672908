/**
 * `SiteModel` → the search index files. Only what the model holds is indexed, and the model holds published
 * articles only: drafts and future articles never reach the index. Pure.
 */
import { contentHash } from '../render/assets.ts';
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
  const index = buildSearchIndex(searchDocuments(model), options);
  const meta = JSON.stringify(index.meta);
  const dir = `${SEARCH_DIR.slice(1)}${contentHash([meta, ...index.shards, ...index.fragments].join('\n'))}/`;
  const files: OutputFile[] = [
    { path: `${dir}${INDEX_FILES.meta}`, contents: meta },
    ...index.shards.map((contents, n) => ({ path: `${dir}${INDEX_FILES.shard(n)}`, contents })),
    ...index.fragments.map((contents, doc) => ({ path: `${dir}${INDEX_FILES.fragment(doc)}`, contents })),
  ];
  return { files, metaPath: `/${dir}${INDEX_FILES.meta}` };
}
