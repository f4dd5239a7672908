/**
 * The asynchronous Markdown stage of `build()`, around the pure `compileSite`: before it, the render cache is
 * filled with every article that the persistent cache holds, and the others are rendered in a pool of worker
 * threads; `compileSite` then finds them all in the cache and only does, in the main thread, what workers left
 * to it (sources with messages, bodies using media files). After it, new articles are saved to the persistent
 * cache. The output is the same bytes whichever way an article was rendered.
 */
import { existsSync } from 'node:fs';
import { VFile } from 'vfile';
import type { SiteInputs } from '../build.ts';
import { parseConfig } from '../config/parse-config.ts';
import { emptyLibrary } from '../media/load-media.ts';
import type { MediaContext } from '../media/article-media.ts';
import type { PublishOptions } from '../model/build-model.ts';
import { hasErrors } from '../report/messages.ts';
import { contextKey, renderKey, sourceKey, sourceTable, type RenderCache } from '../cache/render-cache.ts';
import { ArticleStore, articleCacheDir, restoreArticle, type StoreStats } from '../cache/article-store.ts';
import { RenderPool, defaultWorkers } from './render-pool.ts';
import type { WorkerContext } from './render-task.ts';

/** How `build()` renders articles. */
export interface StageOptions {
  /** Read and write the persistent cache in `<root>/.cache/bantin/articles/` (default true). */
  cache?: boolean | undefined;
  /**
   * Worker threads rendering Markdown; 0 renders in the main thread. Default: one per CPU, used only when enough
   * articles need rendering to pay for starting them. An explicit number is used for any number of articles.
   */
  workers?: number | undefined;
}

/** What the stage did in one build. */
export interface StageReport {
  /** Articles taken from the persistent cache. */
  cached: number;
  /** Articles rendered in worker threads. */
  parallel: number;
  /** Worker threads used (0 when none). */
  workers: number;
  /** Persistent cache activity, when it was used. */
  store?: StoreStats;
}

/** Fewest articles to render before the default pool is started: below this, starting threads costs more. */
export const AUTO_POOL_MINIMUM = 64;

/** The Markdown stage of one build. Create with `ArticleStage.start` before reading the site. */
export class ArticleStage {
  private pool: RenderPool | undefined;
  private readonly report: StageReport = { cached: 0, parallel: 0, workers: 0 };

  private constructor(
    private readonly store: ArticleStore | undefined,
    private readonly workers: number,
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
    const workers = explicit ? Math.max(0, Math.floor(options.workers!)) : defaultWorkers() > 1 ? defaultWorkers() : 0;
    const stage = new ArticleStage(store, workers, explicit ? 1 : AUTO_POOL_MINIMUM);
    if (workers > 0 && (!useCache || !existsSync(dir))) stage.startPool();
    return stage;
  }

  private startPool(): RenderPool {
    this.pool ??= new RenderPool(this.workers);
    return this.pool;
  }

  /** Stops the workers, if any were started. */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.close();
  }

  /**
   * Fills a new render cache for `inputs`: articles from the persistent cache, then the rest from the workers.
   * Sources the workers leave, and everything when the config has errors, are for `compileSite` to do.
   */
  async prepare(inputs: SiteInputs, options: { baseUrl?: string | undefined } & Partial<PublishOptions> & { now: Date }): Promise<RenderCache> {
    const cache: RenderCache = new Map();
    if (hasErrors([inputs.configFile])) return cache;
    // A copy of the config file, so its messages are reported once, by compileSite.
    const config = parseConfig(new VFile({ path: inputs.configFile.path, cwd: inputs.configFile.cwd, value: inputs.configFile.value }), { baseUrl: options.baseUrl });
    if (!config) return cache;
    const media: MediaContext = { library: inputs.media ?? emptyLibrary(), staticPaths: new Set(inputs.staticFiles.keys()) };
    const context = contextKey(config, media);
    const table = sourceTable(cache);
    const missing = new Map(inputs.sources.map((file) => [sourceKey(file, context), file]));

    if (this.store) {
      for (const [key, article] of await this.store.read(missing, config)) {
        table.set(key, { article, renderKey: renderKey(article, config, media.library.digest) });
        missing.delete(key);
        this.report.cached++;
      }
    }

    if (this.workers > 0 && missing.size >= this.minimum) {
      const pool = this.startPool();
      const workerContext: WorkerContext = {
        key: context,
        config,
        publish: { now: options.now, drafts: options.drafts ?? false, future: options.future ?? false },
        mediaSources: [...media.library.files.keys()],
        staticPaths: [...media.staticPaths],
      };
      const entries = [...missing];
      const results = await pool.render(
        entries.map(([, file]) => file),
        workerContext,
      );
      results.forEach((data, i) => {
        if (!data) return;
        const [key, file] = entries[i]!;
        const article = restoreArticle(data, file, config);
        table.set(key, { article, renderKey: renderKey(article, config, media.library.digest) });
        this.report.parallel++;
      });
      this.report.workers = pool.threads;
      await this.close();
    }
    return cache;
  }

  /** Saves what the build used to the persistent cache, stops the workers, and says what the stage did. */
  async finish(cache: RenderCache | undefined): Promise<StageReport> {
    await this.close();
    if (this.store && cache) {
      const used = new Map([...sourceTable(cache)].map(([key, entry]) => [key, entry.article]));
      await this.store.save(used);
    }
    return { ...this.report, ...(this.store ? { store: this.store.stats } : {}) };
  }
}
