/**
 * The output stage of `build()` for large sites: renders the planned site page by page and hands each file to the
 * writer as soon as it is rendered, so memory holds the model and a few pages, never the whole site. With the
 * record of the previous build, a page whose key did not change is kept without rendering. The search index
 * comes from `search()` (built meanwhile in a worker, or taken from the records) and is written last.
 *
 * It writes the same files, byte for byte, as `compileSite` returns: the same plan (`planSite`), the same
 * rendering (`renderPlanned`) and the same hosting files (`withHostingFiles`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { VFile } from 'vfile';
import type { BuildProgress, OutputFile, SiteModel } from '../types.ts';
import { pageKey, planSite, plannedSiteCount, renderPlanned, type PlannedFile } from '../render/render-site.ts';
import type { TemplateEnv } from '../render/templates.ts';
import type { SearchOutputs } from '../search/search-outputs.ts';
import { withHostingFiles } from '../hosting/hosting-files.ts';
import { precompress } from '../hosting/precompress.ts';
import { hasErrors } from '../report/messages.ts';
import { OutputWriter, isTextFile, type OutputRecord, type WriteReport } from './write-output.ts';

/** What `streamSite` needs: a site that passed every check before rendering. */
export interface StreamPlan {
  files: VFile[];
  model: SiteModel;
  env: TemplateEnv;
  /** Published asset paths by name. */
  assets: Map<string, string>;
  /** Files with their bytes already: theme assets, media, static files. */
  ready: OutputFile[];
}

/** How to stream. */
export interface StreamOptions {
  /** The output folder. */
  out: string;
  /** Also write `.gz` and `.br` siblings. */
  precompress: boolean;
  /** What the last build wrote to `out`, when known. */
  previous?: OutputRecord | undefined;
  /** Fill `record` for the next build. */
  record: boolean;
  /** The search files of the model (started at once, awaited after the pages). */
  search: (model: SiteModel) => Promise<SearchOutputs>;
  /** Called after every `every` pages rendered (a full garbage collection keeps the heap near what is live). */
  housekeeping?: { every: number; run: () => void } | undefined;
  /** Told how many of the site's files (all but the search index) have been written or kept. */
  onProgress?: ((step: BuildProgress) => void) | undefined;
}

/** What was streamed. */
export interface StreamResult {
  ok: boolean;
  /** Every file written, sorted by path; contents are read back from the output folder when asked for. */
  outputs: OutputFile[];
  written?: WriteReport;
  /** What this build wrote, for the next one. */
  record: OutputRecord;
}

/** An output file whose bytes live in the output folder: read (as text when `text`) only if asked for. */
export function writtenFile(out: string, rel: string, text: boolean): OutputFile {
  return {
    path: rel,
    get contents(): string | Uint8Array {
      const bytes = readFileSync(path.join(out, rel));
      return text ? bytes.toString('utf8') : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
  };
}

/** Renders and writes `plan` into `options.out`. On template errors, writes nothing and returns `ok: false`. */
export async function streamSite(plan: StreamPlan, options: StreamOptions): Promise<StreamResult> {
  const { model, env } = plan;
  const out = path.resolve(options.out);
  const writer = await OutputWriter.open(out, { previous: options.previous, record: options.record });
  const search = options.search(model);
  // Keep a rejected search from being reported as unhandled while the pages render.
  search.catch(() => undefined);
  const written: OutputFile[] = [];
  const compressed = new Set<string>();
  let rendered = 0;
  const SUFFIXES = ['.gz', '.br'];

  /** Writes a file with its compressed siblings; the siblings' keys follow the file's. */
  const put = async (file: OutputFile, key?: string): Promise<void> => {
    await writer.write(file, key);
    written.push(writtenFile(out, file.path, isTextFile(file)));
    if (!options.precompress) return;
    for (const sibling of await precompress([file])) {
      const suffix = sibling.path.slice(file.path.length);
      await writer.write(sibling, key === undefined ? undefined : `${key}\0${suffix}`);
      written.push(writtenFile(out, sibling.path, false));
      compressed.add(sibling.path);
    }
  };

  const emit = async (planned: PlannedFile): Promise<void> => {
    if (!('page' in planned)) return put(planned);
    // The key names the theme, the page's template and data, and whether siblings were compressed; it is only
    // worth computing when there is a record to keep.
    const key = options.previous || options.record ? `${env.key}\0${pageKey(planned.page)}${options.precompress ? '\0z' : ''}` : undefined;
    if (options.previous && key) {
      const kept = SUFFIXES.filter((suffix) => writer.recorded(`${planned.path}${suffix}`, `${key}\0${suffix}`));
      const entries = [planned.path, ...kept.map((suffix) => `${planned.path}${suffix}`)];
      if (await writer.reuse(entries.map((rel, i) => [rel, i === 0 ? key : `${key}\0${kept[i - 1]}`] as const))) {
        written.push(writtenFile(out, planned.path, true));
        for (const rel of entries.slice(1)) {
          written.push(writtenFile(out, rel, false));
          compressed.add(rel);
        }
        return;
      }
    }
    const output = renderPlanned(planned, env);
    if (output) await put(output, key);
    if (options.housekeeping && ++rendered % options.housekeeping.every === 0) options.housekeeping.run();
  };

  try {
    const files = planSite(model, plan.assets);
    const total = plannedSiteCount(model);
    let done = 0;
    for (const planned of files.site()) {
      await emit(planned);
      options.onProgress?.({ phase: 'Writing pages', done: ++done, total });
    }
    for (const planned of files.search(await search)) await emit(planned);
    if (hasErrors(plan.files)) {
      await writer.abort();
      return { ok: false, outputs: [], record: new Map() };
    }
    // The hosting files list every file but the compressed siblings; pages are named by path only here.
    const stubs = new Set<OutputFile>(written.filter((f) => !compressed.has(f.path)).map((f) => ({ path: f.path, contents: '' })));
    for (const file of withHostingFiles(model, [...stubs, ...plan.ready])) if (!stubs.has(file)) await put(file);
    const report = await writer.commit();
    written.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { ok: true, outputs: written, written: report, record: writer.record };
  } catch (cause) {
    await writer.abort();
    throw cause;
  }
}
