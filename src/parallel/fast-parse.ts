/**
 * A faster parse for the article processor, giving the very same syntax tree (positions included).
 *
 * remark-gfm makes parsing about 2.5 times slower, nearly all of it for literal autolinks: micromark tries an
 * e-mail autolink at the start of every word, and mdast-util-gfm-autolink-literal then searches every text node
 * with regular expressions. Most ward articles use no GFM construct at all, or only links whose URLs sit in link
 * destinations, where no literal autolink can form. So a document is parsed:
 *
 * - with the full GFM parser when its source contains a character that starts a table (`|`), strikethrough (`~`),
 *   footnote (`[^`) or task list item (`[ ]`, `[x]`): those constructs cannot appear without them;
 * - otherwise with plain CommonMark (with `simple-markdown.ts` when the document is simple enough, else with
 *   remark-parse alone), and the tree is searched for what a literal autolink needs (`http://`,
 *   `https://`, `www.`, `@`, `mailto:`, `xmpp:`): if it shows anywhere but in a URL (link or image destination,
 *   definition), the document is parsed again with the full parser. The tree, not the source, is searched:
 *   escapes and character references (`www\.x.vn`, `&#64;`) only show their characters there.
 *
 * With no GFM construct present, GFM's extensions only try and fail, leaving no trace in the tree; a trigger in a
 * text, title, alt or code value sends the document to the full parser, so no literal autolink is ever missed.
 * `test/perf/fast-parse.test.ts` compares both parsers on the sample site, the fixtures, a generated corpus and a
 * list of edge cases.
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import type { Node } from 'unist';
import type { Root } from 'mdast';
import type { MarkdownProcessor } from '../markdown/processor.ts';
import { parseSimple } from './simple-markdown.ts';

/** Characters without which no table, strikethrough, footnote or task list item can be parsed. */
const OTHER_GFM = /[|~]|\[\^|\[[\s xX]\]/;
/** What a literal autolink (micromark's, or the mdast transform's) cannot do without. */
const AUTOLINK = /https?:\/\/|www\.|@|mailto:|xmpp:/i;

type Parse = (document: string) => Root;

const plain = unified().use(remarkParse).freeze();
const plainParse: Parse = (document) => plain.parse(document) as Root;

/** Whether a string of the tree other than a URL could hold a literal autolink. */
function mentionsAutolink(node: Node): boolean {
  const { value, alt, title, label, children } = node as Node & { value?: unknown; alt?: unknown; title?: unknown; label?: unknown; children?: Node[] };
  for (const text of [value, alt, title, label]) if (typeof text === 'string' && AUTOLINK.test(text)) return true;
  if (children) for (const child of children) if (mentionsAutolink(child)) return true;
  return false;
}

/** Parses `document` as `full` does, with plain CommonMark when that gives the same tree. */
export function parseSelectively(document: string, full: Parse): Root {
  if (OTHER_GFM.test(document)) return full(document);
  const tree = parseSimple(document) ?? plainParse(document);
  return mentionsAutolink(tree) ? full(document) : tree;
}

/** Which parser `parseSelectively` would use for `document` (for tests and measurements). */
export function parserFor(document: string): 'full' | 'plain' {
  if (OTHER_GFM.test(document)) return 'full';
  return mentionsAutolink(parseSimple(document) ?? plainParse(document)) ? 'full' : 'plain';
}

/** Gives `processor` (the article processor, remark-parse + remark-gfm first) the selective parse. Returns it. */
export function withFastParse(processor: MarkdownProcessor): MarkdownProcessor {
  processor.freeze();
  const full = processor.parser;
  if (!full) throw new Error('The article processor has no parser');
  const fullParse: Parse = (document) => full(document, undefined as never) as Root;
  processor.parser = ((document: string) => parseSelectively(document, fullParse)) as typeof processor.parser;
  return processor;
}
