/**
 * Authors, as ward portals credit them: a last line of the body in bold or aligned right ("**Minh Thu**",
 * "**Minh Thu - Phường Cự Khối**"), or a labelled credit ("Tin, ảnh: Thu Hương", "Tác giả: Nguyễn Văn An").
 * Being careful matters more than finding every credit: a bold closing sentence, a heading in capitals or
 * a slogan must stay in the body.
 */
import type { Element, ElementContent, Root } from 'hast';
import { cleanText, isBlank, isElement, textOf } from './hast-text.ts';

const LABEL =
  /^(?:tin|bài|ảnh|(?:tin|bài)\s*(?:và|,|&|\+|-)\s*ảnh|tác\s+giả|người\s+viết|thực\s+hiện|nhóm\s+(?:pv|phóng\s+viên)|pv)\s*[:：]\s*(?<names>.+)$/iu;
// Portal accounts that post articles, not people who wrote them ("Ban biên tập", the editorial board, is a credit).
const GENERIC_ACCOUNT = /^(?:admin|administrator|quản\s*trị(?:\s*viên)?|quantri|webmaster|editor|btv)$/iu;
// Inline elements that old editors wrap whole bodies in (`<font>` around paragraphs).
const INLINE_WRAPPERS = ['font', 'span', 'main'];
const BOLD = ['strong', 'b'];

/** Authors found at the end of a body, and what to take out of the body because it only named them. */
export interface BodyCredit {
  authors: string[];
  /** The nodes that form the credit line, to be removed from the body. */
  nodes: ElementContent[];
  /** The element holding them (they are removed from its children). */
  parent: Root | Element;
}

/**
 * Reads a list of names from a credit text ("Minh Thu", "Tin, ảnh: Thu Hương và Quốc Anh",
 * "Minh Thu - Phường Cự Khối"). Returns undefined unless every part looks like a person's or an office's
 * name: one to six words, each starting with a capital letter, no digits, no sentence punctuation (or the
 * editorial board's "Ban biên tập"); portal accounts such as "admin" are not names.
 *
 * @param strict When true (an unlabelled bold line), a line in capitals is not taken for a name.
 */
export function namesFromCredit(text: string, strict: boolean): string[] | undefined {
  let value = cleanText(text);
  const label = LABEL.exec(value);
  if (label?.groups) {
    value = label.groups['names'] ?? '';
    strict = false;
  }
  value = value.replace(/\s*\.\/\.\s*$|\s*\.\s*$/u, '').replace(/^\((.*)\)$/u, '$1').trim();
  if (value === '' || value.length > 80) return undefined;
  if (strict && value === value.toLocaleUpperCase('vi') && /\p{L}/u.test(value)) return undefined;
  const names: string[] = [];
  for (const part of value.split(/\s*(?:,|;|\s+và\s+|\s+&\s+)\s*/u)) {
    const name = (part.split(/\s+[-–—]\s+/u)[0] ?? '').trim();
    if (!looksLikeName(name)) return undefined;
    names.push(name);
  }
  return names.length > 0 ? names : undefined;
}

// Credits written in sentence case that are names all the same.
const KNOWN_CREDITS = /^(?:ban\s+biên\s+tập|bbt)$/iu;

function looksLikeName(name: string): boolean {
  if (KNOWN_CREDITS.test(name)) return true;
  if (GENERIC_ACCOUNT.test(name)) return false;
  if (/[\d.:!?"“”«»@/\\]/u.test(name)) return false;
  const words = name.split(' ');
  if (words.length < 1 || words.length > 6) return false;
  return words.every((word) => /^\p{Lu}[\p{L}\p{M}'’-]*$/u.test(word));
}

function isRightAligned(element: Element): boolean {
  const style = String(element.properties['style'] ?? '').replace(/\s+/gu, '').toLowerCase();
  const align = String(element.properties['align'] ?? '').toLowerCase();
  return style.includes('text-align:right') || align === 'right';
}

function allTextIsBold(nodes: ElementContent[], inBold = false): boolean {
  return nodes.every((node) => {
    if (node.type === 'text') return inBold || cleanText(node.value) === '';
    if (node.type !== 'element') return true;
    if (isElement(node, 'br')) return true;
    return allTextIsBold(node.children, inBold || BOLD.includes(node.tagName));
  });
}

const BLOCKS = ['p', 'div', 'section', 'article', 'table', 'ul', 'ol', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'figure', 'center'];

/**
 * The innermost element whose own content ends the body: descends into a last child that holds blocks
 * (a wrapper `div`, `font`, `center` …) and stops at a last block without blocks inside (a `p`), or at
 * an element whose content ends in loose text or inline elements.
 */
function lastBlock(parent: Root | Element): Root | Element {
  for (let index = parent.children.length - 1; index >= 0; index--) {
    const child = parent.children[index];
    if (child === undefined || isBlank(child)) continue;
    if (child.type !== 'element' || !(BLOCKS.includes(child.tagName) || INLINE_WRAPPERS.includes(child.tagName))) return parent;
    const hasBlocks = child.children.some((c) => c.type === 'element' && BLOCKS.includes(c.tagName));
    if (hasBlocks) return lastBlock(child);
    return BLOCKS.includes(child.tagName) && child.tagName !== 'table' ? child : parent;
  }
  return parent;
}

/**
 * Looks at the last line of a body for an author credit. The line is what follows the last `<br>` or
 * block in the innermost element that ends the body (a whole last paragraph when it has neither). It
 * counts as a credit when it is labelled ("Tin, ảnh: …"), or when all its text is bold or its block is
 * aligned right, and it reads as names (see {@link namesFromCredit}). A bold name at the end of a running
 * sentence is not a credit.
 */
export function findBodyCredit(body: Root): BodyCredit | undefined {
  const block = lastBlock(body);
  const children = block.children as ElementContent[];
  let boundary = -1;
  for (let index = children.length - 1; index >= 0; index--) {
    const child = children[index];
    if (child?.type !== 'element') continue;
    const isBreak = child.tagName === 'br' && children.slice(index + 1).some((c) => !isBlank(c));
    if (isBreak || BLOCKS.includes(child.tagName)) {
      boundary = index;
      break;
    }
  }
  const trailing = children.slice(boundary + 1).filter((node) => !isBlank(node));
  if (trailing.length === 0) return undefined;
  let parent: Root | Element = block;
  let nodes: ElementContent[];
  if (boundary >= 0) {
    // the credit line, and the <br> before it when a break (not a block) starts the line
    nodes = children.slice(isElement(children[boundary], 'br') ? boundary : boundary + 1);
  } else if (block.type === 'element') {
    const holder = findParent(body, block);
    if (!holder) return undefined;
    parent = holder;
    nodes = [block];
  } else {
    return undefined; // the body is one line: never take it all for a credit
  }
  const text = textOf({ type: 'root', children: trailing });
  const labelled = LABEL.test(cleanText(text));
  const styled = allTextIsBold(trailing) || (boundary < 0 && block.type === 'element' && isRightAligned(block));
  if (!labelled && !styled) return undefined;
  const authors = namesFromCredit(text, !labelled);
  if (!authors) return undefined;
  return { authors, nodes, parent };
}

function findParent(tree: Root | Element, target: Element): Root | Element | undefined {
  for (const child of tree.children) {
    if (child === target) return tree;
    if (child.type === 'element') {
      const found = findParent(child, target);
      if (found) return found;
    }
  }
  return undefined;
}

/** Takes a found credit out of the body (the tree is changed in place). */
export function removeCredit(credit: BodyCredit): void {
  const children = credit.parent.children as ElementContent[];
  credit.parent.children = children.filter((child) => !credit.nodes.includes(child)) as typeof credit.parent.children;
}
