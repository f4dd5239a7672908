/** The site model: what is published, and on which pages. */
import { describe, expect, it } from 'vitest';
import { aliasTarget, categoryPagePath, isPublished, paginate } from '../../src/model/build-model.ts';
import type { RenderedArticle } from '../../src/types.ts';

const now = new Date('2026-11-01T00:00:00Z');
const items = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `a/${i}` }) as RenderedArticle);

describe('paginate', () => {
  it('gives an empty category one empty page', () => {
    expect(paginate([], 10, (n) => categoryPagePath('a', n))).toEqual([{ path: '/a/', number: 1, total: 1, articles: [] }]);
  });

  it('splits by perPage with prev/next links', () => {
    const pages = paginate(items(21), 10, (n) => categoryPagePath('thong-bao', n));
    expect(pages.map((p) => [p.path, p.articles.length, p.prev, p.next])).toEqual([
      ['/thong-bao/', 10, undefined, '/thong-bao/trang-2/'],
      ['/thong-bao/trang-2/', 10, '/thong-bao/', '/thong-bao/trang-3/'],
      ['/thong-bao/trang-3/', 1, '/thong-bao/trang-2/', undefined],
    ]);
  });
});

describe('isPublished', () => {
  it('hides drafts and future articles unless asked', () => {
    const draft = { draft: true, date: new Date('2020-01-01') };
    const future = { draft: false, date: new Date('2030-01-01') };
    expect(isPublished(draft, { now })).toBe(false);
    expect(isPublished(draft, { now, drafts: true })).toBe(true);
    expect(isPublished(future, { now })).toBe(false);
    expect(isPublished(future, { now, future: true })).toBe(true);
    expect(isPublished({ draft: false, date: now }, { now })).toBe(true);
  });
});

describe('aliasTarget', () => {
  it('decodes escapes and treats a path without extension as a folder', () => {
    expect(aliasTarget('/tin-t%E1%BB%A9c/-/view/12.html')).toBe('/tin-tức/-/view/12.html');
    expect(aliasTarget('/tin-tuc')).toBe('/tin-tuc/');
    expect(aliasTarget('/tin-tuc/')).toBe('/tin-tuc/');
    expect(aliasTarget('/bad%E0')).toBe('/bad%E0/');
  });
});
