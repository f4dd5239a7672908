/** A body is its source with the front matter blanked: rebuilt from an offset, and found back from the body. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VFile } from 'vfile';
import { blank, markdownFrom, markdownOffset } from '../../src/cache/markdown-body.ts';
import { parseArticle } from '../../src/content/parse-article.ts';
import { parseConfig } from '../../src/config/parse-config.ts';
import { FIXTURE_SITE } from '../search/helpers.ts';

const SOURCE = '---\r\ntitle: Thông báo 😀\ndate: 2024-01-02 08:00\ncategory: Thông báo\n---\n\nỦy ban nhân dân phường.\n';

describe('Markdown bodies', () => {
  it('blanks every character but line ends, one space per UTF-16 unit', () => {
    expect(blank('ab\r\nc😀\n\nd')).toBe('   \n   \n\n ');
    expect(blank('')).toBe('');
  });

  it('finds the offset of a body parsed from its source, and rebuilds the same body from it', () => {
    const config = parseConfig(new VFile({ path: 'site.config.yaml', value: readFileSync(`${FIXTURE_SITE}site.config.yaml`, 'utf8') }))!;
    const article = parseArticle(new VFile({ path: 'content/thong-bao/a.md', value: SOURCE }), config)!;
    const from = markdownOffset(article.markdown, SOURCE);
    expect(from).toBe(SOURCE.indexOf('\n---\n') + 4);
    expect(markdownFrom(SOURCE, from!)).toBe(article.markdown);
  });

  it('refuses a body that is not the source blanked up to a point', () => {
    expect(markdownOffset('abc', 'abcd')).toBeUndefined();
    expect(markdownOffset('  x\nbody', 'ab\nxbody')).toBeUndefined();
    expect(markdownOffset('  \nbody', 'ab\nbody')).toBe(2);
    expect(markdownOffset('same', 'same')).toBe(0);
  });
});
