/**
 * From old portal to new site: the pages of the three import fixtures are imported, then built with the
 * core build, and the built pages show what the old ones showed.
 */
import { cp, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build.ts';
import type { CounterManifest } from '../../src/types.ts';
import { all, cleanTemps, fixture, one, readHtml, tempDir, text } from '../support/site.ts';
import { importFixture } from './support.ts';

const NOW = new Date('2026-11-01T00:00:00Z');
let out: string;

beforeAll(async () => {
  const site = await tempDir();
  await cp(fixture('import/liferay-portlet/site.config.yaml'), path.join(site, 'site.config.yaml'));
  for (const layout of ['liferay-portlet', 'wordpress', 'table-layout']) {
    const { root, result } = await importFixture(layout);
    expect(result.imported.length).toBeGreaterThan(0);
    await cp(path.join(root, 'content'), path.join(site, 'content'), { recursive: true });
  }
  out = path.join(site, 'dist');
  const built = await build({ root: site, out, now: NOW });
  expect(built.files.flatMap((f) => f.messages.filter((m) => m.fatal).map((m) => `${f.path}: ${m.reason}`))).toEqual([]);
  expect(built.ok).toBe(true);
});
afterAll(cleanTemps);

const REFERENCE = 'cong-tac-dang/cu-khoi-to-chuc-hoi-nghi-so-ket-ban-chi-dao-thuc-hien-quy-che-dan-chu-o-co-so-9';

describe('a site built from imported pages', () => {
  it('shows the reference article with its title, date and time, category and body', async () => {
    const page = await readHtml(out, `${REFERENCE}/index.html`);
    expect(text(one(page, 'h1'))).toBe(
      'Cự Khối tổ chức Hội nghị sơ kết Ban chỉ đạo thực hiện Quy chế dân chủ ở cơ sở 9 tháng đầu năm 2020 triển khai nhiệm vụ 3 tháng cuối năm 2020',
    );
    expect(text(one(page, '.article-category'))).toBe('Công tác đảng');
    expect(text(one(page, '.byline'))).toContain('Ngày đăng 25/09/2020 | 21:01');
    expect(one(page, '.byline time').properties['dateTime']).toBe('2020-09-25T21:01:00+07:00');
    const body = one(page, '.article-body');
    expect(all(body, ':scope > p').map(text)[0]).toMatch(/^Chiều ngày 23\/9\/2020 tại Phòng họp số 2/u);
    expect(all(body, 'ol > li')).toHaveLength(6);
    expect(text(all(body, 'ol > li')[2]!)).toBe('Tổ chức giám sát việc thực hiện QCDC ở cơ sở đối với chi bộ 11.');
    expect(text(body)).not.toContain('Hiển thị Media');
    expect(text(body)).not.toContain('Đang online');
  });

  it('starts the view counter from the old count, and redirects the old URL to the new page', async () => {
    const manifest = JSON.parse(await readFile(path.join(out, '_bantin/manifest.json'), 'utf8')) as CounterManifest;
    expect(manifest.articles[REFERENCE]?.views).toBe(59);
    const redirect = path.join(out, 'cong-tac-dang/-/asset_publisher/qL3tD6DJxWsW/content/cu-khoi-to-chuc-hoi-nghi-so-ket-ban-chi-ao-thuc-hien-quy-che-dan-chu-o-co-so-9-thang-au-nam-2020');
    const file = existsSync(path.join(redirect, 'index.html')) ? path.join(redirect, 'index.html') : redirect;
    expect(await readFile(file, 'utf8')).toContain(`/${REFERENCE}/`);
  });

  it('shows the WordPress article with its images, table and author', async () => {
    const page = await readHtml(out, 'tin-tuc-su-kien/ky-niem-111-nam-ngay-quoc-te-phu-nu-8-3-va-1981-nam-khoi-nghia-hai-ba-trung/index.html');
    expect(text(one(page, '.byline'))).toContain('08/03/2021 | 09:30');
    const body = one(page, '.article-body');
    expect(all(body, 'img').map((img) => img.properties['src'])).toEqual([
      'https://phuongxuanla.example.vn/wp-content/uploads/2021/03/le-ky-niem-8-3-1024x683.jpg',
      'https://phuongxuanla.example.vn/wp-content/uploads/2021/03/tang-hoa-hoi-vien.jpg',
    ]);
    expect(all(body, 'table td').map(text)).toContain('Chi hội tổ dân phố số 1');
    expect(all(page, '.authors li').map(text)).toEqual(['Thu Hương']);
    expect(all(body, 'script')).toEqual([]);
  });

  it('shows the article imported from the NFD table layout in NFC', async () => {
    const page = await readHtml(out, 'van-hoa-xa-hoi/phuong-duc-giang-to-chuc-le-hoi-truyen-thong-nam-2015/index.html');
    const title = text(one(page, 'h1'));
    expect(title).toBe('Phường Đức Giang tổ chức Lễ hội truyền thống năm 2015');
    expect(title).toBe(title.normalize('NFC'));
    expect(text(one(page, '.byline'))).toContain('02/09/2015 | 14:30');
    expect(text(one(page, '.article-body'))).toContain('Lễ hội là dịp để nhân dân tưởng nhớ công ơn các bậc tiền nhân');
  });
});
