/** One article swapped in a built model: the model `buildModel` gives, or a refusal when the article moves. */
import { beforeAll, describe, expect, it } from 'vitest';
import { compileSite, readInputs } from '../../src/build.ts';
import { buildModel, publishedPaths } from '../../src/model/build-model.ts';
import { replaceArticle } from '../../src/model/replace-article.ts';
import type { RenderedArticle, SiteModel } from '../../src/types.ts';
import { fixture } from '../support/site.ts';

const now = new Date('2026-11-01T00:00:00Z');

describe('replaceArticle', () => {
  let model: SiteModel;
  const article = (slug: string): RenderedArticle => model.articles.find((a) => a.slug === slug)!;

  beforeAll(async () => {
    const compiled = compileSite(await readInputs(fixture('dev/edits')), { now });
    expect(compiled.ok).toBe(true);
    model = compiled.model!;
  });

  /** What buildModel makes of the site's articles with `after` in the place of `before`. */
  const rebuilt = (before: RenderedArticle, after: RenderedArticle): SiteModel =>
    buildModel(
      model.articles.map((a) => (a === before ? after : a)),
      model.config,
      { now },
    );

  it('gives the model buildModel gives for an edit that keeps the article in place', () => {
    const before = article('trong-cay-xanh');
    const edits: Partial<RenderedArticle>[] = [
      { html: '<p>Thân bài mới.</p>', text: 'Thân bài mới.', excerpt: 'Thân bài mới.' },
      { title: 'Trồng ba trăm cây xanh ven đê' },
      { updated: new Date('2024-03-01T02:00:00Z'), views: 12 },
      { summary: 'Tóm tắt.', excerpt: 'Tóm tắt.', tags: ['Môi trường'] },
    ];
    for (const change of edits) {
      const after = { ...before, ...change };
      const replaced = replaceArticle(model, before, after);
      expect(replaced).toEqual(rebuilt(before, after));
      expect(replaced!.neighbours.get('tin-tuc/ve-sinh-moi-truong')!.older).toBe(after);
      expect(replaced!.categories[0]!.pages[3]!.articles[0]).toBe(after);
    }
  });

  it('leaves the model it was given as it was', () => {
    const before = article('hien-mau');
    const copy = { articles: [...model.articles], neighbours: new Map(model.neighbours), pages: model.categories.map((c) => c.pages.map((p) => [...p.articles])) };
    replaceArticle(model, before, { ...before, title: 'Ngày hội hiến máu' });
    expect(model.articles).toEqual(copy.articles);
    expect(model.neighbours).toEqual(copy.neighbours);
    expect(model.categories.map((c) => c.pages.map((p) => p.articles))).toEqual(copy.pages);
  });

  it('refuses an edit that moves the article or changes its addresses', () => {
    const before = article('trong-cay-xanh');
    const thongBao = model.categories[1]!.category;
    const moves: Partial<RenderedArticle>[] = [
      { date: new Date('2024-01-06T00:00:00Z') },
      { category: thongBao, id: `${thongBao.slug}/trong-cay-xanh`, path: `/${thongBao.slug}/trong-cay-xanh/` },
      { slug: 'trong-cay', id: 'tin-tuc/trong-cay', path: '/tin-tuc/trong-cay/' },
      { aliases: [] },
      { aliases: ['/tin-cu/trong-cay.html', '/tin-cu/cay-xanh.html'] },
      { draft: true },
    ];
    for (const change of moves) expect(replaceArticle(model, before, { ...before, ...change }), JSON.stringify(Object.keys(change))).toBeUndefined();
    // An article that is not in the model.
    expect(replaceArticle(model, { ...before }, { ...before, title: 'Khác' })).toBeUndefined();
  });

  it('refuses a title that reorders articles of the same instant', () => {
    const before = article('hop-to-dan-pho');
    const same = { ...before, date: article('trong-cay-xanh').date };
    const sameInstant = buildModel(
      model.articles.map((a) => (a === before ? same : a)),
      model.config,
      { now },
    );
    // "Họp" sorts before "Trồng": kept in place; "Ý" after it: moved.
    expect(replaceArticle(sameInstant, same, { ...same, title: 'Họp tổ dân phố' })).toBeDefined();
    expect(replaceArticle(sameInstant, same, { ...same, title: 'Ý kiến tổ dân phố' })).toBeUndefined();
  });
});

describe('publishedPaths', () => {
  it('holds the site’s own pages, the known files, the articles and their aliases', async () => {
    const { model } = compileSite(await readInputs(fixture('dev/edits')), { now });
    const paths = publishedPaths(model!, ['/assets/style.css']);
    for (const p of ['/', '/feed.xml', '/tim-kiem/', '/tin-tuc/trang-4/', '/thong-bao/feed.xml', '/assets/style.css', '/tin-tuc/hien-mau/', '/tin-cu/trong-cay.html']) {
      expect(paths.has(p), p).toBe(true);
    }
    expect(paths.has('/tin-tuc/trang-5/')).toBe(false);
    expect(paths.size).toBe(6 + 4 + 1 + 2 + 1 + 1 + 11 + 1);
  });
});
