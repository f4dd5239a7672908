/**
 * Cleans an article body taken from an old portal page, as an HTML tree, before it becomes Markdown:
 * portal chrome and active content out, URLs made absolute against the old page, embedded frames
 * turned into links, layout tables unwrapped.
 */
import type { Element, ElementContent, Root } from 'hast';
import { selectAll } from 'hast-util-select';
import type { VFile } from 'vfile';
import { warn } from '../report/messages.ts';
import { isBlank, isElement, removeWhere } from './hast-text.ts';
import { BUILTIN_REMOVE } from './import-options.ts';

/** What `cleanBody` needs to know. */
export interface CleanBodyOptions {
  /** Selectors of elements to remove, besides the built-in ones (scripts, forms, hidden elements …). */
  remove: readonly string[];
  /** The page's old URL: relative URLs are resolved against it. */
  pageUrl?: URL;
}

/** What `cleanBody` saw: the images of the body, absolute where the old URL is known, in order. */
export interface CleanedBody {
  images: string[];
}

const LAZY_SOURCES = ['dataSrc', 'dataLazySrc', 'dataOriginal', 'dataUrl'];
const UNSAFE_PROTOCOL = /^\s*(?:javascript|vbscript|data):/iu;

/**
 * Cleans `body` in place and lists its images. Problems (a dropped inline image, a relative URL that
 * cannot be resolved) are warnings on `file`, placed at the element in the saved page.
 */
export function cleanBody(body: Root, options: CleanBodyOptions, file: VFile): CleanedBody {
  const doomed = new Set<ElementContent>();
  for (const selector of [...BUILTIN_REMOVE, ...options.remove]) {
    for (const element of selectAll(selector, body)) doomed.add(element);
  }
  removeWhere(body, (node) => node.type === 'comment' || doomed.has(node));

  const images: string[] = [];
  let warnedRelative = false;
  const resolve = (value: string, element: Element): string | undefined => {
    if (UNSAFE_PROTOCOL.test(value)) return undefined;
    if (options.pageUrl) {
      try {
        return new URL(value, options.pageUrl).href;
      } catch {
        return undefined;
      }
    }
    if (!warnedRelative && !/^[a-z][a-z0-9+.-]*:|^\/\//iu.test(value)) {
      warnedRelative = true;
      warn(file, `Relative URL "${value}" kept as it is: the page's old URL is unknown`, {
        place: element.position?.start,
        ruleId: 'import-relative-url',
        note: 'Give the old portal address with --base-url (or import.baseUrl) to resolve it.',
      });
    }
    return value;
  };

  rewrite(body, (element) => {
    if (element.tagName === 'img') {
      let source = stringProperty(element, 'src');
      if (source === undefined || source.startsWith('data:')) {
        source = LAZY_SOURCES.map((name) => stringProperty(element, name)).find((value) => value !== undefined) ?? source;
      }
      const url = source === undefined ? undefined : resolve(source, element);
      if (url === undefined) {
        warn(file, `Image without a usable address dropped${source?.startsWith('data:') ? ' (inline data: image)' : ''}`, {
          place: element.position?.start,
          ruleId: 'import-image-dropped',
        });
        return [];
      }
      images.push(url);
      const alt = stringProperty(element, 'alt') ?? stringProperty(element, 'title') ?? '';
      return [{ ...element, properties: { src: url, alt: alt.trim() } }];
    }
    if (element.tagName === 'a') {
      const href = stringProperty(element, 'href');
      const url = href === undefined || href.startsWith('#') ? undefined : resolve(href, element);
      if (url === undefined) return element.children;
      return [{ ...element, properties: { href: url } }];
    }
    if (element.tagName === 'iframe' || element.tagName === 'video') {
      const source =
        stringProperty(element, 'src') ??
        element.children.filter((c): c is Element => isElement(c, 'source')).map((c) => stringProperty(c, 'src'))[0];
      const url = source === undefined ? undefined : resolve(source, element);
      if (url === undefined) return [];
      warn(file, `Embedded ${element.tagName} replaced by a link to ${url}`, {
        place: element.position?.start,
        ruleId: 'import-embed-link',
        note: 'Check the article: a video or map of the old page is now a plain link.',
      });
      const text = element.tagName === 'video' ? 'Video' : (stringProperty(element, 'title') ?? 'Xem nội dung nhúng');
      return [
        {
          type: 'element',
          tagName: 'p',
          properties: {},
          children: [{ type: 'element', tagName: 'a', properties: { href: url }, children: [{ type: 'text', value: text }] }],
        },
      ];
    }
    if (element.tagName === 'table' && isLayoutTable(element)) {
      return cellsOf(element).map((cell) => ({ type: 'element', tagName: 'div', properties: {}, children: cell.children }));
    }
    return [element];
  });
  return { images };
}

function stringProperty(element: Element, name: string): string | undefined {
  const value = element.properties[name];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Replaces each element (depth first, children after their parent's replacement) by what `visit` returns. */
function rewrite(parent: Root | Element, visit: (element: Element) => ElementContent[]): void {
  const out: ElementContent[] = [];
  for (const child of parent.children as ElementContent[]) {
    if (child.type !== 'element') {
      out.push(child);
      continue;
    }
    const replaced = visit(child);
    for (const node of replaced) {
      if (node.type === 'element') rewrite(node, visit);
      out.push(node);
    }
  }
  parent.children = out as typeof parent.children;
}

function rowsOf(table: Element): Element[] {
  const rows: Element[] = [];
  for (const child of table.children) {
    if (child.type !== 'element') continue;
    if (child.tagName === 'tr') rows.push(child);
    else if (isElement(child, 'tbody', 'thead', 'tfoot')) rows.push(...child.children.filter((c): c is Element => isElement(c, 'tr')));
  }
  return rows;
}

function cellsOf(table: Element): Element[] {
  return rowsOf(table)
    .flatMap((row) => row.children.filter((c): c is Element => isElement(c, 'td', 'th')))
    .filter((cell) => !isBlank(cell));
}

/** A table of one column (old portals lay out an image and its caption that way) carries no tabular data. */
function isLayoutTable(table: Element): boolean {
  const rows = rowsOf(table);
  return rows.every((row) => row.children.filter((c) => isElement(c, 'td', 'th')).length <= 1);
}
