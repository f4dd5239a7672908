/** `bantin import` run as a user runs it: exit codes, the summary, never overwriting, the config's messages. */
import { execFile } from 'node:child_process';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, cleanTemps, fixture, tempDir } from '../support/site.ts';
import { listFiles } from './support.ts';

const run = promisify(execFile);
const BIN = path.join(REPO, 'bin/bantin.js');

async function bantin(args: string[], cwd: string) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (cause) {
    const e = cause as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A site folder with the Cự Khối config, and the saved pages of all three layouts under `saved/`. */
async function siteWithPages(): Promise<string> {
  const root = await tempDir();
  await cp(fixture('import/liferay-portlet/site.config.yaml'), path.join(root, 'site.config.yaml'));
  for (const layout of ['liferay-portlet', 'wordpress', 'table-layout']) {
    await cp(fixture(`import/${layout}/pages`), path.join(root, 'saved', layout), { recursive: true });
  }
  return root;
}

const LIFERAY = 'content/cong-tac-dang/cu-khoi-to-chuc-hoi-nghi-so-ket-ban-chi-dao-thuc-hien-quy-che-dan-chu-o-co-so-9.md';

afterAll(cleanTemps);

describe('bantin import', () => {
  it('is listed in the help, with its options', async () => {
    const help = await bantin(['import', '--help'], REPO);
    expect(help.code).toBe(0);
    for (const option of ['--root <dir>', '--category-map <pair>', '--default-category <name>', '--base-url <url>', '--dry-run']) {
      expect(help.stdout).toContain(option);
    }
  });

  it('imports what it can, skips the pages it cannot read with the reasons, and exits 1', async () => {
    const root = await siteWithPages();
    // No import: block here, so the table layout's own class names are unknown: its pages are skipped.
    const result = await bantin(['import', 'saved', '--category-map', 'Tin hoạt động=Tin tức - Sự kiện'], root);
    expect(result.code).toBe(1);
    for (const page of ['le-hoi-truyen-thong-2015.htm', 'thong-bao-lich-tiep-dan.htm']) {
      expect(result.stderr).toContain(`saved/table-layout/tin-tuc/${page}:1:1: error: No article title found [import-no-title]`);
      expect(result.stderr).toContain(`saved/table-layout/tin-tuc/${page}:1:1: error: No article body found [import-no-body]`);
    }
    expect(result.stderr).toContain('  hint: Tried the title selectors ".asset-full-content .header-title", ');
    expect(result.stderr.trimEnd().split('\n').at(-1)).toBe('✖ Imported 3 articles; skipped 2: 2 no title [import-no-title].');
    expect(result.stdout).toContain(`  ${LIFERAY} ← saved/liferay-portlet/cu-khoi-to-chuc-hoi-nghi-so-ket-qcdc-9-thang-2020.html\n`);
    expect(await listFiles(path.join(root, 'content'))).toEqual([
      'cong-tac-dang/cu-khoi-to-chuc-hoi-nghi-so-ket-ban-chi-dao-thuc-hien-quy-che-dan-chu-o-co-so-9.md',
      'thong-bao/thong-bao-tam-ngung-cap-nuoc-sinh-hoat-ngay-20-4-2021.md',
      'tin-tuc-su-kien/ky-niem-111-nam-ngay-quoc-te-phu-nu-8-3-va-1981-nam-khoi-nghia-hai-ba-trung.md',
    ]);
  });

  it('exits 1 when one page has no date, counting it apart from the imported ones', async () => {
    const root = await tempDir();
    await cp(fixture('import/table-layout/site.config.yaml'), path.join(root, 'site.config.yaml'));
    await cp(fixture('import/table-layout/pages'), path.join(root, 'saved'), { recursive: true });
    const result = await bantin(['import', 'saved'], root);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('saved/tin-tuc/thong-bao-lich-tiep-dan.htm:14:13: error: No publication date found');
    expect(result.stderr.trimEnd().split('\n').at(-1)).toBe('✖ Imported 1 article; skipped 1: 1 no date [import-no-date].');
    expect(await listFiles(path.join(root, 'content'))).toEqual(['van-hoa-xa-hoi/phuong-duc-giang-to-chuc-le-hoi-truyen-thong-nam-2015.md']);
  });

  it('never overwrites: a second run skips every page as already imported and exits 0', async () => {
    const root = await siteWithPages();
    const first = await bantin(['import', 'saved/liferay-portlet', 'saved/wordpress', '--category-map', 'Tin hoạt động=Tin tức - Sự kiện'], root);
    expect(first.code).toBe(0);
    expect(first.stdout.trimEnd().split('\n').at(-1)).toBe('✔ Imported 3 articles.');
    const edited = path.join(root, LIFERAY);
    await writeFile(edited, 'edited by hand\n');
    const second = await bantin(['import', 'saved/liferay-portlet', 'saved/wordpress', '--category-map', 'Tin hoạt động=Tin tức - Sự kiện'], root);
    expect(second.code).toBe(0);
    expect(second.stdout.trimEnd().split('\n').at(-1)).toBe('✔ Imported 0 articles; skipped 3: 3 already imported (file exists) [import-exists].');
    expect(second.stderr).toContain(`saved/liferay-portlet/cu-khoi-to-chuc-hoi-nghi-so-ket-qcdc-9-thang-2020.html:1:1: warning: ${LIFERAY} already exists: not overwritten [import-exists]`);
    expect(await readFile(edited, 'utf8')).toBe('edited by hand\n');
  });

  it('writes nothing with --dry-run, yet reports what it would do', async () => {
    const root = await siteWithPages();
    const result = await bantin(['import', 'saved/liferay-portlet', '--dry-run'], root);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('✔ Would import 1 article.');
    expect(existsSync(path.join(root, 'content'))).toBe(false);
  });

  it('warns when a category is not in the config, and still imports', async () => {
    const root = await siteWithPages();
    const result = await bantin(['import', 'saved/wordpress'], root);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('warning: Category "Tin hoạt động" is not in site.config.yaml [import-category-unknown]');
    expect(existsSync(path.join(root, 'content/tin-hoat-dong'))).toBe(true);
  });

  it('exits 2 on usage errors', async () => {
    const root = await siteWithPages();
    await mkdir(path.join(root, 'empty'));
    const cases: [string[], RegExp][] = [
      [['import'], /needs at least one saved page or folder/u],
      [['import', 'missing.html'], /no such file or folder: .*missing\.html/u],
      [['import', 'empty'], /no \.html or \.htm files in .*empty/u],
      [['import', 'saved', '--category-map', 'no equals sign'], /--category-map needs "Old name=New name"/u],
      [['import', 'saved', '--base-url', 'not a url'], /--base-url expected an absolute http\(s\) URL/u],
      [['import', 'saved', '--no-such-flag'], /Unknown option/iu],
    ];
    const results = await Promise.all(cases.map(([args]) => bantin(args, root)));
    for (const [index, [args, message]] of cases.entries()) {
      const result = results[index]!;
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(/^bantin: /u);
      expect(result.stderr, args.join(' ')).toMatch(message);
    }
    expect(existsSync(path.join(root, 'content'))).toBe(false);
  });

  it('exits 1 with every mistake of the import: block at its line and column, importing nothing', async () => {
    const root = await siteWithPages();
    await cp(fixture('import/invalid-config/site.config.yaml'), path.join(root, 'site.config.yaml'));
    const result = await bantin(['import', 'saved'], root);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(await readFile(fixture('import/invalid-config/expected-report.txt'), 'utf8'));
    expect(existsSync(path.join(root, 'content'))).toBe(false);
  });
});
