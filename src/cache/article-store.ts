/**
 * The persistent article cache (`<site>/.cache/bantin/articles/`, git-ignored, safe to delete): each rendered
 * article in a file named by the hash of its source key (context + path + text, see `render-cache.ts`) and of the
 * pipeline version, so an entry is found only for the very same source, config, media, code and dependencies.
 *
 * An entry is a sealed file (`sealed.ts`: a header, the SHA-256 of the payload, the payload) holding the article
 * and naming its own key. An entry that is truncated, altered, of another format or filed under another key is
 * counted as stale and rendered again, never served; the next save replaces it. Entries are written to a
 * temporary name and renamed into place, so a crash or a concurrent build never leaves half an entry.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import path from 'node:path';
import type { VFile } from 'vfile';
import type { RenderedArticle, SiteConfig } from '../types.ts';
import type { RenderedData } from '../parallel/render-task.ts';
import { pipelineVersion } from './pipeline-version.ts';
import { seal, unseal } from './sealed.ts';
import { mapLimited } from '../parallel/limited.ts';
import { markdownFrom, markdownOffset } from './markdown-body.ts';

/** Entries handled between two turns of the event loop, so that worker threads' messages are not held up. */
const YIELD_EVERY = 256;

/** Calls `each` on every item, synchronously, letting the event loop turn every {@link YIELD_EVERY} items. */
async function eachYielding<T>(items: readonly T[], each: (item: T) => void): Promise<void> {
  for (let i = 0; i < items.length; i++) {
    each(items[i]!);
    if ((i + 1) % YIELD_EVERY === 0) await yieldToLoop();
  }
}

/** The cache folder of the site at `root`. */
export function articleCacheDir(root: string): string {
  return path.join(root, '.cache', 'bantin', 'articles');
}

/** The kind of sealed file of an entry; bump the digit when the payload changes shape. */
const KIND = 'article 1';

/** What is stored: the article without its VFile, and its Markdown body as an offset when it can be rebuilt. */
interface Payload {
  key: string;
  article: RenderedData;
  /** Set when `article.markdown` was left out: the body is the source with its first `markdownFrom` characters blanked. */
  markdownFrom?: number;
}

/** What a store did during one build. */
export interface StoreStats {
  /** Entries read and served. */
  hits: number;
  /** Entries found but unusable (corrupt, truncated, another key): rendered again. */
  stale: number;
  /** Entries written. */
  written: number;
  /** Entries removed because no source uses them any more. */
  removed: number;
}

/** Encodes an entry. */
export function encodeEntry(payload: Payload): Buffer {
  return seal(KIND, payload);
}

/** Decodes an entry written for `key`, or undefined when it is not exactly that. */
export function decodeEntry(bytes: Buffer, key: string): Payload | undefined {
  const payload = unseal(KIND, bytes) as Payload | undefined;
  return payload && typeof payload === 'object' && payload.key === key && typeof payload.article === 'object' ? payload : undefined;
}

/** Whether an article can be stored: one whose body uses media files keeps their bytes, which stay in the media cache. */
function storable(article: RenderedArticle): boolean {
  const body = article.media?.body;
  return !body || (body.files.length === 0 && body.images.length === 0 && body.problems.length === 0);
}

/** Puts this build's VFile and config objects back into an article that crossed a thread or came from disk. */
export function restoreArticle(data: RenderedData, file: VFile, config: SiteConfig): RenderedArticle {
  const article = data as unknown as RenderedArticle;
  article.file = file;
  // The category is one of the config's objects in an article parsed here; keep it so.
  const category = config.categories.find((c) => c.slug === data.category.slug);
  if (category) article.category = category;
  return article;
}

/** The article cache of one site. */
export class ArticleStore {
  readonly stats: StoreStats = { hits: 0, stale: 0, written: 0, removed: 0 };
  /** File keys of the entries this build read successfully (they need no writing). */
  private readonly present = new Set<string>();

  private constructor(
    readonly dir: string,
    private readonly version: string,
  ) {}

  /** Opens the cache folder `dir` (created on the first save) for this installation's pipeline. */
  static async open(dir: string): Promise<ArticleStore> {
    return new ArticleStore(dir, await pipelineVersion());
  }

  /** The name of the entry of a source key. */
  fileKey(sourceKey: string): string {
    return createHash('sha256').update(this.version).update('\0').update(sourceKey).digest('hex');
  }

  private entryPath(fileKey: string): string {
    return path.join(this.dir, fileKey.slice(0, 2), `${fileKey}.bin`);
  }

  /**
   * Reads the entries of `wanted` (source key → its VFile) and returns the articles found, by source key, with
   * `file` and the config's category put back.
   */
  async read(wanted: ReadonlyMap<string, VFile>, config: SiteConfig): Promise<Map<string, RenderedArticle>> {
    const found = new Map<string, RenderedArticle>();
    // Synchronous reads: an entry of a few KB from the page cache costs a fifth of an asynchronous read's CPU.
    await eachYielding([...wanted], ([sourceKey, file]) => {
      const key = this.fileKey(sourceKey);
      let bytes: Buffer;
      try {
        bytes = readFileSync(this.entryPath(key));
      } catch {
        return;
      }
      const payload = decodeEntry(bytes, key);
      if (!payload) {
        this.stats.stale++;
        return;
      }
      if (payload.markdownFrom !== undefined) {
        payload.article.markdown = markdownFrom(String(file.value), payload.markdownFrom);
      }
      this.present.add(key);
      this.stats.hits++;
      found.set(sourceKey, restoreArticle(payload.article, file, config));
    });
    return found;
  }

  /**
   * Writes the entries of `used` (source key → article) that are not on disk yet, then, when it wrote any, removes
   * the entries no source uses any more.
   */
  async save(used: ReadonlyMap<string, RenderedArticle>): Promise<void> {
    const keep = new Set<string>();
    const toWrite: [string, RenderedArticle][] = [];
    for (const [sourceKey, article] of used) {
      if (!storable(article)) continue;
      const key = this.fileKey(sourceKey);
      keep.add(key);
      if (!this.present.has(key)) toWrite.push([key, article]);
    }
    if (toWrite.length === 0) return;
    const dirs = new Set(toWrite.map(([key]) => path.dirname(this.entryPath(key))));
    try {
      for (const dir of dirs) await mkdir(dir, { recursive: true });
    } catch {
      return;
    }
    // Asynchronous writes: creating a file costs the file system far more than reading one, and the thread pool
    // creates several at once while the main thread goes on.
    await mapLimited(toWrite, 16, async ([key, article]) => {
      const text = String(article.file.value);
      const from = markdownOffset(article.markdown, text);
      const data = { ...article, file: null, ...(from === undefined ? {} : { markdown: '' }) } as RenderedData;
      const target = this.entryPath(key);
      const temp = `${target}.${process.pid}.tmp`;
      try {
        await writeFile(temp, encodeEntry({ key, article: data, ...(from === undefined ? {} : { markdownFrom: from }) }));
        await rename(temp, target);
      } catch {
        // A cache that cannot be written (full disk, a concurrent prune) costs the next build time, never this one.
        await rm(temp, { force: true }).catch(() => undefined);
        return;
      }
      this.present.add(key);
      this.stats.written++;
    });
    await this.prune(keep);
  }

  /** Removes entries not in `keep` (and leftovers of interrupted writes). */
  private async prune(keep: ReadonlySet<string>): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.dir, { recursive: true });
    } catch {
      return;
    }
    const stale = names.filter((name) => {
      const base = path.basename(name);
      return base.includes('.') && !(base.endsWith('.bin') && keep.has(base.slice(0, -'.bin'.length)));
    });
    await mapLimited(stale, 16, async (name) => {
      await rm(path.join(this.dir, name), { force: true });
      this.stats.removed++;
    });
  }
}
