/**
 * What a reader typed → what to look up: the terms (folded, with their exact form when typed with
 * diacritics), the pairs of adjacent syllables (required inside "quoted phrases", a ranking hint elsewhere)
 * and, while typing, the unfinished last word as a prefix. Pure; shared by the build's tests and the browser.
 */
import { hasDiacritics, tokenize, type TokenKind } from '../vi/tokenize.ts';
import { pairKey } from './format.ts';

/** One term of a query. */
export interface QueryTerm {
  /** Folded key: "cong", "06-tt/qu", "23/09/2020". */
  folded: string;
  /** Diacritics-exact form (see `exactKey`). */
  exact: string;
  /** True when typed with diacritics: then an article with this exact form ranks first. */
  typedExact: boolean;
  kind: TokenKind;
  /** True inside a quoted phrase: a term typed with diacritics must then match them. */
  quoted: boolean;
  /** True for the last word while the reader is still typing it: any key starting with it matches. */
  prefix: boolean;
}

/** Two adjacent syllables of the query. */
export interface QueryPair {
  key: string;
  /** Inside a quoted phrase: the article must contain them side by side. */
  required: boolean;
}

/** A parsed query. */
export interface ParsedQuery {
  /** Distinct terms, in the order typed. */
  terms: QueryTerm[];
  /** Distinct pairs. */
  pairs: QueryPair[];
}

/** How to read a query. */
export interface ParseOptions {
  /**
   * The reader is still typing: unless the query ends with a space or a closing quote, its last word (of two
   * letters or more, outside quotes) is a prefix.
   */
  typing?: boolean;
}

/** Straight and typographic double quotes (phone keyboards type “ ”). */
const QUOTE = /["“”„]/;

/** Splits a query into unquoted runs and quoted phrases; an unclosed quote runs to the end. */
function groups(query: string): { text: string; quoted: boolean }[] {
  const out: { text: string; quoted: boolean }[] = [];
  let rest = query;
  let quoted = false;
  while (rest.length > 0) {
    const m = QUOTE.exec(rest);
    const end = m ? m.index : rest.length;
    if (end > 0) out.push({ text: rest.slice(0, end), quoted });
    rest = m ? rest.slice(end + 1) : '';
    if (m) quoted = !quoted;
  }
  return out;
}

/** Parses what the reader typed. */
export function parseQuery(query: string, options: ParseOptions = {}): ParsedQuery {
  const text = query.normalize('NFC');
  const terms: QueryTerm[] = [];
  const pairs: QueryPair[] = [];
  for (const group of groups(text)) {
    let previous: string | undefined;
    for (const token of tokenize(group.text)) {
      if (!token.part) {
        terms.push({
          folded: token.folded,
          exact: token.exact,
          typedExact: token.kind === 'word' && hasDiacritics(token.text),
          kind: token.kind,
          quoted: group.quoted,
          prefix: false,
        });
      }
      // As in the index, a document number or date breaks the chain of pairs.
      if (token.part || token.kind === 'code' || token.kind === 'date') {
        previous = undefined;
      } else {
        if (previous !== undefined) pairs.push({ key: pairKey(previous, token.folded), required: group.quoted });
        previous = token.folded;
      }
    }
  }

  const last = terms[terms.length - 1];
  if (options.typing && last && !last.quoted && last.kind === 'word' && last.folded.length >= 2 && !/[\s"“”„]$/.test(text)) {
    last.prefix = true;
    // The pair ending in an unfinished word names no key yet.
    const lastPair = pairs[pairs.length - 1];
    if (lastPair && !lastPair.required && lastPair.key.endsWith(` ${last.folded}`)) pairs.pop();
  }

  const seenTerms = new Set<string>();
  const seenPairs = new Map<string, QueryPair>();
  const distinctTerms = terms.filter((t) => {
    const id = `${t.folded}\0${t.typedExact ? t.exact : ''}\0${t.quoted}\0${t.prefix}`;
    if (seenTerms.has(id)) return false;
    seenTerms.add(id);
    return true;
  });
  for (const p of pairs) {
    const seen = seenPairs.get(p.key);
    if (!seen) seenPairs.set(p.key, p);
    else if (p.required) seen.required = true;
  }
  return { terms: distinctTerms, pairs: [...seenPairs.values()] };
}
