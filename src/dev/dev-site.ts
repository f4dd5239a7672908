/**
 * The dev server's copy of a site: its inputs held in memory, updated file by file from watcher events, and
 * compiled again after each batch of changes. A render cache lives as long as the copy, so an edit to one
 * article sends only that article through front matter and Markdown; a template or config change re-renders
 * every page from the cached article bodies. Media under `content/` are read again when one of them changes
 * (their images through the persistent image cache).
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import { readInputs, type SiteInputs } from '../build.ts';
import { CONFIG_FILE } from '../config/parse-config.ts';
import { CONTENT_DIR, listSources, readSource } from '../content/load-sources.ts';
import { loadMedia } from '../media/load-media.ts';
import { ArticleStage } from '../parallel/article-stage.ts';
import { BUNDLED_THEME, loadStatic, loadTheme } from '../render/theme.ts';
import type { OutputFile, SiteConfig } from '../types.ts';
import { DevCompiler } from './dev-compile.ts';
import type { OutputMap } from './memory-output.ts';

/** What a change touches, from the narrowest to the widest: each kind re-reads a larger part of the inputs. */
export type ChangeKind = 'content' | 'static' | 'theme' | 'config';

/** How the dev copy builds. */
export interface DevSiteOptions {
  /** The site folder (absolute). */
  root: string;
  /** Overrides the config's `baseUrl`. */
  baseUrl?: string | undefined;
  /** Publish `draft: true` articles. */
  drafts: boolean;
  /** Publish articles dated in the future. */
  future: boolean;
  /** The clock, read once per build (default: the system clock). */
  now?: () => Date;
}

/** The outcome of one dev build. */
export interface DevBuild {
  /** Whether the site compiled without errors. */
  ok: boolean;
  /** Config, sources and templates with this build's messages. */
  files: VFile[];
  /** The config, when it was valid. */
  config?: SiteConfig;
  /**
   * Every output file but the search index and the search page, by its path under the output folder
   * ("cong-tac-dang/x/index.html"); empty on errors.
   */
  outputs: Map<string, OutputFile['contents']>;
  /**
   * The search index files and the search page, made on the first call (the index is most of the cost of a build,
   * and an edit does not wait for it), then kept. A failure of the search page's template is reported on the
   * template file then.
   */
  search(): OutputMap;
  /** `outputs` and `search()` together: every file `compileSite` gives for the same inputs. Made once. */
  all(): OutputMap;
  /** Why this build ran: the widest kind of change in its batch ("initial" for the first). */
  cause: ChangeKind | 'initial';
  /** Site-root-relative paths of the changed files ("content/thong-bao/x.md"), sorted. */
  changed: string[];
  /** Articles that went through Markdown (cache misses). */
  rendered: number;
  /** Published articles. */
  articles: number;
  /**
   * Whether the build took the short way of an edit that left every article in its place: only the pages that show
   * the edited articles were planned, every other file is the last build's (see `dev-edit.ts`).
   */
  partial: boolean;
  /** Time spent reading the changed files and compiling, in milliseconds. */
  ms: number;
  /** An internal error (a bug, not a content problem) that stopped this build. */
  crash?: unknown;
}

/**
 * Classifies a changed file by its absolute path, or `undefined` when the site does not read it. Files under the
 * bundled theme count as theme files, so theme work on the package itself reloads too.
 */
export function classifyChange(root: string, file: string): ChangeKind | undefined {
  const rel = path.relative(root, file).split(path.sep).join('/');
  if (rel === CONFIG_FILE) return 'config';
  if (rel === CONTENT_DIR || rel.startsWith(`${CONTENT_DIR}/`)) return 'content';
  if (rel === 'static' || rel.startsWith('static/')) return 'static';
  if (rel === 'templates' || rel.startsWith('templates/')) return 'theme';
  const bundled = path.relative(BUNDLED_THEME, file);
  if (bundled === '' || (!bundled.startsWith('..') && !path.isAbsolute(bundled))) return 'theme';
  return undefined;
}

const WIDTH: Record<ChangeKind, number> = { content: 0, static: 1, theme: 2, config: 3 };

/** The site as the dev server holds it. Create with {@link DevSite.open}. */
export class DevSite {
  private readonly compiler = new DevCompiler();
  /** Articles the opening rendered before the first build (reported with it). */
  private prepared = 0;
  /** Sources by root-relative path. */
  private readonly sources = new Map<string, VFile>();
  /** Messages the config file carried when read (e.g. "no site.config.yaml"), restored before each build. */
  private configMessages: VFileMessage[] = [];
  /** Size and modification time of the files of the last update, taken just before they were read. */
  private stamps = new Map<string, string>();

  private constructor(
    readonly options: DevSiteOptions,
    private inputs: SiteInputs,
  ) {
    this.adopt(inputs);
  }

  /**
   * Reads every input of the site at `options.root` and renders its articles as `bantin build` does: those the
   * persistent cache (`.cache/bantin/`) holds are taken from it, the others rendered on every core and saved there,
   * so the dev server of a large site starts in seconds once the site has been built.
   */
  static async open(options: DevSiteOptions): Promise<DevSite> {
    const inputs = await readInputs(options.root);
    const site = new DevSite(options, inputs);
    const stage = await ArticleStage.start(options.root);
    try {
      const now = (options.now ?? (() => new Date()))();
      const cache = await stage.prepare(inputs, { now, drafts: options.drafts, future: options.future, baseUrl: options.baseUrl }, { cache: site.compiler.cache, bodyKeys: true });
      site.prepared = stage.rendered;
      await stage.save(cache);
    } finally {
      await stage.close();
    }
    return site;
  }

  /** Compiles the whole site from the inputs in memory. */
  build(): DevBuild {
    return this.compile('initial', [], performance.now());
  }

  /**
   * Re-reads what the changed files (absolute paths) touch and compiles again. Content changes re-read only the
   * changed articles (and list the folder, to see additions and deletions); a theme or static change re-reads
   * that part; a config change re-reads everything.
   */
  async update(changed: Iterable<string>): Promise<DevBuild> {
    const started = performance.now();
    const { root } = this.options;
    const kinds = new Set<ChangeKind>();
    const files: string[] = [];
    let media = false;
    for (const file of changed) {
      const kind = classifyChange(root, file);
      if (!kind) continue;
      kinds.add(kind);
      files.push(file);
      // Anything under content/ but an article may be a picture or a document an article shows.
      if (kind === 'content' && !file.endsWith('.md')) media = true;
    }
    const relative = files.map((file) => path.relative(root, file).split(path.sep).join('/')).sort();
    this.stamps = new Map(await Promise.all(files.map(async (file) => [file, await stampOf(file)] as const)));
    const cause = [...kinds].reduce<ChangeKind>((wide, kind) => (WIDTH[kind] > WIDTH[wide] ? kind : wide), 'content');
    if (cause === 'config') {
      this.sources.clear();
      this.adopt(await readInputs(root));
    } else {
      if (kinds.has('content')) await this.refreshSources(relative);
      if (media) this.inputs.media = await loadMedia(root);
      if (kinds.has('theme')) this.inputs.theme = await loadTheme(root);
      if (kinds.has('static')) this.inputs.staticFiles = await loadStatic(root);
    }
    return this.compile(cause, relative, started);
  }

  /**
   * The files of the last update that changed on disk since they were read. The watcher can miss such a change:
   * reading a file updates its access time, chokidar takes that event for the file's one change in the next few
   * milliseconds, and a save landing in that window goes unreported. The dev server asks after each rebuild.
   */
  async unseen(): Promise<string[]> {
    const checked = await Promise.all([...this.stamps].map(async ([file, stamp]) => ((await stampOf(file)) === stamp ? undefined : file)));
    return checked.filter((file) => file !== undefined);
  }

  private adopt(inputs: SiteInputs): void {
    this.inputs = inputs;
    this.configMessages = [...inputs.configFile.messages];
    for (const file of inputs.sources) this.sources.set(file.path, file);
  }

  /**
   * Reads new and changed sources, forgets deleted ones. When every changed file under `content/` is a known
   * source, only those are read again (a missing one is gone); otherwise the content folder is listed again.
   */
  private async refreshSources(changed: string[]): Promise<void> {
    const { root } = this.options;
    const content = changed.filter((p) => p === CONTENT_DIR || p.startsWith(`${CONTENT_DIR}/`));
    const listed = content.every((p) => this.sources.has(p)) ? undefined : await listSources(root);
    if (listed) {
      const present = new Set(listed);
      for (const known of [...this.sources.keys()]) if (!present.has(known)) this.sources.delete(known);
    }
    const stale = new Set(content);
    const toRead = listed ? listed.filter((p) => stale.has(p) || !this.sources.has(p)) : content;
    const read = await Promise.all(
      toRead.map((p) =>
        readSource(root, p).catch((cause: NodeJS.ErrnoException) => {
          // Deleted (before the listing, or between it and the read): forgotten now, or reported by the next event.
          if (cause.code === 'ENOENT') {
            if (!listed) this.sources.delete(p);
            return undefined;
          }
          throw cause;
        }),
      ),
    );
    for (const file of read) if (file) this.sources.set(file.path, file);
    // The same paths as before, in the same order: only the files read again change.
    const same = !listed && this.inputs.sources.length === this.sources.size;
    this.inputs.sources = same ? this.inputs.sources.map((file) => this.sources.get(file.path as string)!) : [...this.sources.keys()].sort().map((p) => this.sources.get(p)!);
  }

  private compile(cause: DevBuild['cause'], changed: string[], started: number): DevBuild {
    const { inputs } = this;
    // Files are reused across builds: clear what the previous build said about them.
    inputs.configFile.messages = [...this.configMessages];
    for (const file of [...inputs.sources, ...inputs.theme.templates.values()]) if (file.messages.length > 0) file.messages = [];
    const result = this.compiler.compile(inputs, { now: (this.options.now ?? (() => new Date()))(), drafts: this.options.drafts, future: this.options.future, baseUrl: this.options.baseUrl });
    const rendered = result.rendered + (cause === 'initial' ? this.prepared : 0);
    let all: OutputMap | undefined;
    return {
      ok: result.ok,
      files: result.files,
      ...(result.config ? { config: result.config } : {}),
      outputs: result.outputs,
      search: result.search,
      all: () => (all ??= new Map([...result.outputs, ...result.search()])),
      cause,
      changed,
      rendered,
      articles: result.model?.articles.length ?? 0,
      partial: result.partial,
      ms: performance.now() - started,
    };
  }
}

/** A file's size and modification time ("" when it does not exist). */
async function stampOf(file: string): Promise<string> {
  const info = await stat(file).catch(() => undefined);
  return info ? `${info.size}:${info.mtimeMs}` : '';
}
