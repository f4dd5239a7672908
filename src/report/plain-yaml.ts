/**
 * A fast reader for the plain YAML that front matter and configs are almost always written in: a top-level mapping
 * of `key: value` lines, whose values are one-line scalars, one-line flow lists of scalars (`[a, b]`), block
 * mappings of one-line scalars, or block lists (`- item`) of one-line scalars or of such mappings (`- name: …` then
 * `  role: …`). It gives what the `yaml` package gives with the core schema, the
 * same value and the same node start offsets, and returns `undefined` for anything else (comments, anchors, tags,
 * flow collections, block or multi-line scalars, empty values, escapes, tabs, CR, duplicate keys…), which the
 * caller then parses with `yaml` as before. `test/report/plain-yaml.test.ts` checks it against `yaml`.
 */
import { Schema } from 'yaml';

/** A value of plain YAML with the offset where its node starts in the text (the `yaml` node's `range[0]`). */
export type PlainNode = PlainScalar | PlainSeq | PlainMap;

/** A one-line scalar: a string, a decimal integer or a boolean. */
export interface PlainScalar {
  kind: 'scalar';
  start: number;
  value: string | number | boolean;
}

/** A block list. */
export interface PlainSeq {
  kind: 'seq';
  start: number;
  items: PlainNode[];
}

/** A block mapping, its entries in order of the text. */
export interface PlainMap {
  kind: 'map';
  start: number;
  entries: Map<string, { keyStart: number; node: PlainNode }>;
}

/** What {@link parsePlainYaml} gives: the document's mapping and its plain JavaScript value. */
export interface PlainDocument {
  root: PlainMap;
  value: Record<string, unknown>;
}

// Anything that could make the text other than plain: control characters (tab and CR included), a BOM, the
// characters some readers take as line breaks.
const NOT_PLAIN = /[\x00-\x09\x0b-\x1f\x7f\u0085\u2028\u2029\ufeff]/;
// A key and the spaces up to its value: letters first, so that no core-schema tag but the string one can match
// (null, true and false are refused by resolving the key like any plain scalar).
const KEY = /^([A-Za-z][A-Za-z0-9_-]{0,99}):(?: +|$)/;
// The characters a plain scalar may not start with (YAML indicators), and the quoted scalars without escapes.
const INDICATOR = /^[-?:,[\]{}#&*!|>'"%@`]/;
const DOUBLE_QUOTED = /^"([^"\\]*)" *$/;
const SINGLE_QUOTED = /^'([^']*)' *$/;
const SAFE_INTEGER = /^(?:0|[1-9][0-9]{0,14})$/;

// Only an empty scalar or one starting with one of these can match a core-schema test (null, bool, int, float).
const MAYBE_TAGGED = /^(?:$|[-+.0-9~nNtTfF])/;
// The core schema's scalar tags with a test, in the order `yaml` tries them on a plain scalar.
const CORE_TESTS = new Schema({ schema: 'core' }).tags.flatMap((tag) => (tag.default === true && tag.test ? [{ tag: tag.tag, format: tag.format, test: tag.test }] : []));

/** A plain scalar's value as the core schema resolves it, or `undefined` when the fast reader leaves it to `yaml`. */
function resolvePlain(text: string): string | number | boolean | undefined {
  if (!MAYBE_TAGGED.test(text)) return text;
  const tag = CORE_TESTS.find((t) => t.test.test(text));
  if (!tag) return text;
  if (tag.tag === 'tag:yaml.org,2002:bool') return text[0] === 't' || text[0] === 'T';
  if (tag.tag === 'tag:yaml.org,2002:int' && tag.format === undefined && SAFE_INTEGER.test(text)) return Number(text);
  return undefined;
}

/** A one-line scalar written at `start` (its first character) up to the end of its line, or undefined. */
function scalar(text: string, start: number): PlainScalar | undefined {
  const quoted = text[0] === '"' ? DOUBLE_QUOTED.exec(text) : text[0] === "'" ? SINGLE_QUOTED.exec(text) : undefined;
  if (quoted) return { kind: 'scalar', start, value: quoted[1]! };
  if (quoted === null || INDICATOR.test(text)) return undefined;
  const plain = text.replace(/ +$/, '');
  if (plain.endsWith(':') || plain.includes(': ') || plain.includes(' #')) return undefined;
  const value = resolvePlain(plain);
  return value === undefined ? undefined : { kind: 'scalar', start, value };
}

/** A key as the core schema reads it, or undefined unless it is a plain string. */
function key(name: string): string | undefined {
  return typeof resolvePlain(name) === 'string' ? name : undefined;
}

/** A line that is not blank: its text, where it starts in the document, its indent in spaces. */
type Line = { text: string; offset: number; indent: number };

/** The lines of `text` that are not blank, with their offsets. */
function contentLines(text: string): Line[] {
  const lines: Line[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    const indent = /^ */.exec(line)![0].length;
    if (indent < line.length) lines.push({ text: line, offset, indent });
    offset += line.length + 1;
  }
  return lines;
}

/**
 * Reads `text` when it is plain YAML (see the module comment), giving exactly the value and node positions `yaml`'s
 * `parseDocument` gives with the core schema and unique keys; `undefined` otherwise.
 */
export function parsePlainYaml(text: string): PlainDocument | undefined {
  if (NOT_PLAIN.test(text)) return undefined;
  const lines = contentLines(text);
  if (lines.length === 0) return undefined;
  const root: PlainMap = { kind: 'map', start: lines[0]!.offset, entries: new Map() };
  const value: Record<string, unknown> = {};
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const match = line.indent === 0 ? KEY.exec(line.text) : null;
    const name = match ? key(match[1]!) : undefined;
    if (!match || name === undefined || root.entries.has(name)) return undefined;
    i++;
    let read: [PlainNode, unknown, number] | undefined;
    if (match[0].length < line.text.length) {
      const rest = line.text.slice(match[0].length);
      const start = line.offset + match[0].length;
      const node = rest[0] === '[' ? flowList(rest, start) : scalar(rest, start);
      if (node) read = [node, node.kind === 'seq' ? node.items.map((item) => (item as PlainScalar).value) : node.value, i];
    } else {
      const next = lines[i];
      read = next?.text.startsWith('- ', next.indent) ? readList(lines, i) : next && next.indent > 0 ? readPairs(lines, i, next.indent) : undefined;
      // Whatever follows must start a new top-level key; anything more indented is a form left to `yaml`.
      if (read && lines[read[2]] && lines[read[2]]!.indent !== 0) read = undefined;
    }
    if (!read) return undefined;
    root.entries.set(name, { keyStart: line.offset, node: read[0] });
    value[name] = read[1];
    i = read[2];
  }
  return { root, value };
}

/** The block list starting at `lines[from]` (its items' indent set by the first): node, value, next line index. */
function readList(lines: Line[], from: number): [PlainSeq, unknown[], number] | undefined {
  const indent = lines[from]!.indent;
  const seq: PlainSeq = { kind: 'seq', start: lines[from]!.offset + indent, items: [] };
  const values: unknown[] = [];
  let i = from;
  while (i < lines.length && lines[i]!.indent === indent && lines[i]!.text.startsWith('- ', indent)) {
    const line = lines[i]!;
    const at = indent + 2;
    const itemText = line.text.slice(at);
    if (itemText[0] === ' ') return undefined;
    if (KEY.test(itemText)) {
      // A mapping item: its first pair on the dash's line, the others below at the same column.
      const map = readPairs(lines, i, at, { text: itemText, offset: line.offset + at });
      if (!map) return undefined;
      seq.items.push(map[0]);
      values.push(map[1]);
      i = map[2];
    } else {
      const item = scalar(itemText, line.offset + at);
      if (!item) return undefined;
      seq.items.push(item);
      values.push(item.value);
      i++;
    }
  }
  return [seq, values, i];
}

/**
 * The block mapping of `key: scalar` lines at `column` starting at `lines[from]`, or, for a list item, at `first`
 * (the text after its dash) then the lines below: node, value, next line index.
 */
function readPairs(lines: Line[], from: number, column: number, first?: { text: string; offset: number }): [PlainMap, Record<string, unknown>, number] | undefined {
  const at = (line: Line | undefined): { text: string; offset: number } | undefined =>
    line && line.indent === column ? { text: line.text.slice(column), offset: line.offset + column } : undefined;
  let pair = first ?? at(lines[from]);
  if (!pair) return undefined;
  const map: PlainMap = { kind: 'map', start: pair.offset, entries: new Map() };
  const object: Record<string, unknown> = {};
  let i = from + 1;
  while (pair) {
    const found = KEY.exec(pair.text);
    const name = found ? key(found[1]!) : undefined;
    if (!found || name === undefined || map.entries.has(name) || found[0].length === pair.text.length) return undefined;
    const node = scalar(pair.text.slice(found[0].length), pair.offset + found[0].length);
    if (!node) return undefined;
    map.entries.set(name, { keyStart: pair.offset, node });
    object[name] = node.value;
    pair = at(lines[i]);
    if (pair) i++;
  }
  return [map, object, i];
}

// A flow list item and what ends it: quoted without escapes, or plain without flow indicators, `#` or ": ".
const FLOW_ITEM = /^("[^"\\]*"|'[^']*'|[^-?:,[\]{}#&*!|>'"%@`\s](?:[^,[\]{}#:\s]|:(?=[^\s,[\]{}])| +(?=[^,\]\s#]))*) *([,\]]) */;

/** A one-line flow list of scalars, `[a, "b", 3]`, written at `start` up to the end of its line, or undefined. */
function flowList(text: string, start: number): PlainSeq | undefined {
  const seq: PlainSeq = { kind: 'seq', start, items: [] };
  if (/^\[ *\] *$/.test(text)) return seq;
  let at = /^\[ */.exec(text)![0].length;
  for (;;) {
    const match = FLOW_ITEM.exec(text.slice(at));
    if (!match) return undefined;
    const raw = match[1]!;
    const value = raw[0] === '"' || raw[0] === "'" ? raw.slice(1, -1) : resolvePlain(raw);
    if (value === undefined) return undefined;
    seq.items.push({ kind: 'scalar', start: start + at, value });
    at += match[0].length;
    if (match[2] === ']') return at === text.length ? seq : undefined;
  }
}
