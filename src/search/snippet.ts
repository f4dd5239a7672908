/**
 * Highlighting: which stretches of a title or body match the query, and the window of the body that shows
 * the most of them. Returns plain segments; the browser turns them into text nodes and `<mark>` elements,
 * so no article text is ever parsed as HTML. Pure.
 */
import { tokenize } from '../vi/tokenize.ts';
import type { SearchResult } from './engine.ts';

/** A piece of text, marked when it matched the query. */
export interface Segment {
  text: string;
  mark: boolean;
}

/** What to highlight: folded keys, and unfinished words whose completions count too. */
export interface Highlighter {
  keys: Set<string>;
  prefixes: string[];
}

/** The highlighter of a search result: its terms, the completions used, and the syllables of its phrases. */
export function highlighterOf(result: Pick<SearchResult, 'query' | 'expansions'>): Highlighter {
  const keys = new Set<string>(result.expansions);
  const prefixes: string[] = [];
  for (const t of result.query.terms) {
    if (t.prefix) prefixes.push(t.folded);
    else keys.add(t.folded);
  }
  return { keys, prefixes };
}

/** Matched ranges of `text`, as sorted, non-overlapping `[start, end)` offsets, each with its key. */
function matches(text: string, h: Highlighter): { start: number; end: number; key: string }[] {
  const found: { start: number; end: number; key: string }[] = [];
  for (const token of tokenize(text)) {
    const hit = h.keys.has(token.folded) || (token.kind === 'word' && h.prefixes.some((p) => token.folded.startsWith(p)));
    if (!hit) continue;
    const last = found[found.length - 1];
    // The parts of a matched document number lie inside it.
    if (last && token.start < last.end) continue;
    found.push({ start: token.start, end: token.end, key: token.folded });
  }
  return found;
}

function segmentsOf(text: string, ranges: { start: number; end: number }[], from: number, to: number): Segment[] {
  const out: Segment[] = [];
  let at = from;
  for (const r of ranges) {
    if (r.end <= from || r.start >= to) continue;
    if (r.start > at) out.push({ text: text.slice(at, r.start), mark: false });
    out.push({ text: text.slice(Math.max(r.start, from), Math.min(r.end, to)), mark: true });
    at = Math.min(r.end, to);
  }
  if (at < to) out.push({ text: text.slice(at, to), mark: false });
  return out;
}

/** The whole of `text` (a title), with its matches marked. */
export function highlight(text: string, h: Highlighter): Segment[] {
  const source = text.normalize('NFC');
  return segmentsOf(source, matches(source, h), 0, source.length);
}

/** Number of distinct keys and of matches in a window. */
function windowScore(ranges: { start: number; end: number; key: string }[], from: number, to: number): [number, number] {
  const inside = ranges.filter((r) => r.start >= from && r.end <= to);
  return [new Set(inside.map((r) => r.key)).size, inside.length];
}

/**
 * About `length` characters of `text` around its best matches (the most distinct query words, then the
 * most matches, then the earliest), cut at word boundaries, with "…" where text was left out. Without a
 * match, the start of the text.
 */
export function snippet(text: string, h: Highlighter, length = 200): Segment[] {
  const source = text.normalize('NFC');
  const ranges = matches(source, h);
  let from = 0;
  if (ranges.length > 0 && source.length > length) {
    let best: [number, number] = [-1, -1];
    for (const r of ranges) {
      // Start a little before the match, at a word boundary, for context.
      const space = r.start <= 40 ? -1 : source.indexOf(' ', r.start - 40);
      const start = r.start <= 40 ? 0 : space >= 0 && space < r.start ? space + 1 : r.start;
      const score = windowScore(ranges, start, start + length);
      if (score[0] > best[0] || (score[0] === best[0] && score[1] > best[1])) {
        best = score;
        from = start;
      }
    }
  }
  let to = Math.min(source.length, from + length);
  if (to < source.length) {
    const space = source.lastIndexOf(' ', to);
    if (space > from) to = space;
  }
  const segments = segmentsOf(source, ranges, from, to);
  if (from > 0) segments.unshift({ text: '…', mark: false });
  if (to < source.length) segments.push({ text: '…', mark: false });
  return segments;
}
