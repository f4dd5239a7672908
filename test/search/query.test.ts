import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/search/query.ts';

describe('parseQuery', () => {
  it('folds terms and keeps the exact form of words typed with diacritics', () => {
    const q = parseQuery('Lịch tiếp cong dan');
    expect(q.terms.map((t) => [t.folded, t.typedExact])).toEqual([
      ['lich', true],
      ['tiep', true],
      ['cong', false],
      ['dan', false],
    ]);
    expect(q.pairs).toEqual([
      { key: 'lich tiep', required: false },
      { key: 'tiep cong', required: false },
      { key: 'cong dan', required: false },
    ]);
  });

  it('reads NFD input like NFC', () => {
    expect(parseQuery('công tác đảng'.normalize('NFD'))).toEqual(parseQuery('công tác đảng'));
  });

  it('makes the pairs of a quoted phrase required, with straight or typographic quotes', () => {
    for (const text of ['"công tác đảng" năm 2020', '“công tác đảng” năm 2020']) {
      const q = parseQuery(text);
      expect(q.pairs.filter((p) => p.required).map((p) => p.key)).toEqual(['cong tac', 'tac dang']);
      expect(q.pairs.find((p) => p.key === 'dang nam')).toBeUndefined();
      expect(q.terms.filter((t) => t.quoted).map((t) => t.folded)).toEqual(['cong', 'tac', 'dang']);
    }
    // An unclosed quote runs to the end.
    expect(parseQuery('"dân bàn').pairs).toEqual([{ key: 'dan ban', required: true }]);
  });

  it('keeps a document number or a date as one term, which breaks the chain of pairs', () => {
    const q = parseQuery('Thông tri 06-TT/QU ngày 2/3/2016');
    expect(q.terms.map((t) => [t.folded, t.kind])).toEqual([
      ['thong', 'word'],
      ['tri', 'word'],
      ['06-tt/qu', 'code'],
      ['ngay', 'word'],
      ['02/03/2016', 'date'],
    ]);
    expect(q.pairs.map((p) => p.key)).toEqual(['thong tri']);
    expect(parseQuery('23/9/2020')).toEqual(parseQuery('23/09/2020'));
  });

  it('treats the last word as a prefix only while typing and before a space', () => {
    expect(parseQuery('tiêm chủ', { typing: true }).terms.at(-1)).toMatchObject({ folded: 'chu', prefix: true });
    expect(parseQuery('tiêm chủ', { typing: true }).pairs).toEqual([]);
    expect(parseQuery('tiêm chủ').terms.at(-1)!.prefix).toBe(false);
    expect(parseQuery('tiêm chủ ', { typing: true }).terms.at(-1)!.prefix).toBe(false);
    expect(parseQuery('"tiêm chủ', { typing: true }).terms.at(-1)!.prefix).toBe(false);
    expect(parseQuery('tiêm c', { typing: true }).terms.at(-1)!.prefix).toBe(false);
    expect(parseQuery('số 06-TT/QU', { typing: true }).terms.at(-1)!.prefix).toBe(false);
  });

  it('drops repeated terms and pairs', () => {
    const q = parseQuery('dân biết dân bàn dân làm');
    expect(q.terms.map((t) => t.folded)).toEqual(['dan', 'biet', 'ban', 'lam']);
    expect(q.pairs.map((p) => p.key)).toEqual(['dan biet', 'biet dan', 'dan ban', 'ban dan', 'dan lam']);
  });

  it('gives nothing to search for punctuation alone', () => {
    expect(parseQuery('  ?!… "" ')).toEqual({ terms: [], pairs: [] });
  });
});
