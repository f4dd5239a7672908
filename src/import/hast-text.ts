/** Small helpers over HTML trees (hast) shared by the import stages. */
import type { Element, ElementContent, Nodes, Parents, Root } from 'hast';
import { toText } from 'hast-util-to-text';

/**
 * The text a reader sees in a node, on one line: no-break and other odd spaces become plain spaces,
 * runs of white space collapse to one, and the ends are trimmed.
 */
export function textOf(node: Nodes): string {
  return cleanText(toText(node, { whitespace: 'normal' }));
}

/** Collapses white space (including no-break spaces) to single spaces and trims. */
export function cleanText(text: string): string {
  return text
    .replace(/[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+/gu, ' ')
    .trim();
}

/**
 * Whether a node is an element with one of the given tag names. (Not a type guard on purpose: a guard
 * would wrongly tell TypeScript that a node failing the name test is no element at all.)
 */
export function isElement(node: Nodes | undefined, ...names: string[]): boolean {
  return node?.type === 'element' && names.includes(node.tagName);
}

/** Whether a node shows nothing: white space, comments, or elements with neither text nor an image. */
export function isBlank(node: Nodes): boolean {
  if (node.type === 'comment' || node.type === 'doctype') return true;
  if (node.type === 'text') return cleanText(node.value) === '';
  if (node.type === 'element') {
    if (['img', 'iframe', 'video', 'audio', 'hr', 'table'].includes(node.tagName)) return false;
    return node.children.every((child) => isBlank(child));
  }
  return 'children' in node ? node.children.every((child: Nodes) => isBlank(child)) : true;
}

/** Whether `inner` is `outer` or lies inside it. */
export function contains(outer: Nodes, inner: Nodes): boolean {
  if (outer === inner) return true;
  if (!('children' in outer)) return false;
  return (outer.children as Nodes[]).some((child) => contains(child, inner));
}

/** Removes every node for which `test` holds from the tree, at any depth (the tree is changed in place). */
export function removeWhere(tree: Parents, test: (node: ElementContent) => boolean): void {
  const children = tree.children as ElementContent[];
  for (let index = children.length - 1; index >= 0; index--) {
    const child = children[index];
    if (child === undefined) continue;
    if (test(child)) children.splice(index, 1);
    else if (child.type === 'element') removeWhere(child, test);
  }
}

/** A root node holding a copy of the list of an element's children (the nodes themselves are shared). */
export function rootOf(element: Element): Root {
  return { type: 'root', children: [...element.children] };
}
