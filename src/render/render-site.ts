/**
 * `SiteModel` + compiled theme → `OutputFile[]`: every page, feed and machine-readable file of the site.
 * Pure: the same model gives the same bytes.
 */
import { aliasTarget } from '../model/build-model.ts';
import { MANIFEST_PATH } from '../edge/manifest.ts';
import type { CounterManifest, OutputFile, RenderedArticle, SiteModel } from '../types.ts';
import { articleView, categoryView, Urls, type ArticleView } from './view-model.ts';
import { atomFeed, robots, sitemap } from './feeds.ts';
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

/** A file of the site before rendering: a page (a template and its data) or finished bytes. */
export type PlannedFile =
  | {
      /** Path relative to the output folder. */
      path: string;
      page: PlannedPage;
    }
  | { path: string; contents: string | Uint8Array };

/** A page to render: `pages/<name>.hbs` with `data`, inside the base layout when `layout`. */
export interface PlannedPage {
  name: string;
  data: Record<string, unknown>;
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

/**
 * Rendered pages kept between builds of one process: by output path, the page key and the bytes. A page whose
 * key did not change is not rendered again.
 */
export type PageMemo = Map<string, { key: string; contents: string }>;

/** Plans every file of the site, lazily, in a fixed order: `site()` all but the search, `search()` the rest. */
export function planSite(model: SiteModel, assets: Map<string, string>): { site(): Generator<PlannedFile>; search(search: SearchOutputs): Generator<PlannedFile> } {
  const { config } = model;
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
  const page = (sitePath: string, name: string, slug: string | null, data: Record<string, unknown>, layout = true): PlannedFile => {
    const shared = siteView(slug);
    return { path: outputPathOf(sitePath), page: { name, data: { site: shared.view, ...data }, layout, siteKey: shared.key } };
  };

  function* site(): Generator<PlannedFile> {
    yield page('/', 'home', null, {
      page: pageMeta('home', config.title, '/', config.description || config.title),
      featured: model.articles[0] ? view(model.articles[0]) : null,
      sections: model.categories.map(({ category, articles }) => ({ category: categoryView(category, urls), articles: articles.slice(0, HOME_PER_CATEGORY).map(view) })),
      media: mediaBlock(model.articles, config.basePath),
    });

    for (const { category, articles, pages } of model.categories) {
      const pageLinks = pages.map((p) => ({ number: p.number, url: urls.path(p.path) }));
      for (const list of pages) {
        const title = list.number === 1 ? `${category.name} – ${config.title}` : `${category.name} – trang ${list.number} – ${config.title}`;
        yield page(list.path, 'list', category.slug, {
          page: pageMeta('list', title, list.path, category.description ?? category.name),
          category: categoryView(category, urls),
          articles: list.articles.map(view),
          pagination: {
            current: list.number,
            total: list.total,
            prev: list.prev ? urls.path(list.prev) : null,
            next: list.next ? urls.path(list.next) : null,
            pages: pageLinks.map((p) => ({ ...p, current: p.number === list.number })),
          },
        });
      }
      yield {
        path: `${category.slug}/feed.xml`,
        contents: atomFeed(model, urls, { title: `${category.name} – ${config.title}`, feedPath: `/${category.slug}/feed.xml`, pagePath: `/${category.slug}/`, articles }),
      };
    }

    const link = (a: RenderedArticle | undefined) => (a ? { title: a.title, url: urls.path(a.path) } : null);
    for (const article of model.articles) {
      const v = view(article);
      const near = model.neighbours.get(article.id);
      yield page(article.path, 'article', article.category.slug, {
        page: pageMeta('article', `${article.title} – ${config.title}`, article.path, article.excerpt, v.image, 'article'),
        article: v,
        neighbours: near && (near.newer || near.older) ? { newer: link(near.newer), older: link(near.older) } : null,
      });
    }

    yield page('/404.html', '404', null, { page: pageMeta('404', `Không tìm thấy trang – ${config.title}`, '/404.html', 'Không tìm thấy trang') });

    const byPath = new Map(model.articles.map((a) => [a.path, a]));
    for (const { from, to } of model.redirects) {
      const target = byPath.get(to)!;
      const planned = page(from, 'redirect', null, { target: { title: target.title, url: urls.path(to), canonical: urls.absolute(to) } }, false);
      yield { ...planned, path: outputPathOf(aliasTarget(from)) };
    }

    yield { path: 'feed.xml', contents: atomFeed(model, urls, { title: config.title, feedPath: '/feed.xml', pagePath: '/', articles: model.articles }) };
    const lastmod = (list: RenderedArticle[]) => list.reduce<Date | undefined>((m, a) => (!m || a.date > m ? a.date : m), undefined);
    yield {
      path: 'sitemap.xml',
      contents: sitemap(
        urls,
        [
          { path: '/', ...(model.updated ? { lastmod: model.updated } : {}) },
          ...model.categories.flatMap(({ pages }) => pages.map((p) => ({ path: p.path, ...(lastmod(p.articles) ? { lastmod: lastmod(p.articles)! } : {}) }))),
          ...model.articles.map((a) => ({ path: a.path, lastmod: a.updated && a.updated > a.date ? a.updated : a.date })),
        ],
        config.timezone,
      ),
    };
    yield { path: 'robots.txt', contents: robots(urls) };
    const manifest: CounterManifest = {
      version: 1,
      origin: config.origin,
      basePath: config.basePath,
      endpoint: counterEndpoint,
      visits: config.counter.visits,
      articles: Object.fromEntries([...model.articles].sort((a, b) => (a.id < b.id ? -1 : 1)).map((a) => [a.id, { path: urls.path(a.path), views: a.views }])),
    };
    yield { path: MANIFEST_PATH, contents: `${JSON.stringify(manifest, null, 2)}\n` };
  }

  // Search (issue 7): the index files, and the page that searches them in the browser.
  function* search(outputs: SearchOutputs): Generator<PlannedFile> {
    yield* outputs.files;
    yield page('/tim-kiem/', 'search', null, {
      page: pageMeta('search', `Tìm kiếm – ${config.title}`, '/tim-kiem/', `Tìm bài viết, thông báo, số văn bản trên ${config.title}`),
      search: { url: urls.path('/tim-kiem/'), index: urls.path(outputs.metaPath) },
    });
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
  const files: OutputFile[] = [];
  const used: PageMemo = new Map();
  const render = (file: PlannedFile): void => {
    if (memo && 'page' in file) {
      const key = `${env.key}\0${pageKey(file.page)}`;
      const known = memo.get(file.path);
      const contents = known?.key === key ? known.contents : (renderPlanned(file, env)?.contents as string | undefined);
      if (contents === undefined) return;
      used.set(file.path, { key, contents });
      files.push({ path: file.path, contents });
      return;
    }
    const output = renderPlanned(file, env);
    if (output) files.push(output);
  };
  for (const file of plan.site()) render(file);
  for (const file of plan.search(searchOutputs(model))) render(file);
  if (memo) {
    memo.clear();
    for (const [p, entry] of used) memo.set(p, entry);
  }
  return files;
}
