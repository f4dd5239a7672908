/**
 * `RenderedArticle[]` + config → `SiteModel`: what gets published, in which order, on which pages. Pure: the
 * clock comes in as `now`. Problems that involve several files (one URL for two articles, links to pages that
 * do not exist) are reported here, on the files concerned.
 */
import type { ListPage, RenderedArticle, SiteConfig, SiteModel } from '../types.ts';
import { error } from '../report/messages.ts';
import { compareVietnamese } from '../vi/text.ts';

/** Which articles to publish. */
export interface PublishOptions {
  /** The build's "now": articles dated after it are future. */
  now: Date;
  /** Include `draft: true` articles. */
  drafts?: boolean;
  /** Include articles dated after `now`. */
  future?: boolean;
}

/** Newest first; same instant: by title in Vietnamese order, then by path so the order is total. */
export function compareArticles(a: RenderedArticle, b: RenderedArticle): number {
  return b.date.getTime() - a.date.getTime() || compareVietnamese(a.title, b.title) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
}

/** Whether an article is published under `options`. */
export function isPublished(article: { draft: boolean; date: Date }, options: PublishOptions): boolean {
  return (options.drafts || !article.draft) && (options.future || article.date.getTime() <= options.now.getTime());
}

/** Site path of page `n` of a category index ("/cong-tac-dang/" for 1, "/cong-tac-dang/trang-2/" after). */
export function categoryPagePath(slug: string, n: number): string {
  return n === 1 ? `/${slug}/` : `/${slug}/trang-${n}/`;
}

/** Splits `articles` into pages of `perPage` under `pathOf(n)`; an empty list still gets page 1. */
export function paginate(articles: RenderedArticle[], perPage: number, pathOf: (n: number) => string): ListPage[] {
  const total = Math.max(1, Math.ceil(articles.length / perPage));
  return Array.from({ length: total }, (_, i) => ({
    path: pathOf(i + 1),
    number: i + 1,
    total,
    articles: articles.slice(i * perPage, (i + 1) * perPage),
    ...(i > 0 ? { prev: pathOf(i) } : {}),
    ...(i + 1 < total ? { next: pathOf(i + 2) } : {}),
  }));
}

/**
 * The page an alias occupies once published: percent-escapes decoded, and a path without a file extension taken
 * as a folder ("/tin-tuc" and "/tin-tuc/" are the same page on a static host).
 */
export function aliasTarget(alias: string): string {
  let decoded = alias;
  try {
    decoded = decodeURI(alias);
  } catch {
    // A malformed escape stays as written; the host will not match it either way.
  }
  return decoded.endsWith('/') || /\.[A-Za-z0-9]+$/.test(decoded) ? decoded : `${decoded}/`;
}

/** Fixed site paths every build writes (besides articles and categories). */
export const FIXED_PATHS = ['/', '/404.html', '/feed.xml', '/sitemap.xml', '/robots.txt', '/tim-kiem/'];

/**
 * Builds the site model. `knownFiles` are the site paths of other files the build publishes (theme assets,
 * static files), so links to them pass the link check.
 */
export function buildModel(all: RenderedArticle[], config: SiteConfig, options: PublishOptions, knownFiles: Iterable<string> = []): SiteModel {
  const articles = all.filter((a) => isPublished(a, options)).sort(compareArticles);
  const lists = new Map(config.categories.map((category) => [category.slug, [] as RenderedArticle[]]));
  for (const article of articles) lists.get(article.category.slug)?.push(article);
  const categories = config.categories.map((category) => {
    const list = lists.get(category.slug)!;
    return { category, articles: list, pages: paginate(list, config.perPage, (n) => categoryPagePath(category.slug, n)) };
  });

  const neighbours: SiteModel['neighbours'] = new Map();
  for (const { articles: list } of categories) {
    for (let i = 0; i < list.length; i++) {
      const near: { newer?: RenderedArticle; older?: RenderedArticle } = {};
      if (i > 0) near.newer = list[i - 1]!;
      if (i + 1 < list.length) near.older = list[i + 1]!;
      neighbours.set(list[i]!.id, near);
    }
  }

  // Who claims each path: a page of the site or an article (by its file), to report collisions on both sides.
  const owners = new Map<string, RenderedArticle | 'site'>();
  for (const p of sitePaths(categories, knownFiles)) owners.set(p, 'site');
  const claim = (path: string, article: RenderedArticle, what: string, place = article.places?.url): boolean => {
    const owner = owners.get(path);
    if (owner === undefined) {
      owners.set(path, article);
      return true;
    }
    const other = owner === 'site' ? 'a page the site generates' : owner.file.path;
    error(article.file, `${what} ${path} is also the URL of ${other}`, {
      place,
      ruleId: 'url-duplicate',
      note: what === 'The alias' ? 'Remove this alias: the old address already leads to a page.' : owner === 'site' ? 'Choose another `slug:`.' : `Both ${article.file.path} and ${owner.file.path} want ${path}; give one of them another \`slug:\`.`,
    });
    if (owner !== 'site') {
      const ownAlias = owner.path === path ? -1 : owner.aliases.findIndex((a) => aliasTarget(a) === path);
      error(owner.file, `The URL ${path} is also claimed by ${article.file.path}`, {
        place: ownAlias < 0 ? owner.places?.url : owner.places?.aliases[ownAlias],
        ruleId: 'url-duplicate',
        note: ownAlias < 0 ? 'Give one of the two articles another `slug:`.' : 'Two articles list the same old address: keep it on one of them.',
      });
    }
    return false;
  };
  for (const article of articles) claim(article.path, article, 'The article URL');
  const redirects: SiteModel['redirects'] = [];
  for (const article of articles) {
    article.aliases.forEach((alias, i) => {
      if (claim(aliasTarget(alias), article, 'The alias', article.places?.aliases[i])) redirects.push({ from: alias, to: article.path });
    });
  }
  redirects.sort((a, b) => (a.from < b.from ? -1 : 1));

  checkLinks(articles, owners);

  const updated = lastUpdate(articles);
  return { config, articles, categories, neighbours, redirects, ...(updated ? { updated } : {}) };
}

/** The instant of the newest publication or update of `articles` (`SiteModel.updated`). */
export function lastUpdate(articles: readonly RenderedArticle[]): Date | undefined {
  return articles.reduce<Date | undefined>((latest, a) => {
    const t = a.updated && a.updated > a.date ? a.updated : a.date;
    return !latest || t > latest ? t : latest;
  }, undefined);
}

/** The site paths of the pages the site makes besides articles (fixed pages, category pages and feeds) and of `knownFiles`. */
function* sitePaths(categories: SiteModel['categories'], knownFiles: Iterable<string>): Generator<string> {
  yield* FIXED_PATHS;
  for (const { category, pages } of categories) {
    for (const page of pages) yield page.path;
    yield `/${category.slug}/feed.xml`;
  }
  yield* knownFiles;
}

/**
 * Every site path a link of `model` may point to: the paths `buildModel` found taken (the site's own pages,
 * `knownFiles`, the articles and their aliases), as its link check saw them.
 */
export function publishedPaths(model: SiteModel, knownFiles: Iterable<string>): Set<string> {
  const paths = new Set(sitePaths(model.categories, knownFiles));
  for (const article of model.articles) {
    paths.add(article.path);
    for (const alias of article.aliases) paths.add(aliasTarget(alias));
  }
  return paths;
}

/**
 * Reports every site-relative link or image of the published `articles` that points to none of `paths` (see
 * {@link publishedPaths}).
 */
export function checkLinks(articles: readonly RenderedArticle[], paths: { has(path: string): boolean }): void {
  for (const article of articles) {
    for (const link of article.links) {
      const p = link.path;
      const found = paths.has(p) || paths.has(`${p}/`) || (p.endsWith('/index.html') && paths.has(p.slice(0, -'index.html'.length)));
      if (found) continue;
      error(article.file, `${link.kind === 'image' ? 'Image' : 'Link'} to ${p}, which is not a page of the site`, {
        place: { line: link.line, column: link.column },
        ruleId: link.kind === 'image' ? 'image-missing' : 'link-broken',
        note:
          link.kind === 'image'
            ? 'Put the image in static/ (published as is) and write its path from the site root, e.g. /anh/hoi-nghi.jpg.'
            : 'Write the path of a published page from the site root, e.g. /thong-bao/ or /cong-tac-dang/<slug>/ (drafts and future articles are not published).',
      });
    }
  }
}
