/**
 * The selective parse of the render workers gives the very same syntax tree as the full GFM parser, positions
 * included, on every Markdown text at hand and on a list of edge cases around literal autolinks and the other
 * GFM constructs.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Root } from 'mdast';
import { createMarkdownProcessor } from '../../src/markdown/processor.ts';
import { parseSelectively, parserFor, withFastParse } from '../../src/parallel/fast-parse.ts';
import { generateArticles, seededRandom } from '../../scripts/generate-corpus.ts';
import { REPO } from '../support/site.ts';

const full = createMarkdownProcessor({ basePath: '/' });
const fullParse = (document: string): Root => full.parse(document) as Root;

const EDGE_CASES = [
  'Liên hệ: ubnd@cukhoi.gov.vn hoặc gọi 024 3875 1234.',
  'Xem www.cukhoi.gov.vn hoặc http://x.vn/a?b=1. Hết.',
  'HTTPS://X.VN/TIN và WWW.X.VN viết hoa.',
  '[nhãn](https://x.vn) và **đậm** và [khác](http://y.vn "tiêu đề").',
  '[www.x.vn](https://x.vn) trong nhãn liên kết.',
  '![ảnh www.x.vn](/anh.jpg "tiêu đề http://x.vn")',
  '`http://code.vn` và ``www.x.vn`` trong mã.',
  '```\nhttp://khoi-ma.vn\n```',
  '    www.thut-le.vn',
  '<http://x.vn> và <a@b.vn> là autolink thường.',
  '[ref]: http://x.vn "t"\n\n[ref] và [nhãn][ref]',
  '[x]: /y\n\n[a@b.vn][x]',
  'foo](https://x.vn) không phải liên kết.',
  '[a](http://x.vn "chưa đóng',
  'www\\.x.vn có dấu thoát.',
  '&#119;ww.x.vn là tham chiếu ký tự; &#64; cũng vậy: a&#64;b.vn',
  'mailto:a@b.vn và xmpp:a@b.vn/tai-nguyen',
  '*nhấn*@b.vn và _x_@y.vn',
  'a@b không có tên miền; a@b.c-d.vn có.',
  'http:/thieu-gach.vn và https//sai.vn và www,x.vn',
  '<span>www.x.vn</span> và <!-- http://an.vn -->',
  '| a | b |\n| - | - |\n| 1 | www.x.vn |',
  'a | b\n--|--\n1 | 2',
  '~~gạch~~ và ~một~ dấu ngã',
  'Chú thích[^1].\n\n[^1]: Nội dung http://x.vn',
  '- [ ] việc cần làm\n- [x] đã xong\n- [X] cũng xong',
  '1. mục\n   www.trong-danh-sach.vn\n2. mục **www.dam.vn**',
  '> trích dẫn có a@b.vn\n> và [liên kết](https://x.vn)',
  '# Tiêu đề www.x.vn\n\nTiêu đề setext http://y.vn\n===',
  'Dòng một  \nwww.sau-ngat-dong.vn\\\nhttps://sau-gach.vn',
  '[liên kết **www.x.vn**](/trang/) và ![](www.anh.vn)',
  '[![ảnh](/a.jpg)](https://x.vn)',
  'Giá ~50% và 1 | 2',
  '',
  'Chỉ một dòng.',
];

async function markdownFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.filter((e) => e.endsWith('.md')).map((e) => path.join(dir, e));
}

function body(text: string): string {
  // The same blanking as parseArticle, so positions are those of real articles.
  const match = /^---\r?\n[\s\S]*?\r?\n---\r?\n/.exec(text);
  return match ? match[0].replace(/[^\n]/g, ' ') + text.slice(match[0].length) : text;
}

describe('selective parse', () => {
  it('gives the same trees as the full parser on edge cases', () => {
    for (const document of EDGE_CASES) {
      expect(parseSelectively(document, fullParse), document).toEqual(fullParse(document));
    }
    // Both parsers are exercised.
    expect(EDGE_CASES.filter((d) => parserFor(d) === 'plain').length).toBeGreaterThan(5);
    expect(EDGE_CASES.filter((d) => parserFor(d) === 'full').length).toBeGreaterThan(20);
  });

  it('gives the same trees on the sample site, every Markdown fixture and a generated corpus', async () => {
    const files = [...(await markdownFiles(path.join(REPO, 'content'))), ...(await markdownFiles(path.join(REPO, 'test', 'fixtures')))];
    const documents = [
      ...(await Promise.all(files.map(async (f) => body(await readFile(f, 'utf8'))))),
      ...generateArticles(300, 11).map((a) => body(a.markdown)),
    ];
    expect(documents.length).toBeGreaterThan(330);
    let plain = 0;
    for (const document of documents) {
      expect(JSON.stringify(parseSelectively(document, fullParse))).toBe(JSON.stringify(fullParse(document)));
      if (parserFor(document) === 'plain') plain++;
    }
    expect(plain).toBeGreaterThan(200);
  });

  it('gives the same trees on random documents made of Markdown pieces', () => {
    const random = seededRandom(2024);
    const pieces = [
      'chữ', 'Phường', ' ', ' ', '\n', '\n\n', '\n- ', '\n1. ', '\n> ', '\n# ', '\n    ', '*', '**', '_', '`', '```\n', '\\',
      '[', ']', '(', ')', '![', '](', '<', '>', '"', "'", '.', ',', ':', '/', '-', '+', '=', '!', '?', '#',
      'www.', 'www', 'http://', 'https://', 'HTTP://', 'mailto:', 'xmpp:', '@', 'a@b.vn', 'x.vn', '.vn', '&#64;', '&#119;', '&amp;',
      '[x]', '[ ]', '[^1]', '|', '~', '~~', '[ref]: /a', '<b>', '</b>', '<!--', '-->',
    ];
    let plain = 0;
    for (let n = 0; n < 3000; n++) {
      const length = 1 + Math.floor(random() * 30);
      let document = '';
      for (let i = 0; i < length; i++) document += pieces[Math.floor(random() * pieces.length)];
      expect(parseSelectively(document, fullParse), JSON.stringify(document)).toEqual(fullParse(document));
      if (parserFor(document) === 'plain') plain++;
    }
    expect(plain).toBeGreaterThan(200);
  });

  it('renders the same HTML through the article processor', () => {
    const fast = withFastParse(createMarkdownProcessor({ basePath: '/phuong/' }));
    const standard = createMarkdownProcessor({ basePath: '/phuong/' });
    for (const document of [...EDGE_CASES, ...generateArticles(40, 3).map((a) => body(a.markdown))]) {
      const html = (p: typeof fast): string => p.stringify(p.runSync(p.parse(document)));
      expect(html(fast)).toBe(html(standard));
    }
  });
});
