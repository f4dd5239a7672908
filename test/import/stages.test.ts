/** The import's pure stages, one edge case a row: dates, view counts, credits, old URLs, body repairs, planning. */
import type { List } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import {
  dateFromIso,
  decodeHtml,
  defaultImportOptions,
  findDateInText,
  findViewsInText,
  formatLocalDateTime,
  MAX_SLUG_LENGTH,
  namesFromCredit,
  parsePortalPage,
  planImport,
  serializeArticle,
  slugFromTitle,
  type ImportedArticle,
  type ImportOptions,
} from '../../src/import/index.ts';
import { parseMarkdown } from './support.ts';

describe('findDateInText', () => {
  it.each([
    ['Ngày đăng 25/09/2020 | 21:01  | Lượt xem: 59', '2020-09-25 21:01'],
    ['Ngày đăng\u00a025/09/2020\u00a0|\u00a021:01', '2020-09-25 21:01'],
    ['Cập nhật lúc 14h30 ngày 02/09/2015 - Số lần xem: 312', '2015-09-02 14:30'],
    ['Thứ Sáu, 25/09/2020 - 21:01 (GMT+7)', '2020-09-25 21:01'],
    ['21:01 | 25/09/2020', '2020-09-25 21:01'],
    ['21 giờ 01 phút, ngày 25/9/2020', '2020-09-25 21:01'],
    ['25-09-2020 9:05 CH', '2020-09-25 21:05'],
    ['25.09.2020', '2020-09-25'],
    ['Hà Nội, ngày 25 tháng 9 năm 2020', '2020-09-25'],
    ['Cập nhật: 26/09/2020 08:00 | Ngày đăng: 25/09/2020 21:01', '2020-09-25 21:01'],
    ['2020-09-25 21:01', '2020-09-25 21:01'],
  ])('%s → %s', (text, expected) => {
    const found = findDateInText(text);
    expect(found.kind).toBe('found');
    if (found.kind === 'found') expect(formatLocalDateTime(found.date)).toBe(expected);
  });

  it('reports a date that is no real day, and a time that is no time of day', () => {
    expect(findDateInText('Ngày đăng 31/02/2020 | 21:01')).toMatchObject({ kind: 'invalid', text: '31/02/2020' });
    expect(findDateInText('Ngày đăng 25/09/2020 | 25:61')).toMatchObject({ kind: 'invalid' });
  });

  it('finds nothing in a text without a date, nor in a year outside 1990–2100', () => {
    expect(findDateInText('Lượt xem: 59')).toEqual({ kind: 'none' });
    expect(findDateInText('Số 01/01/1890')).toEqual({ kind: 'none' });
  });
});

describe('dateFromIso', () => {
  it('shows an instant with an offset in the site time zone', () => {
    expect(dateFromIso('2020-09-25T14:01:00Z', 'Asia/Ho_Chi_Minh')).toEqual({ year: 2020, month: 9, day: 25, hour: 21, minute: 1 });
    expect(dateFromIso('2020-09-25T21:01:00+07:00', 'Asia/Ho_Chi_Minh')).toEqual({ year: 2020, month: 9, day: 25, hour: 21, minute: 1 });
    expect(dateFromIso('2020-09-25T20:30:00+0000', 'Asia/Ho_Chi_Minh')).toEqual({ year: 2020, month: 9, day: 26, hour: 3, minute: 30 });
  });

  it('takes a value without offset as local, a bare day as a day, and rejects the rest', () => {
    expect(dateFromIso('2020-09-25T21:01', 'Asia/Ho_Chi_Minh')).toEqual({ year: 2020, month: 9, day: 25, hour: 21, minute: 1 });
    expect(dateFromIso('2020-09-25', 'Asia/Ho_Chi_Minh')).toEqual({ year: 2020, month: 9, day: 25 });
    expect(dateFromIso('2020-02-30', 'Asia/Ho_Chi_Minh')).toBeUndefined();
    expect(dateFromIso('25/09/2020', 'Asia/Ho_Chi_Minh')).toBeUndefined();
  });
});

describe('findViewsInText', () => {
  it.each([
    ['Ngày đăng 25/09/2020 | 21:01 | Lượt xem: 59', 59],
    ['Lượt xem 1.234', 1234],
    ['Số lượt xem: 1,234', 1234],
    ['Lượt đọc: 12', 12],
    ['Đã có 59 lượt xem', 59],
    ['Views: 7', 7],
    ['Lượt xem: 59\n\n100 ý kiến', 59],
  ])('%s → %d', (text, expected) => {
    expect(findViewsInText(text)).toBe(expected);
  });

  it('does not take the site-wide statistics for the article count', () => {
    expect(findViewsInText('Đang online: 1818 Tổng số truy cập: 5839654')).toBeUndefined();
    expect(findViewsInText('Ngày đăng 25/09/2020')).toBeUndefined();
  });
});

describe('namesFromCredit', () => {
  it.each([
    ['Minh Thu', true, ['Minh Thu']],
    ['Minh Thu - Phường Cự Khối', true, ['Minh Thu']],
    ['Nguyễn Thị Minh Thu./.', true, ['Nguyễn Thị Minh Thu']],
    ['(Thu Hương)', true, ['Thu Hương']],
    ['Tin, ảnh: Thu Hương và Quốc Anh', true, ['Thu Hương', 'Quốc Anh']],
    ['Tác giả: Nguyễn Văn An', true, ['Nguyễn Văn An']],
    ['Tin: UBND Phường Cự Khối', true, ['UBND Phường Cự Khối']],
    ['TIN: NGUYỄN VĂN HÙNG', true, ['NGUYỄN VĂN HÙNG']],
    ['Ban biên tập', true, ['Ban biên tập']],
  ])('%s → names', (text, strict, expected) => {
    expect(namesFromCredit(text, strict)).toEqual(expected);
  });

  it.each([
    ['Đề nghị các hộ gia đình thực hiện nghiêm túc.'],
    ['BAN CHỈ ĐẠO'],
    ['Dân biết, dân bàn, dân làm, dân kiểm tra'],
    ['Nơi nhận:'],
    ['Số 34/TB-UBND'],
    ['admin'],
    ['Quản trị viên'],
    ['Hội Liên Hiệp Phụ Nữ Phường Cự Khối Quận Long Biên'],
  ])('%s is no credit', (text) => {
    expect(namesFromCredit(text, true)).toBeUndefined();
  });
});

const OPTIONS: ImportOptions = defaultImportOptions();

function page(body: string, head = ''): VFile {
  return new VFile({ path: 'page.html', value: `<!DOCTYPE html><html><head><meta charset="utf-8">${head}</head><body>${body}</body></html>` });
}

function article(file: VFile, options: ImportOptions = OPTIONS): ImportedArticle {
  const result = parsePortalPage(file, options);
  if (!result) throw new Error(file.messages.map((m) => `${m.reason} [${m.ruleId}]`).join('\n'));
  return result;
}

const CANONICAL = '<link rel="canonical" href="https://phuong.example.vn/tin-tuc/bai-viet.html">';

function portal(content: string, byline = 'Ngày đăng 25/09/2020 | 21:01 | Lượt xem: 59'): VFile {
  return page(
    `<div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="/tin-tuc">Tin tức - Sự kiện</a></div>
     <h1 class="title">Hội nghị sơ kết</h1><p class="byline">${byline}</p><div class="post-content">${content}</div>`,
    CANONICAL,
  );
}

describe('parsePortalPage', () => {
  it('finds a byline without a class between the title and the body, ignoring dates elsewhere', () => {
    const file = page(
      `<div class="top">Hôm nay: 28/11/2023</div><h1 class="title">Hội nghị sơ kết</h1>
       <p>Ngày đăng 25/09/2020 | 21:01 | Lượt xem: 59</p>
       <div class="post-content"><p>Chiều ngày 23/9/2020, hội nghị đã diễn ra.</p></div>
       <aside><p>Lượt xem: 999</p></aside>`,
      CANONICAL,
    );
    const result = article(file, { ...OPTIONS, defaultCategory: 'Tin tức - Sự kiện' });
    expect(formatLocalDateTime(result.date)).toBe('2020-09-25 21:01');
    expect(result.views).toBe(59);
    expect(result.category).toBe('Tin tức - Sự kiện');
  });

  it('reads the category as the last link of a breadcrumb, not "Trang chủ" nor the title', () => {
    expect(article(portal('<p>Nội dung.</p>')).category).toBe('Tin tức - Sự kiện');
  });

  it('maps categories case-insensitively through categoryMap and keeps the old name', () => {
    const result = article(portal('<p>Nội dung.</p>'), { ...OPTIONS, categoryMap: { 'TIN TỨC - SỰ KIỆN': 'Tin tức' } });
    expect(result.category).toBe('Tin tức');
    expect(result.sourceCategory).toBe('Tin tức - Sự kiện');
  });

  it('gives the same article for a page saved in NFD and in NFC', () => {
    const html = String(portal('<p>Phường Cự Khối tổ chức hội nghị.</p><p style="text-align:right"><b>Nguyễn Thị Hương</b></p>').value);
    const nfc = article(new VFile({ path: 'a.html', value: html.normalize('NFC') }));
    const nfd = article(new VFile({ path: 'b.html', value: html.normalize('NFD') }));
    expect(nfd).toEqual(nfc);
    expect(nfd.authors).toEqual(['Nguyễn Thị Hương']);
    expect(nfd.markdown).toBe('Phường Cự Khối tổ chức hội nghị.\n');
  });

  it('reports a page without a title at 1:1, and one without a body, and gives nothing', () => {
    const file = page('<div class="post-content"><p>Chỉ có nội dung.</p></div>');
    expect(parsePortalPage(file, OPTIONS)).toBeUndefined();
    const noTitle = file.messages.find((m) => m.ruleId === 'import-no-title');
    expect(noTitle).toMatchObject({ fatal: true, line: 1, column: 1 });
    const noBody = page('<h1 class="title">Tiêu đề</h1><p>Ngày đăng 25/09/2020</p>');
    expect(parsePortalPage(noBody, { ...OPTIONS, defaultCategory: 'Thông báo' })).toBeUndefined();
    expect(noBody.messages.map((m) => m.ruleId)).toEqual(['import-no-body']);
  });

  it('reports an impossible date at the byline', () => {
    const file = new VFile({
      path: 'x.html',
      value: '<h1 class="title">Tiêu đề</h1>\n<div class="post-meta">Ngày đăng 31/02/2020 | 21:01</div>\n<div class="post-content"><p>Nội dung.</p></div>',
    });
    expect(parsePortalPage(file, { ...OPTIONS, defaultCategory: 'Thông báo' })).toBeUndefined();
    expect(file.messages).toHaveLength(1);
    expect(file.messages[0]).toMatchObject({ ruleId: 'import-date-invalid', fatal: true, line: 2, column: 1 });
    expect(file.messages[0]?.reason).toContain('31/02/2020');
  });

  it('skips a page without category unless a default category is given', () => {
    const html = '<h1 class="title">Tiêu đề</h1><div class="post-meta">25/09/2020</div><div class="post-content"><p>Nội dung.</p></div>';
    const file = new VFile({ path: 'x.html', value: html });
    expect(parsePortalPage(file, OPTIONS)).toBeUndefined();
    expect(file.messages.map((m) => m.ruleId)).toEqual(['import-no-category']);
    expect(article(new VFile({ path: 'y.html', value: html }), { ...OPTIONS, defaultCategory: 'Thông báo' }).category).toBe('Thông báo');
  });

  it('drops a first paragraph repeating the title, keeps Markdown characters as text, removes hidden and active content', () => {
    const result = article(
      portal(
        `<h2>Hội nghị sơ kết</h2><p>Giá *khuyến mãi* [1] &lt;b&gt;không&lt;/b&gt; # 5</p>
         <div style="display: none">Ẩn</div><form><input value="x"><button>Gửi</button></form>
         <p><a href="javascript:alert(1)">Bấm</a> <img src="javascript:alert(1)"></p><style>p{}</style>`,
      ),
    );
    const { tree } = parseMarkdown(`---\ntitle: x\n---\n\n${result.markdown}`);
    expect(tree.children.map((n) => toString(n))).toEqual(['Giá *khuyến mãi* [1] <b>không</b> # 5', 'Bấm']);
    expect(tree.children.map((n) => n.type)).toEqual(['paragraph', 'paragraph']);
    expect(result.markdown).not.toContain('javascript');
    expect(result.images).toEqual([]);
  });

  it('makes a list only of numbered paragraphs that count up from one another', () => {
    const result = article(portal('<p>1. Một.</p><p>2. Hai.</p><p>3. Ba.</p><p>Đoạn.</p><p>1. Lẻ.</p><p>2020. Năm.</p><p>5. Năm.</p>'));
    const { tree } = parseMarkdown(`---\ntitle: x\n---\n\n${result.markdown}`);
    expect(tree.children.map((n) => n.type)).toEqual(['list', 'paragraph', 'paragraph', 'paragraph', 'paragraph']);
    expect((tree.children[0] as List).children.map((i) => toString(i))).toEqual(['Một.', 'Hai.', 'Ba.']);
    expect(tree.children.slice(1).map((n) => toString(n))).toEqual(['Đoạn.', '1. Lẻ.', '2020. Năm.', '5. Năm.']);
  });

  it('takes a bold last line after a <br> for the author, but not a bold name inside a sentence', () => {
    const credit = article(portal('<p>Hội nghị đã thành công tốt đẹp.<br><strong>Minh Thu</strong></p>'));
    expect(credit.authors).toEqual(['Minh Thu']);
    expect(credit.markdown).toBe('Hội nghị đã thành công tốt đẹp.\n');
    const sentence = article(portal('<p>Hội nghị do đồng chí <strong>Nguyễn Quốc Toản</strong></p>'));
    expect(sentence.authors).toEqual([]);
    expect(sentence.markdown).toContain('Nguyễn Quốc Toản');
  });

  it('never takes a body that is only a name for a credit', () => {
    const result = article(portal('<p><strong>Minh Thu</strong></p>'));
    expect(result.authors).toEqual([]);
    expect(result.markdown).toBe('**Minh Thu**\n');
  });

  it('prefers an author element of the page, and then removes the same name at the end of the body', () => {
    const file = page(
      `<h1 class="title">Tiêu đề</h1><div class="post-meta">25/09/2020 <span class="author-name">Thu Hương</span></div>
       <div class="post-content"><p>Nội dung.</p><p><strong>Thu Hương</strong></p></div>`,
    );
    const result = article(file, { ...OPTIONS, defaultCategory: 'Thông báo' });
    expect(result.authors).toEqual(['Thu Hương']);
    expect(result.markdown).toBe('Nội dung.\n');
  });

  it('keeps a relative image as it is, with a warning, when the old URL is unknown', () => {
    const file = page('<h1 class="title">Tiêu đề</h1><div class="post-meta">25/09/2020</div><div class="post-content"><p><img src="/anh/a.jpg" alt="Ảnh"></p><p>Chữ.</p></div>');
    const result = article(file, { ...OPTIONS, defaultCategory: 'Thông báo' });
    expect(result.image).toBe('/anh/a.jpg');
    expect(result.aliases).toEqual([]);
    expect(file.messages.map((m) => m.ruleId).sort()).toEqual(['import-no-old-url', 'import-relative-url']);
  });

  it('finds the old URL: canonical, og:url, the "saved from" comment, then base URL + file path', () => {
    const body = '<h1 class="title">T</h1><div class="post-meta">25/09/2020</div><div class="post-content"><p>Chữ.</p></div>';
    const options = { ...OPTIONS, defaultCategory: 'Thông báo', baseUrl: 'https://cu.example.vn/portal/' };
    const of = (html: string): ImportedArticle =>
      parsePortalPage(new VFile({ path: 'x.html', value: html }), options, { relativePath: 'tin tức/bài 1.html' })!;
    expect(of(`<link rel="canonical" href="/a/b.html"><meta property="og:url" content="https://cu.example.vn/c">${body}`)).toMatchObject({
      aliases: ['/a/b.html'],
      oldUrlSource: 'canonical',
    });
    expect(of(`<meta property="og:url" content="https://cu.example.vn/c">${body}`).aliases).toEqual(['/c']);
    expect(of(`<!-- saved from url=(0030)https://old.example.vn/d.aspx -->\n${body}`)).toMatchObject({ aliases: ['/d.aspx'], oldUrlSource: 'saved-from' });
    expect(of(body)).toMatchObject({ aliases: ['/portal/tin%20t%E1%BB%A9c/b%C3%A0i%201.html'], oldUrlSource: 'file-path' });
  });

  it('writes no alias for an old URL that names the article in its query', () => {
    const file = page(
      '<h1 class="title">T</h1><div class="post-meta">25/09/2020</div><div class="post-content"><p>Chữ.</p></div>',
      '<link rel="canonical" href="https://old.example.vn/Default.aspx?tabid=120&amp;id=1234">',
    );
    const result = article(file, { ...OPTIONS, defaultCategory: 'Thông báo' });
    expect(result.aliases).toEqual([]);
    expect(result.oldUrl).toBe('https://old.example.vn/Default.aspx?tabid=120&id=1234');
    expect(file.messages.map((m) => m.ruleId)).toEqual(['import-alias-query']);
  });
});

describe('decodeHtml', () => {
  it('reads a windows-1258 page by its meta charset (Vietnamese with combining tones) and strips a BOM', () => {
    const head = Buffer.from('<meta http-equiv="Content-Type" content="text/html; charset=windows-1258"><h1>', 'latin1');
    // "Phường" in windows-1258: ư = 0xFD, ơ = 0xF5 followed by the combining grave accent 0xCC.
    const bytes = Buffer.concat([head, Buffer.from([0x50, 0x68, 0xfd, 0xf5, 0xcc, 0x6e, 0x67]), Buffer.from('</h1>')]);
    expect(decodeHtml(bytes).normalize('NFC')).toContain('<h1>Phường</h1>');
    expect(decodeHtml(Buffer.from('\ufeff<p>Phường</p>', 'utf8'))).toBe('<p>Phường</p>');
  });
});

describe('serializeArticle', () => {
  it('writes YAML front matter that reads back as strings and numbers, long titles on one line', () => {
    const title = 'Cự Khối tổ chức Hội nghị sơ kết Ban chỉ đạo thực hiện Quy chế dân chủ ở cơ sở 9 tháng đầu năm 2020: "kết quả"';
    const text = serializeArticle({
      title,
      date: { year: 2020, month: 9, day: 25, hour: 21, minute: 1 },
      category: 'Công tác đảng',
      views: 59,
      aliases: ['/a.html'],
      images: [],
      authors: ['Minh Thu'],
      markdown: 'Nội dung.\n',
    });
    expect(text.split('\n')[1]).toBe(`title: 'Cự Khối tổ chức Hội nghị sơ kết Ban chỉ đạo thực hiện Quy chế dân chủ ở cơ sở 9 tháng đầu năm 2020: "kết quả"'`);
    expect(text).toContain('date: "2020-09-25 21:01"\n');
    expect(parseMarkdown(text).data).toEqual({ title, date: '2020-09-25 21:01', category: 'Công tác đảng', authors: ['Minh Thu'], views: 59, aliases: ['/a.html'] });
  });
});

describe('planImport', () => {
  const base: ImportedArticle = {
    title: 'Thông báo',
    date: { year: 2020, month: 9, day: 25 },
    category: 'công tác Đảng',
    aliases: [],
    images: [],
    authors: [],
    markdown: 'x\n',
  };
  const categories = [{ name: 'Công tác đảng', slug: 'cong-tac-dang' }];

  it('matches categories ignoring tones and case, and numbers slugs that meet', () => {
    const pages = [1, 2, 3].map((n) => ({ file: new VFile({ path: `${n}.html` }), article: base }));
    const planned = planImport(pages, categories);
    expect(planned.map((p) => p.path)).toEqual(['content/cong-tac-dang/thong-bao.md', 'content/cong-tac-dang/thong-bao-2.md', 'content/cong-tac-dang/thong-bao-3.md']);
    expect(planned[0]?.article.category).toBe('Công tác đảng');
    expect(pages.flatMap((p) => p.file.messages)).toEqual([]);
  });

  it('warns about a category the config does not have and files it under the slug of its name', () => {
    const file = new VFile({ path: 'x.html' });
    const [planned] = planImport([{ file, article: { ...base, category: 'Tin hoạt động' } }], categories);
    expect(planned?.path).toBe('content/tin-hoat-dong/thong-bao.md');
    expect(file.messages.map((m) => m.ruleId)).toEqual(['import-category-unknown']);
    expect(file.messages[0]?.note).toContain('--category-map "Tin hoạt động=<name>"');
  });

  it('cuts long slugs at a word boundary', () => {
    const slug = slugFromTitle(
      'Cự Khối tổ chức Hội nghị sơ kết Ban chỉ đạo thực hiện Quy chế dân chủ ở cơ sở 9 tháng đầu năm 2020 triển khai nhiệm vụ 3 tháng cuối năm 2020',
    );
    expect(slug.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
    expect(slug).toBe('cu-khoi-to-chuc-hoi-nghi-so-ket-ban-chi-dao-thuc-hien-quy-che-dan-chu-o-co-so-9');
    expect(slugFromTitle('!!!')).toBe('bai-viet');
  });
});

describe('category from a breadcrumb', () => {
  const options = { ...OPTIONS };
  const of = (breadcrumb: string, title = 'Thông báo'): string | undefined =>
    parsePortalPage(
      new VFile({ path: 'x.html', value: `${breadcrumb}<h1 class="title">${title}</h1><div class="post-meta">25/09/2020</div><div class="post-content"><p>Chữ.</p></div>` }),
      options,
    )?.category;

  it.each([
    ['<ol class="breadcrumb"><li><a href="/">Trang chủ</a></li><li><a href="/tb">Thông báo</a></li><li>Lịch tiếp dân</li></ol>', 'Lịch tiếp dân', 'Thông báo'],
    ['<div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="/tb">Thông báo</a> » <a href="/x">Lịch tiếp dân</a></div>', 'Lịch tiếp dân', 'Thông báo'],
    ['<div class="breadcrumb">Trang chủ » Thông báo » Lịch tiếp dân</div>', 'Lịch tiếp dân', 'Thông báo'],
    ['<div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="/tb">Thông báo</a></div>', 'Thông báo', 'Thông báo'],
  ])('%s (title %s) → %s', (breadcrumb, title, expected) => {
    expect(of(breadcrumb, title)).toBe(expected);
  });
});
