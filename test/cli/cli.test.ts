/** The `bantin` command line, run as a user runs it: exit codes, messages, and machine-independent output. */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROGRESS_LINE, runBantin, withoutProgress } from '../support/cli.ts';
import { cleanTemps, fixture, one, readHtml, snapshotTree, tempDir, text } from '../support/site.ts';

const bantin = runBantin;

afterAll(cleanTemps);

describe('bantin CLI', () => {
  it('prints help for the program and for build', async () => {
    const top = await bantin(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/build\s+Build the site/);
    const sub = await bantin(['build', '--help']);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain('--base-url <url>');
    // A --no-x flag is off unless given: its help line says nothing of a default.
    expect(sub.stdout).toMatch(/^ {2}--no-cache +Ignore the article cache[^\n]*\(a cold build\)$/m);
  });

  it('exits 2 on usage errors', async () => {
    for (const args of [['nonsense'], ['build', '--no-such-flag'], [], ['build', '--root']]) {
      const result = await bantin(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/^bantin: /);
    }
  });

  it('exits 1 on content errors with path:line:column lines and no stack trace', async () => {
    const out = path.join(await tempDir(), 'dist');
    const result = await bantin(['build', '--root', fixture('invalid/bad-dates'), '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('content/thong-bao/a.md:3:7: error: Unexpected date "31/02/2022 08:00": no such day or time [date-invalid]');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('prints each counted step under --verbose, and nothing under --quiet', async () => {
    const out = path.join(await tempDir(), 'dist');
    const verbose = await bantin(['build', '--root', fixture('sites/basic'), '--out', out, '--no-cache', '--verbose']);
    expect(verbose.code).toBe(0);
    const steps = verbose.stderr.split('\n').filter(Boolean).map((line) => PROGRESS_LINE.exec(line));
    expect(steps.every(Boolean), verbose.stderr).toBe(true);
    expect(steps.map((m) => m![1])).toEqual(['Rendering articles', 'Writing pages']);
    for (const m of steps) expect(m![2]).toBe(m![3]);
    expect(Number(steps[0]![3])).toBe(7);
    const quiet = await bantin(['build', '--root', fixture('sites/basic'), '--out', out, '--no-cache', '--quiet']);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toBe('');
  });

  it('builds byte-identical output whatever the machine time zone and locale', async () => {
    const a = path.join(await tempDir(), 'dist');
    const b = path.join(await tempDir(), 'dist');
    const args = (out: string) => ['build', '--root', fixture('sites/basic'), '--out', out, '--quiet'];
    expect((await bantin(args(a), { TZ: 'UTC', LANG: 'C', LC_ALL: 'C' })).code).toBe(0);
    expect((await bantin(args(b), { TZ: 'America/Los_Angeles', LANG: 'vi_VN.UTF-8', LC_ALL: 'vi_VN.UTF-8' })).code).toBe(0);
    const first = await snapshotTree(a);
    const second = await snapshotTree(b);
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [file, bytes] of first) expect(second.get(file)!.equals(bytes), file).toBe(true);
    expect(text(one(await readHtml(a, 'tin-tuc/hoi-nghi/index.html'), '.byline'))).toContain('25/09/2020 | 21:01');
  });

  it('builds the sample ward site cleanly, the reference article first', async () => {
    const out = path.join(await tempDir(), 'dist');
    const result = await bantin(['build', '--out', out]);
    expect(withoutProgress(result.stderr)).toBe('');
    expect(result.code).toBe(0);
    const page = await readHtml(out, 'cong-tac-dang/so-ket-quy-che-dan-chu-9-thang-2020/index.html');
    expect(text(one(page, '.article-category'))).toBe('Công tác đảng');
    expect(text(one(page, 'h1'))).toBe(
      'Cự Khối tổ chức Hội nghị sơ kết Ban chỉ đạo thực hiện Quy chế dân chủ ở cơ sở 9 tháng đầu năm 2020 triển khai nhiệm vụ 3 tháng cuối năm 2020',
    );
    expect(text(one(page, '.byline'))).toBe('Ngày đăng 25/09/2020 | 21:01 | Lượt xem: –');
    const pages = await snapshotTree(out);
    expect(pages.has('tin-tuc-su-kien/trang-2/index.html')).toBe(true);
  });
});
