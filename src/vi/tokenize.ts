/**
 * Vietnamese tokenisation for search: syllables, numbers, document numbers ("06-TT/QU") and dates
 * ("23/9/2020"), each with its tone-folded form, its diacritics-exact form and its place in the text.
 *
 * Vietnamese writes one syllable per space-separated token, so a syllable is the unit of matching; words of
 * several syllables ("công tác", "tiếp công dân") are matched as pairs of adjacent syllables by the search stage.
 * Pure and dependency-free: the browser's search script bundles this file, so the build and the reader's
 * browser cut text the same way.
 */
import { foldTones } from './text.ts';

/** What a token is: an ordinary syllable or word, a number, a document number or a date. */
export type TokenKind = 'word' | 'number' | 'code' | 'date';

/** One token of a text. */
export interface Token {
  /** The token as written, lower-cased NFC ("đảng", "06-tt/qu", "23/9/2020"). */
  text: string;
  /** Tones, marks and `đ` folded away ("dang"); dates in the padded form "23/09/2020". The search key. */
  folded: string;
  /**
   * The diacritics-exact form, independent of where the tone mark was placed: "ủy" and "uỷ", "hòa" and
   * "hoà" give the same value. Equal to `folded` for numbers, document numbers and dates.
   */
  exact: string;
  kind: TokenKind;
  /** UTF-16 offsets of the token in the (NFC) text: `text.slice(start, end)`. */
  start: number;
  end: number;
  /**
   * True for the parts of a document number or date ("06", "tt", "qu" of "06-TT/QU"), which follow the
   * compound token itself; false for free-standing tokens.
   */
  part: boolean;
}

/** A run of letters, marks and digits, possibly joined by "-", "/" or "." ("06-TT/QU", "23/9/2020", "1.500"). */
const RUN = /[\p{L}\p{M}\p{N}]+(?:[-/.][\p{L}\p{M}\p{N}]+)*/gu;
const PIECE = /[\p{L}\p{M}\p{N}]+/gu;
const SEPARATOR = /[-/.]/;
const HAS_DIGIT = /\p{N}/u;
const ONLY_DIGITS = /^\p{N}+$/u;
const DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;

/** The five Vietnamese tone marks (grave, acute, tilde, hook above, dot below) as combining characters. */
const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g;
/** Each tone mark written as in VIQR, the classic ASCII spelling of Vietnamese: "à" = "a`", "ả" = "a?". */
const TONE_VIQR: Record<string, string> = { '\u0300': '`', '\u0301': "'", '\u0303': '~', '\u0309': '?', '\u0323': '.' };

/**
 * The diacritics-exact key of a lower-case syllable: its letters with their vowel marks (â, ă, ê, ô, ơ, ư, đ)
 * and its tone written last in VIQR ("đảng" → "đang?"), so the old and new tone placements ("uỷ" / "ủy") are
 * one key and the key never changes under Unicode normalisation.
 */
export function exactKey(syllable: string): string {
  const decomposed = syllable.normalize('NFD');
  const tones = decomposed.match(TONE_MARKS);
  const letters = decomposed.replace(TONE_MARKS, '').normalize('NFC');
  return tones ? `${letters}${tones.map((t) => TONE_VIQR[t]).join('')}` : letters;
}

/** Whether a token as typed carries any diacritic (tone, vowel mark or `đ`): "ban" no, "bàn" and "đi" yes. */
export function hasDiacritics(text: string): boolean {
  return foldTones(text) !== text.normalize('NFC').toLowerCase();
}

/** "23/9/2020" → "23/09/2020" when it names a real calendar day; else undefined. */
export function normaliseDate(text: string): string | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const day = Number(m[1]);
  const month = Number(m[2]);
  const year = Number(m[3]);
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`;
}

/** The forms of a token as written: what `Token` holds besides its place in the text. */
export type TokenForms = Pick<Token, 'text' | 'folded' | 'exact' | 'kind'>;

/** Forms of tokens as written, memoised: a site repeats a few thousand syllables millions of times. */
const memo = new Map<string, TokenForms>();
const MEMO_LIMIT = 100_000;

function remember(raw: string, forms: TokenForms): TokenForms {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(raw, forms);
  return forms;
}

function formsOfPiece(raw: string): TokenForms {
  const known = memo.get(raw);
  if (known) return known;
  const text = raw.toLowerCase();
  const numeric = ONLY_DIGITS.test(text);
  return remember(raw, { text, folded: numeric ? text : foldTones(text), exact: numeric ? text : exactKey(text), kind: numeric ? 'number' : 'word' });
}

function formsOfCompound(raw: string): TokenForms {
  const key = `\0${raw}`;
  const known = memo.get(key);
  if (known) return known;
  const text = raw.toLowerCase();
  const date = normaliseDate(text);
  const folded = date ?? foldTones(text);
  return remember(key, { text, folded, exact: folded, kind: date ? 'date' : 'code' });
}

/**
 * Calls `visit` for each token of an NFC `text`, in order, without building token objects (the index
 * builder reads millions of tokens). `forms` objects are shared: read them, do not keep or change them.
 */
export function scanTokens(text: string, visit: (forms: TokenForms, start: number, end: number, part: boolean) => void): void {
  const run = new RegExp(RUN.source, 'gu');
  for (let m = run.exec(text); m; m = run.exec(text)) {
    const raw = m[0];
    const start = m.index;
    const joined = SEPARATOR.test(raw);
    if (joined && HAS_DIGIT.test(raw)) {
      visit(formsOfCompound(raw), start, start + raw.length, false);
      for (const piece of raw.matchAll(PIECE)) visit(formsOfPiece(piece[0]), start + piece.index, start + piece.index + piece[0].length, true);
    } else if (joined) {
      for (const piece of raw.matchAll(PIECE)) visit(formsOfPiece(piece[0]), start + piece.index, start + piece.index + piece[0].length, false);
    } else {
      visit(formsOfPiece(raw), start, start + raw.length, false);
    }
  }
}

/**
 * Cuts `text` into tokens, in order. The text is normalised to NFC first; offsets refer to the NFC text.
 * A joined run that contains a digit ("06-TT/QU", "23/9/2020", "COVID-19") gives one compound token (kind
 * `code` or `date`) followed by its parts (`part: true`); a joined run without digits ("kinh tế-xã hội")
 * gives its parts only, as ordinary words.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  scanTokens(text.normalize('NFC'), (f, start, end, part) => tokens.push({ text: f.text, folded: f.folded, exact: f.exact, kind: f.kind, start, end, part }));
  return tokens;
}
