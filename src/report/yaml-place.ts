/**
 * Finds where a YAML field stands in its file, by node range (the `yaml` package's `parseDocument` +
 * `LineCounter`), so messages about config and front matter point at the offending value. Plain YAML, what front
 * matter almost always is, is read by `plain-yaml.ts` instead, which gives the same values and node starts faster.
 */
import { LineCounter, parseDocument, isNode, isMap, visit, type Alias, type Document } from 'yaml';
import type { VFile } from 'vfile';
import { error, type Point } from './messages.ts';
import { parsePlainYaml, type PlainNode } from './plain-yaml.ts';

type KeyPath = (string | number)[];

/** A parsed YAML block of a file, able to place any of its fields. */
export interface YamlSource {
  /** The plain JavaScript value of the document (strings stay strings: no date or other magic). */
  value: unknown;
  /** Where the value at a key path stands in the file, or the block's start when it is absent. */
  place(path: KeyPath, part?: 'key' | 'value'): Point;
}

/** Node start offsets of a parsed document: of the node at a key path, and of the key of a mapping's pair. */
interface Starts {
  node(path: KeyPath): number | undefined;
  key(path: KeyPath): number | undefined;
}

/** `YamlSource.place` over node starts: the key or value at `path`, else its nearest present ancestor. */
function placeIn(starts: Starts, toPoint: (offset: number) => Point, firstLine: number, path: KeyPath, part: 'key' | 'value'): Point {
  if (path.length && part === 'key') {
    const start = starts.key(path);
    if (start !== undefined) return toPoint(start);
  }
  for (let depth = path.length; depth >= 0; depth--) {
    const start = starts.node(path.slice(0, depth));
    if (start !== undefined) return toPoint(start);
  }
  return { line: firstLine, column: 1 };
}

/**
 * Parses `text` as YAML (core schema, unique keys) and reports syntax errors on `file` with true positions.
 * `firstLine` is the file line where `text` starts (2 for front matter after `---`). Plain YAML is read by
 * `parsePlainYaml`, anything else by {@link parseYamlDocument}; both give the same value and places.
 */
export function parseYaml(file: VFile, text: string, firstLine = 1): YamlSource {
  const plain = parsePlainYaml(text);
  if (plain) {
    let lineStarts: number[] | undefined;
    const toPoint = (offset: number): Point => {
      lineStarts ??= [0, ...[...text.matchAll(/\n/g)].map((m) => m.index + 1)];
      let line = 0;
      while (line + 1 < lineStarts.length && lineStarts[line + 1]! <= offset) line++;
      return { line: line + firstLine, column: offset - lineStarts[line]! + 1 };
    };
    const starts: Starts = {
      node: (path) => plainNodeAt(plain.root, path)?.start,
      key: (path) => {
        const parent = plainNodeAt(plain.root, path.slice(0, -1));
        return parent?.kind === 'map' ? parent.entries.get(path.at(-1) as string)?.keyStart : undefined;
      },
    };
    return { value: plain.value, place: (path, part = 'value') => placeIn(starts, toPoint, firstLine, path, part) };
  }
  return parseYamlDocument(file, text, firstLine);
}

/** {@link parseYaml} with the `yaml` package alone (`parseDocument` + `LineCounter`), whatever the text. */
export function parseYamlDocument(file: VFile, text: string, firstLine = 1): YamlSource {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, schema: 'core', uniqueKeys: true, prettyErrors: false });
  const toPoint = (offset: number): Point => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: line + firstLine - 1, column: col };
  };
  const syntaxError = (reason: string, offset: number): void => {
    error(file, `Invalid YAML: ${reason.split('\n')[0]}`, {
      place: toPoint(offset),
      ruleId: 'yaml-syntax',
      note: 'Check indentation and quote values that contain ": " or start with special characters.',
    });
  };
  for (const problem of doc.errors) syntaxError(problem.message, problem.pos[0]);
  let value: unknown;
  if (!doc.errors.length) {
    try {
      value = doc.toJS();
    } catch (problem) {
      // yaml throws, rather than reports, an alias without its anchor (or one that expands too much).
      if (!(problem instanceof ReferenceError)) throw problem;
      let first: Alias | undefined;
      let unresolved: Alias | undefined;
      visit(doc, {
        Alias(_, node) {
          first ??= node;
          if (node.resolve(doc)) return undefined;
          unresolved = node;
          return visit.BREAK;
        },
      });
      syntaxError(problem.message, (unresolved ?? first)?.range?.[0] ?? 0);
    }
  }
  const starts: Starts = {
    node: (path) => {
      const node = doc.getIn(path, true);
      return isNode(node) && node.range ? node.range[0] : undefined;
    },
    key: (path) => {
      const parent = doc.getIn(path.slice(0, -1), true);
      if (!isMap(parent)) return undefined;
      const pair = parent.items.find((item) => isNode(item.key) && (item.key as { value?: unknown }).value === path.at(-1));
      return pair && isNode(pair.key) && pair.key.range ? pair.key.range[0] : undefined;
    },
  };
  return { value, place: (path, part = 'value') => placeIn(starts, toPoint, firstLine, path, part) };
}

/** The node at `path` as `yaml`'s `Document.getIn` finds it: map entries by key, list items by index. */
function plainNodeAt(root: PlainNode, path: KeyPath): PlainNode | undefined {
  let node: PlainNode | undefined = root;
  for (const step of path) {
    if (node?.kind === 'map') node = typeof step === 'string' ? node.entries.get(step)?.node : undefined;
    else if (node?.kind === 'seq') {
      const index = typeof step === 'string' && step ? Number(step) : step;
      node = typeof index === 'number' && Number.isInteger(index) && index >= 0 ? node.items[index] : undefined;
    } else return undefined;
  }
  return node;
}
