/**
 * The dev server's compile: the same stages and the same bytes as `compileSite`, shaped for one edit at a time on a
 * large site.
 *
 * - Pages first, search on demand: the search index (most of the cost of a build) and the search page, whose bytes
 *   name the index's version, are made when first asked for, so an edit never waits for them.
 * - Unchanged files are known by stamps (`PlanStamps`): an article's stamp is its source key, which covers its text,
 *   path, the config, the media and the static files; a page's stamp joins the stamps of what it shows. A file
 *   whose stamp did not change is taken from the last build without making its data or rendering it.
 * - The hosting files are made again only when the list of output files, the redirects or the config changed.
 */
import type { VFile } from 'vfile';
import { planBuild, type BuildOptions, type SiteInputs } from '../build.ts';
import { contextKey, sourceKey, type RenderCache } from '../cache/render-cache.ts';
import { hostingFiles, ownHostingFiles } from '../hosting/hosting-files.ts';
import { emptyLibrary } from '../media/load-media.ts';
import { outputPathOf, planSite, renderPlannedFiles, type PageMemo } from '../render/render-site.ts';
import { hasErrors } from '../report/messages.ts';
import { SEARCH_DIR } from '../search/format.ts';
import { searchOutputs } from '../search/search-outputs.ts';
import type { OutputFile, RenderedArticle, SiteConfig, SiteModel } from '../types.ts';
import type { OutputMap } from './memory-output.ts';

/** One compile of the dev copy of a site. */
export interface DevCompiled {
  ok: boolean;
  /** Config, sources and templates with this compile's messages. */
  files: VFile[];
  config?: SiteConfig;
  model?: SiteModel;
  /** Every output file but the search index and the search page, by path; empty when the site did not compile. */
  outputs: Map<string, OutputFile['contents']>;
  /**
   * The search index files and the search page, made on the first call and kept (empty when the site did not
   * compile). A failure of the search page's template is reported on the template file then.
   */
  search(): OutputMap;
}

/** Compiles the dev copy of a site again and again, keeping what an edit leaves unchanged. */
export class DevCompiler {
  /** Rendered articles, by source and by body. */
  readonly cache: RenderCache = new Map();
  /** The files of the last compile, by path: stamp and bytes. */
  private memo: PageMemo = new Map();
  private hosting: { key: string; files: OutputFile[] } | undefined;
  /** Short stamps for long keys (source keys, the context), by key: those of the last compile. */
  private stamps = new Map<string, string>();
  private nextStamp = 0;

  /** Compiles `inputs`: `compileSite`'s files, byte for byte, the search files on demand. */
  compile(inputs: SiteInputs, options: Omit<BuildOptions, 'root' | 'out' | 'write'>): DevCompiled {
    const { files, config, model, render } = planBuild(inputs, options, this.cache);
    if (!render || !model || !config) return { ok: false, files, ...(config ? { config } : {}), ...(model ? { model } : {}), outputs: new Map(), search: () => new Map() };

    // The same context as the articles' cache keys in planBuild: an article's source key stands for it.
    const context = contextKey(config, { library: inputs.media ?? emptyLibrary(), staticPaths: new Set(inputs.staticFiles.keys()) });
    const previous = this.stamps;
    const stamps = (this.stamps = new Map());
    const stamp = (key: string): string => {
      let short = stamps.get(key);
      if (short === undefined) stamps.set(key, (short = previous.get(key) ?? (this.nextStamp++).toString(36)));
      return short;
    };
    const ofArticle = new Map<RenderedArticle, string>();
    const article = (a: RenderedArticle): string => {
      let short = ofArticle.get(a);
      if (short === undefined) ofArticle.set(a, (short = stamp(sourceKey(a.file, context))));
      return short;
    };
    const plan = planSite(model, render.assets, { context: stamp(context), article });
    const used: PageMemo = new Map();
    const pages = renderPlannedFiles(plan.site(), render.env, this.memo, used);
    this.memo = used;

    const own = ownHostingFiles(render.ready);
    const outputs = new Map<string, OutputFile['contents']>();
    for (const file of pages) outputs.set(file.path, file.contents);
    for (const file of render.ready) if (!own.has(file.path)) outputs.set(file.path, file.contents);
    // The search files all lie in the search page's folder, so its path stands for them in the hosting files.
    const paths = [...outputs.keys(), outputPathOf(SEARCH_DIR)];
    const key = [context, JSON.stringify(model.redirects), ...[...own.values()].map((f) => String(f.contents)), paths.join('\n')].join('\0');
    if (this.hosting?.key !== key) this.hosting = { key, files: hostingFiles(model, paths, own) };
    for (const file of this.hosting.files) outputs.set(file.path, file.contents);

    let search: OutputMap | undefined;
    return {
      ok: !hasErrors(files),
      files,
      config,
      model,
      outputs,
      search: () => (search ??= new Map(renderPlannedFiles(plan.search(searchOutputs(model)), render.env).map((f) => [f.path, f.contents]))),
    };
  }
}
