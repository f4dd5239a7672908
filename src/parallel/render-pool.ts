/**
 * A pool of worker threads (piscina) that render article sources: front matter and Markdown, one unified
 * processor per worker. The same workers build the search index beside the main thread's page rendering. Sources travel as plain strings in batches, and rendered articles come back without
 * their VFile; `prepareArticles` puts them into the render cache, in the main thread.
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { workerBundle } from './worker-bundle.ts';
import { PACKAGE_ROOT } from '../cache/source-tree.mjs';
import type { SearchDocument } from '../search/build-index.ts';
import { unpackSearchOutputs, type PackedSearchOutputs, type SearchOutputs } from '../search/search-outputs.ts';
import type { RenderedItem, RenderJob, SearchJob, SourceItem, WorkerContext } from './render-task.ts';
import type { SpilledBody } from './body-spill.ts';

/** Sources per task: large enough that messaging costs little, small enough to keep both cores busy to the end. */
export const BATCH_SIZE = 32;

/**
 * Old-generation heap of a worker, in MB: a bound, not a target (the search index of a large site needs a few
 * hundred). A task that needs more fails, and its work falls back to the main thread.
 */
export const WORKER_HEAP_MB = 1024;

/** The default number of worker threads: one per CPU the process may use. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/** Worker threads that render article sources. Create once, reuse for builds, `close()` when done. */
export class RenderPool {
  private readonly piscina: Piscina<RenderJob, (RenderedItem | null)[]>;

  /**
   * Starts `threads` workers now, so that they load the pipeline while the main thread reads the site: from the
   * worker bundle when there is one (`worker-bundle.ts`), else from the TypeScript sources. A worker's heap is
   * capped at `heapMb`.
   */
  private constructor(
    readonly threads: number,
    filename: string,
    heapMb: number,
  ) {
    if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`A render pool needs at least one thread, got ${threads}`);
    this.piscina = new Piscina({
      filename,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: 30_000,
      // Plain workers: the entry registers the TypeScript loader itself when it is needed.
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    });
  }

  /** Starts a pool of `threads` workers. */
  static async start(threads: number, heapMb = WORKER_HEAP_MB): Promise<RenderPool> {
    const bundle = await workerBundle();
    return new RenderPool(threads, bundle ? pathToFileURL(bundle).href : pathToFileURL(path.join(PACKAGE_ROOT, 'src', 'parallel', 'worker-entry.mjs')).href, heapMb);
  }

  /** Renders one batch in a worker; the result at index i is the article of `items[i]`, or null (main thread). */
  async renderItems(items: SourceItem[], context: WorkerContext): Promise<(RenderedItem | null)[]> {
    try {
      return await this.piscina.run({ context, sources: items });
    } catch {
      // A batch that fails in a worker (out of memory, a bug there) is left to the main thread, which reports it.
      return items.map(() => null);
    }
  }

  /**
   * The search index of `documents`, built in a worker. A document with a body in `bodies` crosses without its text,
   * which the worker reads from the spill.
   */
  async search(documents: SearchDocument[], bodies: readonly (SpilledBody | undefined)[] = []): Promise<SearchOutputs> {
    const light = documents.map((document, i) => {
      if (!bodies[i]) return document;
      // Not read: the text stays where it is.
      const { text: _text, ...rest } = document;
      return { ...rest, text: '' };
    });
    const job: SearchJob = { documents: light, bodies: [...bodies] };
    return unpackSearchOutputs((await this.piscina.run(job as never, { name: 'searchIndex' })) as unknown as PackedSearchOutputs);
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    await this.piscina.destroy();
  }
}
