/**
 * What the importer needs to know to read an old portal page: the CSS selectors that find each part of
 * the page, the category renames and the old site's address. Defaults cover the layouts Vietnamese ward
 * portals commonly use (Liferay "portlet" portals, WordPress, older table layouts with Vietnamese class
 * names); `site.config.yaml` can override any of them under `import:`.
 */

/**
 * CSS selectors for the parts of an old portal page. Each field is a list tried in order: the first
 * selector that matches an element with text wins (a comma inside one selector means "any of these, the
 * first in document order"). For `meta`, `date`, `views` the texts of all matches of the winning selector
 * are searched.
 */
export interface ImportSelectors {
  /** The article title. */
  title: string[];
  /** The article's category (a breadcrumb's last item, a portlet title, a category link). */
  category: string[];
  /** The byline that carries "Ngày đăng 25/09/2020 | 21:01 | Lượt xem: 59". */
  meta: string[];
  /** An element that carries the date alone, read from `datetime`/`content` or its text. */
  date: string[];
  /** An element that carries the view count alone. */
  views: string[];
  /** The article body. */
  body: string[];
  /** An element naming the author (the body's last bold line is tried when none matches). */
  author: string[];
  /** A lead paragraph ("sapo") outside the body, written as `summary`. */
  summary: string[];
  /** Elements removed from the body (portal chrome): always added to the built-in list. */
  remove: string[];
}

/** Everything `parsePortalPage` needs besides the page itself. */
export interface ImportOptions {
  /** Selectors, with defaults applied. */
  selectors: ImportSelectors;
  /** Old category name → category name on the new site (keys and values NFC; keys match case-insensitively). */
  categoryMap: Record<string, string>;
  /** Category used when a page names none (else such a page is skipped). */
  defaultCategory?: string;
  /**
   * The old portal's address (e.g. "https://cukhoi.longbien.hanoi.gov.vn/"). Used to rebuild a page's old URL
   * from its file path when the page does not carry it, and to resolve relative image and link URLs.
   */
  baseUrl?: string;
  /** IANA time zone the new site shows dates in (default "Asia/Ho_Chi_Minh"); used for ISO dates with an offset. */
  timezone: string;
}

/** Selectors always removed from the body, whatever the configuration says. */
export const BUILTIN_REMOVE: readonly string[] = [
  'script',
  'style',
  'noscript',
  'template',
  'link',
  'meta',
  'form',
  'input',
  'button',
  'select',
  'textarea',
  'object',
  'embed',
  'svg',
  'nav',
  'aside',
  '[hidden]',
  '[aria-hidden="true"]',
  '[style*="display:none"]',
  '[style*="display: none"]',
];

/** Defaults that work on common Vietnamese ward portal layouts; see docs/import.md for the list explained. */
export const DEFAULT_SELECTORS: ImportSelectors = {
  title: [
    '.asset-full-content .header-title',
    '.journal-content-article-title',
    '.header-title',
    'h1.entry-title',
    '.entry-title',
    '.post-title',
    '.article-title',
    '.title-detail',
    '.news-title',
    '.tieu-de',
    '.tieude',
    'h1.title',
    'article h1',
    'meta[property="og:title"]',
  ],
  category: [
    '.portlet-asset-publisher .portlet-title-text',
    '.portlet-journal-content .portlet-title-text',
    '.breadcrumb li:last-child',
    '.breadcrumbs li:last-child',
    '.breadcrumb',
    '.breadcrumbs',
    '.cat-links a',
    'a[rel~="category"]',
    '.category-name',
    '.chuyen-muc',
    '.chuyenmuc',
    'meta[property="article:section"]',
  ],
  meta: [
    '.asset-metadata',
    '.entry-meta',
    '.post-meta',
    '.article-meta',
    '.news-meta',
    '.meta',
    '.ngay-dang',
    '.ngaydang',
    '.news-date',
    '.post-date',
    '.date',
  ],
  date: [
    'meta[property="article:published_time"]',
    'meta[itemprop="datePublished"]',
    'time[datetime]',
  ],
  views: ['.post-views', '.view-count', '.views', '.luot-xem', '.luotxem'],
  body: [
    '.asset-full-content .journal-content-article',
    '.journal-content-article',
    '.asset-content',
    '.entry-content',
    '.post-content',
    '.article-content',
    '.news-content',
    '.detail-content',
    '.content-detail',
    '.noi-dung',
    '.noidung',
    'article',
  ],
  author: ['.author-name', '.tac-gia', '.tacgia', '[rel~="author"]', '.author', 'meta[name="author"]'],
  summary: ['.sapo', '.asset-summary', '.tom-tat', '.news-summary'],
  remove: [
    '.portlet-boundary',
    '.share',
    '.sharing',
    '.sharedaddy',
    '.social',
    '.addthis_toolbox',
    '.fb-like',
    '.fb-comments',
    '.related',
    '.related-posts',
    '.tin-lien-quan',
    '.tinlienquan',
    '.print',
    '.tags',
    '.post-views',
    '.navigation',
    '.post-navigation',
    '.comments',
    '.entry-meta',
    '.entry-footer',
  ],
};

/** The site's time zone when the configuration names none. */
export const DEFAULT_TIMEZONE = 'Asia/Ho_Chi_Minh';

/** Options with every default applied: what `parsePortalPage` uses when given nothing else. */
export function defaultImportOptions(): ImportOptions {
  return {
    selectors: structuredClone(DEFAULT_SELECTORS),
    categoryMap: {},
    timezone: DEFAULT_TIMEZONE,
  };
}
