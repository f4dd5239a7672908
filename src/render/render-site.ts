/**
 * `SiteModel` + compiled theme → `OutputFile[]`: every page, feed and machine-readable file of the site.
 * Pure: the same model gives the same bytes.
 */
import { aliasTarget } from '../model/build-model.ts';
import { MANIFEST_PATH } from '../edge/manifest.ts';
import type { CounterManifest, OutputFile, RenderedArticle, SiteModel } from '../types.ts';
import { articleView, categoryView, pageWindow, Urls, type ArticleView } from './view-model.ts';
import { atomFeed, FEED_SIZE, robots, sitemap } from './feeds.ts';
import type { TemplateEnv } from './templates.ts';
import { mediaBlock } from '../media/media-view.ts';
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

/**
 * Plans every file of the site, lazily, in a fixed order: `site()` all but the search, `search()` the rest. With
 * `stamps`, every page, feed and listing carries its stamp.
 */
export function planSite(
  model: SiteModel,
  assets: Map<string, string>,
  stamps?: PlanStamps,
): { site(): Generator<PlannedFile>; search(search: SearchOutputs): Generator<PlannedFile> } {
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

  function* site(): Generator<PlannedFile> {
    const media = mediaBlock(model.articles, config.basePath);
    yield page(
      '/',
      'home',
      null,
      () => `${stampOf(model.articles[0])}\0${model.categories.map(({ articles }) => stampsOf(articles.slice(0, HOME_PER_CATEGORY))).join(';')}\0${JSON.stringify(media)}`,
      () => ({
        page: pageMeta('home', config.title, '/', config.description || config.title),
        featured: model.articles[0] ? view(model.articles[0]) : null,
        sections: model.categories.map(({ category, articles }) => ({ category: categoryView(category, urls), articles: articles.slice(0, HOME_PER_CATEGORY).map(view) })),
        media,
      }),
    );

    for (const { category, articles, pages } of model.categories) {
      for (const list of pages) {
        const title = list.number === 1 ? `${category.name} – ${config.title}` : `${category.name} – trang ${list.number} – ${config.title}`;
        yield page(
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
      }
      yield made(
        `${category.slug}/feed.xml`,
        () => `${category.slug}\0${stampsOf(articles.slice(0, FEED_SIZE))}\0${model.updated?.getTime()}`,
        () => atomFeed(model, urls, { title: `${category.name} – ${config.title}`, feedPath: `/${category.slug}/feed.xml`, pagePath: `/${category.slug}/`, articles }),
      );
    }

    const link = (a: RenderedArticle | undefined) => (a ? { title: a.title, url: urls.path(a.path) } : null);
    for (const article of model.articles) {
      const near = model.neighbours.get(article.id);
      yield page(
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
    }

    yield page('/404.html', '404', null, () => '', () => ({ page: pageMeta('404', `Không tìm thấy trang – ${config.title}`, '/404.html', 'Không tìm thấy trang') }));

    const byPath = model.redirects.length > 0 ? new Map(model.articles.map((a) => [a.path, a])) : undefined;
    for (const { from, to } of model.redirects) {
      const target = byPath!.get(to)!;
      const planned = page(from, 'redirect', null, () => `${from}\0${stampOf(target)}`, () => ({ target: { title: target.title, url: urls.path(to), canonical: urls.absolute(to) } }), false);
      yield { ...planned, path: outputPathOf(aliasTarget(from)) };
    }

    yield made('feed.xml', () => `${stampsOf(model.articles.slice(0, FEED_SIZE))}\0${model.updated?.getTime()}`, () =>
      atomFeed(model, urls, { title: config.title, feedPath: '/feed.xml', pagePath: '/', articles: model.articles }),
    );
    // What the sitemap and the manifest show of every article, in the model's order (which decides the pages).
    let listing: string | undefined;
    const listed = (): string => (listing ??= model.articles.map((a) => `${a.id}\0${a.path}\0${a.date.getTime()}\0${a.updated?.getTime()}\0${a.views}`).join('\n'));
    const lastmod = (list: RenderedArticle[]) => list.reduce<Date | undefined>((m, a) => (!m || a.date > m ? a.date : m), undefined);
    yield made('sitemap.xml', listed, () =>
      sitemap(
        urls,
        [
          { path: '/', ...(model.updated ? { lastmod: model.updated } : {}) },
          ...model.categories.flatMap(({ pages }) => pages.map((p) => ({ path: p.path, ...(lastmod(p.articles) ? { lastmod: lastmod(p.articles)! } : {}) }))),
          ...model.articles.map((a) => ({ path: a.path, lastmod: a.updated && a.updated > a.date ? a.updated : a.date })),
        ],
        config.timezone,
      ),
    );
    yield { path: 'robots.txt', contents: robots(urls) };
    yield made(MANIFEST_PATH, () => `${counterEndpoint}\0${listed()}`, () => {
      const manifest: CounterManifest = {
        version: 1,
        origin: config.origin,
        basePath: config.basePath,
        endpoint: counterEndpoint,
        visits: config.counter.visits,
        articles: Object.fromEntries([...model.articles].sort((a, b) => (a.id < b.id ? -1 : 1)).map((a) => [a.id, { path: urls.path(a.path), views: a.views }])),
      };
      return `${JSON.stringify(manifest, null, 2)}\n`;
    });
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

  return { site, search };
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
