/**
 * `SiteModel` + compiled theme → `OutputFile[]`: every page, feed and machine-readable file of the site.
 * Pure: the same model gives the same bytes.
 */
import { aliasTarget } from '../model/build-model.ts';
import { MANIFEST_PATH } from '../edge/manifest.ts';
import type { CounterManifest, ListPage, OutputFile, RenderedArticle, SiteModel } from '../types.ts';
import { articleView, categoryView, pageWindow, Urls, type ArticleView } from './view-model.ts';
import { atomFeed, FEED_SIZE, robots, sitemap } from './feeds.ts';
import type { TemplateEnv } from './templates.ts';
import { inMediaBlock, mediaBlock, type MediaItemView } from '../media/media-view.ts';
import { searchOutputs, type SearchOutputs } from '../search/search-outputs.ts';
import { createHash } from 'node:crypto';

/** Articles listed per category on the home page, and in the sidebar's "Tin mới". */
export const HOME_PER_CATEGORY = 5;

/** Output file for a site path: "/a/b/" → "a/b/index.html", "/x.html" → "x.html". */
export function outputPathOf(sitePath: string): string {
  const rel = sitePath.replace(/^\//, '');
  return rel === '' || rel.endsWith('/') ? `${rel}index.html` : /\.[a-z0-9]+$/i.test(rel) ? rel : `${rel}/index.html`;
}

/**
 * A file of the site before rendering: a page (a template and its data) or finished bytes. The data and the bytes
 * are made when first read. With stamps (see {@link PlanStamps}), each file carries its `stamp`.
 */
export type PlannedFile =
  | {
      /** Path relative to the output folder. */
      path: string;
      page: PlannedPage;
      /** Changes whenever the file's bytes may change, the theme aside (set when planned with stamps). */
      stamp?: string;
    }
  | { path: string; contents: string | Uint8Array; stamp?: string };

/** A page to render: `pages/<name>.hbs` with `data`, inside the base layout when `layout`. */
export interface PlannedPage {
  name: string;
  /** The template data, made when first read. */
  readonly data: Record<string, unknown>;
  layout: boolean;
  /** The key of `data.site`, shared by many pages, so a page key need not serialise it again. */
  siteKey: string;
}

/**
 * What a page's bytes depend on besides the theme: its template and data, hashed. Two pages with one key render
 * the same bytes with one theme (see `TemplateEnv.key`).
 */
export function pageKey(page: PlannedPage): string {
  const { site: _site, ...rest } = page.data;
  return createHash('sha256').update(`${page.name}\0${page.layout}\0${page.siteKey}\0`).update(JSON.stringify(rest)).digest('hex');
}

/** Renders a planned file; undefined when its template failed (the error is on the template file). */
export function renderPlanned(file: PlannedFile, env: TemplateEnv): OutputFile | undefined {
  if (!('page' in file)) return { path: file.path, contents: file.contents };
  const html = env.render(file.page.name, file.page.data, { layout: file.page.layout });
  return html === undefined ? undefined : { path: file.path, contents: html };
}

/** A planned page whose data is made when first read. */
class LazyPage implements PlannedPage {
  #data: Record<string, unknown> | undefined;

  constructor(
    readonly name: string,
    readonly layout: boolean,
    readonly siteKey: string,
    private readonly site: Record<string, unknown>,
    private readonly make: () => Record<string, unknown>,
  ) {}

  get data(): Record<string, unknown> {
    return (this.#data ??= { site: this.site, ...this.make() });
  }
}

/** A planned file whose bytes are made when first read. */
class LazyFile {
  #contents: string | undefined;

  constructor(
    readonly path: string,
    private readonly make: () => string,
    readonly stamp: string | undefined,
  ) {}

  get contents(): string {
    return (this.#contents ??= this.make());
  }
}

/**
 * Rendered files kept between builds of one process: by output path, the key (the page key, or the stamp) and the
 * bytes. A file whose key did not change is not made again.
 */
export type PageMemo = Map<string, { key: string; contents: OutputFile['contents'] }>;

/**
 * Cheap version stamps for planning a site that was planned before in the same process (the dev server): each
 * planned file gets a stamp made of the stamps of what it shows, so an unchanged file is known without making its
 * template data, serialising it or rendering it.
 */
export interface PlanStamps {
  /** Changes with whatever every file may depend on besides the articles: config, media, static files. */
  context: string;
  /** Changes whenever anything of `article` a page or feed can show changes (its source, in `context`). */
  article(article: RenderedArticle): string;
}

/** One article edited in place: the same id, path, category, date, aliases and order (see `replaceArticle`). */
export interface ArticleEdit {
  /** The article as the previous model held it. */
  before: RenderedArticle;
  /** The article as the model now holds it, in the same place. */
  after: RenderedArticle;
}

/** What {@link planSite} gives: the files of the site, lazily, in a fixed order. */
export interface SitePlanner {
  /** Every file but the search, in a fixed order. */
  site(): Generator<PlannedFile>;
  /** The search index files, then the search page. */
  search(search: SearchOutputs): Generator<PlannedFile>;
  /**
   * The files that may show what changed in `edit` (the model planned is the previous model with `edit.after` in
   * the place of `edit.before`, nothing else changed; `previous` is that model): the article's page, its
   * neighbours', the list page and feeds that show it, the home page when it lists it or its media, the redirect
   * pages to it, and the sitemap and counter manifest when its `updated` or `views` changed. Every other file of
   * `site()` is the same as for `previous`, bytes and stamp. Undefined when the edit changes what every page shows
   * (the article is one of the newest few, in every page's sidebar): then plan the whole site.
   */
  showing(previous: SiteModel, edit: ArticleEdit): PlannedFile[] | undefined;
}

/**
 * Plans every file of the site, lazily, in a fixed order: `site()` all but the search, `search()` the rest. With
 * `stamps`, every page, feed and listing carries its stamp.
 */
export function planSite(model: SiteModel, assets: Map<string, string>, stamps?: PlanStamps): SitePlanner {
  const { config } = model;
  const stampOf = (a: RenderedArticle | undefined): string => (a ? stamps!.article(a) : '-');
  const stampsOf = (list: RenderedArticle[]): string => list.map(stampOf).join(',');
  const urls = new Urls(config.basePath, config.origin);
  const views = new Map<string, ArticleView>();
  const view = (a: RenderedArticle): ArticleView => {
    let v = views.get(a.id);
    if (!v) views.set(a.id, (v = articleView(a, model, urls)));
    return v;
  };
  const counterScript = assets.get('counter.js');
  const counterEndpoint = config.counter.endpoint.startsWith('/') ? urls.path(config.counter.endpoint) : config.counter.endpoint;
  // One view per highlighted category: templates only read it, so every page of a category shares it.
  const siteViews = new Map<string | null, { view: Record<string, unknown>; key: string }>();
  const siteView = (currentSlug: string | null): { view: Record<string, unknown>; key: string } => {
    let shared = siteViews.get(currentSlug);
    if (!shared) {
      const v = {
        title: config.title,
        description: config.description,
        language: config.language,
        home: urls.path('/'),
        feed: urls.path('/feed.xml'),
        nav: model.categories.map(({ category }) => ({ ...categoryView(category, urls), current: category.slug === currentSlug })),
        latest: model.articles.slice(0, HOME_PER_CATEGORY).map(view),
        counter:
          config.counter.enabled && counterScript
            ? { script: urls.path(counterScript), endpoint: counterEndpoint }
            : null,
      };
      siteViews.set(currentSlug, (shared = { view: v, key: createHash('sha256').update(JSON.stringify(v)).digest('hex') }));
    }
    return shared;
  };
  const pageMeta = (kind: string, title: string, sitePath: string, description: string, image: string | null = null, ogType = 'website') => ({
    kind,
    title,
    canonical: urls.absolute(sitePath),
    url: urls.path(sitePath),
    description,
    image,
    ogType,
  });
  /** A page; `deps` (called only with stamps) names what its data shows besides the site view and the context. */
  const page = (sitePath: string, name: string, slug: string | null, deps: () => string, data: () => Record<string, unknown>, layout = true): PlannedFile => {
    const shared = siteView(slug);
    const planned = new LazyPage(name, layout, shared.key, shared.view, data);
    const path = outputPathOf(sitePath);
    return stamps ? { path, page: planned, stamp: `${name}\0${layout}\0${shared.key}\0${stamps.context}\0${deps()}` } : { path, page: planned };
  };
  /** A file whose bytes are made when first read; `deps` as for pages. */
  const made = (path: string, deps: () => string, contents: () => string): PlannedFile => new LazyFile(path, contents, stamps ? `${stamps.context}\0${deps()}` : undefined);

  type CategoryEntry = SiteModel['categories'][number];
  let media: MediaItemView[] | undefined;
  const mediaItems = (): MediaItemView[] => (media ??= mediaBlock(model.articles, config.basePath));
  const link = (a: RenderedArticle | undefined) => (a ? { title: a.title, url: urls.path(a.path) } : null);
  let byPath: Map<string, RenderedArticle> | undefined;
  // What the sitemap and the manifest show of every article, in the model's order (which decides the pages).
  let listing: string | undefined;
  const listed = (): string => (listing ??= model.articles.map((a) => `${a.id}\0${a.path}\0${a.date.getTime()}\0${a.updated?.getTime()}\0${a.views}`).join('\n'));
  const lastmod = (list: RenderedArticle[]) => list.reduce<Date | undefined>((m, a) => (!m || a.date > m ? a.date : m), undefined);

  /** Each file of the site, planned on its own. */
  const plan = {
    home: (): PlannedFile =>
      page(
        '/',
        'home',
        null,
        () => `${stampOf(model.articles[0])}\0${model.categories.map(({ articles }) => stampsOf(articles.slice(0, HOME_PER_CATEGORY))).join(';')}\0${JSON.stringify(mediaItems())}`,
        () => ({
          page: pageMeta('home', config.title, '/', config.description || config.title),
          featured: model.articles[0] ? view(model.articles[0]) : null,
          sections: model.categories.map(({ category, articles }) => ({ category: categoryView(category, urls), articles: articles.slice(0, HOME_PER_CATEGORY).map(view) })),
          media: mediaItems(),
        }),
      ),
    list: ({ category, pages }: CategoryEntry, list: ListPage): PlannedFile => {
      const title = list.number === 1 ? `${category.name} – ${config.title}` : `${category.name} – trang ${list.number} – ${config.title}`;
      return page(
        list.path,
        'list',
        category.slug,
        () => `${category.slug}\0${list.number}\0${pages.length}\0${stampsOf(list.articles)}`,
        () => ({
          page: pageMeta('list', title, list.path, category.description ?? category.name),
          category: categoryView(category, urls),
          articles: list.articles.map(view),
          pagination: {
            current: list.number,
            total: list.total,
            prev: list.prev ? urls.path(list.prev) : null,
            next: list.next ? urls.path(list.next) : null,
            pages: pageWindow(list.number, pages.length).map((n) =>
              n === null ? { gap: true } : { number: n, url: urls.path(pages[n - 1]!.path), current: n === list.number },
            ),
          },
        }),
      );
    },
    categoryFeed: ({ category, articles }: CategoryEntry): PlannedFile =>
      made(
        `${category.slug}/feed.xml`,
        () => `${category.slug}\0${stampsOf(articles.slice(0, FEED_SIZE))}\0${model.updated?.getTime()}`,
        () => atomFeed(model, urls, { title: `${category.name} – ${config.title}`, feedPath: `/${category.slug}/feed.xml`, pagePath: `/${category.slug}/`, articles }),
      ),
    article: (article: RenderedArticle): PlannedFile => {
      const near = model.neighbours.get(article.id);
      return page(
        article.path,
        'article',
        article.category.slug,
        () => `${stampOf(article)}\0${stampOf(near?.newer)}\0${stampOf(near?.older)}`,
        () => {
          const v = view(article);
          return {
            page: pageMeta('article', `${article.title} – ${config.title}`, article.path, article.excerpt, v.image, 'article'),
            article: v,
            neighbours: near && (near.newer || near.older) ? { newer: link(near.newer), older: link(near.older) } : null,
          };
        },
      );
    },
    notFound: (): PlannedFile =>
      page('/404.html', '404', null, () => '', () => ({ page: pageMeta('404', `Không tìm thấy trang – ${config.title}`, '/404.html', 'Không tìm thấy trang') })),
    redirect: ({ from, to }: SiteModel['redirects'][number]): PlannedFile => {
      const target = (byPath ??= new Map(model.articles.map((a) => [a.path, a]))).get(to)!;
      const planned = page(from, 'redirect', null, () => `${from}\0${stampOf(target)}`, () => ({ target: { title: target.title, url: urls.path(to), canonical: urls.absolute(to) } }), false);
      return { ...planned, path: outputPathOf(aliasTarget(from)) };
    },
    feed: (): PlannedFile =>
      made('feed.xml', () => `${stampsOf(model.articles.slice(0, FEED_SIZE))}\0${model.updated?.getTime()}`, () =>
        atomFeed(model, urls, { title: config.title, feedPath: '/feed.xml', pagePath: '/', articles: model.articles }),
      ),
    sitemap: (): PlannedFile =>
      made('sitemap.xml', listed, () =>
        sitemap(
          urls,
          [
            { path: '/', ...(model.updated ? { lastmod: model.updated } : {}) },
            ...model.categories.flatMap(({ pages }) => pages.map((p) => ({ path: p.path, ...(lastmod(p.articles) ? { lastmod: lastmod(p.articles)! } : {}) }))),
            ...model.articles.map((a) => ({ path: a.path, lastmod: a.updated && a.updated > a.date ? a.updated : a.date })),
          ],
          config.timezone,
        ),
      ),
    robots: (): PlannedFile => ({ path: 'robots.txt', contents: robots(urls) }),
    manifest: (): PlannedFile =>
      made(MANIFEST_PATH, () => `${counterEndpoint}\0${listed()}`, () => {
        const manifest: CounterManifest = {
          version: 1,
          origin: config.origin,
          basePath: config.basePath,
          endpoint: counterEndpoint,
          visits: config.counter.visits,
          articles: Object.fromEntries([...model.articles].sort((a, b) => (a.id < b.id ? -1 : 1)).map((a) => [a.id, { path: urls.path(a.path), views: a.views }])),
        };
        return `${JSON.stringify(manifest, null, 2)}\n`;
      }),
  };

  function* site(): Generator<PlannedFile> {
    yield plan.home();
    for (const entry of model.categories) {
      for (const list of entry.pages) yield plan.list(entry, list);
      yield plan.categoryFeed(entry);
    }
    for (const article of model.articles) yield plan.article(article);
    yield plan.notFound();
    for (const redirect of model.redirects) yield plan.redirect(redirect);
    yield plan.feed();
    yield plan.sitemap();
    yield plan.robots();
    yield plan.manifest();
  }

  // Search (issue 7): the index files, and the page that searches them in the browser.
  function* search(outputs: SearchOutputs): Generator<PlannedFile> {
    yield* outputs.files;
    yield page(
      '/tim-kiem/',
      'search',
      null,
      () => outputs.metaPath,
      () => ({
        page: pageMeta('search', `Tìm kiếm – ${config.title}`, '/tim-kiem/', `Tìm bài viết, thông báo, số văn bản trên ${config.title}`),
        search: { url: urls.path('/tim-kiem/'), index: urls.path(outputs.metaPath) },
      }),
    );
  }
  // End of search.

  function showing(previous: SiteModel, { before, after }: ArticleEdit): PlannedFile[] | undefined {
    const index = model.articles.indexOf(after);
    // Every page's sidebar lists the newest articles: an edit of one of them changes every page.
    if (index < HOME_PER_CATEGORY) return undefined;
    const entry = model.categories.find(({ category }) => category.slug === after.category.slug)!;
    const place = entry.articles.indexOf(after);
    // The feeds fall back on the site's last update, which also dates the sitemap's home entry.
    const updated = model.updated?.getTime() !== previous.updated?.getTime();
    const near = model.neighbours.get(after.id);
    const files = [plan.article(after)];
    for (const other of [near?.newer, near?.older]) if (other) files.push(plan.article(other));
    files.push(plan.list(entry, entry.pages.find((list) => list.articles.includes(after))!));
    if (place < HOME_PER_CATEGORY || inMediaBlock(before) || inMediaBlock(after)) files.push(plan.home());
    for (const other of model.categories) if (updated || (other === entry && place < FEED_SIZE)) files.push(plan.categoryFeed(other));
    if (updated || index < FEED_SIZE) files.push(plan.feed());
    for (const redirect of model.redirects) if (redirect.to === after.path) files.push(plan.redirect(redirect));
    if (before.updated?.getTime() !== after.updated?.getTime() || before.views !== after.views) files.push(plan.sitemap(), plan.manifest());
    return files;
  }

  return { site, search, showing };
}

/**
 * How many files `planSite(model).site()` yields: the home page, each category's index pages and feed, the
 * articles, 404, the alias pages, the site feed, sitemap, robots.txt and the counter manifest. For progress
 * displays, without planning the site.
 */
export function plannedSiteCount(model: SiteModel): number {
  const lists = model.categories.reduce((sum, { pages }) => sum + pages.length + 1, 0);
  return 1 + lists + model.articles.length + 1 + model.redirects.length + 4;
}

/**
 * Renders the whole site; pages whose template failed are left out (the error is on the template file). With a
 * `memo` (kept by the caller between builds), a page whose key did not change is taken from it.
 */
export function renderSite(model: SiteModel, env: TemplateEnv, assets: Map<string, string>, memo?: PageMemo): OutputFile[] {
  const plan = planSite(model, assets);
  const used: PageMemo | undefined = memo && new Map();
  const files = [...renderPlannedFiles(plan.site(), env, memo, used), ...renderPlannedFiles(plan.search(searchOutputs(model)), env, memo, used)];
  if (memo) {
    memo.clear();
    for (const [p, entry] of used!) memo.set(p, entry);
  }
  return files;
}

/**
 * Renders planned files; pages whose template failed are left out. With a `memo`, a file whose key (its stamp,
 * else for a page its page key, with the theme's key) is in the memo is taken from it, and every file with a key
 * is recorded in `used`.
 */
export function renderPlannedFiles(files: Iterable<PlannedFile>, env: TemplateEnv, memo?: PageMemo, used?: PageMemo): OutputFile[] {
  const outputs: OutputFile[] = [];
  for (const file of files) {
    const key = !memo ? undefined : file.stamp !== undefined ? `${env.key}\0${file.stamp}` : 'page' in file ? `${env.key}\0${pageKey(file.page)}` : undefined;
    if (key === undefined) {
      const output = renderPlanned(file, env);
      if (output) outputs.push(output);
      continue;
    }
    const known = memo!.get(file.path);
    if (known?.key === key) {
      used?.set(file.path, known);
      outputs.push({ path: file.path, contents: known.contents });
      continue;
    }
    const contents = renderPlanned(file, env)?.contents;
    if (contents === undefined) continue;
    used?.set(file.path, { key, contents });
    outputs.push({ path: file.path, contents });
  }
  return outputs;
}
