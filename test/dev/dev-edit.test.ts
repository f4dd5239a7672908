/**
 * The dev site's short way through an edit (src/dev/dev-edit.ts): an edit that leaves every article in its place
 * plans only the pages that show the edited article; any other change compiles the whole site. Either way the files
 * and the messages are those `compileSite` gives for the same inputs, and the pages show the edit.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { compileSite, readInputs } from '../../src/build.ts';
import { DevSite, type DevBuild } from '../../src/dev/dev-site.ts';
import { formatMessages } from '../../src/report/format.ts';
import { all, cleanTemps, copyFixture, one, parseHtml, parseXml, text } from '../support/site.ts';

const NOW = new Date('2026-11-01T00:00:00Z');

afterAll(cleanTemps);

describe('DevSite edits', () => {
  let root: string;
  let site: DevSite;
  let last: DevBuild;

  beforeEach(async () => {
    root = await copyFixture('dev/edits');
    site = await DevSite.open({ root, drafts: false, future: false, now: () => NOW });
    last = site.build();
    expect(last.ok).toBe(true);
  });

  /** Edits `content/<rel>` with `change` (or writes it whole, or deletes it with null) and rebuilds. */
  const edit = async (rel: string, change: ((source: string) => string) | string | null): Promise<DevBuild> => {
    const file = path.join(root, 'content', rel);
    if (change === null) await rm(file);
    else await writeFile(file, typeof change === 'string' ? change : change(await readFile(file, 'utf8')));
    const previous = last;
    last = await site.update([file]);
    expect(last.cause).toBe('content');
    // Whichever way the build went, it gives what compileSite gives for the same inputs.
    const compiled = compileSite(await readInputs(root), { now: NOW });
    expect(formatMessages(last.files)).toBe(formatMessages(compiled.files));
    expect(last.ok).toBe(compiled.ok);
    const outputs = last.all();
    expect([...outputs.keys()].sort()).toEqual(compiled.outputs.map((f) => f.path).sort());
    for (const file of compiled.outputs) expect(Buffer.from(outputs.get(file.path)!).equals(Buffer.from(file.contents)), file.path).toBe(true);
    const bytes = (build: DevBuild, p: string) => Buffer.from(build.outputs.get(p) ?? '');
    changedFiles = previous.ok && last.ok ? [...last.outputs.keys()].filter((p) => !bytes(previous, p).equals(bytes(last, p))).sort() : [];
    return last;
  };
  /** The files whose bytes the last edit changed. */
  let changedFiles: string[] = [];
  const page = (rel: string) => parseHtml(String(last.outputs.get(rel)));

  it('takes the short way for a body edit of an old article: its page and its list page change, nothing else', async () => {
    const build = await edit('tin-tuc/ve-sinh-moi-truong.md', (s) => s.replace('Sáng Chủ nhật, toàn phường', 'Sáng thứ Bảy, cả phường'));
    expect(build).toMatchObject({ ok: true, partial: true, rendered: 1, articles: 11 });
    expect(text(one(page('tin-tuc/ve-sinh-moi-truong/index.html'), '.article-body'))).toContain('Sáng thứ Bảy, cả phường ra quân');
    // Third of the category, on its third page of two: the card shows the new excerpt.
    const cards = all(page('tin-tuc/trang-3/index.html'), '.card');
    expect(cards.map((card) => text(one(card, '.card-title')))).toEqual(['Tập huấn phòng cháy chữa cháy', 'Ra quân vệ sinh môi trường']);
    expect(text(one(cards[1]!, '.excerpt'))).toMatch(/^Sáng thứ Bảy, cả phường/);
    const feed = parseXml(String(last.outputs.get('feed.xml')));
    expect(feed['feed'].entry.find((e: { title: string }) => e.title === 'Ra quân vệ sinh môi trường').summary).toMatch(/^Sáng thứ Bảy/);
    expect(changedFiles).toEqual(['feed.xml', 'tin-tuc/feed.xml', 'tin-tuc/trang-3/index.html', 'tin-tuc/ve-sinh-moi-truong/index.html']);
  });

  it('shows a new title on the neighbours, the redirect page and the feeds, the short way', async () => {
    const build = await edit('tin-tuc/trong-cay-xanh.md', (s) => s.replace('title: Trồng cây xanh ven đê', 'title: Trồng ba trăm cây xanh ven đê'));
    // The front matter is blanked out of the body, not cut, so a longer title changes the body's key too.
    expect(build).toMatchObject({ ok: true, partial: true, rendered: 1 });
    expect(text(one(page('tin-tuc/trong-cay-xanh/index.html'), 'h1'))).toBe('Trồng ba trăm cây xanh ven đê');
    expect(text(one(page('tin-tuc/ve-sinh-moi-truong/index.html'), '.neighbours a[rel=next]'))).toBe('Trồng ba trăm cây xanh ven đê');
    expect(text(one(page('tin-tuc/hop-to-dan-pho/index.html'), '.neighbours a[rel=prev]'))).toBe('Trồng ba trăm cây xanh ven đê');
    expect(String(last.outputs.get('tin-cu/trong-cay.html'))).toContain('Trồng ba trăm cây xanh ven đê');
    const feed = parseXml(String(last.outputs.get('tin-tuc/feed.xml')));
    expect(feed['feed'].entry.map((e: { title: string }) => e.title)).toContain('Trồng ba trăm cây xanh ven đê');
    expect(changedFiles).toEqual([
      'feed.xml',
      'tin-cu/trong-cay.html',
      'tin-tuc/feed.xml',
      'tin-tuc/hop-to-dan-pho/index.html',
      'tin-tuc/trang-4/index.html',
      'tin-tuc/trong-cay-xanh/index.html',
      'tin-tuc/ve-sinh-moi-truong/index.html',
    ]);
  });

  it('compiles the whole site for an edit of one of the newest five, shown in every page’s sidebar', async () => {
    const build = await edit('thong-bao/nghi-tet.md', (s) => s.replace('title: Lịch nghỉ Tết Nguyên đán', 'title: Lịch nghỉ Tết Giáp Thìn'));
    expect(build).toMatchObject({ ok: true, partial: false });
    const latest = all(page('tin-tuc/hop-to-dan-pho/index.html'), '.latest li a').map(text);
    expect(latest[0]).toBe('Lịch nghỉ Tết Giáp Thìn');
    expect(changedFiles).toContain('404.html');
  });

  it('compiles the whole site for a date that reorders the articles, then goes the short way again', async () => {
    const moved = await edit('tin-tuc/hop-to-dan-pho.md', (s) => s.replace('date: 2024-01-01 07:30', 'date: 2024-01-05 12:00'));
    expect(moved).toMatchObject({ ok: true, partial: false });
    expect(all(page('tin-tuc/trang-2/index.html'), '.card-title').map(text)).toEqual(['Giải bóng đá thiếu niên', 'Họp tổ dân phố số 1']);
    expect(all(page('tin-tuc/trang-4/index.html'), '.card-title').map(text)).toEqual(['Ra quân vệ sinh môi trường', 'Trồng cây xanh ven đê']);
    const body = await edit('tin-tuc/hop-to-dan-pho.md', (s) => `${s}\nBiên bản cuộc họp được gửi tới các hộ.\n`);
    expect(body).toMatchObject({ ok: true, partial: true, rendered: 1 });
  });

  it('compiles the whole site for a title that moves an article among others of the same instant', async () => {
    await edit('tin-tuc/hop-to-dan-pho.md', (s) => s.replace('date: 2024-01-01 07:30', 'date: 2024-01-02 07:30'));
    // Same instant: by title in Vietnamese order, "Họp" before "Trồng", "Ý" after it.
    expect(all(page('tin-tuc/trang-4/index.html'), '.card-title').map(text)).toEqual(['Họp tổ dân phố số 1', 'Trồng cây xanh ven đê']);
    const renamed = await edit('tin-tuc/hop-to-dan-pho.md', (s) => s.replace('title: Họp tổ dân phố số 1', 'title: Ý kiến tổ dân phố số 1'));
    expect(renamed).toMatchObject({ ok: true, partial: false });
    expect(all(page('tin-tuc/trang-4/index.html'), '.card-title').map(text)).toEqual(['Trồng cây xanh ven đê', 'Ý kiến tổ dân phố số 1']);
  });

  it('takes the short way for two neighbours edited in one batch', async () => {
    const files = ['tin-tuc/hien-mau.md', 'tin-tuc/tap-huan-pccc.md'].map((rel) => path.join(root, 'content', rel));
    for (const file of files) await writeFile(file, (await readFile(file, 'utf8')).replace(/^title: (.*)$/m, 'title: $1 (sửa)'));
    last = await site.update(files);
    expect(last).toMatchObject({ ok: true, partial: true, changed: ['content/tin-tuc/hien-mau.md', 'content/tin-tuc/tap-huan-pccc.md'] });
    const compiled = compileSite(await readInputs(root), { now: NOW });
    for (const file of compiled.outputs) expect(Buffer.from(last.all().get(file.path)!).equals(Buffer.from(file.contents)), file.path).toBe(true);
    expect(text(one(page('tin-tuc/hien-mau/index.html'), '.neighbours a[rel=next]'))).toBe('Tập huấn phòng cháy chữa cháy (sửa)');
    expect(text(one(page('tin-tuc/tap-huan-pccc/index.html'), '.neighbours a[rel=prev]'))).toBe('Ngày hội hiến máu tình nguyện (sửa)');
  });

  it('compiles the whole site once an article dated in the future comes due', async () => {
    const dir = await copyFixture('dev/edits');
    await writeFile(path.join(dir, 'content/thong-bao/hen-gio.md'), '---\ntitle: Thông báo hẹn giờ\ndate: 2026-11-02 08:00\ncategory: Thông báo\n---\n\nĐăng vào sáng mai.\n');
    let now = NOW;
    const dev = await DevSite.open({ root: dir, drafts: false, future: false, now: () => now });
    expect(dev.build().articles).toBe(11);
    const file = path.join(dir, 'content/tin-tuc/hien-mau.md');
    await writeFile(file, `${await readFile(file, 'utf8')}\nThêm một câu.\n`);
    expect(await dev.update([file])).toMatchObject({ ok: true, partial: true, articles: 11 });
    now = new Date('2026-11-02T02:00:00Z');
    await writeFile(file, `${await readFile(file, 'utf8')}\nThêm câu nữa.\n`);
    const due = await dev.update([file]);
    expect(due).toMatchObject({ ok: true, partial: false, articles: 12 });
    expect(due.outputs.has('thong-bao/hen-gio/index.html')).toBe(true);
  });

  it('compiles the whole site when an article changes category', async () => {
    const build = await edit('tin-tuc/tap-huan-pccc.md', (s) => s.replace('category: Tin tức - Sự kiện', 'category: Thông báo'));
    expect(build).toMatchObject({ ok: true, partial: false });
    expect(last.outputs.has('thong-bao/tap-huan-pccc/index.html')).toBe(true);
    expect(last.outputs.has('tin-tuc/tap-huan-pccc/index.html')).toBe(false);
    expect(all(page('thong-bao/trang-2/index.html'), '.card-title').map(text)).toEqual(['Lịch tiếp công dân tháng 1', 'Tập huấn phòng cháy chữa cháy']);
  });

  it('reports a broken link at its place, the short way, and forgets it once fixed', async () => {
    const broken = await edit('tin-tuc/trong-cay-xanh.md', (s) => s.replace('Xem thêm [cuộc họp', 'Xem [bản đồ](/ban-do/) và [cuộc họp'));
    expect(broken).toMatchObject({ ok: false, partial: true });
    expect(broken.outputs.size).toBe(0);
    expect(formatMessages(broken.files).split('\n')[0]).toBe('content/tin-tuc/trong-cay-xanh.md:9:53: error: Link to /ban-do/, which is not a page of the site [link-broken]');
    expect(broken.files.flatMap((f) => f.messages)).toHaveLength(1);
    // Another article edited meanwhile: the broken link is still reported, once.
    const other = await edit('tin-tuc/hien-mau.md', (s) => s.replace('Hơn một trăm', 'Gần hai trăm'));
    expect(other).toMatchObject({ ok: false, partial: true });
    expect(formatMessages(other.files).match(/link-broken/g)).toHaveLength(1);
    const fixed = await edit('tin-tuc/trong-cay-xanh.md', (s) => s.replace('[bản đồ](/ban-do/)', '[bản đồ](/tin-tuc/)'));
    expect(fixed).toMatchObject({ ok: true, partial: true });
    expect(formatMessages(fixed.files)).toBe('');
    expect(one(page('tin-tuc/trong-cay-xanh/index.html'), '.article-body a[href="/phuong/tin-tuc/"]')).toBeDefined();
    expect(text(one(page('tin-tuc/hien-mau/index.html'), '.article-body'))).toContain('Gần hai trăm');
  });

  it('compiles the whole site for a new article and a deleted one', async () => {
    const added = await edit(
      'tin-tuc/sua-duong.md',
      '---\ntitle: Sửa đường ngõ 12\ndate: 2024-01-02 12:00\ncategory: Tin tức - Sự kiện\n---\n\nNgõ 12 được trải nhựa lại.\n',
    );
    expect(added).toMatchObject({ ok: true, partial: false, articles: 12 });
    expect(text(one(page('tin-tuc/trong-cay-xanh/index.html'), '.neighbours a[rel=prev]'))).toBe('Sửa đường ngõ 12');
    const deleted = await edit('tin-tuc/ve-sinh-moi-truong.md', null);
    expect(deleted).toMatchObject({ ok: true, partial: false, articles: 11 });
    expect(last.outputs.has('tin-tuc/ve-sinh-moi-truong/index.html')).toBe(false);
    expect(text(one(page('tin-tuc/tap-huan-pccc/index.html'), '.neighbours a[rel=next]'))).toBe('Sửa đường ngõ 12');
  });

  it('dates the sitemap and the feeds from a new `updated:`, and lists new views in the counter manifest, the short way', async () => {
    const build = await edit('tin-tuc/giai-bong-da.md', (s) => s.replace('category:', 'updated: 2024-03-01 09:00\nviews: 4321\ncategory:'));
    expect(build).toMatchObject({ ok: true, partial: true });
    const sitemap = parseXml(String(last.outputs.get('sitemap.xml')));
    expect(sitemap['urlset'].url.find((u: { loc: string }) => u.loc.endsWith('/giai-bong-da/')).lastmod).toBe('2024-03-01T09:00:00+07:00');
    expect(sitemap['urlset'].url.find((u: { loc: string }) => u.loc === 'https://example.gov.vn/phuong/').lastmod).toBe('2024-03-01T09:00:00+07:00');
    expect(parseXml(String(last.outputs.get('feed.xml')))['feed'].updated).toBe('2024-03-01T09:00:00+07:00');
    const manifest = JSON.parse(String(last.outputs.get('_bantin/manifest.json')));
    expect(manifest.articles['tin-tuc/giai-bong-da'].views).toBe(4321);
    expect(text(one(page('tin-tuc/giai-bong-da/index.html'), '.updated'))).toBe('Cập nhật 01/03/2024');
  });
});
