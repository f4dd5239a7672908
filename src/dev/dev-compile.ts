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
 * - An edit that leaves every article in its place (see `dev-edit.ts`) takes a short way: the model is the last one
 *   with the edited articles swapped in, and only the pages that show them are planned and rendered; the others are
 *   the last compile's. Anything else compiles the whole site, as above.
 */
import type { VFile } from 'vfile';
import { planBuild, type BuildOptions, type SiteInputs } from '../build.ts';
import { contextKey, renderedBy, sourceKey, type RenderCache } from '../cache/render-cache.ts';
import { hostingFiles, ownHostingFiles } from '../hosting/hosting-files.ts';
import { emptyLibrary } from '../media/load-media.ts';
import { outputPathOf, planSite, renderPlannedFiles, type PageMemo, type PlannedFile, type PlanStamps, type SitePlanner } from '../render/render-site.ts';
import type { TemplateEnv } from '../render/templates.ts';
import { hasErrors } from '../report/messages.ts';
import { SEARCH_DIR } from '../search/format.ts';
import { searchOutputs } from '../search/search-outputs.ts';
import type { OutputFile, RenderedArticle, SiteConfig, SiteModel } from '../types.ts';
import { editsSince, recordEdits, type SiteState, type SourceEdit } from './dev-edit.ts';
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
  /** Articles whose body went through Markdown (render cache misses). */
  rendered: number;
  /** Whether only the pages showing edited articles were planned (the short way of `dev-edit.ts`). */
  partial: boolean;
}

type CompileOptions = Omit<BuildOptions, 'root' | 'out' | 'write'>;

/** Compiles the dev copy of a site again and again, keeping what an edit leaves unchanged. */
export class DevCompiler {
  /** Rendered articles, by source and by body. */
  readonly cache: RenderCache = new Map();
  /** The files of the last compile, by path: stamp and bytes. */
  private memo: PageMemo = new Map();
  private hosting: { key: string; files: OutputFile[] } | undefined;
  /** Short stamps for long keys (source keys, the context), by key: at least those of the last compile. */
  private stamps = new Map<string, string>();
  private nextStamp = 0;
  /** What the last compile read and made, when it rendered the site without a problem of the theme. */
  private state: SiteState | undefined;

  /** Compiles `inputs`: `compileSite`'s files, byte for byte, the search files on demand. */
  compile(inputs: SiteInputs, options: CompileOptions): DevCompiled {
    return (this.state && this.compileEdits(this.state, inputs, options)) ?? this.compileAll(inputs, options);
  }

  /** The stamps of a plan: an article's is its source key's, shortened; the context's likewise. */
  private planStamps(context: string, stamp: (key: string) => string): PlanStamps {
    const ofArticle = new Map<RenderedArticle, string>();
    return {
      context: stamp(context),
      article: (a) => {
        let short = ofArticle.get(a);
        if (short === undefined) ofArticle.set(a, (short = stamp(sourceKey(a.file, context))));
        return short;
      },
    };
  }

  private compileAll(inputs: SiteInputs, options: CompileOptions): DevCompiled {
    this.state = undefined;
    const { files, config, model, render, nextPublication } = planBuild(inputs, options, this.cache);
    const rendered = config ? renderedBy(this.cache) : 0;
    if (!render || !model || !config) return { ok: false, files, ...(config ? { config } : {}), ...(model ? { model } : {}), outputs: new Map(), search: () => new Map(), rendered, partial: false };

    // The same context as the articles' cache keys in planBuild: an article's source key stands for it.
    const media = { library: inputs.media ?? emptyLibrary(), staticPaths: new Set(inputs.staticFiles.keys()) };
    const context = contextKey(config, media);
    const previous = this.stamps;
    const stamps = (this.stamps = new Map());
    const plan = planSite(
      model,
      render.assets,
      this.planStamps(context, (key) => {
        let short = stamps.get(key);
        if (short === undefined) stamps.set(key, (short = previous.get(key) ?? (this.nextStamp++).toString(36)));
        return short;
      }),
    );
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

    const templates = [...inputs.theme.templates.values()];
    // A page that failed to render is not in the memo and reports again on every compile: no short way then.
    if (templates.every((t) => t.messages.length === 0)) {
      const messages = new Map<VFile, VFile['messages']>();
      for (const file of files) if (file.messages.length > 0) messages.set(file, [...file.messages]);
      this.state = {
        inputs: { configFile: inputs.configFile, configText: inputs.configFile.value, theme: inputs.theme, staticFiles: inputs.staticFiles, media: inputs.media, sources: [...inputs.sources] },
        publish: { drafts: options.drafts ?? false, future: options.future ?? false, baseUrl: options.baseUrl },
        due: nextPublication?.getTime(),
        config,
        model,
        context,
        media,
        env: render.env,
        assets: render.assets,
        knownFiles: [...render.assets.values(), ...inputs.staticFiles.keys()],
        outputs,
        messages,
      };
    }
    return this.compiled(files, config, model, outputs, plan, render.env, rendered, false);
  }

  /**
   * The short way: when every source read again since the last compile kept its article in place, the pages that
   * show those articles are planned and rendered again, the other files taken as they were. Undefined otherwise.
   */
  private compileEdits(state: SiteState, inputs: SiteInputs, options: CompileOptions): DevCompiled | undefined {
    const found = editsSince(state, inputs, options, this.cache);
    if (!found) return undefined;
    const { edits, model } = found;
    const plan = planSite(
      model,
      state.assets,
      this.planStamps(state.context, (key) => {
        let short = this.stamps.get(key);
        if (short === undefined) this.stamps.set(key, (short = (this.nextStamp++).toString(36)));
        return short;
      }),
    );
    const planned = new Map<string, PlannedFile>();
    for (const edit of edits) {
      const showing = plan.showing(state.model, edit);
      if (!showing) return this.abandon(edits);
      for (const file of showing) planned.set(file.path, file);
    }
    const used: PageMemo = new Map();
    const pages = renderPlannedFiles(planned.values(), state.env, this.memo, used);
    const templates = [...inputs.theme.templates.values()];
    if (templates.some((t) => t.messages.length > 0)) {
      for (const t of templates) t.messages = [];
      return this.abandon(edits);
    }

    // Committed from here on: the cache, the memo and the state become those of the edited site.
    recordEdits(this.cache, state, edits);
    for (const [path, entry] of used) this.memo.set(path, entry);
    const outputs = new Map(state.outputs);
    for (const file of pages) outputs.set(file.path, file.contents);
    const replaced = new Set(edits.map((e) => e.old));
    const messages = new Map<VFile, VFile['messages']>();
    for (const [file, list] of state.messages) {
      if (replaced.has(file)) continue;
      file.messages = [...list];
      messages.set(file, list);
    }
    for (const { file, old, after } of edits) {
      if (file.messages.length > 0) messages.set(file, [...file.messages]);
      state.published!.delete(old);
      state.published!.set(file, after);
    }
    Object.assign(state, { model, outputs, messages });
    state.inputs.sources = [...inputs.sources];
    const files = [inputs.configFile, ...inputs.sources, ...templates];
    const rendered = edits.filter((e) => e.rendered).length;
    // Every file with a message is in `messages`; with an error, a compile gives no files, as planBuild stops.
    if ([...messages.values()].some((list) => list.some((m) => m.fatal === true))) {
      return { ok: false, files, config: state.config, model, outputs: new Map(), search: () => new Map(), rendered, partial: true };
    }
    return this.compiled(files, state.config, model, outputs, plan, state.env, rendered, true, true);
  }

  /** Clears what trying the short way said on the edited sources, before the whole site is compiled. */
  private abandon(edits: readonly SourceEdit[]): undefined {
    for (const { file } of edits) file.messages = [];
    return undefined;
  }

  /** The result of a compile that planned the site with `plan`: every output but the search files, those on demand. */
  private compiled(files: VFile[], config: SiteConfig, model: SiteModel, outputs: Map<string, OutputFile['contents']>, plan: SitePlanner, env: TemplateEnv, rendered: number, partial: boolean, ok = !hasErrors(files)): DevCompiled {
    let search: OutputMap | undefined;
    return {
      ok,
      files,
      config,
      model,
      outputs,
      search: () => (search ??= new Map(renderPlannedFiles(plan.search(searchOutputs(model)), env).map((f) => [f.path, f.contents]))),
      rendered,
      partial,
    };
  }
}
