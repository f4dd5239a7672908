import { describe, expect, it } from 'vitest';
import { foldTones } from '../../src/vi/text.ts';
import { exactKey, hasDiacritics, normaliseDate, tokenize } from '../../src/vi/tokenize.ts';

const show = (text: string) => tokenize(text).map((t) => `${t.folded}${t.part ? '*' : ''}`);

describe('foldTones', () => {
  it('folds tones, vowel marks and đ/Đ, and lower-cases', () => {
    expect(foldTones('Công tác Đảng')).toBe('cong tac dang');
    expect(foldTones('ĐỒNG CHÍ Nguyễn Thị Hương')).toBe('dong chi nguyen thi huong');
    expect(foldTones('ưu tiên, ơn, ăn, ấm, ê, ô')).toBe('uu tien, on, an, am, e, o');
  });

  it('gives the same result for NFD and NFC input', () => {
    const nfc = 'Lịch tiếp công dân phường Cự Khối';
    const nfd = nfc.normalize('NFD');
    expect(nfd).not.toBe(nfc);
    expect(foldTones(nfd)).toBe(foldTones(nfc));
    expect(foldTones(nfd)).toBe('lich tiep cong dan phuong cu khoi');
  });
});

describe('tokenize', () => {
  it('cuts syllables and folds them', () => {
    expect(tokenize('Lịch tiếp công dân.').map((t) => [t.text, t.folded, t.kind])).toEqual([
      ['lịch', 'lich', 'word'],
      ['tiếp', 'tiep', 'word'],
      ['công', 'cong', 'word'],
      ['dân', 'dan', 'word'],
    ]);
  });

  it('reads NFD input like NFC, with offsets into the NFC text', () => {
    const nfc = 'Đảng uỷ phường';
    const tokens = tokenize(nfc.normalize('NFD'));
    expect(tokens.map((t) => t.text)).toEqual(['đảng', 'uỷ', 'phường']);
    expect(tokens.map((t) => nfc.slice(t.start, t.end))).toEqual(['Đảng', 'uỷ', 'phường']);
  });

  it('folds Đ and đ to d', () => {
    expect(tokenize('ĐẢNG đảng Đảng').map((t) => t.folded)).toEqual(['dang', 'dang', 'dang']);
    expect(tokenize('ĐẢNG').map((t) => t.exact)).toEqual([exactKey('đảng')]);
  });

  it('keeps document numbers whole, followed by their parts', () => {
    expect(show('Thông tri số 06-TT/QU của Quận ủy')).toEqual(['thong', 'tri', 'so', '06-tt/qu', '06*', 'tt*', 'qu*', 'cua', 'quan', 'uy']);
    expect(show('Quyết định 123/QĐ-UBND')).toEqual(['quyet', 'dinh', '123/qd-ubnd', '123*', 'qd*', 'ubnd*']);
    expect(tokenize('06-TT/QU')[0]).toMatchObject({ kind: 'code', text: '06-tt/qu', start: 0, end: 8, part: false });
  });

  it('reads dates in the padded form, with or without leading zeros', () => {
    expect(show('ngày 23/9/2020,')).toEqual(['ngay', '23/09/2020', '23*', '9*', '2020*']);
    expect(show('23/09/2020')[0]).toBe('23/09/2020');
    expect(tokenize('2/3/2016')[0]).toMatchObject({ kind: 'date', folded: '02/03/2016' });
    // Not a calendar day: kept as typed, as a code.
    expect(tokenize('31/2/2020')[0]).toMatchObject({ kind: 'code', folded: '31/2/2020' });
  });

  it('does not glue sentence punctuation to a token', () => {
    expect(show('năm 2020. Tiếp')).toEqual(['nam', '2020', 'tiep']);
    expect(show('"Dân biết, dân bàn"')).toEqual(['dan', 'biet', 'dan', 'ban']);
  });

  it('splits hyphenated words without digits into plain words', () => {
    expect(tokenize('kinh tế-xã hội').map((t) => [t.folded, t.part])).toEqual([
      ['kinh', false],
      ['te', false],
      ['xa', false],
      ['hoi', false],
    ]);
  });
});

describe('exactKey and hasDiacritics', () => {
  it('treats old and new tone placement as the same word', () => {
    expect(exactKey('uỷ')).toBe(exactKey('ủy'));
    expect(exactKey('hoà')).toBe(exactKey('hòa'));
    expect(exactKey('thuỷ')).toBe(exactKey('thủy'));
  });

  it('keeps tones and vowel marks apart', () => {
    const keys = ['ban', 'bàn', 'bán', 'bản', 'bạn', 'bân'].map(exactKey);
    expect(new Set(keys).size).toBe(6);
    expect(exactKey('đảng')).toBe('đang?');
    expect(exactKey('đảng'.normalize('NFD'))).toBe('đang?');
  });

  it('tells typed diacritics', () => {
    expect(hasDiacritics('ban')).toBe(false);
    expect(hasDiacritics('Ban')).toBe(false);
    expect(hasDiacritics('bàn')).toBe(true);
    expect(hasDiacritics('đi')).toBe(true);
    expect(hasDiacritics('bàn'.normalize('NFD'))).toBe(true);
  });

  it('normalises only real dates', () => {
    expect(normaliseDate('1/1/2024')).toBe('01/01/2024');
    expect(normaliseDate('29/2/2023')).toBeUndefined();
    expect(normaliseDate('06-TT/QU')).toBeUndefined();
  });
});
