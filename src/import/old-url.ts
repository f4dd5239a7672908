/**
 * Where a saved page lived on the old portal. Its path becomes the article's `aliases` entry, so that old
 * links keep working, and relative image and link URLs are resolved against it.
 */
import type { Root } from 'hast';
import { select } from 'hast-util-select';

/** How the old URL was found, most trusted first. */
export type OldUrlSource = 'canonical' | 'og:url' | 'saved-from' | 'file-path';

/** The old URL of a page and where it came from. */
export interface OldUrl {
  url: URL;
  source: OldUrlSource;
}

// Browsers write this comment at the top of a page saved with "Save page as" (the "mark of the web").
const SAVED_FROM = /<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->/iu;

function absolute(value: string | undefined, base?: string): URL | undefined {
  if (!value) return undefined;
  try {
    const url = base === undefined ? new URL(value) : new URL(value, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function attribute(tree: Root, selector: string, name: 'href' | 'content'): string | undefined {
  const value = select(selector, tree)?.properties[name];
  return typeof value === 'string' ? value.trim() : undefined;
}

/**
 * Finds a page's old URL, in this order: `<link rel="canonical">`, `<meta property="og:url">`, the
 * "saved from url=" comment browsers add when saving a page, and last `baseUrl` joined with the page's
 * path relative to the folder it was imported from (the layout `wget --mirror` leaves). A relative
 * canonical or og:url is resolved against `baseUrl`.
 *
 * @param html The page text (for the "saved from" comment, which the HTML tree does not keep in order).
 * @param relativePath The page file's path relative to the imported folder, with "/" separators.
 */
export function findOldUrl(
  tree: Root,
  html: string,
  relativePath: string | undefined,
  baseUrl: string | undefined,
): OldUrl | undefined {
  const canonical = absolute(attribute(tree, 'link[rel~="canonical"][href]', 'href'), baseUrl);
  if (canonical) return { url: canonical, source: 'canonical' };
  const og = absolute(attribute(tree, 'meta[property="og:url"][content]', 'content'), baseUrl);
  if (og) return { url: og, source: 'og:url' };
  const saved = absolute(SAVED_FROM.exec(html.slice(0, 4096))?.[1]);
  if (saved) return { url: saved, source: 'saved-from' };
  if (baseUrl !== undefined && relativePath !== undefined) {
    const fromPath = absolute(relativePath.split('/').map(encodeURIComponent).join('/'), baseUrl);
    if (fromPath) return { url: fromPath, source: 'file-path' };
  }
  return undefined;
}

/**
 * The alias an old URL gives: its path (percent-encoded as in the URL). Undefined when the URL names the
 * article in its query ("/Default.aspx?tabid=120&id=1234"): a static site cannot redirect by query, and the
 * path alone would send every old article to the same page.
 */
export function aliasOf(url: URL): string | undefined {
  if (url.search !== '') return undefined;
  return url.pathname;
}
