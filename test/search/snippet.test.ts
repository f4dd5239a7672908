import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/search/query.ts';
import { highlight, highlighterOf, snippet, type Segment } from '../../src/search/snippet.ts';

const marked = (segments: Segment[]) => segments.filter((s) => s.mark).map((s) => s.text);
const joined = (segments: Segment[]) => segments.map((s) => (s.mark ? `[${s.text}]` : s.text)).join('');
const h = (query: string, expansions: string[] = [], typing = false) => highlighterOf({ query: parseQuery(query, { typing }), expansions });

describe('highlight', () => {
  it('marks words whatever their tones, keeping the text as written', () => {
    expect(joined(highlight('Lịch tiếp công dân tháng 10/2020', h('lich tiep cong dan')))).toBe('[Lịch] [tiếp] [công] [dân] tháng 10/2020');
  });

  it('marks a document number or date whole', () => {
    expect(marked(highlight('Thông tri số 06-TT/QU ngày 02/3/2016', h('06-tt/qu 2/3/2016')))).toEqual(['06-TT/QU', '02/3/2016']);
  });

  it('marks completions of an unfinished word', () => {
    expect(marked(highlight('Tiêm chủng mở rộng', h('tiem chu', ['chu', 'chung'], true)))).toEqual(['Tiêm', 'chủng']);
  });

  it('returns the text of an NFD title as NFC', () => {
    const segments = highlight('Đảng uỷ'.normalize('NFD'), h('dang'));
    expect(segments).toEqual([
      { text: 'Đảng', mark: true },
      { text: ' uỷ', mark: false },
    ]);
  });

  it('never turns text into markup: tags stay text', () => {
    const segments = highlight('<img src=x onerror=alert(1)> công dân', h('cong dan'));
    expect(segments[0]).toEqual({ text: '<img src=x onerror=alert(1)> ', mark: false });
  });
});

describe('snippet', () => {
  const long = `${'Mở đầu bài viết về nhiều việc khác nhau của phường. '.repeat(8)}Chiều ngày 23/9/2020, hội nghị sơ kết công tác Đảng đã diễn ra tại trụ sở. ${'Phần cuối bài viết nói về việc khác. '.repeat(8)}`;

  it('shows the window with the most query words, cut at word boundaries, with ellipses', () => {
    const s = snippet(long, h('công tác đảng 23/09/2020'), 160);
    expect(marked(s)).toEqual(['23/9/2020', 'công', 'tác', 'Đảng']);
    expect(s[0]).toEqual({ text: '…', mark: false });
    expect(s.at(-1)).toEqual({ text: '…', mark: false });
    const text = joined(s);
    expect(text.length).toBeLessThan(200);
    expect(text).toMatch(/^…\S/);
  });

  it('shows the start of the text when nothing matches, and the whole of a short text', () => {
    expect(snippet(long, h('không có'), 50)[0]!.text.startsWith('Mở đầu')).toBe(true);
    expect(snippet('Ngắn gọn.', h('gọn'))).toEqual([
      { text: 'Ngắn ', mark: false },
      { text: 'gọn', mark: true },
      { text: '.', mark: false },
    ]);
  });
});
