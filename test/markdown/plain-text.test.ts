/**
 * The plain text of rendered bodies (search and excerpts) is what `hast-util-to-text` gives, whitespace collapsed,
 * whether the fast loop reads the tree or hands it over: on every fixture and sample article, a generated corpus,
 * and thousands of random HTML fragments of the elements articles are made of and others.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Root } from 'hast';
import { toText } from 'hast-util-to-text';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { plainText } from '../../src/markdown/plain-text.ts';
import { createMarkdownProcessor } from '../../src/markdown/processor.ts';
import { generateArticles, seededRandom } from '../../scripts/generate-corpus.ts';
import { REPO } from '../support/site.ts';

const reference = (tree: Root): string => toText(tree, { whitespace: 'normal' }).replace(/\s+/g, ' ').trim();
const processor = createMarkdownProcessor({ basePath: '/' });
const html = unified().use(rehypeParse, { fragment: true });

/** The rendered tree of a Markdown body, as the build makes it. */
function rendered(markdown: string, file = 'content/x/y.md'): Root {
  const vfile = new VFile({ path: file, value: markdown });
  vfile.data.articlePath = '/x/y/';
  return processor.runSync(processor.parse(vfile), vfile) as Root;
}

async function markdownFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.filter((name) => name.endsWith('.md')).map((name) => path.join(dir, name));
}

describe('plainText', () => {
  it('gives hast-util-to-text’s text for every fixture and sample article', async () => {
    const files = [...(await markdownFiles(path.join(REPO, 'test/fixtures'))), ...(await markdownFiles(path.join(REPO, 'content')))];
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      const tree = rendered((await readFile(file, 'utf8')).replace(/^---\n[\s\S]*?\n---\n/, ''), path.relative(REPO, file));
      expect(plainText(tree), file).toBe(reference(tree));
    }
  });

  it('gives the same text on a generated corpus of ward articles', () => {
    for (const article of generateArticles(300, 11)) {
      const tree = rendered(article.markdown.replace(/^---\n[\s\S]*?\n---\n/, ''), article.path);
      const text = plainText(tree);
      expect(text, article.path).toBe(reference(tree));
      expect(text.length).toBeGreaterThan(100);
    }
  });

  it('gives the same text on random fragments, whitespace and hidden elements included', () => {
    const random = seededRandom(7);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const tags = ['p', 'h2', 'ul', 'li', 'ol', 'blockquote', 'a', 'strong', 'em', 'code', 'span', 'sup', 'figure', 'figcaption', 'picture', 'table', 'td', 'pre', 'div', 'script', 'template', 'details', 'summary', 'select', 'option', 'dl', 'dt'];
    const texts = ['Phường', ' Cự Khối ', '\n', '  ', 'a\u00a0b', '1.200', '', ' \t ', 'ngày 25/9'];
    const fragment = (depth: number): string => {
      let out = '';
      const count = 1 + Math.floor(random() * 4);
      for (let i = 0; i < count; i++) {
        const roll = random();
        if (roll < 0.35 || depth > 3) out += pick(texts);
        else if (roll < 0.42) out += pick(['<br>', '<hr>', '<img src="/a.png" alt="ảnh">', '<!-- ghi chú -->']);
        else {
          const tag = pick(tags);
          const hidden = random() < 0.05 ? ' hidden' : '';
          out += `<${tag}${hidden}>${fragment(depth + 1)}</${tag}>`;
        }
      }
      return out;
    };
    let fast = 0;
    for (let n = 0; n < 3000; n++) {
      const source = fragment(0);
      const tree = html.parse(source) as Root;
      expect(plainText(tree), JSON.stringify(source)).toBe(reference(tree));
      if (!/<(table|td|pre|div|script|template|details|summary|select|option|dl|dt)\b| hidden/.test(source)) fast++;
    }
    // Most fragments are of the elements the loop reads itself.
    expect(fast).toBeGreaterThan(500);
  });
});
