/**
 * The importer on saved pages of three portal layouts (Liferay portlets, WordPress, an old table layout),
 * each a fixture folder: `site.config.yaml`, `pages/`, and `expected/` (the Markdown it must write and the
 * report it must print; regenerate with UPDATE=1 after a deliberate change, then read the diff).
 */
import { mkdir, readFile, rm, writeFile, cp } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Heading, List, Paragraph, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanTemps, fixture } from '../support/site.ts';
import { importFixture, listFiles, readArticle, type FixtureRun } from './support.ts';

const UPDATE = process.env['UPDATE'] === '1';
afterAll(cleanTemps);

/** Compares what the importer wrote (and printed) with `expected/`, or rewrites `expected/` under UPDATE=1. */
async function expectGolden(name: string, run: FixtureRun): Promise<void> {
  const expectedDir = fixture(`import/${name}/expected`);
  const written = await listFiles(path.join(run.root, 'content'));
  if (UPDATE) {
    await rm(expectedDir, { recursive: true, force: true });
    await mkdir(expectedDir, { recursive: true });
    await cp(path.join(run.root, 'content'), path.join(expectedDir, 'content'), { recursive: true });
    await writeFile(path.join(expectedDir, 'report.txt'), run.report);
  }
  expect(written).toEqual(await listFiles(path.join(expectedDir, 'content')));
  for (const file of written) {
    const actual = await readFile(path.join(run.root, 'content', file), 'utf8');
    expect(actual, file).toBe(await readFile(path.join(expectedDir, 'content', file), 'utf8'));
  }
  expect(run.report).toBe(await readFile(path.join(expectedDir, 'report.txt'), 'utf8'));
}

function kinds(nodes: RootContent[]): string[] {
  return nodes.map((n) => (n.type === 'heading' ? `h${(n as Heading).depth}` : n.type === 'list' ? ((n as List).ordered ? 'ol' : 'ul') : n.type));
}

function allNodes(node: object): RootContent[] {
  const out: RootContent[] = [];
  for (const child of ((node as { children?: RootContent[] }).children ?? [])) {
    out.push(child);
    out.push(...allNodes(child));
  }
  return out;
}

const REFERENCE_TITLE =
  'Cự Khối tổ chức Hội nghị sơ kết Ban chỉ đạo thực hiện Quy chế dân chủ ở cơ sở 9 tháng đầu năm 2020 triển khai nhiệm vụ 3 tháng cuối năm 2020';

describe('Liferay portlet page (the reference page of phường Cự Khối)', async () => {
  const run = await importFixture('liferay-portlet');
  const file = 'content/cong-tac-dang/cu-khoi-to-chuc-hoi-nghi-so-ket-ban-chi-dao-thuc-hien-quy-che-dan-chu-o-co-so-9.md';

  it('writes the expected Markdown and report', async () => {
    await expectGolden('liferay-portlet', run);
    expect(run.result.imported).toEqual([{ source: 'pages/cu-khoi-to-chuc-hoi-nghi-so-ket-qcdc-9-thang-2020.html', path: file }]);
  });

  it('reads title, date, category, views and the old URL into the front matter', async () => {
    const { data } = await readArticle(run.root, file);
    expect(data).toEqual({
      title: REFERENCE_TITLE,
      date: '2020-09-25 21:01',
      category: 'Công tác đảng',
      views: 59,
      aliases: [
        '/cong-tac-dang/-/asset_publisher/qL3tD6DJxWsW/content/cu-khoi-to-chuc-hoi-nghi-so-ket-ban-chi-ao-thuc-hien-quy-che-dan-chu-o-co-so-9-thang-au-nam-2020',
      ],
    });
  });

  it('keeps the paragraphs and makes the numbered paragraphs a numbered list', async () => {
    const { tree } = await readArticle(run.root, file);
    expect(kinds(tree.children)).toEqual(['paragraph', 'paragraph', 'paragraph', 'paragraph', 'paragraph', 'ol']);
    const first = tree.children[0] as Paragraph;
    expect(toString(first)).toMatch(/^Chiều ngày 23\/9\/2020 tại Phòng họp số 2 - trụ sở UBND phường/u);
    const list = tree.children[5] as List;
    expect(list.start).toBe(1);
    expect(list.children).toHaveLength(6);
    expect(toString(list.children[0])).toBe(
      'Tăng cường sự lãnh đạo, chỉ đạo của Đảng ủy, sự phối hợp chặt chẽ, đồng bộ giữa Ban chỉ đạo thực hiện QCDC, chính quyền, MTTQ và các đoàn thể nhân dân.',
    );
    expect(toString(list.children[5])).toMatch(/tổng hợp theo qui định\.\/\.$/u);
  });

  it('leaves the portal chrome out of the body: media block, statistics, sharing, scripts, title and byline', async () => {
    const { body, tree } = await readArticle(run.root, file);
    for (const chrome of ['Hiển thị Media', 'Tiêu đề', 'Thông kê', 'Thống kê', 'Đang online', 'Tổng số truy cập', 'Facebook', 'Chia sẻ', 'Ngày đăng', 'Lượt xem', 'Liferay', 'Quay lại', REFERENCE_TITLE]) {
      expect(body).not.toContain(chrome);
    }
    expect(allNodes(tree).filter((n) => n.type === 'html')).toEqual([]);
    expect(body).not.toMatch(/<\/?[a-z][^>]*>/iu);
  });
});

describe('WordPress pages', async () => {
  const run = await importFixture('wordpress');
  const event = 'content/tin-tuc-su-kien/ky-niem-111-nam-ngay-quoc-te-phu-nu-8-3-va-1981-nam-khoi-nghia-hai-ba-trung.md';
  const notice = 'content/thong-bao/thong-bao-tam-ngung-cap-nuoc-sinh-hoat-ngay-20-4-2021.md';

  it('writes the expected Markdown and report', async () => {
    await expectGolden('wordpress', run);
  });

  it('reads the date from the machine-readable published time, in the site time zone', async () => {
    expect((await readArticle(run.root, event)).data['date']).toBe('2021-03-08 09:30');
    expect((await readArticle(run.root, notice)).data['date']).toBe('2021-04-16 16:05');
  });

  it('maps the old category through import.categoryMap and reads "Lượt xem: 1.234" as 1234', async () => {
    const { data } = await readArticle(run.root, event);
    expect(data['category']).toBe('Tin tức - Sự kiện');
    expect(data['views']).toBe(1234);
    expect((await readArticle(run.root, notice)).data['views']).toBeUndefined();
  });

  it('takes the old path from the canonical link, or from og:url when there is none', async () => {
    expect((await readArticle(run.root, event)).data['aliases']).toEqual(['/2021/03/08/ky-niem-111-nam-ngay-quoc-te-phu-nu/']);
    expect((await readArticle(run.root, notice)).data['aliases']).toEqual(['/2021/04/16/thong-bao-tam-ngung-cap-nuoc/']);
  });

  it('keeps the images (lazy-loaded and relative ones made absolute) and names the first as image', async () => {
    const { data, tree } = await readArticle(run.root, event);
    const images = allNodes(tree).filter((n) => n.type === 'image');
    expect(images.map((i) => ('url' in i ? i.url : ''))).toEqual([
      'https://phuongxuanla.example.vn/wp-content/uploads/2021/03/le-ky-niem-8-3-1024x683.jpg',
      'https://phuongxuanla.example.vn/wp-content/uploads/2021/03/tang-hoa-hoi-vien.jpg',
    ]);
    expect(images.map((i) => ('alt' in i ? i.alt : ''))).toEqual(['Quang cảnh Lễ kỷ niệm', 'Tặng hoa các hội viên tiêu biểu']);
    expect(data['image']).toBe('https://phuongxuanla.example.vn/wp-content/uploads/2021/03/le-ky-niem-8-3-1024x683.jpg');
  });

  it('keeps headings, bullet lists and data tables; drops scripts, sharing and related posts', async () => {
    const { body, tree } = await readArticle(run.root, event);
    expect(kinds(tree.children)).toEqual(['paragraph', 'paragraph', 'paragraph', 'h2', 'paragraph', 'ul', 'table', 'paragraph', 'paragraph', 'paragraph']);
    expect(toString(tree.children.find((n) => n.type === 'table')!)).toContain('Chi hội tổ dân phố số 1');
    for (const chrome of ['__wpStats', 'Chia sẻ', 'Facebook', 'Bài viết liên quan', 'Kỷ niệm 110 năm', 'Thống kê truy cập', 'Hội nghị cử tri', 'admin', 'Chuyên mục', 'Hội phụ nữ']) {
      expect(body).not.toContain(chrome);
    }
    expect(allNodes(tree).filter((n) => n.type === 'html')).toEqual([]);
  });

  it('turns the embedded video into a link, with a warning', async () => {
    const { tree } = await readArticle(run.root, event);
    const last = tree.children.at(-1)!;
    expect(allNodes(last).find((n) => n.type === 'link')).toMatchObject({ url: 'https://www.youtube.com/embed/a1B2c3D4e5F?feature=oembed' });
    expect(toString(last)).toBe('Lễ kỷ niệm 8/3 phường Xuân La');
    expect(run.report).toContain('[import-embed-link]');
  });

  it('takes a bold name aligned right at the end for the author and removes it; ignores the "admin" account', async () => {
    const { data, body } = await readArticle(run.root, event);
    expect(data['authors']).toEqual(['Thu Hương']);
    expect(body).not.toContain('Thu Hương');
  });

  it('leaves a credit that is not the last line, and a bold closing sentence, in the body', async () => {
    const { data, tree } = await readArticle(run.root, notice);
    expect(data['authors']).toBeUndefined();
    expect(tree.children.slice(-2).map((n) => toString(n))).toEqual([
      'Tin, ảnh: Minh Anh',
      'Đề nghị các hộ gia đình chủ động dự trữ nước trong thời gian tạm ngừng cấp nước.',
    ]);
    expect(kinds(tree.children)).toEqual(['paragraph', 'ol', 'paragraph', 'paragraph']);
  });
});

describe('old table layout, saved in NFD, with selectors from site.config.yaml', async () => {
  const run = await importFixture('table-layout');
  const file = 'content/van-hoa-xa-hoi/phuong-duc-giang-to-chuc-le-hoi-truyen-thong-nam-2015.md';

  it('writes the expected Markdown and report', async () => {
    await expectGolden('table-layout', run);
  });

  it('the saved page really is NFD', async () => {
    const saved = await readFile(fixture('import/table-layout/pages/tin-tuc/le-hoi-truyen-thong-2015.htm'), 'utf8');
    expect(saved).not.toBe(saved.normalize('NFC'));
    expect(saved).toContain('Phường Đức Giang'.normalize('NFD'));
  });

  it('writes NFC text: title, category, body', async () => {
    const text = await readFile(path.join(run.root, file), 'utf8');
    expect(text).toBe(text.normalize('NFC'));
    const { data, body } = await readArticle(run.root, file);
    expect(data['title']).toBe('Phường Đức Giang tổ chức Lễ hội truyền thống năm 2015');
    expect(data['category']).toBe('Văn hóa - Xã hội');
    expect(body).toContain('“uống nước nhớ nguồn”');
  });

  it('reads "Cập nhật lúc 14h30 ngày 02/09/2015 - Số lần xem: 312"', async () => {
    const { data } = await readArticle(run.root, file);
    expect(data['date']).toBe('2015-09-02 14:30');
    expect(data['views']).toBe(312);
  });

  it('rebuilds the old path from import.baseUrl and the file path, and resolves the image against it', async () => {
    const { data } = await readArticle(run.root, file);
    expect(data['aliases']).toEqual(['/tin-tuc/le-hoi-truyen-thong-2015.htm']);
    expect(data['image']).toBe('http://www.phuongducgiang.example.vn/Upload/2015/09/le-hoi-duc-giang.jpg');
  });

  it('splits <br><br> runs into paragraphs, unwraps the layout table of the photo, takes "Tin: …" as author', async () => {
    const { data, tree, body } = await readArticle(run.root, file);
    expect(kinds(tree.children)).toEqual(['paragraph', 'paragraph', 'paragraph', 'paragraph', 'paragraph']);
    expect(toString(tree.children[3]!)).toBe('Các đại biểu dâng hương tại đình làng Đức Giang');
    expect(data['authors']).toEqual(['Nguyễn Văn Hùng']);
    expect(body).not.toContain('Tin:');
    for (const chrome of ['In bài', 'Quay lại', 'quangcao', 'CÁC TIN KHÁC', 'Số người truy cập', 'Bản quyền', 'javascript']) {
      expect(body).not.toContain(chrome);
    }
  });

  it('skips the page without a date, saying why and where, and counts it in the summary', async () => {
    expect(existsSync(path.join(run.root, 'content/thong-bao'))).toBe(false);
    expect(run.result.skipped).toEqual([{ source: 'pages/tin-tuc/thong-bao-lich-tiep-dan.htm', ruleId: 'import-no-date', failed: true }]);
    expect(run.report).toContain('pages/tin-tuc/thong-bao-lich-tiep-dan.htm:');
    expect(run.report).toContain('error: No publication date found');
    expect(run.report.trimEnd().split('\n').at(-1)).toBe('✖ Imported 1 article; skipped 1: 1 no date [import-no-date].');
  });
});
