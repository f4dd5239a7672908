/**
 * `bantin new` and `bantin check` run as editors run them (a child process): exit codes, the file written and
 * what a build then makes of it, and the `path:line:column` report of every invalid fixture site.
 */
import { existsSync, readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { VFile } from 'vfile';
import { build } from '../../src/build.ts';
import { parseConfig } from '../../src/config/parse-config.ts';
import { parseArticle } from '../../src/content/parse-article.ts';
import { parseDate } from '../../src/vi/dates.ts';
import { REPO, cleanTemps, copyFixture, fixture } from '../support/site.ts';
import { runBantin, withoutProgress } from '../support/cli.ts';

/** Runs the real binary in a child process (for what needs its own environment, such as the time zone). */
const spawned = runBantin;

/** Runs the CLI in this process, capturing what it prints: the same code path as the binary, much faster. */
async function bantin(args: string[]) {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    return { code: await main(args), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** Parses a written article with the build's own front matter reader. */
async function readArticle(root: string, rel: string) {
  const config = parseConfig(new VFile({ path: 'site.config.yaml', value: await readFile(path.join(root, 'site.config.yaml'), 'utf8') }))!;
  const file = new VFile({ path: rel, value: await readFile(path.join(root, rel), 'utf8') });
  const article = parseArticle(file, config);
  expect(file.messages.map(String)).toEqual([]);
  return article!;
}

afterAll(cleanTemps);

describe('bantin new', () => {
  it('writes content/<category-slug>/<slug>.md dated now in the site time zone, as a draft the build reads back', async () => {
    const root = await copyFixture('dev/site');
    const before = Date.now();
    // The machine is in Los Angeles; the ward, and its front matter, in Hà Nội.
    const result = await spawned(['new', 'Hội nghị: sơ kết công tác quý III', '--category', 'Thông báo', '--root', root], { TZ: 'America/Los_Angeles' });
    const after = Date.now();
    expect(result.code).toBe(0);
    const rel = 'content/thong-bao/hoi-nghi-so-ket-cong-tac-quy-iii.md';
    expect(path.resolve(REPO, result.stdout.trim())).toBe(path.join(root, rel));
    expect(result.stderr).toContain('draft: true');

    const text = await readFile(path.join(root, rel), 'utf8');
    const date = /^date: (.+)$/m.exec(text)![1]!;
    const written = parseDate(date, 'Asia/Ho_Chi_Minh');
    expect(written.ok).toBe(true);
    if (written.ok) {
      expect(written.date.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 60_000) * 60_000);
      expect(written.date.getTime()).toBeLessThanOrEqual(after);
    }
    const article = await readArticle(root, rel);
    expect(article).toMatchObject({ title: 'Hội nghị: sơ kết công tác quý III', draft: true, id: 'thong-bao/hoi-nghi-so-ket-cong-tac-quy-iii' });
    expect(article.category.name).toBe('Thông báo');

    // A draft is left out of the build, and published with --drafts.
    const plain = await build({ root, write: false, now: new Date(after + 60_000) });
    expect(plain.ok).toBe(true);
    expect(plain.model!.articles.map((a) => a.id)).not.toContain(article.id);
    const drafts = await build({ root, write: false, drafts: true, now: new Date(after + 60_000) });
    expect(drafts.model!.articles.map((a) => a.id)).toContain(article.id);
  });

  it('takes a category typed without tones or as its slug, and a title typed in NFD or in several words', async () => {
    const root = await copyFixture('dev/site');
    const nfd = 'Thông báo tạm ngừng cấp điện'.normalize('NFD');
    const first = await bantin(['new', nfd, '--category', 'thong bao', '--root', root]);
    expect(first.code).toBe(0);
    const article = await readArticle(root, 'content/thong-bao/thong-bao-tam-ngung-cap-dien.md');
    expect(article.title).toBe('Thông báo tạm ngừng cấp điện'.normalize('NFC'));
    expect(article.category.name).toBe('Thông báo');

    const second = await bantin(['new', 'Ra', 'quân', 'đầu', 'xuân', '--category', 'tin-tuc', '--root', root, '--slug', 'ra-quan-2024']);
    expect(second.code).toBe(0);
    expect((await readArticle(root, 'content/tin-tuc/ra-quan-2024.md')).title).toBe('Ra quân đầu xuân');
  });

  it('refuses to overwrite an existing article', async () => {
    const root = await copyFixture('dev/site');
    const target = path.join(root, 'content/tin-tuc/ra-quan.md');
    const original = await readFile(target, 'utf8');
    const result = await bantin(['new', 'Ra quân', '--category', 'Tin tức - Sự kiện', '--root', root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^bantin: .*content\/tin-tuc\/ra-quan\.md already exists; nothing was written\./);
    expect(await readFile(target, 'utf8')).toBe(original);
  });

  it('rejects an unknown category with the closest configured names, writing nothing', async () => {
    const root = await copyFixture('dev/site');
    const result = await bantin(['new', 'Lịch trực Tết', '--category', 'Thong bo', '--root', root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'bantin: unknown category "Thong bo". Did you mean "Thông báo", "Tin tức - Sự kiện"?\n  Configured categories: "Tin tức - Sự kiện", "Thông báo".\n',
    );
    expect(result.stdout).toBe('');
    expect(existsSync(path.join(root, 'content/thong-bo'))).toBe(false);
    expect(readdirSync(path.join(root, 'content/thong-bao'))).toEqual(['lich-tiep-dan.md']);
  });

  it('answers usage errors with exit 2', async () => {
    const root = await copyFixture('dev/site');
    const missing = await bantin(['new', 'Không có chuyên mục', '--root', root]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--category is required; configured categories: "Tin tức - Sự kiện", "Thông báo"');
    expect((await bantin(['new', '--category', 'Thông báo', '--root', root])).code).toBe(2);
    const noSlug = await bantin(['new', '!!!', '--category', 'Thông báo', '--root', root]);
    expect(noSlug.code).toBe(2);
    expect(noSlug.stderr).toContain('pass --slug');
    expect((await bantin(['new', 'Tiêu đề', '--category', 'Thông báo', '--slug', 'Có Dấu', '--root', root])).code).toBe(2);
  });

  it('reports a broken config with its position instead of writing', async () => {
    const root = await copyFixture('dev/site');
    await writeFile(path.join(root, 'site.config.yaml'), 'title: Phường\nbaseUrl: không phải URL\ncategories: [Thông báo]\n');
    const result = await bantin(['new', 'Tiêu đề', '--category', 'Thông báo', '--root', root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^site\.config\.yaml:2:10: error: Invalid baseUrl "không phải URL" \[config-base-url\]$/m);
  });
});

describe('bantin check', () => {
  it('passes a good site with a summary, writing nothing', async () => {
    const root = await copyFixture('dev/site');
    const result = await bantin(['check', '--root', root]);
    expect(result.code).toBe(0);
    expect(withoutProgress(result.stderr)).toBe('');
    expect(result.stdout).toMatch(/^✔ Checked \d+ pages, \d+ files in [\d.]+ s\.\n$/);
    expect(existsSync(path.join(root, 'dist'))).toBe(false);
    expect((await bantin(['check', '--root', root, '--quiet'])).stdout).toBe('');
    expect((await bantin(['check', '--root', root, '--verbose'])).stdout).toMatch(/^ {2}3 articles in 2 categories, 0 redirects; images: 0 processed, 0 from the cache\n✔ Checked /);
  });

  const invalid = readdirSync(fixture('invalid')).sort();
  it.each(invalid)('reports every problem of invalid/%s as the build does, and exits 1', async (name) => {
    const root = fixture(`invalid/${name}`);
    const expected = await readFile(path.join(root, 'expected.txt'), 'utf8');
    const result = await bantin(['check', '--root', root]);
    expect(result.code).toBe(1);
    const [summary, ...lines] = result.stderr.trimEnd().split('\n').reverse();
    expect(`${lines.reverse().join('\n')}\n`).toBe(expected);
    expect(summary).toMatch(/^✖ \d+ errors?(, \d+ warnings?)?; nothing was written\.$/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('exits 1 from the binary, with no stack trace, fit for a pre-commit hook', async () => {
    const result = await spawned(['check', '--root', fixture('invalid/duplicate-url')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('content/thong-bao/a.md:5:7: error: The article URL /thong-bao/lich-tiep-dan/ is also the URL of content/thong-bao/lich-tiep-dan.md [url-duplicate]');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('checks the links of drafts only with --drafts', async () => {
    const root = fixture('dev/check-drafts');
    expect((await bantin(['check', '--root', root])).code).toBe(0);
    const drafts = await bantin(['check', '--root', root, '--drafts']);
    expect(drafts.code).toBe(1);
    expect(drafts.stderr).toContain(
      'content/thong-bao/ban-nhap.md:7:5: error: Link to /thong-bao/ke-hoach/, which is not a page of the site [link-broken]',
    );
  });
});
