/**
 * `scanTokens` reads text by char code; these tests hold it to the regular expressions it replaced (kept
 * here, and only here, as the oracle): for every input, the same visits with the same forms and offsets.
 */
import { describe, expect, it } from 'vitest';
import { foldTones } from '../../src/vi/text.ts';
import { exactKey, normaliseDate, scanTokens, type TokenForms } from '../../src/vi/tokenize.ts';
import { seededRandom } from '../../scripts/generate-corpus.ts';

const RUN = /[\p{L}\p{M}\p{N}]+(?:[-/.][\p{L}\p{M}\p{N}]+)*/gu;
const PIECE = /[\p{L}\p{M}\p{N}]+/gu;
const SEPARATOR = /[-/.]/;
const HAS_DIGIT = /\p{N}/u;
const ONLY_DIGITS = /^\p{N}+$/u;

function oraclePiece(raw: string): TokenForms {
  const text = raw.toLowerCase();
  const numeric = ONLY_DIGITS.test(text);
  return { text, folded: numeric ? text : foldTones(text), exact: numeric ? text : exactKey(text), kind: numeric ? 'number' : 'word' };
}

function oracleCompound(raw: string): TokenForms {
  const text = raw.toLowerCase();
  const date = normaliseDate(text);
  const folded = date ?? foldTones(text);
  return { text, folded, exact: folded, kind: date ? 'date' : 'code' };
}

/** The regex-based scanner `scanTokens` replaced, without its memo (which never changed a result). */
function oracleScan(text: string, visit: (forms: TokenForms, start: number, end: number, part: boolean) => void): void {
  const run = new RegExp(RUN.source, 'gu');
  for (let m = run.exec(text); m; m = run.exec(text)) {
    const raw = m[0];
    const start = m.index;
    const joined = SEPARATOR.test(raw);
    if (joined && HAS_DIGIT.test(raw)) {
      visit(oracleCompound(raw), start, start + raw.length, false);
      for (const piece of raw.matchAll(PIECE)) visit(oraclePiece(piece[0]), start + piece.index, start + piece.index + piece[0].length, true);
    } else if (joined) {
      for (const piece of raw.matchAll(PIECE)) visit(oraclePiece(piece[0]), start + piece.index, start + piece.index + piece[0].length, false);
    } else {
      visit(oraclePiece(raw), start, start + raw.length, false);
    }
  }
}

/** Each visit as one line of text, which compares fast and shows a difference plainly. */
function visits(scan: typeof scanTokens, text: string): string[] {
  const out: string[] = [];
  scan(text, (forms, start, end, part) => out.push(JSON.stringify([forms.text, forms.folded, forms.exact, forms.kind, start, end, part])));
  return out;
}

/** Fails with the input in the message, so a failing random case can be copied into the fixed list. */
function expectSameVisits(text: string): string[] {
  const expected = visits(oracleScan, text);
  const actual = visits(scanTokens, text);
  // Compared line by line first: the matcher's deep comparison is slow on the long text below.
  if (actual.length !== expected.length || actual.some((line, i) => line !== expected[i])) expect(actual, JSON.stringify(text).slice(0, 200)).toEqual(expected);
  return expected;
}

const TRICKY = [
  '',
  ' ',
  'a',
  'a--b',
  'a-',
  '-a',
  '-',
  '.',
  '/-.',
  'a.',
  'a./b',
  'a-.b',
  '1.2.3',
  '1.2.3.',
  '1.500.000 đồng',
  '23/9/2020',
  'ngày 23/9/2020, 2/3/2016 và 31/2/2020.',
  '23.9.2020 23-9-2020 23/9-2020',
  '06-TT/QU',
  'Thông tri số 06-TT/QU của Quận ủy',
  'Quyết định 123/QĐ-UBND',
  'COVID-19',
  'covid-19, Covid-19; COVID–19',
  'kinh tế-xã hội',
  'kinh tế-xã hội-2020',
  'năm 2020. Tiếp',
  '"Dân biết, dân bàn"',
  'Đảng uỷ phường'.normalize('NFD'),
  'ĐẢNG ỦY PHƯỜNG Đồng Tâm',
  'hòa hoà thủy thuỷ',
  '\u0301',
  '\u0301a',
  'a\u0301-\u0301',
  '-\u0301-',
  '𝐀',
  '𝟙',
  '𝐀𝟙-𝟙/𝐀',
  '𝟙.𝟚.𝟛',
  'a-𝐀',
  '😀-😀 a😀b',
  '²',
  'x²-1',
  '½/2',
  '٣/٤/٢٠٢٠',
  '٣-TT',
  'Ⅻ-Ⅳ ⅻ',
  'Điều Ⅳ/2020',
  '１２/３/２０２０',
  '中文-12 日本語',
  'İstanbul-1 İ',
  'ß-ǅ-ǈ',
  'ΑΒΓ-1 Ж/2',
  'a\u200db a\u00adb a\u2010b a\u2011b',
  'a\u00a0b',
  '\ud800',
  '\udc00-a',
  'a-\ud800',
  '\ud800-1',
  '1-\udc00',
  '\udbff\udfff',
  'a\ud835',
];

describe('scanTokens, against the regular expressions it replaced', () => {
  it.each(TRICKY.map((text) => [text]))('visits %j the same way', (text) => {
    expectSameVisits(text);
  });

  it('visits random texts the same way', () => {
    const random = seededRandom(0x5eed);
    const seen = new Set<string>();
    for (let n = 0; n < 3000; n++) {
      for (const line of expectSameVisits(randomText(random))) {
        const [, , , kind, , , part] = JSON.parse(line) as [string, string, string, string, number, number, boolean];
        seen.add(`${kind}${part ? '*' : ''}`);
      }
    }
    // The generator must reach every kind of visit, or the comparison above proves less than it seems.
    expect([...seen].sort()).toEqual(['code', 'date', 'number', 'number*', 'word', 'word*']);
  });

  it('visits the same way while its memo grows and is emptied', () => {
    // More distinct tokens (about 107,000, pieces of compounds included) than the memo keeps (100,000), then the same text again.
    const words = Array.from({ length: 80_000 }, (_, i) => (i % 3 === 0 ? `${i}-${i % 7}` : `tu${i.toString(36)}`));
    const text = words.join(' ');
    expectSameVisits(text);
    expectSameVisits(text);
  });

  it('gives a repeated token the same forms object, as the index builder counts on', () => {
    const found: TokenForms[] = [];
    scanTokens('phường phường 06-TT/QU 06-TT/QU', (forms, _start, _end, part) => {
      if (!part) found.push(forms);
    });
    expect(found).toHaveLength(4);
    expect(found[1]).toBe(found[0]);
    expect(found[3]).toBe(found[2]);
    expect(found[2]).not.toBe(found[0]);
  });
});

/** Pieces a random text is made of, in groups weighted by how often they are drawn. */
const ALPHABET: [number, string[]][] = [
  [30, [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ']],
  [20, [...'0123456789']],
  [20, [...'àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĐƯƠÂĂÊÔÀẶỆỮ']],
  [8, [...'àằếỡựĐẶ'].map((c) => c.normalize('NFD'))],
  [25, ['-', '/', '.']],
  [15, [' ', ' ', '\n', '\u00a0']],
  [8, [...',;:!?()"\'“”–—…#*_[]<>%&+=@']],
  [4, ['𝐀', '𝐳', '𐍈', '𝟙', '𝟘', '😀']],
  [4, [...'中文日本語한국어']],
  [4, [...'٠١٢٣٤٥٦٧٨٩۴']],
  [3, [...'²½Ⅻⅳ１２']],
  [4, ['\u0300', '\u0301', '\u0303', '\u0309', '\u0323', '\u0302', '\u0306']],
  [2, [...'İßǅΣЖ']],
  [1, ['\ud800', '\udc00', '\u200d', '\u00ad', '\u2010']],
  [3, ['23/9/2020', '2/3/2016', '31/2/2020', '1.500', '06-TT/QU', 'COVID-19', 'tế-xã']],
];
const TOTAL_WEIGHT = ALPHABET.reduce((n, [w]) => n + w, 0);

function randomText(random: () => number): string {
  const length = Math.floor(random() * 40);
  let text = '';
  for (let i = 0; i < length; i++) {
    let pick = random() * TOTAL_WEIGHT;
    const group = ALPHABET.find(([w]) => (pick -= w) < 0)?.[1] ?? ALPHABET[0]![1];
    text += group[Math.floor(random() * group.length)];
  }
  return text;
}
