/**
 * The asynchronous Markdown stage of `build()`, around the pure `compileSite`/`planBuild`: before them, the
 * render cache is filled with every article the persistent cache holds, and the others are rendered by the worker
 * threads and the main thread together, batch by batch from one queue; the pure stages then find them all in the
 * cache and only do, in the main thread, what the render task declined (sources with messages, bodies using media
 * files). After them, new articles are saved to the persistent cache, and the workers build the search index while
 * the main thread writes the pages. The output is the same bytes whichever way an article was rendered.
 */
import { existsSync } from 'node:fs';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { VFile } from 'vfile';
import type { SiteInputs } from '../build.ts';
import type { BuildProgress, RenderedArticle } from '../types.ts';
import { parseConfig } from '../config/parse-config.ts';
import { emptyLibrary } from '../media/load-media.ts';
import type { MediaContext } from '../media/article-media.ts';
import type { PublishOptions } from '../model/build-model.ts';
import { hasErrors } from '../report/messages.ts';
import { contextKey, releaseSource, renderKey, sourceKey, sourceTable, type RenderCache } from '../cache/render-cache.ts';
import { markdownFrom } from '../cache/markdown-body.ts';
import { ArticleStore, articleCacheDir, restoreArticle, type StoreStats } from '../cache/article-store.ts';
import { BATCH_SIZE, RenderPool, defaultWorkers } from './render-pool.ts';
import { BodySpill } from './body-spill.ts';
import { renderBatch, type RenderedItem, type SourceItem, type WorkerContext } from './render-task.ts';

/** How `build()` renders articles. */
export interface StageOptions {
  /** Read and write the persistent cache in `<root>/.cache/bantin/articles/` (default true). */
  cache?: boolean | undefined;
  /**
   * Worker threads besides the main thread; 0 renders in the main thread only. Default: one per CPU but one (the
   * main thread renders too), started only when enough articles need rendering to pay for them. An explicit
   * number is used for any number of articles.
   */
  workers?: number | undefined;
}

/** How {@link ArticleStage.prepare} fills its cache. */
export interface PrepareOptions {
  /** Told how many of the site's articles are ready ("Rendering articles", done of total). */
  onProgress?: ((step: BuildProgress) => void) | undefined;
  /** The render cache to fill (default: a new one). */
  cache?: RenderCache | undefined;
  /**
   * Key the articles by their bodies too, as `planBuild` does, for a cache that later builds look bodies up in (the
   * dev server's, where a config change keeps the bodies); by default the source key stands in.
   */
  bodyKeys?: boolean | undefined;
  /**
   * Keep the HTML and text of the articles rendered here in a spill folder rather than in memory
   * (`body-spill.ts`): for a build that renders each page once. The folder is removed by `close()`. Without a
   * persistent cache to save them to, the articles are then kept without their Markdown, and each source's text is
   * dropped as soon as its article is rendered (`releaseSource`): a large site's sources are never all in memory
   * beside its articles.
   */
  spill?: boolean | undefined;
}

/** What the stage did in one build. */
export interface StageReport {
  /** Articles taken from the persistent cache. */
  cached: number;
  /** Articles rendered by the stage: in worker threads and in the main thread. */
  parallel: number;
  /** Worker threads used besides the main thread (0 when none). */
  workers: number;
  /** Persistent cache activity, when it was used. */
  store?: StoreStats;
}

/** Fewest articles to render before the default workers are started: below this, starting threads costs more. */
export const AUTO_POOL_MINIMUM = 200;

/** Tasks queued per worker, so that a worker never waits for the main thread to hand it the next batch. */
const IN_FLIGHT = 2;

/** The Markdown stage of one build. Create with `ArticleStage.start` before reading the site. */
export class ArticleStage {
  private pool: Promise<RenderPool> | undefined;
  private spill: BodySpill | undefined;
  private readonly report: StageReport = { cached: 0, parallel: 0, workers: 0 };

  private constructor(
    private readonly store: ArticleStore | undefined,
    /** Worker threads to use (besides the main thread). */
    readonly workers: number,
    private readonly minimum: number,
  ) {}

  /**
   * Opens the persistent cache of the site at `root` and, when a cold build is likely (no cache folder, or
   * `cache: false`), starts the workers at once so they load while the site is read.
   */
  static async start(root: string, options: StageOptions = {}): Promise<ArticleStage> {
    const useCache = options.cache !== false;
    const dir = articleCacheDir(root);
    const store = useCache ? await ArticleStore.open(dir) : undefined;
    const explicit = options.workers !== undefined;
    const workers = explicit ? Math.max(0, Math.floor(options.workers!)) : Math.max(0, defaultWorkers() - 1);
    const stage = new ArticleStage(store, workers, explicit ? 1 : AUTO_POOL_MINIMUM);
    if (workers > 0 && !explicit && (!useCache || !existsSync(dir))) stage.startPool().catch(() => undefined);
    return stage;
  }

  private startPool(): Promise<RenderPool> {
    this.pool ??= RenderPool.start(this.workers);
    return this.pool;
  }

  /** Whether the persistent cache is used: `save` then writes the new articles to it. */
  get persistent(): boolean {
    return this.store !== undefined;
  }

  /** Articles rendered so far (not taken from the persistent cache). */
  get rendered(): number {
    return this.report.parallel;
  }

  /** The workers, if they were started (the search index may use them). */
  get startedPool(): Promise<RenderPool> | undefined {
    return this.pool;
  }

  /** Stops the workers, if any were started, and removes the spill folder (spilled bodies stay readable). */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await (await pool)?.close();
    await this.spill?.remove();
  }

  /**
   * Fills a render cache for `inputs`: articles from the persistent cache, then the rest rendered by the workers
   * and the main thread. Sources the render task declines, and everything when the config has errors, are for
   * `compileSite`/`planBuild` to do.
   */
  async prepare(
    inputs: SiteInputs,
    options: { baseUrl?: string | undefined } & Partial<PublishOptions> & { now: Date },
    how: PrepareOptions = {},
  ): Promise<RenderCache> {
    const { onProgress, cache = new Map() } = how;
    if (hasErrors([inputs.configFile])) return cache;
    // A copy of the config file, so its messages are reported once, by compileSite.
    const config = parseConfig(new VFile({ path: inputs.configFile.path, cwd: inputs.configFile.cwd, value: inputs.configFile.value }), { baseUrl: options.baseUrl });
    if (!config) return cache;
    const media: MediaContext = { library: inputs.media ?? emptyLibrary(), staticPaths: new Set(inputs.staticFiles.keys()) };
    const context = contextKey(config, media);
    const table = sourceTable(cache);
    const missing = new Map(inputs.sources.map((file) => [sourceKey(file, context), file]));

    // Unless asked for body keys, the source key stands in for the body key: a build looks articles up by source
    // only, and hashing every body again would cost time and a copy of each.
    const register = (key: string, article: RenderedArticle): void => {
      if (!how.bodyKeys) {
        table.set(key, { article, renderKey: `source:${key}` });
        return;
      }
      const body = renderKey(article, config, media.library.digest);
      table.set(key, { article, renderKey: body });
      cache.set(body, article);
    };
    if (this.store) {
      for (const [key, article] of await this.store.read(missing, config)) {
        register(key, article);
        missing.delete(key);
        this.report.cached++;
      }
    }
    if (missing.size === 0) return cache;
    // Articles from the cache count as done: the bar shows the share of the site ready.
    let finished = 0;
    const progress = (): void => onProgress?.({ phase: 'Rendering articles', done: inputs.sources.length - missing.size + finished, total: inputs.sources.length });
    progress();

    if (how.spill) this.spill ??= await BodySpill.create();
    const spill = how.spill ? this.spill : undefined;
    // Nothing reads the Markdown or the source of an article rendered for a spill build but the persistent cache.
    const release = spill !== undefined && !this.store;
    const workerContext: WorkerContext = {
      key: context,
      config,
      publish: { now: options.now, drafts: options.drafts ?? false, future: options.future ?? false },
      mediaSources: [...media.library.files.keys()],
      staticPaths: [...media.staticPaths],
      spill: spill?.dir,
      markdown: !release,
    };
    const entries = [...missing];
    const pool = this.workers > 0 && missing.size >= this.minimum ? await this.startPool() : undefined;
    const done = (start: number, results: (RenderedItem | null)[]): void => {
      results.forEach((item, i) => {
        if (!item) return;
        const [key, file] = entries[start + i]!;
        if (item.markdownFrom !== undefined) item.article.markdown = markdownFrom(String(file.value), item.markdownFrom);
        if (item.body) spill!.reader.attach(item.article, item.body);
        const article = restoreArticle(item.article, file, config);
        register(key, article);
        if (release) releaseSource(file);
        this.report.parallel++;
      });
      // Declined sources are done too (the main thread's pure stages render them).
      finished += results.length;
      progress();
    };

    // One queue of batches, taken by every worker and by the main thread, so all finish together.
    let next = 0;
    const take = (): { start: number; items: SourceItem[] } | undefined => {
      if (next >= entries.length) return undefined;
      const start = next;
      next = Math.min(entries.length, next + BATCH_SIZE);
      const items = entries.slice(start, next).map(([, file]) => ({ path: file.path, cwd: file.cwd, value: String(file.value) }));
      return { start, items };
    };
    const viaWorker = async (): Promise<void> => {
      for (let batch = take(); batch; batch = take()) done(batch.start, await pool!.renderItems(batch.items, workerContext));
    };
    const inMain = async (): Promise<void> => {
      for (let batch = take(); batch; batch = take()) {
        // Copied as a worker's results are: what an article keeps of its source (title, names, summary) would
        // otherwise be slices holding on to the whole source text long after the text itself is dropped.
        done(batch.start, structuredClone(renderBatch({ context: workerContext, sources: batch.items })));
        // Let the workers' results in and their next batches out.
        await yieldToLoop();
      }
    };
    const loops = pool ? Array.from({ length: pool.threads * IN_FLIGHT }, viaWorker) : [];
    // The main thread starts once the workers have their first batches.
    await Promise.all([...loops, inMain()]);
    this.report.workers = pool?.threads ?? 0;
    return cache;
  }

  /** Saves what the build used to the persistent cache. */
  async save(cache: RenderCache | undefined): Promise<void> {
    if (!this.store || !cache) return;
    const used = new Map([...sourceTable(cache)].map(([key, entry]) => [key, entry.article]));
    await this.store.save(used);
  }

  /** Saves (unless saved already), stops the workers, and says what the stage did. */
  async finish(cache?: RenderCache): Promise<StageReport> {
    await this.close();
    if (cache) await this.save(cache);
    return { ...this.report, ...(this.store ? { store: this.store.stats } : {}) };
  }
}
