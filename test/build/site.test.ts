/** Whole fixture site builds, asserted on the parsed pages, feeds and sitemap. */
import { readFile, writeFile, cp, mkdir } from 'node:fs/promises';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, checkSite, compileSite, readInputs } from '../../src/build.ts';
import { planSite, plannedSiteCount } from '../../src/render/render-site.ts';
import type { BuildProgress } from '../../src/types.ts';
import { REPO, all, cleanTemps, copyFixture, fixture, listTree, one, parseXml, readHtml, snapshotTree, tempDir, text } from '../support/site.ts';

const NOW = new Date('2026-11-01T00:00:00Z');
const SITE = fixture('sites/basic');
let out: string;

beforeAll(async () => {
  out = path.join(await tempDir(), 'dist');
  const result = await build({ root: SITE, out, now: NOW });
  expect(result.ok).toBe(true);
});
afterAll(cleanTemps);

describe('article page', () => {
  it('shows category, title, byline, authors and body like the portal', async () => {
    const page = await readHtml(out, 'tin-tuc/hoi-nghi/index.html');
    expect(one(page, 'html').properties['lang']).toBe('vi');
    expect(text(one(page, '.article-category'))).toBe('Tin tức - Sự kiện');
    expect(text(one(page, 'h1'))).toBe('Hội nghị sơ kết');
    expect(text(one(page, '.byline'))).toBe('Ngày đăng 25/09/2020 | 21:01 | Lượt xem: –');
    expect(one(page, '.byline time').properties['dateTime']).toBe('2020-09-25T21:01:00+07:00');
    const views = one(page, '.byline [data-views]');
    expect(views.properties['dataViews']).toBe('tin-tuc/hoi-nghi');
    expect(views.properties['dataViewsCount']).toBe('');
    expect(all(page, '.authors li').map(text)).toEqual(['Nguyễn Quốc Toản – Bí thư Đảng ủy', 'Ban biên tập']);
    expect(all(page, '.article-body ol li').map(text)).toEqual(['Tăng cường sự lãnh đạo.', 'Tiếp tục thực hiện Thông tri số 06-TT/QU.']);
    expect(text(one(page, '.stats'))).toContain('Đang online');
    expect(one(page, '[data-stat="online"]')).toBeTruthy();
    expect(one(page, '[data-stat="total"]')).toBeTruthy();
  });

  it('has canonical and Open Graph tags with absolute URLs', async () => {
    const page = await readHtml(out, 'tin-tuc/hoi-nghi/index.html');
    expect(one(page, 'link[rel="canonical"]').properties['href']).toBe('https://example.gov.vn/tin-tuc/hoi-nghi/');
    expect(one(page, 'meta[property="og:url"]').properties['content']).toBe('https://example.gov.vn/tin-tuc/hoi-nghi/');
    expect(one(page, 'meta[property="og:type"]').properties['content']).toBe('article');
    expect(one(page, 'meta[property="og:title"]').properties['content']).toBe('Hội nghị sơ kết – Phường Thử Nghiệm');
    expect(one(page, 'meta[name="description"]').properties['content']).toBe('Hội nghị sơ kết 9 tháng đầu năm.');
  });

  it('links to neighbouring articles of the category', async () => {
    const page = await readHtml(out, 'tin-tuc/ra-quan/index.html');
    expect(one(page, '.neighbours .newer a').properties['href']).toBe('/tin-tuc/an-toan/');
    expect(one(page, '.neighbours .older a').properties['href']).toBe('/tin-tuc/hoi-nghi/');
  });

  it('renders a file saved in NFD exactly like its NFC twin', async () => {
    const nfcRoot = await copyFixture('sites/basic');
    const file = path.join(nfcRoot, 'content/thong-bao/cai-cach.md');
    const source = await readFile(file, 'utf8');
    expect(source).not.toBe(source.normalize('NFC'));
    await writeFile(file, source.normalize('NFC'));
    const nfcOut = path.join(await tempDir(), 'dist');
    expect((await build({ root: nfcRoot, out: nfcOut, now: NOW })).ok).toBe(true);
    const a = await readFile(path.join(out, 'thong-bao/cai-cach/index.html'), 'utf8');
    expect(a).toBe(await readFile(path.join(nfcOut, 'thong-bao/cai-cach/index.html'), 'utf8'));
    expect(text(one(await readHtml(out, 'thong-bao/cai-cach/index.html'), 'h1'))).toBe('Đẩy mạnh cải cách hành chính'.normalize('NFC'));
  });
});

describe('lists', () => {
  it('paginates a category newest first, ties by title in Vietnamese order', async () => {
    const first = await readHtml(out, 'tin-tuc/index.html');
    expect(all(first, '.cards .card-title a').map(text)).toEqual(['Bảo đảm an toàn giao thông', 'Ra quân tổng vệ sinh môi trường']);
    expect(one(first, '.pagination a[rel="next"]').properties['href']).toBe('/tin-tuc/trang-2/');
    const second = await readHtml(out, 'tin-tuc/trang-2/index.html');
    expect(all(second, '.cards .card-title a').map(text)).toEqual(['Hội nghị sơ kết']);
    expect(one(second, '.pagination a[rel="prev"]').properties['href']).toBe('/tin-tuc/');
    expect(existsSync(path.join(out, 'tin-tuc/trang-3/index.html'))).toBe(false);
  });

  it('shows title, date, count place and summary (or the first sentences) on index entries', async () => {
    const page = await readHtml(out, 'tin-tuc/trang-2/index.html');
    expect(text(one(page, '.card .meta'))).toBe('25/09/2020 | 21:01 | Lượt xem: –');
    expect(one(page, '.card [data-views]').properties['dataViews']).toBe('tin-tuc/hoi-nghi');
    expect(text(one(page, '.card .excerpt'))).toBe('Hội nghị sơ kết 9 tháng đầu năm.');
    const notices = await readHtml(out, 'thong-bao/index.html');
    expect(text(one(notices, '.card .excerpt'))).toBe('Phường triển khai dịch vụ công trực tuyến mức độ 4 cho người dân.');
  });

  it('has a home page with the latest articles of each category and a category navigation', async () => {
    const home = await readHtml(out, 'index.html');
    expect(all(home, '.site-nav a').map((a) => a.properties['href'])).toEqual(['/tin-tuc/', '/thong-bao/']);
    expect(all(home, '.home-section h2').map(text)).toEqual(['Tin tức - Sự kiện', 'Thông báo']);
    expect(text(one(home, '.featured .card-title'))).toBe('Bảo đảm an toàn giao thông');
    expect(all(home, '.home-section')[1] && all(all(home, '.home-section')[1]!, '.card-title').map(text)).toEqual([
      'Đẩy mạnh cải cách hành chính',
      'Lịch tiếp công dân tháng 10',
    ]);
  });

  it('writes a 404 page', async () => {
    const page = await readHtml(out, '404.html');
    expect(text(one(page, 'h1'))).toBe('Không tìm thấy trang');
  });
});

describe('drafts and future articles', () => {
  it('are not published by default, anywhere', async () => {
    const files = await listTree(out);
    expect(files).not.toContain('tin-tuc/ban-nhap/index.html');
    expect(files).not.toContain('tin-tuc/tuong-lai/index.html');
    const everything = (await Promise.all(files.filter((f) => /\.(html|xml|json)$/.test(f)).map((f) => readFile(path.join(out, f), 'utf8')))).join('\n');
    expect(everything).not.toContain('Bài nháp chưa đăng');
    expect(everything).not.toContain('Bài hẹn giờ đăng');
  });

  it('are published with --drafts and --future', async () => {
    const out2 = path.join(await tempDir(), 'dist');
    expect((await build({ root: SITE, out: out2, now: NOW, drafts: true, future: true })).ok).toBe(true);
    const files = await listTree(out2);
    expect(files).toContain('tin-tuc/ban-nhap/index.html');
    expect(files).toContain('tin-tuc/tuong-lai/index.html');
  });

  it('turns future into published once "now" passes the date', async () => {
    const result = await build({ root: SITE, write: false, now: new Date('2099-01-01T01:00:00Z') });
    expect(result.model?.articles.map((a) => a.id)).toContain('tin-tuc/tuong-lai');
  });
});

describe('aliases', () => {
  it('write redirect pages at the old URLs', async () => {
    for (const rel of ['tin-tuc/-/view/12345.html', 'cu/hoi-nghi/index.html']) {
      const page = await readHtml(out, rel);
      expect(one(page, 'meta[http-equiv="refresh"]').properties['content']).toBe('0; url=/tin-tuc/hoi-nghi/');
      expect(one(page, 'link[rel="canonical"]').properties['href']).toBe('https://example.gov.vn/tin-tuc/hoi-nghi/');
    }
  });
});

describe('feeds, sitemap, robots, manifest', () => {
  it('site feed: absolute URLs, updated from the newest article', async () => {
    const feed = parseXml(await readFile(path.join(out, 'feed.xml'), 'utf8')).feed;
    expect(feed.updated).toBe('2021-03-14T07:30:00+07:00');
    expect(feed.entry.map((e: any) => e.title)).toEqual([
      'Bảo đảm an toàn giao thông',
      'Ra quân tổng vệ sinh môi trường',
      'Đẩy mạnh cải cách hành chính',
      'Lịch tiếp công dân tháng 10',
      'Hội nghị sơ kết',
    ]);
    for (const entry of feed.entry) {
      expect(entry.id).toMatch(/^https:\/\/example\.gov\.vn\//);
      expect(entry.link[0]['@href']).toMatch(/^https:\/\/example\.gov\.vn\//);
      for (const m of String(entry.content['#text']).matchAll(/(?:href|src)="([^"]+)"/g)) expect(m[1]).toMatch(/^https?:\/\//);
    }
    const notice = feed.entry.find((e: any) => e.title === 'Lịch tiếp công dân tháng 10');
    expect(notice.updated).toBe('2020-10-02T09:15:00+07:00');
  });

  it('category feeds list only their category', async () => {
    const feed = parseXml(await readFile(path.join(out, 'thong-bao/feed.xml'), 'utf8')).feed;
    expect(feed.entry.map((e: any) => e.category['@term'])).toEqual(['thong-bao', 'thong-bao']);
    expect(feed.updated).toBe('2020-10-05T10:00:00+07:00');
  });

  it('sitemap lists home, category pages and articles with absolute URLs', async () => {
    const urls = parseXml(await readFile(path.join(out, 'sitemap.xml'), 'utf8')).urlset.url.map((u: any) => u.loc);
    expect(urls).toEqual([
      'https://example.gov.vn/',
      'https://example.gov.vn/thong-bao/',
      'https://example.gov.vn/thong-bao/cai-cach/',
      'https://example.gov.vn/thong-bao/lich-tiep-dan/',
      'https://example.gov.vn/tin-tuc/',
      'https://example.gov.vn/tin-tuc/an-toan/',
      'https://example.gov.vn/tin-tuc/hoi-nghi/',
      'https://example.gov.vn/tin-tuc/ra-quan/',
      'https://example.gov.vn/tin-tuc/trang-2/',
    ]);
    expect(await readFile(path.join(out, 'robots.txt'), 'utf8')).toContain('Sitemap: https://example.gov.vn/sitemap.xml');
  });

  it('writes the counter manifest of published ids with starting counts', async () => {
    const manifest = JSON.parse(await readFile(path.join(out, '_bantin/manifest.json'), 'utf8'));
    expect(manifest.origin).toBe('https://example.gov.vn');
    expect([manifest.basePath, manifest.endpoint, manifest.visits]).toEqual(['/', '/api', 0]);
    expect(Object.keys(manifest.articles)).toEqual(['thong-bao/cai-cach', 'thong-bao/lich-tiep-dan', 'tin-tuc/an-toan', 'tin-tuc/hoi-nghi', 'tin-tuc/ra-quan']);
    expect(manifest.articles['tin-tuc/hoi-nghi']).toEqual({ path: '/tin-tuc/hoi-nghi/', views: 59 });
  });
});

describe('base path', () => {
  it('builds a site under a sub-path with no broken internal link', async () => {
    const sub = path.join(await tempDir(), 'dist');
    const result = await build({ root: SITE, out: sub, now: NOW, baseUrl: 'https://example.gov.vn/phuong-cu-khoi/' });
    expect(result.ok).toBe(true);
    const files = new Set(await listTree(sub));
    let checked = 0;
    for (const file of [...files].filter((f) => f.endsWith('.html'))) {
      const page = await readHtml(sub, file);
      for (const el of all(page, '[href], [src]')) {
        const value = String(el.properties['href'] ?? el.properties['src']);
        const url = new URL(value, `https://example.gov.vn/phuong-cu-khoi/${file}`);
        if (url.origin !== 'https://example.gov.vn' || value.startsWith('#')) continue;
        expect(url.pathname.startsWith('/phuong-cu-khoi/'), `${file}: ${value}`).toBe(true);
        const rel = decodeURI(url.pathname.slice('/phuong-cu-khoi/'.length));
        expect(files.has(rel) || files.has(`${rel}index.html`), `${file} links to ${value}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
    const feed = parseXml(await readFile(path.join(sub, 'feed.xml'), 'utf8')).feed;
    expect(feed.entry[0].id).toMatch(/^https:\/\/example\.gov\.vn\/phuong-cu-khoi\//);
  });
});

describe('check', () => {
  it('makes every file compileSite makes but the search index, with the same bytes', async () => {
    const compiled = compileSite(await readInputs(SITE), { now: NOW });
    const checked = checkSite(await readInputs(SITE), { now: NOW });
    expect(checked.ok).toBe(true);
    const index = (p: string): boolean => /^tim-kiem\/[^/]+\//.test(p);
    expect(compiled.outputs.some((f) => index(f.path))).toBe(true);
    expect(checked.outputs.map((f) => f.path)).toEqual(compiled.outputs.map((f) => f.path).filter((p) => !index(p)));
    const bytes = new Map(compiled.outputs.map((f) => [f.path, Buffer.from(f.contents)]));
    // The search page names the index's version, which check does not build.
    const differing = checked.outputs.filter((f) => !Buffer.from(f.contents).equals(bytes.get(f.path)!)).map((f) => f.path);
    expect(differing).toEqual(['tim-kiem/index.html']);
  });

  it('still renders the search page, so its template errors are reported', async () => {
    const root = await copyFixture('sites/basic');
    await mkdir(path.join(root, 'templates/pages'), { recursive: true });
    const theme = await readFile(path.join(REPO, 'templates/pages/search.hbs'), 'utf8');
    await writeFile(path.join(root, 'templates/pages/search.hbs'), theme.replace('{{search.url}}', '{{search.nowhere.url}}'));
    const result = await build({ root, now: NOW, write: false });
    expect(result.ok).toBe(false);
    const messages = result.files.flatMap((file) => file.messages.map((m) => `${file.path}: ${m.reason}`));
    expect(messages.some((m) => m.startsWith('templates/pages/search.hbs:'))).toBe(true);
  });
});

describe('progress', () => {
  it('reports the articles rendered and the site files written, with counts up to their totals', async () => {
    const steps: BuildProgress[] = [];
    const target = path.join(await tempDir(), 'dist');
    const result = await build({ root: SITE, out: target, now: NOW, cache: false, onProgress: (step) => steps.push({ ...step }) });
    expect(result.ok).toBe(true);
    const of = (phase: string) => steps.filter((s) => s.phase === phase);
    expect(new Set(steps.map((s) => s.phase))).toEqual(new Set(['Rendering articles', 'Writing pages']));

    const articles = of('Rendering articles');
    const sources = (await listTree(path.join(SITE, 'content'))).filter((f) => f.endsWith('.md')).length;
    expect(articles.every((s) => s.total === sources)).toBe(true);
    expect(articles.at(-1)!.done).toBe(sources);
    expect(articles.map((s) => s.done)).toEqual([...articles.map((s) => s.done)].sort((a, b) => a - b));

    // Every file of the site but the search index and the hosting files, one step each.
    const pages = of('Writing pages');
    const { model } = result;
    const expected = plannedSiteCount(model!);
    expect([...planSite(model!, new Map()).site()]).toHaveLength(expected);
    expect(pages.map((s) => s.done)).toEqual(Array.from({ length: expected }, (_, i) => i + 1));
    expect(pages.every((s) => s.total === expected)).toBe(true);
    const search = result.outputs.filter((f) => f.path.startsWith('tim-kiem/')).length;
    expect(result.outputs.length).toBeGreaterThan(expected + search);
  });
});

describe('output', () => {
  it('is byte-identical when built twice', async () => {
    const again = path.join(await tempDir(), 'dist');
    expect((await build({ root: SITE, out: again, now: new Date('2027-01-01T00:00:00Z') })).ok).toBe(true);
    const a = await snapshotTree(out);
    const b = await snapshotTree(again);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [file, bytes] of a) expect(b.get(file)!.equals(bytes), file).toBe(true);
  });

  it('a failed build leaves the previous output intact', async () => {
    const root = await copyFixture('sites/basic');
    const target = path.join(await tempDir(), 'dist');
    expect((await build({ root, out: target, now: NOW })).ok).toBe(true);
    const before = await snapshotTree(target);
    await cp(fixture('invalid/bad-dates/content/thong-bao/a.md'), path.join(root, 'content/thong-bao/hong.md'));
    const failed = await build({ root, out: target, now: NOW });
    expect(failed.ok).toBe(false);
    const after = await snapshotTree(target);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [file, bytes] of before) expect(after.get(file)!.equals(bytes), file).toBe(true);
    expect((await listTree(path.dirname(target))).filter((f) => !f.startsWith('dist/'))).toEqual([]);
  });

  it('keeps unchanged files (and their modification times) on rebuild', async () => {
    const root = await copyFixture('sites/basic');
    const target = path.join(await tempDir(), 'dist');
    await build({ root, out: target, now: NOW });
    const { mtimeMs } = statSync(path.join(target, 'thong-bao/cai-cach/index.html'));
    await new Promise((r) => setTimeout(r, 20));
    const result = await build({ root, out: target, now: NOW });
    expect(result.written?.written).toBe(0);
    expect(statSync(path.join(target, 'thong-bao/cai-cach/index.html')).mtimeMs).toBe(mtimeMs);
  });

  it('lets a site override one theme template and keeps the rest', async () => {
    const root = await copyFixture('sites/basic');
    await mkdir(path.join(root, 'templates/partials'), { recursive: true });
    await writeFile(path.join(root, 'templates/partials/footer.hbs'), '<footer class="site-footer"><p class="custom">UBND phường {{site.title}}</p></footer>\n');
    const target = path.join(await tempDir(), 'dist');
    expect((await build({ root, out: target, now: NOW })).ok).toBe(true);
    const page = await readHtml(target, 'index.html');
    expect(text(one(page, '.custom'))).toBe('UBND phường Phường Thử Nghiệm');
    expect(one(page, '.site-nav')).toBeTruthy();
  });
});
