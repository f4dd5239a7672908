/**
 * The in-memory render cache of a process (the dev server, `bantin build`), in two levels:
 *
 * - by body: `renderKey` (base path, file, URL, media, Markdown body) → the rendered article. A change to the front
 *   matter or the config re-reads the front matter but reuses the HTML. These are the keys of the `RenderCache`
 *   map, so a caller can count what went through Markdown.
 * - by source: `sourceKey` (context, file path, whole text) → the article, front matter and body, as parsed and
 *   rendered. An unchanged source skips front matter and Markdown alike. This level sits in a side table of the
 *   map (`sourceTable`); only sources that gave no message are kept there, so every message is reported again,
 *   at its place, by every build.
 *
 * Both levels hold only what the latest build used. A third side table keeps the rendered pages (`pageMemo`).
 */
import { createHash } from 'node:crypto';
import type { VFile } from 'vfile';
import type { Article, RenderedArticle, SiteConfig } from '../types.ts';
import type { MediaContext } from '../media/article-media.ts';
import type { PageMemo } from '../render/render-site.ts';

/**
 * Rendered articles kept between builds of one process, keyed by `renderKey`: an unchanged article skips Markdown.
 * Holds only what the latest build used. Create one with `new Map()` and pass it to every build.
 */
export type RenderCache = Map<string, RenderedArticle>;

/** An article found by its source: the rendered article (before media are attached) and its body key. */
export interface SourceEntry {
  article: RenderedArticle;
  renderKey: string;
}

function sha256(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
}

/** The body-level cache key of an article: everything its Markdown rendering depends on, hashed. */
export function renderKey(article: Article, config: SiteConfig, mediaDigest = ''): string {
  return sha256([config.basePath, article.file.path ?? '', article.path, mediaDigest, article.markdown]);
}

/**
 * What every article of a build depends on besides its own source: the config (categories, time zone, base path),
 * the media library and the static files. A change to any of them changes every source key.
 */
export function contextKey(config: SiteConfig, media: MediaContext): string {
  return sha256([JSON.stringify(config), media.library.digest, [...media.staticPaths].sort().join('\n')]);
}

const sourceKeys = new WeakMap<VFile, { value: unknown; context: string; key: string }>();

/**
 * The source-level cache key of `file` in `context`: its path and text, hashed. Remembered per VFile while its
 * value stays the same string, so a build over thousands of unchanged files does not hash them again.
 */
export function sourceKey(file: VFile, context: string): string {
  const known = sourceKeys.get(file);
  if (known && known.value === file.value && known.context === context) return known.key;
  const key = sha256([context, file.path ?? '', String(file.value)]);
  sourceKeys.set(file, { value: file.value, context, key });
  return key;
}

/**
 * Drops the text of `file` but keeps its source key: for a build done with the text once the article is rendered.
 * Its lookups (`CacheSession.bySource`) still find the article; anything else that would read the text finds it
 * empty. A file without a remembered key is left as it is.
 */
export function releaseSource(file: VFile): void {
  const known = sourceKeys.get(file);
  if (!known) return;
  file.value = '';
  known.value = file.value;
}

/** Forgets the remembered source keys of `files` (and with them a reference to each file's text). */
export function forgetSourceKeys(files: Iterable<VFile>): void {
  for (const file of files) sourceKeys.delete(file);
}

const sourceTables = new WeakMap<RenderCache, Map<string, SourceEntry>>();
const renderedCounts = new WeakMap<RenderCache, number>();

/** How many article bodies the last build with `cache` added to it: those that went through Markdown. */
export function renderedBy(cache: RenderCache): number {
  return renderedCounts.get(cache) ?? 0;
}
const pageMemos = new WeakMap<RenderCache, PageMemo>();

/** The rendered pages kept with `cache`: a page whose template data did not change is not rendered again. */
export function pageMemo(cache: RenderCache): PageMemo {
  let memo = pageMemos.get(cache);
  if (!memo) pageMemos.set(cache, (memo = new Map()));
  return memo;
}

/** Empties `cache` and its side tables: articles by body and by source, and rendered pages. */
export function forgetRenderCache(cache: RenderCache): void {
  cache.clear();
  sourceTables.delete(cache);
  pageMemos.delete(cache);
  renderedCounts.delete(cache);
}

/** The source level of `cache`: articles by `sourceKey`. */
export function sourceTable(cache: RenderCache): Map<string, SourceEntry> {
  let table = sourceTables.get(cache);
  if (!table) sourceTables.set(cache, (table = new Map()));
  return table;
}

/** One build's use of a render cache (or of none): lookups on both levels, and what the build used. */
export class CacheSession {
  private readonly sources: Map<string, SourceEntry> | undefined;
  private readonly usedBodies = new Map<string, RenderedArticle>();
  private readonly usedSources = new Map<string, SourceEntry>();

  constructor(
    private readonly cache: RenderCache | undefined,
    private readonly context: string,
  ) {
    this.sources = cache ? sourceTable(cache) : undefined;
  }

  /** The article of an unchanged source, carrying `file` (the VFile of this build), or undefined. */
  bySource(file: VFile): RenderedArticle | undefined {
    if (!this.sources) return undefined;
    const key = sourceKey(file, this.context);
    const entry = this.sources.get(key);
    if (!entry) return undefined;
    if (entry.article.file !== file) entry.article = { ...entry.article, file };
    this.usedSources.set(key, entry);
    this.usedBodies.set(entry.renderKey, entry.article);
    return entry.article;
  }

  /** The rendered body of `article` from an earlier build, or undefined. */
  byBody(key: string): RenderedArticle | undefined {
    return this.cache?.get(key);
  }

  /** Records that the build rendered (or reused the body of) `article`; `clean` when its source gave no message. */
  use(file: VFile, article: RenderedArticle, key: string, clean: boolean): void {
    if (!this.cache) return;
    this.usedBodies.set(key, article);
    if (clean) this.usedSources.set(sourceKey(file, this.context), { article, renderKey: key });
  }

  /** Leaves in the cache only what this build used, and counts the bodies it did not hold (see {@link renderedBy}). */
  finish(): void {
    if (!this.cache || !this.sources) return;
    let added = 0;
    let same = this.usedBodies.size === this.cache.size;
    for (const [key, value] of this.usedBodies) {
      const known = this.cache.get(key);
      if (known === undefined) added++;
      if (known !== value) same = false;
    }
    renderedCounts.set(this.cache, added);
    // A build of unchanged sources used exactly what the cache holds: nothing to replace.
    if (!same) {
      this.cache.clear();
      for (const [key, value] of this.usedBodies) this.cache.set(key, value);
    }
    sourceTables.set(this.cache, this.usedSources);
  }
}
