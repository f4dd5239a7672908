/**
 * A parser for the Markdown most ward articles are written in, giving exactly the syntax tree (positions included)
 * that remark-parse gives, about twenty times faster, and `undefined` for anything else.
 *
 * It accepts a document only when every block is one of: a blank line; an ATX heading (`#`–`######`, one space,
 * no `#` in the title); a paragraph of lines starting at the margin; a list of one-line items (`- ` or `1. `)
 * after a blank line and followed by one. Inline, it accepts text, `**strong**` opened after a space or at a line
 * start before a letter or digit and closed after a letter or digit (or `.,;:!?%` before a space, a line end or
 * punctuation), and `[links](/without/spaces/or/parentheses)`. Any character that could start another construct
 * (`\`, backquote, `<`, `>`, `&`, `_`, `~`, `|`, a lone `*`, `[` or `]`, `![`, a tab, a carriage return, leading
 * or trailing spaces, characters outside the Basic Multilingual Plane) makes it give up, and the caller parses
 * with remark-parse. In these documents the CommonMark rules it skips cannot apply, so the trees are the same;
 * `test/perf/simple-markdown.test.ts` checks it against remark-parse on corpora, fixtures and random documents.
 */
import type { Heading, List, ListItem, Paragraph, PhrasingContent, Root, RootContent } from 'mdast';
import type { Position } from 'unist';

/** Characters that may start a construct this parser does not handle. */
const UNSUPPORTED = /[\\`<>&_~|\t\r\f\v\0]|!\[|[\uD800-\uDFFF]/;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const CLOSER_PUNCTUATION = '.,;:!?%';
const AFTER_PUNCTUATION_CLOSER = ' .,;:!?)\n';
const ORDERED_ITEM = /^([1-9]\d{0,8})\. (.*)$/;
const LIST_MARKER_LIKE = /^(?:[-+*]|\d{1,9}[.)])(?: |$)/;
const LINK_DESTINATION = /^[^\s()<>\\[\]]+$/;

/** Turns offsets into points, for one document. */
class Points {
  private readonly lineStarts: number[] = [0];

  constructor(document: string) {
    for (let i = document.indexOf('\n'); i >= 0; i = document.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  point(offset: number): { line: number; column: number; offset: number } {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.lineStarts[low]! + 1, offset };
  }

  position(start: number, end: number): Position {
    return { start: this.point(start), end: this.point(end) };
  }
}

/** Whether `char` is a letter or a digit (neither whitespace nor punctuation to CommonMark). */
function letterOrDigit(char: string | undefined): boolean {
  return char !== undefined && LETTER_OR_DIGIT.test(char);
}

/**
 * Phrasing content of `document.slice(start, end)` (which may hold line ends, inside a paragraph), or undefined
 * when it holds anything but text, simple strong and simple links.
 */
function phrasing(document: string, start: number, end: number, points: Points): PhrasingContent[] | undefined {
  const nodes: PhrasingContent[] = [];
  let textStart = start;
  const flushText = (upTo: number): void => {
    if (upTo > textStart) nodes.push({ type: 'text', value: document.slice(textStart, upTo), position: points.position(textStart, upTo) });
  };
  let i = start;
  while (i < end) {
    const char = document[i]!;
    if (char === '*') {
      // An opener: `**` after a space or a line start, before a letter or digit.
      const before = i === start ? '\n' : document[i - 1]!;
      if (document[i + 1] !== '*' || (before !== ' ' && before !== '\n') || !letterOrDigit(document[i + 2])) return undefined;
      const close = document.indexOf('**', i + 2);
      if (close < 0 || close + 2 > end) return undefined;
      const inner = document.slice(i + 2, close);
      if (/[*[\]\n]/.test(inner)) return undefined;
      const last = document[close - 1]!;
      const after = close + 2 === end ? '\n' : document[close + 2]!;
      if (after === '*') return undefined;
      if (!letterOrDigit(last) && !(CLOSER_PUNCTUATION.includes(last) && AFTER_PUNCTUATION_CLOSER.includes(after))) return undefined;
      flushText(i);
      nodes.push({
        type: 'strong',
        children: [{ type: 'text', value: inner, position: points.position(i + 2, close) }],
        position: points.position(i, close + 2),
      });
      i = textStart = close + 2;
      continue;
    }
    if (char === '[') {
      const labelEnd = document.indexOf(']', i + 1);
      if (labelEnd < 0 || labelEnd >= end || document[labelEnd + 1] !== '(') return undefined;
      const label = document.slice(i + 1, labelEnd);
      if (label === '' || label.startsWith('^') || /[*[\n]/.test(label)) return undefined;
      const destinationEnd = document.indexOf(')', labelEnd + 2);
      if (destinationEnd < 0 || destinationEnd >= end) return undefined;
      const destination = document.slice(labelEnd + 2, destinationEnd);
      if (!LINK_DESTINATION.test(destination)) return undefined;
      flushText(i);
      nodes.push({
        type: 'link',
        title: null,
        url: destination,
        children: [{ type: 'text', value: label, position: points.position(i + 1, labelEnd) }],
        position: points.position(i, destinationEnd + 1),
      });
      i = textStart = destinationEnd + 1;
      continue;
    }
    if (char === ']') return undefined;
    i++;
  }
  flushText(end);
  return nodes;
}

/** Whether a line may start a paragraph line (and cannot be read as the start of another block). */
function plainLineStart(line: string): boolean {
  if (line === '' || line[0] === ' ' || line.endsWith(' ') || LIST_MARKER_LIKE.test(line)) return false;
  const first = line[0]!;
  return letterOrDigit(first) || first === '[' || first === '*' || first === '(' || first === '"' || first === '“';
}

/** A list item's content: what `plainLineStart` accepts, on one line. */
function itemContent(content: string): boolean {
  return plainLineStart(content) && !content.startsWith('[ ]') && !/^\[[xX]\]/.test(content);
}

/** Parses `document` as remark-parse would, or returns undefined when it holds anything this parser does not know. */
export function parseSimple(document: string): Root | undefined {
  if (UNSUPPORTED.test(document)) return undefined;
  const points = new Points(document);
  const children: RootContent[] = [];
  const lines = document.split('\n');
  let offset = 0;
  /** Start offset and end offset of the paragraph being read, if any. */
  let paragraph: { start: number; end: number } | undefined;
  /** The list being read, and whether a blank line ended it. */
  let list: { node: List; ordered: boolean; closed: boolean } | undefined;
  let blankBefore = true;

  const endParagraph = (): boolean => {
    if (!paragraph) return true;
    const content = phrasing(document, paragraph.start, paragraph.end, points);
    if (!content) return false;
    const node: Paragraph = { type: 'paragraph', children: content, position: points.position(paragraph.start, paragraph.end) };
    children.push(node);
    paragraph = undefined;
    return true;
  };

  for (const line of lines) {
    const lineStart = offset;
    const lineEnd = offset + line.length;
    offset = lineEnd + 1;

    if (/^ *$/.test(line)) {
      if (!endParagraph()) return undefined;
      if (list) list.closed = true;
      blankBefore = true;
      continue;
    }

    const heading = /^(#{1,6}) (.*)$/.exec(line);
    const ordered = ORDERED_ITEM.exec(line);
    const bullet = line.startsWith('- ') ? line.slice(2) : undefined;

    if (bullet !== undefined || ordered) {
      const isOrdered = Boolean(ordered);
      const content = ordered ? ordered[2]! : bullet!;
      const contentStart = lineStart + (ordered ? ordered[1]!.length + 2 : 2);
      if (!itemContent(content) || paragraph) return undefined;
      if (list && (list.closed || list.ordered !== isOrdered)) return undefined;
      if (!list && !blankBefore) return undefined;
      const inline = phrasing(document, contentStart, lineEnd, points);
      if (!inline) return undefined;
      const item: ListItem = {
        type: 'listItem',
        spread: false,
        checked: null,
        children: [{ type: 'paragraph', children: inline, position: points.position(contentStart, lineEnd) }],
        position: points.position(lineStart, lineEnd),
      };
      if (!list) {
        const node: List = {
          type: 'list',
          ordered: isOrdered,
          start: ordered ? Number(ordered[1]) : null,
          spread: false,
          children: [],
          position: points.position(lineStart, lineEnd),
        };
        children.push(node);
        list = { node, ordered: isOrdered, closed: false };
      }
      list.node.children.push(item);
      list.node.position!.end = points.point(lineEnd);
      blankBefore = false;
      continue;
    }

    // Anything after a list but a blank line would continue it, or start something this parser does not know.
    if (list && !list.closed) return undefined;
    list = undefined;

    if (heading) {
      const title = heading[2]!;
      if (!plainLineStart(title) || title.includes('#')) return undefined;
      if (!endParagraph()) return undefined;
      const contentStart = lineStart + heading[1]!.length + 1;
      const inline = phrasing(document, contentStart, lineEnd, points);
      if (!inline) return undefined;
      const node: Heading = { type: 'heading', depth: heading[1]!.length as Heading['depth'], children: inline, position: points.position(lineStart, lineEnd) };
      children.push(node);
      blankBefore = false;
      continue;
    }

    if (!plainLineStart(line)) return undefined;
    if (paragraph) paragraph.end = lineEnd;
    else paragraph = { start: lineStart, end: lineEnd };
    blankBefore = false;
  }
  if (!endParagraph()) return undefined;
  return { type: 'root', children, position: points.position(0, document.length) };
}
