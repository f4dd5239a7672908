/**
 * Finds where a YAML field stands in its file, by node range (the `yaml` package's `parseDocument` +
 * `LineCounter`), so messages about config and front matter point at the offending value.
 */
import { LineCounter, parseDocument, isNode, isMap, type Document } from 'yaml';
import type { VFile } from 'vfile';
import { error, type Point } from './messages.ts';

/** A parsed YAML block of a file, able to place any of its fields. */
export interface YamlSource {
  /** The plain JavaScript value of the document (strings stay strings: no date or other magic). */
  value: unknown;
  /** Where the value at a key path stands in the file, or the block's start when it is absent. */
  place(path: (string | number)[], part?: 'key' | 'value'): Point;
}

/**
 * Parses `text` as YAML (core schema, unique keys) and reports syntax errors on `file` with true positions.
 * `firstLine` is the file line where `text` starts (2 for front matter after `---`).
 */
export function parseYaml(file: VFile, text: string, firstLine = 1): YamlSource {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, schema: 'core', uniqueKeys: true, prettyErrors: false });
  const toPoint = (offset: number): Point => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: line + firstLine - 1, column: col };
  };
  for (const problem of doc.errors) {
    error(file, `Invalid YAML: ${problem.message.split('\n')[0]}`, {
      place: toPoint(problem.pos[0]),
      ruleId: 'yaml-syntax',
      note: 'Check indentation and quote values that contain ": " or start with special characters.',
    });
  }
  const value: unknown = doc.errors.length ? undefined : doc.toJS();
  return {
    value,
    place(path, part = 'value') {
      if (path.length && part === 'key') {
        const parent = doc.getIn(path.slice(0, -1), true);
        if (isMap(parent)) {
          const pair = parent.items.find((item) => isNode(item.key) && (item.key as { value?: unknown }).value === path.at(-1));
          if (pair && isNode(pair.key) && pair.key.range) return toPoint(pair.key.range[0]);
        }
      }
      for (let depth = path.length; depth >= 0; depth--) {
        const node = doc.getIn(path.slice(0, depth), true);
        if (isNode(node) && node.range) return toPoint(node.range[0]);
      }
      return { line: firstLine, column: 1 };
    },
  };
}
