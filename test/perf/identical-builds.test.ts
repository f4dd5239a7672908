/**
 * Whatever the way a site is built, the output is the same bytes: `compileSite` in memory, `build()` with no worker,
 * one or three workers, with the persistent cache cold or warm, after one edit, and through the dev server's
 * in-process site. Damaged cache entries are rebuilt, never served, and `--no-cache` writes no cache at all.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, compileSite, planBuild, readInputs, type BuildResult, type RenderCache } from '../../src/build.ts';
import { ArticleStage } from '../../src/parallel/article-stage.ts';
import { DevSite } from '../../src/dev/dev-site.ts';
import { formatMessages } from '../../src/report/format.ts';
import { writeCorpus } from '../../scripts/generate-corpus.ts';
import { all, cleanTemps, parseHtml, tempDir, text } from '../support/site.ts';
import { mediaSite } from '../media/support.ts';

const NOW = new Date('2026-06-01T00:00:00Z');
const ARTICLES = 120;

/** Every file under `dir` with its bytes, by relative path. */
async function snapshot(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, full).split(path.sep).join('/'), await readFile(full));
  }
  return files;
}

/** The files of a build result, as bytes, by path. */
function bytesOf(result: Pick<BuildResult, 'outputs'>): Map<string, Buffer> {
  return new Map(result.outputs.map((f) => [f.path, Buffer.from(typeof f.contents === 'string' ? f.contents : f.contents)]));
}

/** Output files by path, as bytes. */
function bytesOfMap(outputs: ReadonlyMap<string, string | Uint8Array>): Map<string, Buffer> {
  return new Map([...outputs].map(([p, c]) => [p, Buffer.from(c)]));
}

function expectSame(actual: Map<string, Buffer>, expected: Map<string, Buffer>): void {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  const differing = [...expected].filter(([p, bytes]) => !actual.get(p)!.equals(bytes)).map(([p]) => p);
  expect(differing).toEqual([]);
}

/** A corpus site with a few articles the render workers must leave to the main thread. */
async function corpusSite(): Promise<string> {
  const root = await tempDir('bantin-perf-');
  await writeCorpus(root, ARTICLES, 21);
  const extra = path.join(root, 'content', 'thong-bao');
  await writeFile(path.join(extra, 'ban-nhap.md'), '---\ntitle: Bản nháp\ndate: 2024-01-02 08:00\ncategory: Thông báo\ndraft: true\n---\n\nChưa đăng.\n');
  await writeFile(path.join(extra, 'sap-dang.md'), '---\ntitle: Sắp đăng\ndate: 2099-01-02 08:00\ncategory: Thông báo\n---\n\nBài hẹn giờ.\n');
  await writeFile(
    path.join(extra, 'co-bang-va-lien-ket.md'),
    '---\ntitle: Có bảng và liên kết\ndate: 2024-03-02 08:00\ncategory: Thông báo\n---\n\n| Ngày | Việc |\n| --- | --- |\n| 2/3 | Họp |\n\nLiên hệ ubnd@cukhoi.gov.vn hoặc www.cukhoi.gov.vn, ~~cũ~~ mới.[^1]\n\n[^1]: Chú thích.\n',
  );
  return root;
}

describe('identical builds', () => {
  let root: string;
  let reference: Map<string, Buffer>;

  beforeAll(async () => {
    root = await corpusSite();
    const out = path.join(await tempDir(), 'dist');
    const result = await build({ root, out, now: NOW, cache: false, workers: 0 });
    expect(result.ok).toBe(true);
    reference = await snapshot(out);
    expect(reference.size).toBeGreaterThan(ARTICLES);
  });

  afterAll(cleanTemps);

  it('writes what compileSite returns', async () => {
    const compiled = compileSite(await readInputs(root), { now: NOW });
    expect(compiled.ok).toBe(true);
    expectSame(bytesOf(compiled), reference);
  });

  it('writes the same bytes with one worker and with three, bundled or loading the sources', async () => {
    for (const [workers, bundle] of [[1, '1'], [3, '1'], [2, '0']] as const) {
      const out = path.join(await tempDir(), 'dist');
      process.env['BANTIN_WORKER_BUNDLE'] = bundle;
      try {
        const result = await build({ root, out, now: NOW, cache: false, workers });
        expect(result.ok).toBe(true);
        expect(result.articles?.workers).toBe(workers);
        expect(result.articles?.parallel).toBe(ARTICLES + 1);
        // Bodies waited in a spill folder, removed since; the model still reads them.
        expect(result.model!.articles.every((a) => a.html.includes('<p>'))).toBe(true);
      } finally {
        delete process.env['BANTIN_WORKER_BUNDLE'];
      }
      expectSame(await snapshot(out), reference);
    }
  });

  it('drops the texts of the sources it rendered when there is no persistent cache, and plans the same site', async () => {
    const expected = compileSite(await readInputs(root), { now: NOW });
    const inputs = await readInputs(root, { cache: false });
    const stage = await ArticleStage.start(root, { cache: false, workers: 1 });
    try {
      const cache = await stage.prepare(inputs, { now: NOW }, { spill: true });
      const dropped = inputs.sources.filter((file) => file.value === '');
      expect(dropped).toHaveLength(stage.rendered);
      expect(stage.rendered).toBe(ARTICLES + 1);
      // The draft and the future article, left to the main thread, keep theirs.
      expect(inputs.sources.filter((file) => file.value !== '').map((file) => file.basename).sort()).toEqual(['ban-nhap.md', 'sap-dang.md']);
      const planned = planBuild(inputs, { now: NOW }, cache);
      expect(planned.ok).toBe(true);
      expect(planned.model!.articles.map((a) => [a.id, a.title, a.html])).toEqual(expected.model!.articles.map((a) => [a.id, a.title, a.html]));
    } finally {
      await stage.close();
    }
  });

  it('keeps the texts of the sources when the articles are saved to the persistent cache', async () => {
    const site = await tempDir('bantin-perf-');
    await cp(root, site, { recursive: true });
    const inputs = await readInputs(site);
    const stage = await ArticleStage.start(site, { workers: 1 });
    try {
      await stage.prepare(inputs, { now: NOW }, { spill: true });
      expect(stage.rendered).toBe(ARTICLES + 1);
      expect(inputs.sources.filter((file) => file.value === '')).toEqual([]);
    } finally {
      await stage.close();
    }
  });

  it('writes the same bytes cold, warm and after an edit, keeping unchanged files untouched', async () => {
    const site = await tempDir('bantin-perf-');
    await cp(root, site, { recursive: true });
    const out = path.join(site, 'dist');
    const cold = await build({ root: site, out, now: NOW, workers: 2 });
    expect(cold.ok).toBe(true);
    expect(cold.articles?.store?.written).toBe(ARTICLES + 1);
    expectSame(await snapshot(out), reference);
    // The result's files read back from the output folder.
    expectSame(bytesOf(cold), reference);

    const before = await stat(path.join(out, 'index.html'));
    // Nothing changed: the output folder is left as it is.
    const unchanged = await build({ root: site, out, now: NOW, workers: 2 });
    expect(unchanged.unchanged).toBe(true);
    expect(unchanged.written).toEqual({ written: 0, unchanged: reference.size });
    expectSame(bytesOf(unchanged), reference);
    // Without the output record, the articles come from the cache and every file is found unchanged.
    await rm(path.join(site, '.cache', 'bantin', 'output.bin'));
    const warm = await build({ root: site, out, now: NOW, workers: 2 });
    expect(warm.unchanged).toBeUndefined();
    expect(warm.articles).toMatchObject({ cached: ARTICLES + 1, parallel: 0 });
    expect(warm.written).toEqual({ written: 0, unchanged: reference.size });
    expect((await stat(path.join(out, 'index.html'))).mtimeMs).toBe(before.mtimeMs);
    expectSame(await snapshot(out), reference);
    // A file of the output touched by hand: the next build writes it again.
    await writeFile(path.join(out, 'robots.txt'), 'User-agent: *\nDisallow: /\n');
    const repaired = await build({ root: site, out, now: NOW, workers: 2 });
    expect(repaired.unchanged).toBeUndefined();
    expect(repaired.written).toEqual({ written: 1, unchanged: reference.size - 1 });
    expectSame(await snapshot(out), reference);

    // One article edited: the same bytes as a build from scratch of the edited site.
    const article = (await readdir(path.join(site, 'content', 'cong-tac-dang'))).sort()[0]!;
    const file = path.join(site, 'content', 'cong-tac-dang', article);
    await writeFile(file, `${await readFile(file, 'utf8')}\nMột câu thêm vào cuối bài.\n`);
    const edited = await build({ root: site, out, now: NOW, workers: 2 });
    expect(edited.articles).toMatchObject({ cached: ARTICLES, parallel: 1 });
    expect(edited.written!.unchanged).toBeGreaterThan(ARTICLES);
    const fresh = path.join(await tempDir(), 'dist');
    expect((await build({ root: site, out: fresh, now: NOW, cache: false, workers: 0 })).ok).toBe(true);
    expectSame(await snapshot(out), await snapshot(fresh));

    // One article deleted: its page and its folder go, in place.
    const gone = (await readdir(path.join(site, 'content', 'van-hoa-xa-hoi'))).sort()[1]!;
    await rm(path.join(site, 'content', 'van-hoa-xa-hoi', gone));
    const deleted = await build({ root: site, out, now: NOW, workers: 2 });
    expect(deleted.ok).toBe(true);
    expect(existsSync(path.join(out, 'van-hoa-xa-hoi', gone.replace(/\.md$/, '')))).toBe(false);
    const fresher = path.join(await tempDir(), 'dist');
    expect((await build({ root: site, out: fresher, now: NOW, cache: false, workers: 0 })).ok).toBe(true);
    expectSame(await snapshot(out), await snapshot(fresher));
  });

  it('rebuilds damaged cache entries instead of serving them', async () => {
    const site = await tempDir('bantin-perf-');
    await cp(root, site, { recursive: true });
    const out = path.join(site, 'dist');
    expect((await build({ root: site, out, now: NOW, workers: 0 })).ok).toBe(true);
    const dir = path.join(site, '.cache', 'bantin', 'articles');
    const entries = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.bin')).sort();
    expect(entries.length).toBe(ARTICLES + 1);
    // One entry altered inside, one cut short, one holding another entry's bytes, one emptied.
    const [altered, truncated, swapped, emptied, donor] = entries.map((e) => path.join(dir, e)) as [string, string, string, string, string];
    const bytes = await readFile(altered);
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff;
    await writeFile(altered, bytes);
    await writeFile(truncated, (await readFile(truncated)).subarray(0, 200));
    await writeFile(swapped, await readFile(donor));
    await writeFile(emptied, '');
    // The records of the output and of the search index, damaged too.
    for (const name of ['output.bin', 'search.bin']) {
      const record = path.join(site, '.cache', 'bantin', name);
      const recorded = await readFile(record);
      recorded[recorded.length - 1] = recorded[recorded.length - 1]! ^ 0xff;
      await writeFile(record, recorded);
    }
    const damaged = await build({ root: site, out, now: NOW, workers: 0 });
    expect(damaged.articles?.store).toMatchObject({ hits: ARTICLES + 1 - 4, stale: 4, written: 4 });
    expectSame(await snapshot(out), reference);
    await rm(path.join(site, '.cache', 'bantin', 'output.bin'));
    const again = await build({ root: site, out, now: NOW, workers: 0 });
    expect(again.articles?.store).toMatchObject({ hits: ARTICLES + 1, stale: 0, written: 0 });
  });

  it('writes no cache with cache: false (--no-cache)', async () => {
    const site = await tempDir('bantin-perf-');
    await cp(root, site, { recursive: true });
    const result = await build({ root: site, out: path.join(site, 'dist'), now: NOW, cache: false });
    expect(result.ok).toBe(true);
    expect(result.articles?.store).toBeUndefined();
    expect(existsSync(path.join(site, '.cache'))).toBe(false);
  });

  it('gives the dev site the same files after an edit as a build of the edited site', async () => {
    const site = await tempDir('bantin-perf-');
    await cp(root, site, { recursive: true });
    const dev = await DevSite.open({ root: site, drafts: false, future: false, now: () => NOW });
    const first = dev.build();
    expect(first.ok).toBe(true);
    expectSame(bytesOfMap(first.all()), reference);

    const article = (await readdir(path.join(site, 'content', 'van-hoa-xa-hoi'))).filter((f) => f.endsWith('.md')).sort()[0]!;
    const file = path.join(site, 'content', 'van-hoa-xa-hoi', article);
    const source = await readFile(file, 'utf8');
    await writeFile(file, `${source.replace(/title: "([^"]*)"/, 'title: "$1 (đã sửa)"')}\nMột câu thêm vào cuối bài.\n`);
    const edited = await dev.update([file]);
    expect(edited.ok).toBe(true);
    expect(edited.rendered).toBe(1);
    const fresh = path.join(await tempDir(), 'dist');
    expect((await build({ root: site, out: fresh, now: NOW, cache: false, workers: 0 })).ok).toBe(true);
    expectSame(bytesOfMap(edited.all()), await snapshot(fresh));
  });
});

describe('identical builds in the dev site', () => {
  afterAll(cleanTemps);

  it('opens on the persistent cache of a build: nothing rendered again, the same files, a config change keeping the bodies', async () => {
    const site = await corpusSite();
    expect((await build({ root: site, out: path.join(site, 'dist'), now: NOW })).ok).toBe(true);
    const dev = await DevSite.open({ root: site, drafts: false, future: false, now: () => NOW });
    const first = dev.build();
    expect(first.ok).toBe(true);
    // Every article comes from the cache the build left.
    expect(first.rendered).toBe(0);
    expectSame(bytesOfMap(first.all()), bytesOf(compileSite(await readInputs(site), { now: NOW })));
    // A config change that keeps every body (not the base path): nothing goes through Markdown again.
    const config = path.join(site, 'site.config.yaml');
    await writeFile(config, (await readFile(config, 'utf8')).replace(/^title: .*$/m, 'title: Cổng thông tin phường Mới'));
    const changed = await dev.update([config]);
    expect(changed.ok).toBe(true);
    expect(changed.rendered).toBe(0);
    expectSame(bytesOfMap(changed.all()), bytesOf(compileSite(await readInputs(site), { now: NOW })));
  }, 120_000);

  it('gives after every kind of change the files compileSite gives for the same inputs, search files included', async () => {
    const site = await corpusSite();
    const dev = await DevSite.open({ root: site, drafts: false, future: false, now: () => NOW });
    // The reference keeps a render cache of its own: unchanged articles skip Markdown there too.
    const reference: RenderCache = new Map();
    const expectAsCompiled = async (build: ReturnType<DevSite['build']>): Promise<void> => {
      expect(build.ok, formatMessages(build.files)).toBe(true);
      const compiled = compileSite(await readInputs(site), { now: NOW }, reference);
      expect(compiled.ok).toBe(true);
      // The pages come first; the search files only when asked for, and then as compileSite makes them.
      expect([...build.outputs.keys()].filter((p) => p.startsWith('tim-kiem/'))).toEqual([]);
      expectSame(bytesOfMap(build.all()), bytesOf(compiled));
    };
    await expectAsCompiled(dev.build());

    const folder = path.join(site, 'content', 'cong-tac-dang');
    const [first, second, third] = (await readdir(folder)).filter((f) => f.endsWith('.md')).sort().map((f) => path.join(folder, f)) as [string, string, string];
    const edit = async (file: string, change: (source: string) => string) => {
      await writeFile(file, change(await readFile(file, 'utf8')));
      return dev.update([file]);
    };
    // The body only; then the title (its neighbours and lists show it).
    await expectAsCompiled(await edit(first, (s) => `${s}\nMột câu thêm vào cuối bài.\n`));
    await expectAsCompiled(await edit(first, (s) => s.replace(/title: "([^"]*)"/, 'title: "$1 (đã sửa)"')));
    // Dated last of all: the article moves to the top of the home page, the feeds and every page's latest list.
    await expectAsCompiled(await edit(second, (s) => s.replace(/^date: .*$/m, 'date: 2026-05-30T08:00:00+07:00')));
    // Views and an old address: the counter manifest, a redirect page and the hosting files change.
    await expectAsCompiled(await edit(third, (s) => s.replace(/^views: .*\n/m, '').replace(/^title:/m, 'views: 123456\naliases:\n  - /tin-cu/bai-mot.html\ntitle:')));
    // An article added, then deleted (the corpus's own articles are linked from others).
    const added = path.join(folder, 'bai-moi-them.md');
    await writeFile(added, '---\ntitle: Bài mới thêm\ndate: 2025-01-02 08:00\ncategory: Công tác đảng\n---\n\nNội dung bài mới.\n');
    await expectAsCompiled(await dev.update([added]));
    await rm(added);
    await expectAsCompiled(await dev.update([added]));
    // The site's own hosting rules, then the config.
    await mkdir(path.join(site, 'static'), { recursive: true });
    const headers = path.join(site, 'static', '_headers');
    await writeFile(headers, '/tin-cu/*\n  X-Robots-Tag: noindex\n');
    await expectAsCompiled(await dev.update([headers]));
    const config = path.join(site, 'site.config.yaml');
    await expectAsCompiled(await edit(config, (s) => s.replace(/^title: .*$/m, 'title: Cổng thông tin phường Mới')));
  }, 180_000);
});

describe('identical builds in the dev site after edits that keep every article in place', () => {
  afterAll(cleanTemps);

  /** The dev site of `site` and a check that a build of it gives the files and the messages compileSite gives. */
  async function devAndReference(site: string) {
    const dev = await DevSite.open({ root: site, drafts: false, future: false, now: () => NOW });
    const reference: RenderCache = new Map();
    const expectAsCompiled = async (build: ReturnType<DevSite['build']>): Promise<void> => {
      const compiled = compileSite(await readInputs(site), { now: NOW }, reference);
      expect(formatMessages(build.files)).toBe(formatMessages(compiled.files));
      expect(build.ok).toBe(compiled.ok);
      expectSame(bytesOfMap(build.all()), bytesOf(compiled));
    };
    await expectAsCompiled(dev.build());
    const edit = async (file: string, change: ((source: string) => string) | null): Promise<ReturnType<DevSite['build']>> => {
      if (change) await writeFile(file, change(await readFile(file, 'utf8')));
      else await rm(file);
      const build = await dev.update([file]);
      await expectAsCompiled(build);
      return build;
    };
    return { dev, edit };
  }

  it('gives the files and messages of compileSite whether an edit takes the short way or not', async () => {
    const site = await corpusSite();
    const { dev, edit } = await devAndReference(site);
    const model = compileSite(await readInputs(site), { now: NOW }).model!;
    const fileOf = (i: number): string => path.join(site, model.articles[i]!.file.path!);
    const expectWay = (build: ReturnType<DevSite['build']>, partial: boolean, ok = true) => expect(build).toMatchObject({ partial, ok });

    // In place: the body, the summary, the title, `updated:` and `views:` of older articles.
    expectWay(await edit(fileOf(60), (s) => `${s}\nMột câu thêm vào cuối bài.\n`), true);
    expectWay(await edit(fileOf(60), (s) => s.replace(/^title:/m, 'summary: "Tóm tắt mới của bài."\ntitle:')), true);
    expectWay(await edit(fileOf(61), (s) => s.replace(/title: "([^"]*)"/, 'title: "$1 (đã sửa)"')), true);
    expectWay(await edit(fileOf(119), (s) => s.replace(/^title:/m, 'updated: 2026-05-20T08:00:00+07:00\ntitle:')), true);
    expectWay(await edit(fileOf(100), (s) => s.replace(/^views: .*$/m, 'views: 98765')), true);
    // A broken link and an unknown field: the build fails with the same messages, then passes once they are fixed.
    expectWay(await edit(fileOf(30), (s) => `${s}\nXem [trang cũ](/khong-con-nua/).\n`), true, false);
    expectWay(await edit(fileOf(60), (s) => `${s}\nThêm một câu nữa.\n`), true, false);
    await edit(fileOf(80), (s) => s.replace(/^title:/m, 'tieu-de: "Trường lạ"\ntitle:'));
    await edit(fileOf(80), (s) => s.replace(/^tieu-de: .*\n/m, ''));
    expectWay(await edit(fileOf(30), (s) => s.replace('\nXem [trang cũ](/khong-con-nua/).\n', '')), true);
    // Not in place: one of the newest five, an alias, a date, a category, a new file, a deleted one.
    expectWay(await edit(fileOf(2), (s) => `${s}\nTin mới cập nhật.\n`), false);
    expectWay(await edit(fileOf(40), (s) => s.replace(/^title:/m, 'aliases:\n  - /tin-cu/bai-bon-muoi.html\ntitle:')), false);
    expectWay(await edit(fileOf(50), (s) => s.replace(/^date: .*$/m, 'date: 2019-01-01T08:00:00+07:00')), false);
    // Another category: links of other articles to its old address break, until it moves back.
    const own = model.articles[70]!.category.name;
    const other = model.categories.find(({ category }) => category.name !== own)!.category.name;
    expectWay(await edit(fileOf(70), (s) => s.replace(/^category: .*$/m, `category: ${other}`)), false, false);
    expectWay(await edit(fileOf(70), (s) => s.replace(/^category: .*$/m, `category: ${own}`)), false);
    const added = path.join(site, 'content', 'thong-bao', 'bai-moi-them.md');
    await writeFile(added, '---\ntitle: Bài mới thêm\ndate: 2025-01-02 08:00\ncategory: Thông báo\n---\n\nNội dung bài mới.\n');
    expectWay(await dev.update([added]), false);
    expectWay(await edit(added, null), false);
    // And in place again after all that.
    expectWay(await edit(fileOf(90), (s) => s.replace(/\n\n([^\n#-])/, '\n\nĐoạn mở đầu mới. $1')), true);
  }, 180_000);

  it('updates the home page’s media block from an edited article, the short way, and not when its media change', async () => {
    const site = await mediaSite();
    // Five newer articles: the articles with media leave the sidebar, so editing them takes the short way.
    for (let day = 1; day <= 5; day++) {
      await writeFile(path.join(site, 'content', 'thong-bao', `tin-${day}.md`), `---\ntitle: Tin ngắn số ${day}\ndate: 2021-01-0${day} 08:00\ncategory: Thông báo\n---\n\nNội dung tin ngắn.\n`);
    }
    const { edit } = await devAndReference(site);
    const file = path.join(site, 'content', 'tin-tuc', 'hoi-nghi', 'index.md');
    expect(await edit(file, (s) => s.replace('tổ chức hội nghị sơ kết.', 'tổ chức hội nghị sơ kết 9 tháng.'))).toMatchObject({ ok: true, partial: true });
    const renamed = await edit(file, (s) => s.replace('title: Hội nghị sơ kết 9 tháng đầu năm', 'title: Hội nghị sơ kết chín tháng'));
    expect(renamed).toMatchObject({ ok: true, partial: true });
    const captions = all(parseHtml(String(renamed.outputs.get('index.html'))), '.media-block .media-caption').map(text);
    expect(captions).toContain('Hội nghị sơ kết chín tháng');
    // One image less: the site publishes other files.
    expect(await edit(file, (s) => s.replace('![](so-do.png)', ''))).toMatchObject({ ok: true, partial: false });
  }, 120_000);
});

describe('identical builds of a site with media', () => {
  afterAll(cleanTemps);

  it('writes the same bytes with and without workers and cache, compressed siblings included', async () => {
    const site = await mediaSite();
    const reference = path.join(await tempDir(), 'dist');
    const first = await build({ root: site, out: reference, now: NOW, cache: false, workers: 0, precompress: true });
    expect(existsSync(path.join(site, '.cache'))).toBe(false);
    expect(first.ok).toBe(true);
    const expected = await snapshot(reference);
    expect([...expected.keys()].some((p) => p.endsWith('.br'))).toBe(true);
    const out = path.join(site, 'dist');
    const written: number[] = [];
    for (let run = 0; run < 2; run++) {
      const result = await build({ root: site, out, now: NOW, workers: 2, precompress: true });
      expect(result.ok).toBe(true);
      expectSame(await snapshot(out), expected);
      written.push(result.written!.written);
    }
    // The second build changed nothing: every file, siblings included, was kept.
    expect(written[0]).toBe(expected.size);
    expect(written[1]).toBe(0);
  });
});
