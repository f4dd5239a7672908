/**
 * rehype plugin: finds links and images that point into the site, records them (with their source position)
 * on `file.data.links` for the link check, and prefixes the site's base path so they work under any base URL.
 * Paths are written by editors as site paths (`/thong-bao/lich-tiep-cong-dan/`) or relative to the article.
 */
import type { Root, Element } from 'hast';
import type { VFile } from 'vfile';
import { walkElements } from './walk-elements.ts';
import type { LocalLink } from '../types.ts';

declare module 'vfile' {
  interface DataMap {
    /** The article's site path without base ("/cong-tac-dang/x/"), set before rendering. */
    articlePath: string;
    /** Site-relative links and images found in the body. */
    links: LocalLink[];
  }
}

const ORIGIN = 'http://bantin.invalid';

/** The plugin; `basePath` is the site's base path, e.g. "/" or "/phuong-cu-khoi/". */
export function rehypeSiteLinks(options: { basePath: string }) {
  return (tree: Root, file: VFile): void => {
    const links: LocalLink[] = [];
    const from = new URL(file.data.articlePath ?? '/', ORIGIN);
    walkElements(tree, (node: Element) => {
      const attribute = node.tagName === 'a' ? 'href' : node.tagName === 'img' ? 'src' : undefined;
      // Media files (src/media/rehype-media.ts) are already pointed at their published URL, or reported.
      if (!attribute || node.data?.bantinMedia) return;
      const value = node.properties[attribute];
      if (typeof value !== 'string' || !isSiteRelative(value)) return;
      const url = new URL(value, from);
      if (url.origin !== ORIGIN) return;
      let sitePath = decodeURI(url.pathname);
      if (node.tagName === 'a' && value.startsWith('#')) return;
      links.push({
        path: sitePath,
        kind: node.tagName === 'a' ? 'link' : 'image',
        line: node.position?.start.line ?? 1,
        column: node.position?.start.column ?? 1,
      });
      sitePath = url.pathname;
      node.properties[attribute] = `${options.basePath}${sitePath.slice(1)}${url.search}${url.hash}`;
    });
    file.data.links = links;
  };
}

/** Whether a URL has no scheme and no host: a path into this site. */
function isSiteRelative(value: string): boolean {
  return !/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(value) && !value.startsWith('//');
}
