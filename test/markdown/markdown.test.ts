/** The Markdown stage: rendering, links, excerpts, and that no script reaches a page. */
import { describe, expect, it } from 'vitest';
import { VFile } from 'vfile';
import { createMarkdownProcessor } from '../../src/markdown/processor.ts';
import { excerptOf, renderArticle } from '../../src/markdown/render-markdown.ts';
import type { Article } from '../../src/types.ts';
import { all, parseHtml } from '../support/site.ts';

const processor = createMarkdownProcessor({ basePath: '/phuong/' });

function render(markdown: string, path = '/thong-bao/bai/') {
  const file = new VFile({ path: 'content/thong-bao/bai.md', value: markdown });
  return renderArticle({ file, markdown, path } as Article, processor);
}

const XSS = [
  '<script>alert(1)</script>',
  '<img src=x onerror="alert(1)">',
  '<a href="javascript:alert(1)">x</a>',
  '[x](javascript:alert(1))',
  '[x](JAVASCRIPT:alert(1))',
  '[x](  javascript:alert(1))',
  '[x](java&#x09;script:alert(1))',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[x](vbscript:msgbox(1))',
  '![x](javascript:alert(1))',
  '<iframe src="https://evil.example"></iframe>',
  '<svg onload=alert(1)>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<object data="x.swf"></object>',
  '<form action="https://evil.example"><input name=a></form>',
  '[x]: javascript:alert(1)\n\n[link][x]',
  '<details open ontoggle=alert(1)>',
  '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
];

describe('sanitising', () => {
  it.each(XSS)('drops active content from %s', (markdown) => {
    const { html } = render(`Trước ${markdown} sau`);
    const tree = parseHtml(html);
    expect(all(tree, 'script, iframe, object, embed, form, input, svg, math, style, details')).toEqual([]);
    for (const el of all(tree, '*')) {
      for (const [name, value] of Object.entries(el.properties)) {
        expect(name.toLowerCase().startsWith('on'), `${name} on <${el.tagName}>`).toBe(false);
        expect(String(value).replace(/\s/g, '').toLowerCase()).not.toMatch(/^(javascript|vbscript|data):/);
        expect(name).not.toBe('style');
      }
    }
  });
});

describe('rendering', () => {
  it('renders GFM: tables, strikethrough, task lists, autolinks', () => {
    const { html } = render('| Tổ | Số hộ |\n|---|---|\n| 1 | 120 |\n\n~~cũ~~ https://dichvucong.gov.vn');
    const tree = parseHtml(html);
    expect(all(tree, 'table td').length).toBe(2);
    expect(all(tree, 'del').length).toBe(1);
    expect(all(tree, 'a[href="https://dichvucong.gov.vn"]').length).toBe(1);
  });

  it('prefixes the base path to site links and records them with their positions', () => {
    const article = render('Xem [lịch](/thong-bao/lich/) và [trước](../truoc/#muc-2).\n\n![Ảnh](/anh/a.jpg)\n\n[ngoài](https://hanoi.gov.vn/) [neo](#top)');
    const tree = parseHtml(article.html);
    expect(all(tree, 'a').map((a) => a.properties['href'])).toEqual(['/phuong/thong-bao/lich/', '/phuong/thong-bao/truoc/#muc-2', 'https://hanoi.gov.vn/', '#top']);
    expect(all(tree, 'img')[0]!.properties['src']).toBe('/phuong/anh/a.jpg');
    expect(article.links).toEqual([
      { path: '/thong-bao/lich/', kind: 'link', line: 1, column: 5 },
      { path: '/thong-bao/truoc/', kind: 'link', line: 1, column: 33 },
      { path: '/anh/a.jpg', kind: 'image', line: 3, column: 1 },
    ]);
  });

  it('keeps positions true below the front matter (blanked, not sliced)', () => {
    const article = render('\n\n\n\n[x](/khong-co/)');
    expect(article.links[0]).toMatchObject({ line: 5, column: 1 });
  });
});

describe('excerpts', () => {
  it('keeps short text whole', () => {
    expect(excerptOf('Một câu ngắn.')).toBe('Một câu ngắn.');
  });
  it('cuts at a sentence end within the limit', () => {
    const first = 'Chiều ngày 23/9/2020 tại Phòng họp số 2 - trụ sở UBND phường, Ban chỉ đạo thực hiện QCDC ở cơ sở đã tổ chức Hội nghị sơ kết.';
    const text = `${first} ${'Đồng chí Nguyễn Quốc Toản chủ trì hội nghị với nhiều nội dung quan trọng. '.repeat(5)}`;
    expect(excerptOf(text)).toBe(`${first} Đồng chí Nguyễn Quốc Toản chủ trì hội nghị với nhiều nội dung quan trọng.`);
  });
  it('cuts at a word boundary with an ellipsis when there is no sentence end', () => {
    const result = excerptOf('từ '.repeat(200));
    expect(result.endsWith('từ…')).toBe(true);
    expect(result.length).toBeLessThanOrEqual(221);
  });
});
