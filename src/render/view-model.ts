/**
 * Read-only view models for templates: plain objects with every field present (null when absent) and URLs
 * already under the base path, so templates never see internal objects and strict mode catches typos.
 */
import { createHash } from 'node:crypto';
import type { Category, RenderedArticle, SiteModel } from '../types.ts';
import { formatDay, formatRfc3339, formatTime } from '../vi/dates.ts';
import { articleMediaView, largeImageUrl, type ArticleMediaView } from '../media/media-view.ts';

/** An article as templates see it. */
export interface ArticleView {
  id: string;
  title: string;
  url: string;
  canonical: string;
  day: string;
  time: string;
  datetime: string;
  updatedDay: string | null;
  updatedDatetime: string | null;
  category: CategoryView;
  authors: { name: string; role: string | null }[];
  summary: string | null;
  excerpt: string;
  tags: string[];
  image: string | null;
  html: string;
  /** Gallery, video, attachments and the article's picture (src/media/media-view.ts). */
  media: ArticleMediaView;
}

/** A category as templates see it. */
export interface CategoryView {
  name: string;
  slug: string;
  description: string | null;
  url: string;
}

/** Turns site paths into URLs under the base path, and absolute URLs. */
export class Urls {
  constructor(
    readonly basePath: string,
    readonly origin: string,
  ) {}
  /** "/thong-bao/" → "/phuong/thong-bao/". */
  path(sitePath: string): string {
    return `${this.basePath}${sitePath.replace(/^\//, '')}`;
  }
  /** "/thong-bao/" → "https://x.gov.vn/phuong/thong-bao/". */
  absolute(sitePath: string): string {
    return `${this.origin}${this.path(sitePath)}`;
  }
}

/** The view of a category. */
export function categoryView(category: Category, urls: Urls): CategoryView {
  return { name: category.name, slug: category.slug, description: category.description ?? null, url: urls.path(`/${category.slug}/`) };
}

/**
 * The view of an article. Its JSON (what page keys hash) gives a digest of the HTML in place of the HTML, taken
 * once per view: a page lists several articles, and their bodies need not be read and hashed for every page.
 */
export function articleView(article: RenderedArticle, model: SiteModel, urls: Urls): ArticleView {
  const tz = model.config.timezone;
  let digest: string | undefined;
  const view: ArticleView = {
    id: article.id,
    title: article.title,
    url: urls.path(article.path),
    canonical: urls.absolute(article.path),
    day: formatDay(article.date, tz),
    time: formatTime(article.date, tz),
    datetime: formatRfc3339(article.date, tz),
    updatedDay: article.updated ? formatDay(article.updated, tz) : null,
    updatedDatetime: article.updated ? formatRfc3339(article.updated, tz) : null,
    category: categoryView(article.category, urls),
    authors: article.authors.map((a) => ({ name: a.name, role: a.role ?? null })),
    summary: article.summary ?? null,
    excerpt: article.excerpt,
    tags: article.tags,
    image: article.media?.image
      ? largeImageUrl(article.media.image, urls.basePath, urls.origin)
      : article.image ? (/^https?:\/\//.test(article.image) ? article.image : urls.absolute(article.image.startsWith('/') ? article.image : `${article.path}${article.image}`)) : null,
    // Read when a template reads it (and once for the digest of `toJSON`): a view is kept for every list the
    // article appears in, and the body may wait in a spill (`body-spill.ts`) rather than in memory.
    get html(): string {
      return article.html;
    },
    media: articleMediaView(article, urls.basePath),
  };
  Object.defineProperty(view, 'toJSON', {
    value: (): Record<string, unknown> => {
      digest ??= createHash('sha256').update(article.html).digest('base64url');
      const json: Record<string, unknown> = {};
      for (const key of Object.keys(view)) json[key] = key === 'html' ? { digest } : view[key as keyof ArticleView];
      return json;
    },
  });
  return view;
}

/** Page numbers shown on each side of the current page by {@link pageWindow}. */
export const PAGE_WINDOW_RADIUS = 2;

/**
 * The page links of page `current` of `total`: the first and the last page, the pages near the current one, and
 * `null` where pages are left out (shown as "…"); a gap of a single page shows that page instead. Every index page
 * of a category with 2,500 pages then links seven or so pages, not 2,500, and the site stays linear in size.
 */
export function pageWindow(current: number, total: number, radius = PAGE_WINDOW_RADIUS): (number | null)[] {
  const shown = new Set([1, total]);
  for (let n = Math.max(1, current - radius); n <= Math.min(total, current + radius); n++) shown.add(n);
  const window: (number | null)[] = [];
  let last = 0;
  for (const n of [...shown].sort((a, b) => a - b)) {
    if (n - last === 2) window.push(last + 1);
    else if (n - last > 2) window.push(null);
    window.push(n);
    last = n;
  }
  return window;
}
