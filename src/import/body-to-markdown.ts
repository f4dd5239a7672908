/**
 * Turns a cleaned HTML body into Markdown: rehype-remark makes the Markdown tree, a few repairs make it
 * read as the editor meant (paragraphs split at blank lines made of `<br><br>`, numbered paragraphs made
 * a numbered list, empty paragraphs dropped), and remark-stringify writes it.
 */
import type { Root as HastRoot } from 'hast';
import type { BlockContent, List, ListItem, Paragraph, PhrasingContent, Root, RootContent, Text } from 'mdast';
import { toString } from 'mdast-util-to-string';
import rehypeRemark from 'rehype-remark';
import remarkGfm from 'remark-gfm';
import remarkStringify, { type Options as StringifyOptions } from 'remark-stringify';
import { unified } from 'unified';
import { cleanText } from './hast-text.ts';

/** How imported Markdown is written: the style the rest of the site's content uses. */
export const MARKDOWN_STYLE: StringifyOptions = {
  bullet: '-',
  emphasis: '_',
  strong: '*',
  fence: '`',
  fences: true,
  listItemIndent: 'one',
  rule: '-',
  incrementListMarker: true,
};

// Built once: converting is pure and the processor keeps no state between pages.
const toMdast = unified().use(rehypeRemark);
const toMarkdown = unified().use(remarkGfm).use(remarkStringify, MARKDOWN_STYLE);

/**
 * Converts a cleaned body to Markdown text (ending in one newline; empty when the body has no content).
 *
 * @param title The article title: a first block repeating it is dropped.
 */
export function bodyToMarkdown(body: HastRoot, title: string): string {
  const tree = toMdast.runSync(body) as Root;
  repair(tree, title);
  if (tree.children.length === 0) return '';
  return toMarkdown.stringify(tree);
}

function repair(tree: Root, title: string): void {
  tree.children = tidyBlocks(tree.children);
  const first = tree.children[0];
  if (first && (first.type === 'heading' || first.type === 'paragraph') && cleanText(toString(first)) === title) {
    tree.children.shift();
  }
  tree.children = numberedParagraphsToLists(tree.children);
}

function tidyBlocks<T extends RootContent>(blocks: T[]): T[] {
  const out: T[] = [];
  for (const block of blocks) {
    if (block.type === 'paragraph') {
      for (const paragraph of splitAtBlankLines(block)) out.push(paragraph as T);
      continue;
    }
    if ('children' in block && block.type !== 'table' && block.type !== 'heading') {
      (block as { children: RootContent[] }).children = tidyBlocks((block as { children: RootContent[] }).children);
    }
    if (block.type === 'heading' && isEmpty(block.children)) continue;
    out.push(block);
  }
  return out;
}

function isEmpty(children: PhrasingContent[]): boolean {
  return children.every((child) => (child.type === 'text' ? cleanText(child.value) === '' : child.type === 'break'));
}

/** Splits a paragraph at two or more line breaks in a row; drops what is left empty; trims each end. */
function splitAtBlankLines(paragraph: Paragraph): Paragraph[] {
  const groups: PhrasingContent[][] = [[]];
  const children = paragraph.children.map(normaliseSpaces);
  for (let index = 0; index < children.length; index++) {
    const child = children[index];
    if (child === undefined) continue;
    if (child.type === 'break') {
      let next = index + 1;
      while (children[next]?.type === 'text' && cleanText((children[next] as Text).value) === '') next++;
      if (children[next]?.type === 'break') {
        while (children[next]?.type === 'break' || (children[next]?.type === 'text' && cleanText((children[next] as Text).value) === '')) next++;
        groups.push([]);
        index = next - 1;
        continue;
      }
    }
    groups.at(-1)?.push(child);
  }
  return groups.map(trimPhrasing).filter((group) => !isEmpty(group)).map((group) => ({ type: 'paragraph', children: group }));
}

function normaliseSpaces(node: PhrasingContent): PhrasingContent {
  if (node.type === 'text') return { ...node, value: node.value.replace(/[\u00a0\u2000-\u200b\u202f\ufeff]/gu, ' ').replace(/ {2,}/gu, ' ') };
  if ('children' in node) return { ...node, children: (node.children as PhrasingContent[]).map(normaliseSpaces) } as PhrasingContent;
  return node;
}

function trimPhrasing(children: PhrasingContent[]): PhrasingContent[] {
  const list = [...children];
  while (list.length > 0 && (list[0]?.type === 'break' || (list[0]?.type === 'text' && cleanText(list[0].value) === ''))) list.shift();
  while (list.length > 0 && (list.at(-1)?.type === 'break' || (list.at(-1)?.type === 'text' && cleanText((list.at(-1) as Text).value) === ''))) list.pop();
  const first = list[0];
  if (first?.type === 'text') list[0] = { ...first, value: first.value.trimStart() };
  const last = list.at(-1);
  if (last?.type === 'text') list[list.length - 1] = { ...last, value: last.value.trimEnd() };
  return list;
}

const NUMBERED = /^(\d{1,3})[.)]\s+/u;

/**
 * Editors on old portals type numbered lists as paragraphs ("1. Tăng cường …", "2. Tiếp tục …"). Two or
 * more paragraphs in a row whose numbers count up by one become one numbered list, starting at the first
 * number; a lone numbered paragraph stays a paragraph.
 */
function numberedParagraphsToLists(blocks: RootContent[]): RootContent[] {
  const out: RootContent[] = [];
  let index = 0;
  while (index < blocks.length) {
    const run: { paragraph: Paragraph; number: number }[] = [];
    let next = index;
    while (next < blocks.length) {
      const block = blocks[next];
      const number = block?.type === 'paragraph' ? numberOf(block) : undefined;
      if (block?.type !== 'paragraph' || number === undefined) break;
      if (run.length > 0 && number !== (run.at(-1)?.number ?? 0) + 1) break;
      run.push({ paragraph: block, number });
      next++;
    }
    if (run.length >= 2) {
      const list: List = {
        type: 'list',
        ordered: true,
        start: run[0]?.number ?? 1,
        spread: true,
        children: run.map(({ paragraph }): ListItem => ({
          type: 'listItem',
          spread: false,
          children: [stripNumber(paragraph) as BlockContent],
        })),
      };
      out.push(list);
      index = next;
    } else {
      const block = blocks[index];
      if (block !== undefined) out.push(block);
      index++;
    }
  }
  return out;
}

function numberOf(paragraph: Paragraph): number | undefined {
  const first = paragraph.children[0];
  if (first?.type !== 'text') return undefined;
  const match = NUMBERED.exec(first.value);
  return match ? Number(match[1]) : undefined;
}

function stripNumber(paragraph: Paragraph): Paragraph {
  const [first, ...rest] = paragraph.children;
  if (first?.type !== 'text') return paragraph;
  return { ...paragraph, children: [{ ...first, value: first.value.replace(NUMBERED, '') }, ...rest] };
}
