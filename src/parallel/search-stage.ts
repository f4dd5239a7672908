/**
 * The search index of `build()`: taken from the build records when the documents did not change, else built in a
 * worker thread while the main thread renders the pages (or in the main thread for small sites and `--workers 0`).
 * The index files are the same bytes whichever way they were made.
 */
import type { SiteModel } from '../types.ts';
import { indexOutputs, searchDocuments, type SearchOutputs } from '../search/search-outputs.ts';
import type { SearchDocument } from '../search/build-index.ts';
import type { BuildRecords } from '../cache/build-records.ts';
import { RenderPool, defaultWorkers } from './render-pool.ts';
import { spilledOf, type SpilledBody } from './body-spill.ts';

/** Fewest articles for the default settings to build the index in a worker (starting one costs about this much). */
export const AUTO_SEARCH_WORKER_MINIMUM = 1000;

/** Where the index of a build comes from, for reports. */
export type SearchSource = 'records' | 'worker' | 'main';

/** Builds (or finds) the search index of one build. */
export class SearchStage {
  /** Where the last index came from. */
  source: SearchSource | undefined;

  /**
   * @param records The build records, or undefined with `--no-cache`.
   * @param workers `--workers` as given (undefined: the default).
   */
  constructor(
    private readonly records: BuildRecords | undefined,
    private readonly workers: number | undefined,
    /** Workers already running (the Markdown stage's), used instead of starting one. */
    private readonly running?: () => Promise<RenderPool> | undefined,
  ) {}

  private useWorker(documents: number): boolean {
    if (this.workers !== undefined) return this.workers > 0;
    return defaultWorkers() > 1 && documents >= AUTO_SEARCH_WORKER_MINIMUM;
  }

  /**
   * The search files of `model`. What the index reads of the articles is taken at once, so the caller may drop the
   * articles' texts as soon as this returns.
   */
  outputs(model: SiteModel): Promise<SearchOutputs> {
    try {
      const documents = searchDocuments(model);
      const bodies = model.articles.map((a) => spilledOf(a)?.body);
      return this.#outputs(documents, bodies, this.records?.searchKey(documents, model.config));
    } catch (cause) {
      // Failing as a promise, like the rest of the stage.
      return Promise.reject(cause as Error);
    }
  }

  /** `bodies[i]`, when set, is where the text of `documents[i]` waits in a spill: a worker reads it from there. */
  async #outputs(documents: SearchDocument[], bodies: (SpilledBody | undefined)[], key: string | undefined): Promise<SearchOutputs> {
    if (key) {
      const stored = await this.records!.readSearch(key);
      if (stored) {
        this.source = 'records';
        return stored;
      }
    }
    let outputs: SearchOutputs;
    let fromWorker: SearchOutputs | undefined;
    const running = await this.running?.();
    if (running || this.useWorker(documents.length)) {
      const pool = running ?? (await RenderPool.start(1));
      try {
        fromWorker = await pool.search(documents, bodies);
      } catch {
        // The worker could not build it (out of memory): the main thread will.
      } finally {
        if (!running) await pool.close();
      }
    }
    if (fromWorker) {
      outputs = fromWorker;
      this.source = 'worker';
    } else {
      outputs = indexOutputs(documents);
      this.source = 'main';
    }
    if (key) await this.records!.writeSearch(key, outputs);
    return outputs;
  }
}
