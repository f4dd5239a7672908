/**
 * The dev server's short way through the common edit: an editor saves an article and its path, date, category,
 * draft state, aliases and order among the others stay as they were (a fix to the body, the title, the summary).
 * Then the site model is the last one with the article swapped in place (`replaceArticle`), no other article is
 * looked at, and only the pages that show it are planned again (`SitePlanner.showing`).
 *
 * Everything here is checked against what the last whole compile read and made (`SiteState`); whenever an edit
 * could change anything else (a file added, deleted or renamed, a date, a category, aliases, the config, the theme,
 * the media or static files, an article coming due, a problem that involves other files), `editsSince` says no and
 * the whole site is compiled again, so the output never depends on taking this way.
 */
import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import type { SiteInputs } from '../build.ts';
import { renderKey, sourceKey, sourceTable, type RenderCache } from '../cache/render-cache.ts';
import { parseArticle } from '../content/parse-article.ts';
import { createMarkdownProcessor, type MarkdownProcessor } from '../markdown/processor.ts';
import { renderOrReuse } from '../markdown/render-markdown.ts';
import { attachMedia, type MediaContext } from '../media/article-media.ts';
import { publishesSame } from '../media/publish-media.ts';
import { checkLinks, isPublished, publishedPaths, type PublishOptions } from '../model/build-model.ts';
import { replaceArticle } from '../model/replace-article.ts';
import type { ArticleEdit } from '../render/render-site.ts';
import type { TemplateEnv } from '../render/templates.ts';
import type { OutputFile, RenderedArticle, SiteConfig, SiteModel } from '../types.ts';

/** Edited sources beyond which the whole site is compiled again (a branch switched, a search and replace). */
export const MAX_EDITS = 16;

/**
 * Problems `buildModel` and `publishMedia` report from several files at once (two articles on one URL, two media
 * files on one path): an article that had one is never taken the short way, as its edit could settle it.
 */
const CROSS_FILE_RULES = new Set(['url-duplicate', 'media-conflict']);

/** What a whole compile of the dev site read and made, for the edits after it; updated by each short compile. */
export interface SiteState {
  /** The inputs compiled: the same objects are in place until DevSite reads them again. */
  inputs: Omit<SiteInputs, 'sources' | 'root'> & { sources: readonly VFile[]; configText: unknown };
  /** The build options compiled with. */
  publish: { drafts: boolean; future: boolean; baseUrl: string | undefined };
  /** When the next article dated in the future comes due (ms since the epoch): the site changes then. */
  due: number | undefined;
  config: SiteConfig;
  model: SiteModel;
  /** What every article depends on besides its source (`contextKey`): part of every source key. */
  context: string;
  media: MediaContext;
  env: TemplateEnv;
  /** Theme asset names → published site paths. */
  assets: Map<string, string>;
  /** Site paths of the theme's assets and the static files, which links may point to. */
  knownFiles: string[];
  /** Every output file but the search files, by path. */
  outputs: Map<string, OutputFile['contents']>;
  /** The messages of each file that had any (config, sources), as the compile left them. */
  messages: Map<VFile, VFileMessage[]>;
  /** Published articles by source file, made when first needed. */
  published?: Map<VFile, RenderedArticle>;
  /** Every site path a link may point to (`publishedPaths`), made when first needed. */
  paths?: Set<string>;
  /** The Markdown processor of this state's config and media, made when first needed. */
  processor?: MarkdownProcessor;
}

/** One source read again and its article, kept in place. */
export interface SourceEdit extends ArticleEdit {
  /** The source as read now, and as the state knew it. */
  file: VFile;
  old: VFile;
  /** The article as rendered, before its media were attached: what the render cache holds. */
  article: RenderedArticle;
  /** Its body key in the render cache (`renderKey`). */
  body: string;
  /** Whether the body went through Markdown (no cached body matched). */
  rendered: boolean;
  /** Whether parsing and rendering reported nothing (only then is the source cached by its text). */
  clean: boolean;
}

/**
 * The sources of `inputs` read again since `state`, each parsed and rendered (through `cache`, which is only read),
 * with the model they give; undefined when they need the whole site compiled again. Messages of the edited
 * sources are on their files (and cleared again when the answer is undefined).
 */
export function editsSince(state: SiteState, inputs: SiteInputs, options: PublishOptions & { baseUrl?: string | undefined }, cache: RenderCache): { edits: SourceEdit[]; model: SiteModel } | undefined {
  const known = state.inputs;
  const same =
    inputs.configFile === known.configFile &&
    inputs.configFile.value === known.configText &&
    inputs.theme === known.theme &&
    inputs.staticFiles === known.staticFiles &&
    inputs.media === known.media &&
    (options.drafts ?? false) === state.publish.drafts &&
    (options.future ?? false) === state.publish.future &&
    options.baseUrl === state.publish.baseUrl &&
    (state.due === undefined || options.now.getTime() < state.due) &&
    inputs.sources.length === known.sources.length;
  if (!same) return undefined;
  const changed: number[] = [];
  for (let i = 0; i < inputs.sources.length; i++) {
    if (inputs.sources[i] !== known.sources[i] && changed.push(i) > MAX_EDITS) return undefined;
  }

  const publish: PublishOptions = { now: options.now, drafts: state.publish.drafts, future: state.publish.future };
  const published = (state.published ??= new Map(state.model.articles.map((a) => [a.file, a])));
  const edits: SourceEdit[] = [];
  let model: SiteModel | undefined = state.model;
  for (const i of changed) {
    const file = inputs.sources[i]!;
    const old = known.sources[i]!;
    const before = published.get(old);
    if (file.path !== old.path || !before || state.messages.get(old)?.some((m) => CROSS_FILE_RULES.has(m.ruleId ?? ''))) {
      model = undefined;
      break;
    }
    const edit = editOf(state, file, old, before, publish, cache);
    model = edit && replaceArticle(model, before, edit.after);
    if (!edit || !model) break;
    edits.push(edit);
  }
  if (!model) {
    for (const i of changed) inputs.sources[i]!.messages = [];
    return undefined;
  }
  const paths = (state.paths ??= publishedPaths(state.model, state.knownFiles));
  for (const { after } of edits) checkLinks([after], paths);
  return { edits, model };
}

/**
 * The article of an edited source, parsed and rendered (or given its cached body) as `planBuild` does, its media
 * attached; undefined when it is no longer published or publishes other media files.
 */
function editOf(state: SiteState, file: VFile, old: VFile, before: RenderedArticle, publish: PublishOptions, cache: RenderCache): SourceEdit | undefined {
  const messages = file.messages.length;
  const parsed = parseArticle(file, state.config);
  if (!parsed || !isPublished(parsed, publish)) return undefined;
  const body = renderKey(parsed, state.config, state.media.library.digest);
  const cached = cache.get(body);
  const article = renderOrReuse(parsed, cached, (state.processor ??= createMarkdownProcessor({ basePath: state.config.basePath, media: state.media })));
  const clean = file.messages.length === messages;
  const after = attachMedia(article, state.media);
  // Media files published under other names change the output's list of files and the hosting files.
  if (!publishesSame(before, after)) return undefined;
  return { file, old, before, after, article, body, rendered: !cached, clean };
}

/**
 * Records `edits` in the render cache as a build of the edited site would leave it: each edited source's old body
 * and source entries replaced by the new ones (the source entry only when it gave no message).
 */
export function recordEdits(cache: RenderCache, state: SiteState, edits: readonly SourceEdit[]): void {
  const table = sourceTable(cache);
  for (const { file, old, before, article, body, clean } of edits) {
    const oldKey = sourceKey(old, state.context);
    const oldBody = table.get(oldKey)?.renderKey ?? renderKey(before, state.config, state.media.library.digest);
    table.delete(oldKey);
    if (oldBody !== body) cache.delete(oldBody);
    cache.set(body, article);
    if (clean) table.set(sourceKey(file, state.context), { article, renderKey: body });
  }
}
