/**
 * The plain text of a rendered body, for the search index and excerpts: `hast-util-to-text` (the `innerText`
 * algorithm) with every run of whitespace made one space. For the elements ward articles are made of, that comes
 * down to the text nodes in order with a line break around each block and at each `<br>`; this module does that
 * in one loop and leaves any other tree (tables, hidden elements, anything else) to `hast-util-to-text`, which
 * costs several times more. `test/markdown/plain-text.test.ts` holds the two to the same answers.
 */
import type { Element, Root, RootContent } from 'hast';
import { toText } from 'hast-util-to-text';

/** Elements `innerText` puts on lines of their own. */
const BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'hr', 'figure', 'figcaption']);
/** Elements whose text runs on with what is around them. */
const INLINE = new Set(['a', 'strong', 'em', 'b', 'i', 'code', 'del', 's', 'sup', 'sub', 'span', 'img', 'picture', 'source']);

/** The plain text of `tree`, whitespace collapsed to single spaces and trimmed. */
export function plainText(tree: Root): string {
  const parts: string[] = [];
  const text = collect(tree.children, parts) ? parts.join('') : toText(tree, { whitespace: 'normal' });
  return text.replace(/\s+/g, ' ').trim();
}

/** Appends the text of `nodes` to `parts`; false when a node is not one this module knows. */
function collect(nodes: RootContent[] | Element['children'], parts: string[]): boolean {
  for (const node of nodes) {
    if (node.type === 'text') {
      parts.push(node.value);
    } else if (node.type === 'element') {
      const { tagName } = node;
      if (node.properties['hidden'] !== undefined && node.properties['hidden'] !== false) return false;
      if (tagName === 'br') {
        parts.push('\n');
      } else if (BLOCKS.has(tagName)) {
        parts.push('\n');
        if (!collect(node.children, parts)) return false;
        parts.push('\n');
      } else if (INLINE.has(tagName)) {
        if (!collect(node.children, parts)) return false;
      } else {
        return false;
      }
    } else if (node.type !== 'comment') {
      return false;
    }
  }
  return true;
}
