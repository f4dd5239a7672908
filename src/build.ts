/**
 * The build, composed in one place: read inputs (I/O) → compile the site (pure stages) → write the output (I/O).
 *
 *   site.config.yaml → SiteConfig; content/**.md → VFile → Article → RenderedArticle;
 *   + theme → SiteModel → OutputFile[] → dist/ (fresh folder, then swap)
 *
 * `compileSite` is the pure middle, in memory; `build()` runs the same stages with the Markdown in worker threads
 * and a persistent cache around them, and writes the pages as they are rendered.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { VFile } from 'vfile';
import type { BuildProgress, OutputFile, RenderedArticle, SiteConfig, SiteModel } from './types.ts';
import { CONFIG_FILE, parseConfig } from './config/parse-config.ts';
import { listSources, readSource } from './content/load-sources.ts';
import { parseArticle } from './content/parse-article.ts';
import { createMarkdownProcessor } from './markdown/processor.ts';
import { renderOrReuse } from './markdown/render-markdown.ts';
import { buildModel, isPublished, type PublishOptions } from './model/build-model.ts';
import { loadStatic, loadTheme, type Theme } from './render/theme.ts';
import { publishAssets } from './render/assets.ts';
import { createTemplateEnv, type TemplateEnv } from './render/templates.ts';
import { planSite, renderPlannedFiles, renderSite } from './render/render-site.ts';
import { SEARCH_DIR } from './search/format.ts';
import type { SearchOutputs } from './search/search-outputs.ts';
import { recordIntact, type OutputRecord, type WriteReport } from './output/write-output.ts';
import { streamSite, writtenFile } from './output/stream-site.ts';
import { withHostingFiles } from './hosting/hosting-files.ts';
import { error, hasErrors } from './report/messages.ts';
import { nfc } from './vi/text.ts';
import { emptyLibrary, loadMedia } from './media/load-media.ts';
import { attachMedia, type MediaContext } from './media/article-media.ts';
import { publishMedia } from './media/publish-media.ts';
import { CacheSession, contextKey, forgetRenderCache, forgetSourceKeys, pageMemo, renderKey, type RenderCache } from './cache/render-cache.ts';
import { ArticleStage, type StageReport } from './parallel/article-stage.ts';
import { SearchStage } from './parallel/search-stage.ts';
import { mapLimited } from './parallel/limited.ts';
import { collectGarbage } from './parallel/memory.ts';
import { BuildRecords } from './cache/build-records.ts';
import type { ImageStats, MediaLibrary } from './media/types.ts';

/** Everything a build reads from disk. */
export interface SiteInputs {
  root: string;
  configFile: VFile;
  sources: VFile[];
  theme: Theme;
  staticFiles: Map<string, Uint8Array>;
  /** Media files under content/, images already processed (src/media); absent means none. */
  media?: MediaLibrary;
}

/** Options of one build. */
export interface BuildOptions extends Partial<Omit<PublishOptions, 'now'>> {
  /** The site folder (holds content/ and site.config.yaml). */
  root: string;
  /** Output folder; default `<root>/dist`. */
  out?: string | undefined;
  /** Overrides the config's `baseUrl`. */
  baseUrl?: string | undefined;
  /** The build's "now" (for future articles); the CLI passes the clock. */
  now: Date;
  /** Write the output (false for `bantin check`). Default true. */
  write?: boolean;
  /** Also write `.gz` and `.br` siblings of the text files (`--precompress`). Default false. */
  precompress?: boolean | undefined;
  /** Use the persistent article cache in `<root>/.cache/bantin/` (`--no-cache` sets false). Default true. */
  cache?: boolean | undefined;
  /** Worker threads rendering Markdown (`--workers N`; 0: none). Default: one per CPU, for large builds. */
  workers?: number | undefined;
  /** Called as the long steps advance ("Rendering articles" 1200 of 3000, "Writing pages"), for a progress display. */
  onProgress?: ((step: BuildProgress) => void) | undefined;
}

/** The outcome of a build: every file with its messages, and what was (or would be) written. */
export interface BuildResult {
  ok: boolean;
  /** Config, sources and templates, each with its messages. */
  files: VFile[];
  config?: SiteConfig;
  model?: SiteModel;
  outputs: OutputFile[];
  /** The output folder. */
  out: string;
  /** Set when the output was written. */
  written?: WriteReport;
  /** How many images this build processed with sharp, and how many it took from the image cache. */
  images?: ImageStats;
  /** How `build()` rendered the articles: from the persistent cache, in worker threads. */
  articles?: StageReport;
  /**
   * Set when nothing changed since the last build (same inputs and options, no article due, the output folder as it
   * left it, no message): nothing was rendered, the output folder was left as it was, and `model` is not given.
   */
  unchanged?: true;
}

/** Reads the config, the sources, the theme and the static files of the site at `root`. */
export async function readInputs(root: string, options: { cache?: boolean | undefined } = {}): Promise<SiteInputs> {
  const configPath = path.join(root, CONFIG_FILE);
  const configFile = new VFile({ path: CONFIG_FILE, cwd: root });
  try {
    configFile.value = nfc(await readFile(configPath, 'utf8'));
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== 'ENOENT') throw cause;
    configFile.value = '';
    error(configFile, `No ${CONFIG_FILE} in ${root}`, { ruleId: 'config-missing', note: 'Run bantin in the site folder, or pass --root DIR; the README shows a minimal config.' });
  }
  // Sources are read 64 at a time: ten thousand reads at once only bloat memory.
  const sources = listSources(root).then((paths) => mapLimited(paths, 64, (p) => readSource(root, p)));
  // Without the cache (`--no-cache`), images are processed in a scratch folder removed at once.
  const scratch = options.cache === false ? await mkdtemp(path.join(tmpdir(), 'bantin-images-')) : undefined;
  const media = loadMedia(root, scratch ? { cacheDir: scratch } : {}).finally(() => (scratch ? rm(scratch, { recursive: true, force: true }) : undefined));
  const [sourceFiles, theme, staticFiles, mediaLibrary] = await Promise.all([sources, loadTheme(root), loadStatic(root), media]);
  return { root, configFile, sources: sourceFiles, theme, staticFiles, media: mediaLibrary };
}

export { renderKey, type RenderCache } from './cache/render-cache.ts';

/** A site checked and modelled, ready to render: what `compileSite` and the streaming writer of `build()` share. */
export interface SitePlan {
  ok: boolean;
  /** Config, sources and templates, each with its messages. */
  files: VFile[];
  config?: SiteConfig;
  model?: SiteModel;
  /** Set when nothing failed before rendering: the compiled theme and the files that need no rendering. */
  render?: { env: TemplateEnv; assets: Map<string, string>; ready: OutputFile[] };
  /** The earliest date of an article left out only because it is dated after `now`: the site changes then. */
  nextPublication?: Date;
}

/** The pure stages up to rendering: config, articles, model, theme, media; every problem reported on its file. */
export function planBuild(inputs: SiteInputs, options: Omit<BuildOptions, 'root' | 'out' | 'write'>, cache?: RenderCache): SitePlan {
  const files = [inputs.configFile, ...inputs.sources, ...inputs.theme.templates.values()];
  if (hasErrors([inputs.configFile])) return { ok: false, files };
  const config = parseConfig(inputs.configFile, { baseUrl: options.baseUrl });
  if (!config) return { ok: false, files };

  const publish: PublishOptions = { now: options.now, drafts: options.drafts ?? false, future: options.future ?? false };
  const media: MediaContext = { library: inputs.media ?? emptyLibrary(), staticPaths: new Set(inputs.staticFiles.keys()) };
  const processor = createMarkdownProcessor({ basePath: config.basePath, media });
  const rendered: RenderedArticle[] = [];
  const session = new CacheSession(cache, contextKey(config, media));
  let nextPublication: number | undefined;
  const waitFor = (article: { draft: boolean; date: Date }): void => {
    const at = article.date.getTime();
    if (!publish.future && (publish.drafts || !article.draft) && at > publish.now.getTime()) nextPublication = Math.min(nextPublication ?? at, at);
  };
  for (const file of inputs.sources) {
    let article = session.bySource(file);
    if (!article) {
      const before = file.messages.length;
      const parsed = parseArticle(file, config);
      if (!parsed || !isPublished(parsed, publish)) {
        if (parsed) waitFor(parsed);
        continue;
      }
      const key = renderKey(parsed, config, media.library.digest);
      article = renderOrReuse(parsed, session.byBody(key), processor);
      session.use(file, article, key, file.messages.length === before);
    } else if (!isPublished(article, publish)) {
      waitFor(article);
      continue;
    }
    rendered.push(attachMedia(article, media));
  }
  session.finish();

  const assets = publishAssets(inputs.theme.assets);
  const env = createTemplateEnv(inputs.theme, { basePath: config.basePath, timezone: config.timezone, assets: assets.paths });
  const model = buildModel(rendered, config, publish, [...assets.paths.values(), ...inputs.staticFiles.keys()]);
  const mediaFiles = publishMedia(model.articles, [...assets.paths.values(), ...inputs.staticFiles.keys()]);
  if (hasErrors(files)) return { ok: false, files, config, model };
  const ready = [...assets.files, ...mediaFiles, ...[...inputs.staticFiles].map(([p, contents]) => ({ path: p.slice(1), contents }))];
  return { ok: true, files, config, model, render: { env, assets: assets.paths, ready }, ...(nextPublication === undefined ? {} : { nextPublication: new Date(nextPublication) }) };
}

/** The pure part of the build: from inputs to output files, reporting every problem on the files concerned. */
export function compileSite(inputs: SiteInputs, options: Omit<BuildOptions, 'root' | 'out' | 'write'>, cache?: RenderCache): Omit<BuildResult, 'out'> {
  return compileWith(inputs, options, cache, (model, render) => renderSite(model, render.env, render.assets, cache ? pageMemo(cache) : undefined));
}

/** Where the search page of a checked site points: no index is built (see {@link checkSite}). */
const UNBUILT_INDEX: SearchOutputs = { files: [], metaPath: `${SEARCH_DIR}unbuilt/meta.json` };

/**
 * What `bantin check` runs: every check `compileSite` makes (the site planned, every page, feed and hosting file
 * made, so template errors show, the search page's included), without building the search index, which reports
 * nothing and is the largest single cost of a large site, and without keeping pages for a later build. The
 * outputs are those of `compileSite` but the index files.
 */
export function checkSite(inputs: SiteInputs, options: Omit<BuildOptions, 'root' | 'out' | 'write'>, cache?: RenderCache): Omit<BuildResult, 'out'> {
  return compileWith(inputs, options, cache, (model, render) => {
    const plan = planSite(model, render.assets);
    return [...renderPlannedFiles(plan.site(), render.env), ...renderPlannedFiles(plan.search(UNBUILT_INDEX), render.env)];
  });
}

/** `planBuild`, then the pages `renderPages` makes, with the files ready as they are and the hosting files. */
function compileWith(
  inputs: SiteInputs,
  options: Omit<BuildOptions, 'root' | 'out' | 'write'>,
  cache: RenderCache | undefined,
  renderPages: (model: SiteModel, render: NonNullable<SitePlan['render']>) => OutputFile[],
): Omit<BuildResult, 'out'> {
  const { files, config, model, render } = planBuild(inputs, options, cache);
  if (!render || !model) return { ok: false, files, ...(config ? { config } : {}), ...(model ? { model } : {}), outputs: [] };
  const outputs = withHostingFiles(model, [...renderPages(model, render), ...render.ready]).sort(byPath);
  return { ok: !hasErrors(files), files, config, model, outputs };
}

function byPath(a: OutputFile, b: OutputFile): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** Articles from which `build()` collects garbage between stages, and after every so many pages. */
const LARGE_SITE = 2500;

/** Full garbage collections while a large site's pages are written. */
const HOUSEKEEPINGS = 4;

/**
 * Builds the site at `options.root` and, unless told not to or on errors, replaces the output folder. Articles
 * come from the persistent cache or are rendered in worker threads (`ArticleStage`), then the planned site is
 * rendered and written page by page (`streamSite`): the files are those `compileSite` returns, byte for byte.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const root = path.resolve(options.root);
  const out = path.resolve(options.out ?? path.join(root, 'dist'));
  const stage = await ArticleStage.start(root, { cache: options.cache, workers: options.workers });
  try {
    const inputs = await readInputs(root, { cache: options.cache });
    const records = options.cache === false || options.write === false ? undefined : await BuildRecords.open(root);
    const last = await records?.readOutput(out);
    const fingerprint = records?.fingerprint(inputs, { baseUrl: options.baseUrl ?? null, drafts: options.drafts === true, future: options.future === true, precompress: options.precompress === true });
    if (last && fingerprint === last.fingerprint && last.clean && (last.nextPublication === undefined || options.now.getTime() < last.nextPublication) && (await recordIntact(out, last.files))) {
      // Nothing changed since the last build, which reported nothing: its output is this build's output.
      return unchangedResult(inputs, options, out, last.files, await stage.finish());
    }
    const large = inputs.sources.length >= LARGE_SITE;
    const images = inputs.media?.stats;
    // Each page is rendered once: the articles' bodies wait on disk, not in memory, until their pages are.
    const cache = await stage.prepare(inputs, options, { onProgress: options.onProgress, spill: true });
    // `bantin check` writes nothing: the whole site in memory (but the search index) finds every problem.
    if (options.write === false) {
      const compiled = checkSite(inputs, options, cache);
      return { ...compiled, ...(images ? { images } : {}), articles: await stage.finish(cache), out };
    }
    // The Markdown stage left its garbage (hast trees, the sources it has dropped): collected before the model and
    // the page plan are made, the heap does not grow to hold both.
    if (large) collectGarbage();
    const { files, config, model, render, nextPublication } = planBuild(inputs, options, cache);
    // New articles are saved to the cache while the pages are written.
    const saving = stage.save(cache);
    if (!render || !model) {
      await saving;
      return { ok: false, files, ...(config ? { config } : {}), ...(model ? { model } : {}), outputs: [], ...(images ? { images } : {}), articles: await stage.finish(), out };
    }

    // The search index is built by the Markdown workers when they run, else by a worker of its own or here. It
    // takes its documents now; then the sources, bodies and texts are dropped, once saved to the cache if it is used.
    const search = new SearchStage(records, options.workers, () => stage.startedPool);
    const searching = search.outputs(model);
    // Keep a rejected search from being reported as unhandled while the pages render.
    searching.catch(() => undefined);
    const released = stage.persistent ? saving.then(() => releaseBodies(inputs, model, cache)) : releaseBodies(inputs, model, cache);
    // Planning left its garbage, and (without a persistent cache to save to) the bodies are released by now: without
    // this the heap would grow to a multiple of the site while the pages are written.
    if (large) collectGarbage();
    const streamed = await streamSite(
      { files, model, env: render.env, assets: render.assets, ready: render.ready },
      {
        out,
        precompress: options.precompress === true,
        previous: last?.files,
        record: records !== undefined,
        search: () => searching,
        // A few full collections per build, however large: each costs time in proportion to the heap, which grows
        // with the site, so collecting every so many pages would cost time in proportion to its square.
        housekeeping: large ? { every: Math.max(LARGE_SITE, Math.ceil(inputs.sources.length / HOUSEKEEPINGS)), run: collectGarbage } : undefined,
        onProgress: options.onProgress,
      },
    );
    await saving;
    await released;
    if (streamed.ok && records && fingerprint) {
      const clean = files.every((f) => f.messages.length === 0);
      await records.writeOutput(out, { files: streamed.record, fingerprint, nextPublication: nextPublication?.getTime(), clean });
    }
    const articles = await stage.finish();
    return { ok: streamed.ok, files, config, model, outputs: streamed.outputs, ...(images ? { images } : {}), articles, out, ...(streamed.written ? { written: streamed.written } : {}) };
  } finally {
    await stage.close();
  }
}

/**
 * Drops what `build()` no longer needs once the model is made, the search stage has its documents and the
 * persistent cache its new articles: the render cache, every source's text and Markdown body, and the articles'
 * plain text. Pages need the articles' HTML and excerpts only; messages keep their places. Without this, a site
 * of 10,000 articles would hold some 100 MB of text it has finished with while its pages are written. The model
 * `build()` returns has articles with empty `markdown` and `text`, and its files empty values.
 */
function releaseBodies(inputs: SiteInputs, model: SiteModel, cache: RenderCache): void {
  forgetRenderCache(cache);
  forgetSourceKeys(inputs.sources);
  for (const file of inputs.sources) file.value = '';
  for (const article of model.articles) {
    article.markdown = '';
    // Spilled texts are getters (`body-spill.ts`): replaced, not assigned.
    Object.defineProperty(article, 'text', { value: '', writable: true, enumerable: true, configurable: true });
  }
}

/** The result of a build that found nothing changed: the files of the last one, read back when asked for. */
function unchangedResult(inputs: SiteInputs, options: BuildOptions, out: string, files: OutputRecord, articles: StageReport): BuildResult {
  const configFile = new VFile({ path: inputs.configFile.path, cwd: inputs.configFile.cwd, value: inputs.configFile.value });
  const config = parseConfig(configFile, { baseUrl: options.baseUrl });
  const outputs = [...files.keys()].sort().map((rel) => writtenFile(out, rel, files.get(rel)!.text !== false));
  return {
    ok: true,
    files: [inputs.configFile, ...inputs.sources, ...inputs.theme.templates.values()],
    ...(config ? { config } : {}),
    outputs,
    out,
    written: { written: 0, unchanged: files.size },
    articles,
    unchanged: true,
  };
}
