/**
 * `SiteModel` + compiled theme → `OutputFile[]`: every page, feed and machine-readable file of the site.
 * Pure: the same model gives the same bytes.
 */
import { aliasTarget } from '../model/build-model.ts';
import type { CounterManifest, OutputFile, RenderedArticle, SiteModel } from '../types.ts';
import { articleView, categoryView, Urls, type ArticleView } from './view-model.ts';
import { atomFeed, robots, sitemap } from './feeds.ts';
import type { TemplateEnv } from './templates.ts';
import { mediaBlock } from '../media/media-view.ts';
import { searchOutputs } from '../search/search-outputs.ts';

/** Articles listed per category on the home page, and in the sidebar's "Tin mới". */
export const HOME_PER_CATEGORY = 5;
/** Where the build writes the counter's list of article ids. */
export const MANIFEST_PATH = '_bantin/manifest.json';

/** Output file for a site path: "/a/b/" → "a/b/index.html", "/x.html" → "x.html". */
export function outputPathOf(sitePath: string): string {
  const rel = sitePath.replace(/^\//, '');
  return rel === '' || rel.endsWith('/') ? `${rel}index.html` : /\.[a-z0-9]+$/i.test(rel) ? rel : `${rel}/index.html`;
}

/** Renders the whole site; pages whose template failed are left out (the error is on the template file). */
export function renderSite(model: SiteModel, env: TemplateEnv, assets: Map<string, string>): OutputFile[] {
  const { config } = model;
  const urls = new Urls(config.basePath, config.origin);
  const views = new Map<string, ArticleView>();
  const view = (a: RenderedArticle): ArticleView => {
    let v = views.get(a.id);
    if (!v) views.set(a.id, (v = articleView(a, model, urls)));
    return v;
  };
  const counterScript = assets.get('counter.js');
  const siteView = (currentSlug: string | null) => ({
    title: config.title,
    description: config.description,
    language: config.language,
    home: urls.path('/'),
    feed: urls.path('/feed.xml'),
    nav: model.categories.map(({ category }) => ({ ...categoryView(category, urls), current: category.slug === currentSlug })),
    latest: model.articles.slice(0, HOME_PER_CATEGORY).map(view),
    counter:
      config.counter.enabled && counterScript
        ? { script: urls.path(counterScript), endpoint: config.counter.endpoint.startsWith('/') ? urls.path(config.counter.endpoint) : config.counter.endpoint }
        : null,
  });
  const pageMeta = (kind: string, title: string, sitePath: string, description: string, image: string | null = null, ogType = 'website') => ({
    kind,
    title,
    canonical: urls.absolute(sitePath),
    url: urls.path(sitePath),
    description,
    image,
    ogType,
  });

  const files: OutputFile[] = [];
  const page = (sitePath: string, name: string, data: Record<string, unknown>): void => {
    const html = env.render(name, data, { layout: true });
    if (html !== undefined) files.push({ path: outputPathOf(sitePath), contents: html });
  };

  page('/', 'home', {
    site: siteView(null),
    page: pageMeta('home', config.title, '/', config.description || config.title),
    featured: model.articles[0] ? view(model.articles[0]) : null,
    sections: model.categories.map(({ category, articles }) => ({ category: categoryView(category, urls), articles: articles.slice(0, HOME_PER_CATEGORY).map(view) })),
    media: mediaBlock(model.articles, config.basePath),
  });

  for (const { category, pages } of model.categories) {
    for (const list of pages) {
      const title = list.number === 1 ? `${category.name} – ${config.title}` : `${category.name} – trang ${list.number} – ${config.title}`;
      page(list.path, 'list', {
        site: siteView(category.slug),
        page: pageMeta('list', title, list.path, category.description ?? category.name),
        category: categoryView(category, urls),
        articles: list.articles.map(view),
        pagination: {
          current: list.number,
          total: list.total,
          prev: list.prev ? urls.path(list.prev) : null,
          next: list.next ? urls.path(list.next) : null,
          pages: pages.map((p) => ({ number: p.number, url: urls.path(p.path), current: p.number === list.number })),
        },
      });
    }
    files.push({
      path: `${category.slug}/feed.xml`,
      contents: atomFeed(model, urls, { title: `${category.name} – ${config.title}`, feedPath: `/${category.slug}/feed.xml`, pagePath: `/${category.slug}/`, articles: model.categories.find((c) => c.category.slug === category.slug)!.articles }),
    });
  }

  for (const article of model.articles) {
    const v = view(article);
    const near = model.neighbours.get(article.id);
    const link = (a: RenderedArticle | undefined) => (a ? { title: a.title, url: urls.path(a.path) } : null);
    page(article.path, 'article', {
      site: siteView(article.category.slug),
      page: pageMeta('article', `${article.title} – ${config.title}`, article.path, article.excerpt, v.image, 'article'),
      article: v,
      neighbours: near && (near.newer || near.older) ? { newer: link(near.newer), older: link(near.older) } : null,
    });
  }

  // Search (issue 7): the index files, and the page that searches them in the browser.
  const search = searchOutputs(model);
  files.push(...search.files);
  page('/tim-kiem/', 'search', {
    site: siteView(null),
    page: pageMeta('search', `Tìm kiếm – ${config.title}`, '/tim-kiem/', `Tìm bài viết, thông báo, số văn bản trên ${config.title}`),
    search: { url: urls.path('/tim-kiem/'), index: urls.path(search.metaPath) },
  });
  // End of search.

  page('/404.html', '404', { site: siteView(null), page: pageMeta('404', `Không tìm thấy trang – ${config.title}`, '/404.html', 'Không tìm thấy trang') });

  const byPath = new Map(model.articles.map((a) => [a.path, a]));
  for (const { from, to } of model.redirects) {
    const target = byPath.get(to)!;
    const html = env.render('redirect', { site: siteView(null), target: { title: target.title, url: urls.path(to), canonical: urls.absolute(to) } });
    if (html !== undefined) files.push({ path: outputPathOf(aliasTarget(from)), contents: html });
  }

  files.push({ path: 'feed.xml', contents: atomFeed(model, urls, { title: config.title, feedPath: '/feed.xml', pagePath: '/', articles: model.articles }) });
  const lastmod = (list: RenderedArticle[]) => list.reduce<Date | undefined>((m, a) => (!m || a.date > m ? a.date : m), undefined);
  files.push({
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
  });
  files.push({ path: 'robots.txt', contents: robots(urls) });
  const manifest: CounterManifest = {
    version: 1,
    origin: config.origin,
    articles: Object.fromEntries([...model.articles].sort((a, b) => (a.id < b.id ? -1 : 1)).map((a) => [a.id, { path: urls.path(a.path), views: a.views }])),
  };
  files.push({ path: MANIFEST_PATH, contents: `${JSON.stringify(manifest, null, 2)}\n` });
  return files;
}
