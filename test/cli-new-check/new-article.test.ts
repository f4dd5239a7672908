/** The pure part of `bantin new`: finding the category an editor means, and the file a new article starts as. */
import { describe, expect, it } from 'vitest';
import { newArticle } from '../../src/dev/new-article.ts';
import { findCategory } from '../../src/content/find-category.ts';
import type { Category } from '../../src/types.ts';

const categories: Category[] = [
  { name: 'Công tác đảng', slug: 'cong-tac-dang' },
  { name: 'Tin tức - Sự kiện', slug: 'tin-tuc-su-kien' },
  { name: 'Văn hóa - Xã hội', slug: 'van-hoa-xa-hoi' },
  { name: 'Thông báo', slug: 'thong-bao' },
  { name: 'Cải cách hành chính', slug: 'cai-cach-hanh-chinh' },
];

describe('findCategory', () => {
  it.each([
    ['Công tác đảng', 'Công tác đảng'],
    ['cong tac dang', 'Công tác đảng'],
    ['CÔNG TÁC ĐẢNG', 'Công tác đảng'],
    ['Công tác đảng'.normalize('NFD'), 'Công tác đảng'],
    ['  Thông  báo ', 'Thông báo'],
    ['tin-tuc-su-kien', 'Tin tức - Sự kiện'],
  ])('takes %j as %s', (typed, name) => {
    const match = findCategory(typed, categories);
    expect(match.ok && match.category.name).toBe(name);
  });

  it.each([
    ['Tin tức', ['Tin tức - Sự kiện']],
    ['Cong tac Dang uy', ['Công tác đảng']],
    ['Văn hoá', ['Văn hóa - Xã hội']],
    ['Thong bao moi', ['Thông báo']],
  ])('answers %j with the closest names first', (typed, first) => {
    const match = findCategory(typed, categories);
    expect(match.ok).toBe(false);
    if (!match.ok) {
      expect(match.suggestions).toHaveLength(3);
      expect(match.suggestions.slice(0, first.length).map((c) => c.name)).toEqual(first);
    }
  });
});

describe('newArticle', () => {
  const category = categories[0]!;
  const date = new Date('2020-09-25T14:01:30Z');

  it('fills the front matter, with the date in the site time zone and YAML quoting where needed', () => {
    const result = newArticle({ title: '  Hội nghị:  sơ kết #3 ', category, date, config: { timezone: 'Asia/Ho_Chi_Minh' } });
    expect(result).toEqual({
      path: 'content/cong-tac-dang/hoi-nghi-so-ket-3.md',
      text: '---\ntitle: "Hội nghị: sơ kết #3"\ndate: 2020-09-25 21:01\ncategory: Công tác đảng\ndraft: true\n---\n\n',
    });
    expect(newArticle({ title: '2020', category, date, config: { timezone: 'UTC' } })!.text).toContain('title: "2020"\ndate: 2020-09-25 14:01\n');
  });

  it('takes a given slug, and has none to make from a title without letters', () => {
    expect(newArticle({ title: 'Tiêu đề', slug: 'bai-1', category, date, config: { timezone: 'UTC' } })!.path).toBe('content/cong-tac-dang/bai-1.md');
    expect(newArticle({ title: '!!!', category, date, config: { timezone: 'UTC' } })).toBeUndefined();
  });
});
