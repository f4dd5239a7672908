/** `runImport` in-process: a site without config, pages sharing a title, command-line values over the config. */
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { VFile } from 'vfile';
import { afterAll, describe, expect, it } from 'vitest';
import { formatImportSummary, importExitCode, readImportSettings, runImport } from '../../src/import/run-import.ts';
import { cleanTemps, fixture, tempDir } from '../support/site.ts';
import { listFiles, parseMarkdown } from './support.ts';

afterAll(cleanTemps);

function notice(title: string, date: string): string {
  return `<html><head><meta charset="utf-8"></head><body><div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="/tb">Thông báo</a></div>
<h1 class="title">${title}</h1><div class="post-meta">Ngày đăng ${date}</div><div class="post-content"><p>Nội dung ${date}.</p></div></body></html>`;
}

describe('runImport', () => {
  it('imports into a folder without site.config.yaml, with a warning, filing categories under their slugs', async () => {
    const root = await tempDir();
    await mkdir(path.join(root, 'saved'));
    await writeFile(path.join(root, 'saved/a.html'), notice('Thông báo', '01/10/2020 08:00'));
    const result = await runImport({ inputs: ['saved'], root: '.', cwd: root });
    expect(result.files[0]?.messages.map((m) => m.ruleId)).toEqual(['import-no-config']);
    expect(result.imported).toEqual([{ source: 'saved/a.html', path: 'content/thong-bao/thong-bao.md' }]);
    expect(importExitCode(result)).toBe(0);
  });

  it('gives pages with the same title distinct files, in path order, and counts them all', async () => {
    const root = await tempDir();
    await cp(fixture('import/liferay-portlet/site.config.yaml'), path.join(root, 'site.config.yaml'));
    await mkdir(path.join(root, 'saved/2020'), { recursive: true });
    await writeFile(path.join(root, 'saved/2020/b.htm'), notice('Thông báo', '02/10/2020 08:00'));
    await writeFile(path.join(root, 'saved/2020/a.html'), notice('Thông báo', '01/10/2020 08:00'));
    await writeFile(path.join(root, 'saved/2020/ghi-chu.txt'), 'not a page');
    await mkdir(path.join(root, 'saved/2020/a_files'));
    await writeFile(path.join(root, 'saved/2020/a_files/frame.html'), '<p>an iframe saved with the page</p>');
    const result = await runImport({ inputs: ['saved', 'saved/2020/a.html'], root: '.', cwd: root });
    expect(result.imported.map((i) => `${i.source} → ${i.path}`)).toEqual([
      'saved/2020/a.html → content/thong-bao/thong-bao.md',
      'saved/2020/b.htm → content/thong-bao/thong-bao-2.md',
    ]);
    const second = parseMarkdown(await readFile(path.join(root, 'content/thong-bao/thong-bao-2.md'), 'utf8'));
    expect(second.data['date']).toBe('2020-10-02 08:00');
    expect(formatImportSummary(result)).toBe('✔ Imported 2 articles.\n');
    expect(await listFiles(path.join(root, 'content'))).toEqual(['thong-bao/thong-bao-2.md', 'thong-bao/thong-bao.md']);
  });

  it('lets command-line values win over the import: block', async () => {
    const root = await tempDir();
    await cp(fixture('import/wordpress/site.config.yaml'), path.join(root, 'site.config.yaml'));
    const settings = await readImportSettings(root, root, {
      categoryMap: { 'Tin hoạt động': 'Văn hóa - Xã hội' },
      defaultCategory: 'Thông báo',
      baseUrl: 'https://old.example.vn/',
    });
    expect(settings.file).toBeInstanceOf(VFile);
    expect(settings.options?.categoryMap).toEqual({ 'Tin hoạt động': 'Văn hóa - Xã hội' });
    expect(settings.options?.defaultCategory).toBe('Thông báo');
    expect(settings.options?.baseUrl).toBe('https://old.example.vn/');
    expect(settings.options?.timezone).toBe('Asia/Ho_Chi_Minh');
    expect(settings.options?.selectors.remove).toEqual(expect.arrayContaining(['.jp-relatedposts', '.tags-links', '.sharedaddy']));
    expect(settings.options?.selectors.title[0]).toBe('.asset-full-content .header-title');
  });
});
