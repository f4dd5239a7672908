/**
 * A walk over the elements of a hast tree for bantin's own rehype plugins, which look only at elements. It does
 * what `unist-util-visit(tree, 'element', visitor)` does for them (document order, parents before children,
 * a replaced element's children skipped) at a fraction of the cost: no test function per node and no array of
 * ancestors per element, which made each of our plugins' walks cost as much as parsing the article.
 */
import type { Element, Root } from 'hast';

/**
 * What a visitor gives back: nothing to go on into the element's children, or an element that takes the visited
 * one's place in its parent (its children are then not walked).
 */
export type ElementVisitor = (node: Element, index: number, parent: Root | Element) => Element | void;

/** Calls `visitor` on every element under `tree`, in document order. */
export function walkElements(tree: Root | Element, visitor: ElementVisitor): void {
  const { children } = tree;
  for (let index = 0; index < children.length; index++) {
    const node = children[index]!;
    if (node.type !== 'element') continue;
    const replacement = visitor(node, index, tree);
    if (replacement) children[index] = replacement;
    else walkElements(node, visitor);
  }
}
