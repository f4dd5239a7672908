/**
 * Index sources for the search engine: over HTTP (the reader's browser) and over the files of a build
 * (tests, the engine comparison).
 */
import type { IndexSource } from './engine.ts';
import { INDEX_FILES, indexDirOf, type Fragment, type IndexMeta, type Shard } from './format.ts';

/** Reads the index next to `metaUrl` with `fetch`. */
export function fetchSource(metaUrl: string): IndexSource {
  const base = indexDirOf(metaUrl);
  const get = async <T>(url: string): Promise<T> => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return (await response.json()) as T;
  };
  return {
    meta: () => get<IndexMeta>(metaUrl),
    shard: (n) => get<Shard>(`${base}${INDEX_FILES.shard(n)}`),
    fragment: (doc) => get<Fragment>(`${base}${INDEX_FILES.fragment(doc)}`),
  };
}

/**
 * Reads the index from built files (`path` relative to the output folder, as in `OutputFile`), counting the
 * bytes of every file read in `read`.
 */
export function filesSource(files: Iterable<{ path: string; contents: string | Uint8Array }>, metaPath: string, read?: Map<string, number>): IndexSource {
  const byPath = new Map<string, string>();
  for (const f of files) byPath.set(f.path, typeof f.contents === 'string' ? f.contents : new TextDecoder().decode(f.contents));
  const dir = indexDirOf(metaPath).replace(/^\//, '');
  const get = async <T>(path: string): Promise<T> => {
    const text = byPath.get(path);
    if (text === undefined) throw new Error(`No search file ${path}`);
    read?.set(path, new TextEncoder().encode(text).length);
    return JSON.parse(text) as T;
  };
  return {
    meta: () => get<IndexMeta>(`${dir}${INDEX_FILES.meta}`),
    shard: (n) => get<Shard>(`${dir}${INDEX_FILES.shard(n)}`),
    fragment: (doc) => get<Fragment>(`${dir}${INDEX_FILES.fragment(doc)}`),
  };
}
