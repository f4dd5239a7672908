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

/**
 * A token is a run of letters, marks and digits (`\p{L}`, `\p{M}`, `\p{N}`), possibly joined by single "-", "/"
 * or "." ("06-TT/QU", "23/9/2020", "1.500"): what the expression `[\p{L}\p{M}\p{N}]+(?:[-/.][\p{L}\p{M}\p{N}]+)*`
 * (flags `gu`) matches. `scanTokens` reads the text by char code rather than with that expression, which took
 * most of the time of building a search index; these two classify each character the first time it is met.
 */
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const DIGIT_CHAR = /\p{N}/u;
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

function formsOfPiece(raw: string): TokenForms {
  const text = raw.toLowerCase();
  const numeric = ONLY_DIGITS.test(text);
  return { text, folded: numeric ? text : foldTones(text), exact: numeric ? text : exactKey(text), kind: numeric ? 'number' : 'word' };
}

function formsOfCompound(raw: string): TokenForms {
  const text = raw.toLowerCase();
  const date = normaliseDate(text);
  const folded = date ?? foldTones(text);
  return { text, folded, exact: folded, kind: date ? 'date' : 'code' };
}

/**
 * Forms of tokens as written, memoised: a site repeats a few thousand syllables millions of times. An
 * open-addressing hash table keyed by the token as written, looked up by its place in the text, so that a
 * token met before is found without cutting it out of the text first. A compound ("06-TT/QU") always holds a
 * joiner and a piece never does, so the two share the table. It starts small (the browser tokenises only a
 * query and a few snippets), doubles when half full, and is emptied when it holds `MEMO_LIMIT` tokens, which
 * bounds its memory.
 */
const MEMO_LIMIT = 100_000;

interface Memo {
  /** Tokens as written, by slot; '' for a free slot (a token is never empty). */
  keys: string[];
  forms: (TokenForms | null)[];
  size: number;
}

const memo = emptyMemo(1 << 10);

function emptyMemo(slots: number): Memo {
  return { keys: new Array<string>(slots).fill(''), forms: new Array<TokenForms | null>(slots).fill(null), size: 0 };
}

function hashOf(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let at = start; at < end; at++) hash = Math.imul(hash ^ text.charCodeAt(at), 0x01000193);
  return hash ^ (hash >>> 15);
}

function place(table: Memo, key: string, hash: number, forms: TokenForms): void {
  const mask = table.keys.length - 1;
  let slot = hash & mask;
  while (table.keys[slot] !== '') slot = (slot + 1) & mask;
  table.keys[slot] = key;
  table.forms[slot] = forms;
  table.size++;
}

/** Adds a token the memo does not hold, making room first if it must. */
function remember(raw: string, hash: number, forms: TokenForms): void {
  if (memo.size >= MEMO_LIMIT) {
    memo.keys.fill('');
    memo.forms.fill(null);
    memo.size = 0;
  } else if (memo.size * 2 >= memo.keys.length) {
    const bigger = emptyMemo(memo.keys.length * 2);
    memo.keys.forEach((key, slot) => {
      if (key !== '') place(bigger, key, hashOf(key, 0, key.length), memo.forms[slot]!);
    });
    Object.assign(memo, bigger);
  }
  place(memo, raw, hash, forms);
}

/** The forms of `text.slice(start, end)`: a piece, or a joined run with a digit if `compound`. */
function formsAt(text: string, start: number, end: number, compound: boolean): TokenForms {
  const hash = hashOf(text, start, end);
  const { keys } = memo;
  const mask = keys.length - 1;
  const length = end - start;
  for (let slot = hash & mask, key = keys[slot]!; key !== ''; slot = (slot + 1) & mask, key = keys[slot]!) {
    if (key.length !== length) continue;
    let at = 0;
    while (at < length && key.charCodeAt(at) === text.charCodeAt(start + at)) at++;
    if (at === length) return memo.forms[slot]!;
  }
  const raw = text.slice(start, end);
  const forms = compound ? formsOfCompound(raw) : formsOfPiece(raw);
  remember(raw, hash, forms);
  return forms;
}

/** Character classes, as bits: part of a run (letter, mark or digit), a digit, a joiner ("-", "/", "."). */
const WORD = 1;
const DIGIT = 2;
const JOINER = 4;
/** Set by `classAt` for a character written as a surrogate pair, two UTF-16 units long. */
const PAIR = 8;
const KNOWN = 128;

/**
 * The class of each UTF-16 code unit, filled in the first time the unit is met (0 = not yet known): a text
 * uses a few hundred distinct characters, and classifying all 65,536 up front would cost more than a short
 * text takes to scan.
 */
const unitClass = new Uint8Array(0x10000);
unitClass[0x2d] = unitClass[0x2f] = unitClass[0x2e] = JOINER | KNOWN;

function classify(char: string): number {
  return (WORD_CHAR.test(char) ? WORD : 0) | (DIGIT_CHAR.test(char) ? DIGIT : 0) | KNOWN;
}

/**
 * The class of the character at `at` in `text`, with `PAIR` for a surrogate pair ("𝐀", "𝟙"). Code points
 * beyond the Basic Multilingual Plane are rare, and are classified each time; a lone surrogate is a character
 * of its own, as it is to a `u` regular expression.
 */
function classAt(text: string, at: number): number {
  const unit = text.charCodeAt(at);
  if (unit >= 0xd800 && unit <= 0xdbff && at + 1 < text.length) {
    const low = text.charCodeAt(at + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return classify(text.slice(at, at + 2)) | PAIR;
  }
  const known = unitClass[unit]!;
  if (known !== 0) return known;
  return (unitClass[unit] = classify(String.fromCharCode(unit)));
}

/**
 * Calls `visit` for each token of an NFC `text`, in order, without building token objects (the index
 * builder reads millions of tokens). `forms` objects are shared: read them, do not keep or change them.
 */
export function scanTokens(text: string, visit: (forms: TokenForms, start: number, end: number, part: boolean) => void): void {
  const length = text.length;
  let i = 0;
  while (i < length) {
    let cls = classAt(text, i);
    if ((cls & WORD) === 0) {
      i += cls & PAIR ? 2 : 1;
      continue;
    }
    const start = i;
    let digit = false;
    let joined = false;
    for (;;) {
      // A stretch of letters, marks and digits; `cls` is the class of the character at `i`, a word one.
      do {
        if ((cls & DIGIT) !== 0) digit = true;
        i += cls & PAIR ? 2 : 1;
        if (i >= length) break;
        cls = classAt(text, i);
      } while ((cls & WORD) !== 0);
      // It goes on past a joiner only if a letter, mark or digit follows the joiner.
      if (i + 1 >= length || (cls & JOINER) === 0) break;
      cls = classAt(text, i + 1);
      if ((cls & WORD) === 0) break;
      joined = true;
      i += 1;
    }
    const end = i;
    if (!joined) {
      visit(formsAt(text, start, end, false), start, end, false);
      continue;
    }
    if (digit) visit(formsAt(text, start, end, true), start, end, false);
    // The joiners are the only characters of a joined run outside the letters, marks and digits.
    let from = start;
    for (let at = start; at <= end; at++) {
      const unit = at < end ? text.charCodeAt(at) : 0x2d;
      if (unit === 0x2d || unit === 0x2f || unit === 0x2e) {
        visit(formsAt(text, from, at, false), from, at, digit);
        from = at + 1;
      }
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
