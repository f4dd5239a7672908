/**
 * The simple-Markdown parser gives remark-parse's tree, positions and key order included, whenever it accepts a
 * document, and accepts the articles ward editors write.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import { parseSimple } from '../../src/parallel/simple-markdown.ts';
import { generateArticles, seededRandom } from '../../scripts/generate-corpus.ts';
import { REPO } from '../support/site.ts';

const remark = unified().use(remarkParse);
const reference = (document: string): string => JSON.stringify(remark.parse(document));

/** Compares the parsers on `document`; returns whether the simple parser accepted it. */
function check(document: string): boolean {
  const simple = parseSimple(document);
  if (simple) expect(JSON.stringify(simple), JSON.stringify(document)).toBe(reference(document));
  return simple !== undefined;
}

function body(text: string): string {
  const match = /^---\r?\n[\s\S]*?\r?\n---\r?\n/.exec(text);
  return match ? match[0].replace(/[^\n]/g, ' ') + text.slice(match[0].length) : text;
}

const ACCEPTED = [
  '',
  '\n\n',
  '   \n   \n\nĐoạn văn.',
  'Dòng một\nDòng hai\n',
  '# Tiêu đề\n\nĐoạn **đậm** và [liên kết](/a/b/) hết.\n',
  '## Mục [có liên kết](https://x.vn/a?b=1) trong tiêu đề',
  '- một **hai**\n- ba [bốn](/b/)\n\nSau danh sách.',
  '1. x\n2. y\n10. z\n',
  '3. bắt đầu từ ba\n4. bốn',
  '**Đậm** ở đầu dòng và **cuối.**\n**Đầu** dòng hai.',
  'Giá 1.200.000 đồng, (khoảng) 50% "trích dẫn" và “ngoặc kép”.',
  'Xem **a**b và **1**, **x.**, **y!** hết',
  '[nhãn (có ngoặc)](/x/) và [nhãn!](/y/)',
  'Chữ ! không phải ảnh, #5 giữa dòng.',
];

const REFUSED = [
  'a\\*b', '`mã`', '<b>x</b>', 'a & b', '_nghiêng_', '*nghiêng*', '~~gạch~~', 'a | b', '![ảnh](/a.jpg)', 'a\tb', 'a\r\nb',
  '  thụt lề', 'dấu cách cuối  \ndòng sau', '* mục', '+ mục', '1) mục', '- ', '-', '---', '===', 'Tiêu đề\n===',
  '#không cách', '# Tiêu đề #', '####### bảy', 'p\n- mục', '- a\nb', '- a\n\n- b', '- a\n1. b', '1. a\n\n2. b',
  '[ref]: /url', '[a][b]', '[a]', '[a](b c)', '[a](<b>)', '[a](b "t")', '[](x)', '[^1]', '- [ ] việc', '- [x] xong',
  '(**x**)', '**x **', '** x**', '***x***', '**x*', '**a.**b', 'a**b**', '😀 emoji', '> trích', '    mã',
];

describe('simple Markdown parser', () => {
  it('accepts plain ward articles and gives remark-parse’s trees', () => {
    for (const document of ACCEPTED) expect(check(document), JSON.stringify(document)).toBe(true);
  });

  it('refuses everything else', () => {
    for (const document of REFUSED) expect(parseSimple(document), JSON.stringify(document)).toBeUndefined();
  });

  it('agrees with remark-parse on generated corpora and accepts nearly all of them', () => {
    let accepted = 0;
    const documents = [...generateArticles(600, 7), ...generateArticles(600, 1234)].map((a) => body(a.markdown));
    for (const document of documents) if (check(document)) accepted++;
    expect(accepted / documents.length).toBeGreaterThan(0.95);
  });

  it('agrees with remark-parse on the sample site and every fixture', async () => {
    const files: string[] = [];
    for (const dir of [path.join(REPO, 'content'), path.join(REPO, 'test', 'fixtures')]) {
      for (const entry of await readdir(dir, { recursive: true })) if (entry.endsWith('.md')) files.push(path.join(dir, entry));
    }
    expect(files.length).toBeGreaterThan(30);
    for (const file of files) check(body(await readFile(file, 'utf8')));
  });

  it('agrees with remark-parse on articles with one random change', () => {
    const random = seededRandom(7);
    const pieces = ['**', '*', '[', ']', '](', '\n', '\n\n', '\n- ', '\n1. ', '\n# ', ' ', '  ', '.', '!', '(', ')', '-', '#', '**a**', '[x](/y/)', '\u00a0', '“', '1.', '='];
    const articles = generateArticles(150, 5).map((a) => body(a.markdown));
    let accepted = 0;
    for (let n = 0; n < 1500; n++) {
      const article = articles[n % articles.length]!;
      const at = Math.floor(random() * article.length);
      const document = article.slice(0, at) + pieces[Math.floor(random() * pieces.length)] + article.slice(at);
      if (check(document)) accepted++;
    }
    expect(accepted).toBeGreaterThan(300);
  });

  it('agrees with remark-parse on random documents near the edge of what it accepts', () => {
    const random = seededRandom(99);
    const pieces = [
      'chữ', 'Đảng', 'phường', '2024', '1.200', ' ', ' ', ' ', '\n', '\n', '\n\n', '\n- ', '\n1. ', '\n2. ', '\n# ', '\n## ', '\n  ', '- ', '1. ',
      '**', '**', '*', '[', ']', '(', ')', '](', '[nhãn](/a/)', '[x](https://x.vn/?a=1)', '.', ',', ':', ';', '!', '?', '%', '"', '“', '”', "'",
      '#', '-', '+', '=', '---', '  ', 'ĐẬM', 'ờ', '\u00a0', '/', '@', 'www.x.vn', 'x.vn', '^',
    ];
    let accepted = 0;
    for (let n = 0; n < 20000; n++) {
      const length = 1 + Math.floor(random() * 25);
      let document = '';
      for (let i = 0; i < length; i++) document += pieces[Math.floor(random() * pieces.length)];
      if (check(document)) accepted++;
    }
    // Enough of them are accepted for the comparison to mean something.
    expect(accepted).toBeGreaterThan(1000);
  });
});
