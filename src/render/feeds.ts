/**
 * Atom feeds (site-wide and per category) and the sitemap, from the site model. Their `updated` times come
 * from the articles, never from the clock, so rebuilding the same content gives the same bytes.
 */
import type { RenderedArticle, SiteModel } from '../types.ts';
import { formatRfc3339 } from '../vi/dates.ts';
import type { Urls } from './view-model.ts';

/** How many entries a feed carries. */
export const FEED_SIZE = 20;

/** Escapes text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Makes root-relative `href`/`src` values of rendered HTML absolute, as feed readers need. */
export function absolutizeHtml(html: string, origin: string): string {
  return html.replace(/\b(href|src)="\/(?!\/)/g, `$1="${origin}/`);
}

function lastChange(article: RenderedArticle): Date {
  return article.updated && article.updated > article.date ? article.updated : article.date;
}

/** An Atom 1.0 feed of `articles` (newest first) at site path `feedPath`, linking to `pagePath`. */
export function atomFeed(model: SiteModel, urls: Urls, options: { title: string; feedPath: string; pagePath: string; articles: RenderedArticle[] }): string {
  const tz = model.config.timezone;
  const entries = options.articles.slice(0, FEED_SIZE);
  const updated = entries.reduce<Date | undefined>((latest, a) => (!latest || lastChange(a) > latest ? lastChange(a) : latest), undefined) ?? model.updated ?? new Date(0);
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(model.config.language)}">`,
    `<title>${escapeXml(options.title)}</title>`,
    ...(model.config.description ? [`<subtitle>${escapeXml(model.config.description)}</subtitle>`] : []),
    `<id>${escapeXml(urls.absolute(options.feedPath))}</id>`,
    `<link rel="self" type="application/atom+xml" href="${escapeXml(urls.absolute(options.feedPath))}"/>`,
    `<link rel="alternate" type="text/html" href="${escapeXml(urls.absolute(options.pagePath))}"/>`,
    `<updated>${formatRfc3339(updated, tz)}</updated>`,
    `<author><name>${escapeXml(model.config.title)}</name></author>`,
    '<generator>bantin</generator>',
  ];
  for (const a of entries) {
    lines.push(
      '<entry>',
      `<title>${escapeXml(a.title)}</title>`,
      `<id>${escapeXml(urls.absolute(a.path))}</id>`,
      `<link rel="alternate" type="text/html" href="${escapeXml(urls.absolute(a.path))}"/>`,
      `<published>${formatRfc3339(a.date, tz)}</published>`,
      `<updated>${formatRfc3339(lastChange(a), tz)}</updated>`,
      ...a.authors.map((p) => `<author><name>${escapeXml(p.name)}</name></author>`),
      `<category term="${escapeXml(a.category.slug)}" label="${escapeXml(a.category.name)}"/>`,
      `<summary>${escapeXml(a.excerpt)}</summary>`,
      `<content type="html">${escapeXml(absolutizeHtml(a.html, model.config.origin))}</content>`,
      '</entry>',
    );
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}

/** `sitemap.xml` listing `entries` (site paths with their last change), sorted by path. */
export function sitemap(urls: Urls, entries: { path: string; lastmod?: Date }[], timezone: string): string {
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...sorted.map((e) => `<url><loc>${escapeXml(urls.absolute(e.path))}</loc>${e.lastmod ? `<lastmod>${formatRfc3339(e.lastmod, timezone)}</lastmod>` : ''}</url>`),
    '</urlset>',
    '',
  ].join('\n');
}

/** `robots.txt`: everything allowed, the sitemap named. */
export function robots(urls: Urls): string {
  return `User-agent: *\nAllow: /\n\nSitemap: ${urls.absolute('/sitemap.xml')}\n`;
}
