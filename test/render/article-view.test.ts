/** The view of an article that templates read: its HTML read when asked, and stood for by a digest in page keys. */
import { describe, expect, it } from 'vitest';
import { compileSite, readInputs } from '../../src/build.ts';
import { articleView, Urls } from '../../src/render/view-model.ts';
import { FIXTURE_SITE, NOW } from '../search/helpers.ts';

describe('articleView', () => {
  it('reads the HTML when a template asks, and gives a digest of it, not the HTML, in its JSON', async () => {
    const { model } = compileSite(await readInputs(FIXTURE_SITE), { now: NOW });
    const article = model!.articles[0]!;
    const urls = new Urls(model!.config.basePath, model!.config.origin);
    let reads = 0;
    const counted = Object.defineProperty({ ...article }, 'html', { get: () => (reads++, article.html), enumerable: true });
    const view = articleView(counted, model!, urls);
    expect(reads).toBe(0);
    expect(view.html).toBe(article.html);
    expect(reads).toBe(1);

    const json = JSON.parse(JSON.stringify(view)) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(Object.keys(view));
    expect(json['html']).toEqual({ digest: expect.stringMatching(/^[\w-]{43}$/) });
    expect(JSON.stringify(view)).not.toContain(article.html.slice(0, 40));
    expect(json['title']).toBe(article.title);
    // The digest is taken once per view, and follows the HTML.
    JSON.stringify(view);
    expect(reads).toBe(2);
    const changed = articleView({ ...article, html: `${article.html}<p>Thêm</p>` }, model!, urls);
    expect(JSON.stringify(changed)).not.toBe(JSON.stringify(view));
    expect(JSON.stringify(articleView({ ...article }, model!, urls))).toBe(JSON.stringify(view));
  });
});
