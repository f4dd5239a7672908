/**
 * The import's pure stage: one saved page of the old portal (HTML text in a VFile) → an imported
 * article, or messages saying why the page cannot be imported. No disk, no network, no clock.
 */
import type { Element, Nodes, Root } from 'hast';
import { selectAll } from 'hast-util-select';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import type { VFile } from 'vfile';
import { error, warn } from '../report/messages.ts';
import { bodyToMarkdown } from './body-to-markdown.ts';
import { cleanBody } from './clean-body.ts';
import { findBodyCredit, namesFromCredit, removeCredit } from './find-authors.ts';
import { findViewsInText } from './find-views.ts';
import { cleanText, contains, isBlank, removeWhere, rootOf, textOf } from './hast-text.ts';
import type { ImportOptions } from './import-options.ts';
import { dateFromIso, findDateInText, type LocalDateTime } from './local-date.ts';
import { aliasOf, findOldUrl, type OldUrlSource } from './old-url.ts';

/** An article read from an old portal page, ready to be written as Markdown with front matter. */
export interface ImportedArticle {
  /** Title (NFC, on one line). */
  title: string;
  /** Publication date and time as the page showed them (site-local wall clock). */
  date: LocalDateTime;
  /** Category name on the new site (after `categoryMap`). */
  category: string;
  /** Category name as the old page showed it. */
  sourceCategory?: string;
  /** The old portal's view count ("Lượt xem: 59"), when the page shows one. */
  views?: number;
  /** The page's old URL, when known. */
  oldUrl?: string;
  /** How the old URL was found. */
  oldUrlSource?: OldUrlSource;
  /** Old site-relative paths that should redirect to the new article (the old URL's path). */
  aliases: string[];
  /** The first image of the body (absolute URL when the old URL is known). */
  image?: string;
  /** Every image of the body, in order. */
  images: string[];
  /** Author names, when the page names them. */
  authors: string[];
  /** Lead paragraph shown outside the body on the old page, when there is one. */
  summary?: string;
  /** Body as Markdown (NFC), ending in a newline. */
  markdown: string;
}

/** Where the page file sits, for an old URL rebuilt from the file path. */
export interface PageLocation {
  /** Path of the page relative to the folder it was imported from, with "/" separators. */
  relativePath?: string;
}

const parser = unified().use(rehypeParse);

const HOME = /^(?:trang\s*chủ|home|trang\s*nhất)$/iu;
const SEPARATORS = /\s*(?:»|›|>|\/|\|)\s*/u;

/**
 * Reads one saved portal page. Every problem is a message on `file` with its place in the page and a
 * rule id (`import-no-title`, `import-no-date`, `import-date-invalid`, `import-no-category`,
 * `import-no-body`, and warnings such as `import-no-old-url`); a page with a fatal problem gives
 * undefined. Text is normalised to NFC (an NFD-encoded page imports the same as an NFC one).
 *
 * @param file The page: `file.value` is its HTML text, `file.path` the name used in messages.
 */
export function parsePortalPage(file: VFile, options: ImportOptions, location: PageLocation = {}): ImportedArticle | undefined {
  const html = String(file.value);
  const tree = parser.parse(html);
  normaliseTree(tree);
  const { selectors } = options;
  let failed = false;
  const fail = (reason: string, ruleId: string, place: Nodes | undefined, note?: string): void => {
    error(file, reason, { place: place?.position?.start, ruleId, note });
    failed = true;
  };

  const titleElement = firstMatch(tree, selectors.title);
  const title = titleElement ? valueOf(titleElement) : '';
  if (!titleElement || title === '') {
    fail('No article title found', 'import-no-title', undefined, `Tried the title selectors ${list(selectors.title)}; set import.selectors.title in site.config.yaml.`);
  }

  const bodyElement = firstMatch(tree, selectors.body);
  if (!bodyElement) {
    fail('No article body found', 'import-no-body', titleElement, `Tried the body selectors ${list(selectors.body)}; set import.selectors.body in site.config.yaml.`);
  }

  const oldUrl = findOldUrl(tree, html, location.relativePath, options.baseUrl);
  const used: Element[] = [];
  if (titleElement) used.push(titleElement);

  const category = findCategory(tree, options, title, used);
  if (category === undefined) {
    fail('No category found', 'import-no-category', titleElement, `Tried the category selectors ${list(selectors.category)}; set import.selectors.category, import.defaultCategory or --default-category.`);
  }

  const date = findDate(tree, options, titleElement, bodyElement, used);
  if (date.kind === 'invalid') {
    fail(`Unexpected date "${date.text}": ${date.reason}`, 'import-date-invalid', date.place ?? titleElement);
  } else if (date.kind === 'none') {
    const place = anyMatch(tree, [...selectors.date, ...selectors.meta]) ?? titleElement;
    fail('No publication date found (such as "Ngày đăng 25/09/2020 | 21:01")', 'import-no-date', place, `Looked in ${list([...selectors.date, ...selectors.meta])} and the text between the title and the body; set import.selectors.meta or import.selectors.date.`);
  }

  if (failed || !titleElement || !bodyElement || category === undefined || date.kind !== 'found') return undefined;

  const views = findViews(tree, options, titleElement, bodyElement, used);
  const summaryElement = firstMatch(tree, selectors.summary);
  const summary = summaryElement && !contains(bodyElement, summaryElement) ? valueOf(summaryElement) : undefined;
  const authorElement = firstMatch(tree, selectors.author);
  const pageAuthors = authorElement ? namesFromCredit(valueOf(authorElement), false) : undefined;
  if (authorElement) used.push(authorElement);

  const body = rootOf(bodyElement);
  removeWhere(body, (node) => node.type === 'element' && used.includes(node));
  const { images } = cleanBody(body, { remove: selectors.remove, pageUrl: oldUrl?.url }, file);
  const credit = findBodyCredit(body);
  let authors = pageAuthors ?? [];
  if (credit && (authors.length === 0 || sameNames(authors, credit.authors))) {
    removeCredit(credit);
    if (isBlank(body)) {
      body.children.push(...credit.nodes); // a body that is only a name is a body, not a credit
    } else {
      authors = credit.authors;
    }
  }

  const markdown = bodyToMarkdown(body, title);
  if (markdown.trim() === '') {
    fail('The article body is empty', 'import-no-body', bodyElement, 'Check import.selectors.body and import.selectors.remove.');
    return undefined;
  }

  const alias = oldUrl ? aliasOf(oldUrl.url) : undefined;
  if (oldUrl && alias === undefined) {
    warn(file, `Old URL ${oldUrl.url.href} names the article in its query: no alias written`, {
      place: titleElement.position?.start,
      ruleId: 'import-alias-query',
      note: 'A static site redirects by path only; set up this redirect on the web server if old links must keep working.',
    });
  }
  if (!oldUrl) {
    warn(file, 'Old URL unknown: no alias written, old links to this page will not redirect', {
      place: titleElement.position?.start,
      ruleId: 'import-no-old-url',
      note: 'The page has no <link rel="canonical">, og:url or "saved from url" comment; give --base-url to rebuild it from the file path.',
    });
  }

  return {
    title,
    date: date.date,
    category: category.name,
    ...(category.source === undefined ? {} : { sourceCategory: category.source }),
    ...(views === undefined ? {} : { views }),
    ...(oldUrl ? { oldUrl: oldUrl.url.href, oldUrlSource: oldUrl.source } : {}),
    aliases: alias === undefined ? [] : [alias],
    ...(images[0] === undefined ? {} : { image: images[0] }),
    images,
    authors,
    ...(summary ? { summary } : {}),
    markdown,
  };
}

/** NFC for every text node and string attribute, in place: positions stay those of the saved page. */
function normaliseTree(node: Nodes): void {
  if (node.type === 'text' || node.type === 'comment') node.value = node.value.normalize('NFC');
  if (node.type === 'element') {
    for (const [key, value] of Object.entries(node.properties)) {
      if (typeof value === 'string') node.properties[key] = value.normalize('NFC');
    }
  }
  if ('children' in node) for (const child of node.children) normaliseTree(child);
}

function list(selectors: readonly string[]): string {
  return selectors.map((s) => `"${s}"`).join(', ');
}

/** The text of an element, or its `content`/`datetime` attribute for `<meta>`/`<time>`-like elements. */
function valueOf(element: Element): string {
  if (element.tagName === 'meta') return cleanText(String(element.properties['content'] ?? ''));
  return textOf(element);
}

function hasValue(element: Element): boolean {
  return element.tagName === 'meta' ? valueOf(element) !== '' : !isBlank(element) && textOf(element) !== '';
}

/** The first element, by selector order, that matches (with or without text). */
function anyMatch(tree: Root, selectors: readonly string[]): Element | undefined {
  for (const selector of selectors) {
    const found = selectAll(selector, tree)[0];
    if (found) return found;
  }
  return undefined;
}

/** The first element, by selector order, that matches and shows text. */
function firstMatch(tree: Root, selectors: readonly string[]): Element | undefined {
  for (const selector of selectors) {
    const found = selectAll(selector, tree).find(hasValue);
    if (found) return found;
  }
  return undefined;
}

/**
 * All elements with text matched by the first selector that matches any; those inside `scope` (the
 * element around both title and body) first, so a byline beats a sidebar's "Hôm nay: …".
 */
function allMatches(tree: Root, selectors: readonly string[], scope?: Element): Element[] {
  for (const selector of selectors) {
    const found = selectAll(selector, tree).filter(hasValue);
    if (found.length === 0) continue;
    if (!scope) return found;
    return [...found.filter((e) => contains(scope, e)), ...found.filter((e) => !contains(scope, e))];
  }
  return [];
}

/** The innermost element holding both `a` and `b` (undefined when that is the document itself). */
function commonAncestor(tree: Root, a: Element | undefined, b: Element | undefined): Element | undefined {
  if (!a || !b) return undefined;
  const pathA = pathTo(tree, a) ?? [];
  const pathB = pathTo(tree, b) ?? [];
  let common: Element | undefined;
  for (let index = 0; index < Math.min(pathA.length, pathB.length); index++) {
    if (pathA[index] !== pathB[index]) break;
    common = pathA[index];
  }
  return common;
}

function pathTo(node: Root | Element, target: Element): Element[] | undefined {
  for (const child of node.children) {
    if (child === target) return [];
    if (child.type === 'element') {
      const rest = pathTo(child, target);
      if (rest) return [child, ...rest];
    }
  }
  return undefined;
}

function findCategory(
  tree: Root,
  options: ImportOptions,
  title: string,
  used: Element[],
): { name: string; source?: string } | undefined {
  for (const selector of options.selectors.category) {
    for (const element of selectAll(selector, tree).filter(hasValue)) {
      // A breadcrumb's last item may be the article's own title: then the item before it is the category
      // (a category named like the article, "Thông báo" / "Thông báo", stays when it is the only item).
      const links = selectAll('a', element).map(textOf);
      const texts = (links.length > 0 ? links : valueOf(element).split(SEPARATORS)).map(cleanText);
      const items = texts.filter((text) => text !== '' && !HOME.test(text));
      if (items.at(-1) === title && (links.length === 0 || items.length > 1)) items.pop();
      const source = items.at(-1);
      if (source === undefined) continue;
      used.push(element);
      return { name: mapCategory(source, options.categoryMap), source };
    }
  }
  return options.defaultCategory === undefined ? undefined : { name: options.defaultCategory };
}

function mapCategory(name: string, map: Record<string, string>): string {
  const key = name.toLocaleLowerCase('vi');
  for (const [from, to] of Object.entries(map)) {
    if (from.normalize('NFC').toLocaleLowerCase('vi') === key) return to.normalize('NFC');
  }
  return name;
}

type FoundDate =
  | { kind: 'found'; date: LocalDateTime }
  | { kind: 'invalid'; text: string; reason: string; place?: Element }
  | { kind: 'none' };

function findDate(
  tree: Root,
  options: ImportOptions,
  titleElement: Element | undefined,
  bodyElement: Element | undefined,
  used: Element[],
): FoundDate {
  const scope = commonAncestor(tree, titleElement, bodyElement);
  for (const element of allMatches(tree, options.selectors.date, scope)) {
    const attribute = element.properties['dateTime'] ?? element.properties['content'];
    if (typeof attribute === 'string') {
      const date = dateFromIso(attribute, options.timezone);
      if (date) {
        if (date.hour === undefined) {
          // A bare day in the attribute: the element's text may carry the time.
          const fromText = findDateInText(textOf(element));
          if (fromText.kind === 'found' && fromText.date.hour !== undefined) return markUsed(fromText.date, element, used);
        }
        return markUsed(date, element, used);
      }
    }
    const fromText = findDateInText(textOf(element));
    if (fromText.kind === 'found') return markUsed(fromText.date, element, used);
    if (fromText.kind === 'invalid') return { ...fromText, place: element };
  }
  for (const element of allMatches(tree, options.selectors.meta, scope)) {
    const fromText = findDateInText(textOf(element));
    if (fromText.kind === 'found') return markUsed(fromText.date, element, used);
    if (fromText.kind === 'invalid') return { ...fromText, place: element };
  }
  if (titleElement) {
    const fromText = findDateInText(textBetween(tree, titleElement, bodyElement));
    if (fromText.kind === 'found') return { kind: 'found', date: fromText.date };
    if (fromText.kind === 'invalid') return fromText;
  }
  return { kind: 'none' };
}

function markUsed(date: LocalDateTime, element: Element, used: Element[]): FoundDate {
  used.push(element);
  return { kind: 'found', date };
}

function findViews(
  tree: Root,
  options: ImportOptions,
  titleElement: Element,
  bodyElement: Element,
  used: Element[],
): number | undefined {
  const scope = commonAncestor(tree, titleElement, bodyElement);
  for (const selectors of [options.selectors.views, options.selectors.meta]) {
    for (const element of allMatches(tree, selectors, scope)) {
      const views = findViewsInText(textOf(element));
      if (views !== undefined) {
        used.push(element);
        return views;
      }
    }
  }
  return findViewsInText(textBetween(tree, titleElement, bodyElement));
}

/**
 * The text that comes after `start` and before `stop` (or the end) in document order, at most about
 * 1,000 characters: where a byline sits when no selector names it.
 */
export function textBetween(tree: Root, start: Element, stop: Element | undefined): string {
  const parts: string[] = [];
  let state: 'before' | 'collecting' | 'done' = 'before';
  let length = 0;
  const walk = (node: Nodes): void => {
    if (state === 'done') return;
    if (node === stop) {
      state = 'done';
      return;
    }
    if (node === start) {
      state = 'collecting';
      return;
    }
    if (state === 'collecting' && node.type === 'text') {
      parts.push(node.value);
      length += node.value.length;
      if (length > 1000) state = 'done';
      return;
    }
    if (node.type === 'element' && ['script', 'style', 'template'].includes(node.tagName)) return;
    if ('children' in node) for (const child of node.children) walk(child);
    if (state === 'collecting' && node.type === 'element' && node.tagName !== 'span') parts.push(' ');
  };
  walk(tree);
  return cleanText(parts.join(' '));
}

function sameNames(a: string[], b: string[]): boolean {
  const key = (names: string[]): string => names.map((n) => n.toLocaleLowerCase('vi')).sort().join('|');
  return key(a) === key(b);
}
