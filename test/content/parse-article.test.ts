/** Front matter read into an article: the URL slug taken from a file name that already is one. */
import { describe, expect, it } from 'vitest';
import { VFile } from 'vfile';
import { parseArticle } from '../../src/content/parse-article.ts';
import { parseConfig } from '../../src/config/parse-config.ts';
import { isSlug, slugify } from '../../src/vi/slugify.ts';
import { corpusConfig, generateArticles, seededRandom } from '../../scripts/generate-corpus.ts';

describe('article slug from the file name', () => {
  it('a slug is its own slugify, so parseArticle may take it as it is', () => {
    const random = seededRandom(3);
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
    const slugs = generateArticles(300, 5).map((a) => a.slug);
    for (let n = 0; n < 3000; n++) {
      const words = Array.from({ length: 1 + Math.floor(random() * 5) }, () =>
        Array.from({ length: 1 + Math.floor(random() * 8) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''),
      );
      slugs.push(words.join('-'));
    }
    for (const slug of slugs) {
      expect(isSlug(slug), slug).toBe(true);
      expect(slugify(slug), slug).toBe(slug);
    }
  });

  it('is the file name when it is a slug, else the file name slugified', () => {
    const config = parseConfig(new VFile({ path: 'site.config.yaml', value: corpusConfig() }))!;
    const value = '---\ntitle: Tiêu đề\ndate: 2020-09-25 21:01\ncategory: Thông báo\n---\nThân bài.\n';
    for (const [name, slug] of [
      ['content/thong-bao/hoi-nghi-2020.md', 'hoi-nghi-2020'],
      ['content/thong-bao/Hội nghị 2020.md', 'hoi-nghi-2020'],
      ['content/thong-bao/hoi-nghi-2020/index.md', 'hoi-nghi-2020'],
      ['content/thong-bao/HoiNghi.md', slugify('HoiNghi')],
    ] as const) {
      const file = new VFile({ path: name, value });
      expect(parseArticle(file, config)?.slug, name).toBe(slug);
      expect(file.messages).toEqual([]);
    }
  });
});
