/**
 * The dev server's in-memory copy of a site, without the server: what each kind of change re-reads and
 * re-renders, that messages of a previous build never linger, and the check for saves the watcher missed.
 */
import { rm, writeFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DevSite, classifyChange } from '../../src/dev/dev-site.ts';
import { BUNDLED_THEME } from '../../src/render/theme.ts';
import { formatMessages } from '../../src/report/format.ts';
import { cleanTemps, copyFixture, tempDir } from '../support/site.ts';

const NOW = new Date('2026-11-01T00:00:00Z');
const open = (root: string) => DevSite.open({ root, drafts: false, future: false, now: () => NOW });

afterAll(cleanTemps);

describe('classifyChange', () => {
  it('sorts a changed path by what it touches', () => {
    const root = '/site';
    expect(classifyChange(root, '/site/content/tin-tuc/a.md')).toBe('content');
    expect(classifyChange(root, '/site/content')).toBe('content');
    expect(classifyChange(root, '/site/static/anh/a.jpg')).toBe('static');
    expect(classifyChange(root, '/site/templates/partials/footer.hbs')).toBe('theme');
    expect(classifyChange(root, path.join(BUNDLED_THEME, 'layouts/base.hbs'))).toBe('theme');
    expect(classifyChange(root, '/site/site.config.yaml')).toBe('config');
    expect(classifyChange(root, '/site/README.md')).toBeUndefined();
    expect(classifyChange(root, '/site/contented/a.md')).toBeUndefined();
    expect(classifyChange(root, '/elsewhere/content/a.md')).toBeUndefined();
  });
});

describe('DevSite', () => {
  it('renders only the changed article, and forgets a deleted one', async () => {
    const root = await copyFixture('dev/site');
    const site = await open(root);
    const first = site.build();
    expect(first.ok).toBe(true);
    expect(first.rendered).toBe(3);
    expect(first.articles).toBe(3);
    expect(first.outputs.has('tin-tuc/ra-quan/index.html')).toBe(true);

    const file = path.join(root, 'content/tin-tuc/ra-quan.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('tổng vệ sinh', 'vệ sinh môi trường'));
    const edited = await site.update([file]);
    expect(edited).toMatchObject({ ok: true, cause: 'content', changed: ['content/tin-tuc/ra-quan.md'], rendered: 1, articles: 3 });
    expect(String(edited.outputs.get('tin-tuc/ra-quan/index.html'))).toContain('vệ sinh môi trường');

    // Nothing changed on disk: nothing goes through Markdown.
    expect((await site.update([file])).rendered).toBe(0);

    await rm(file);
    const deleted = await site.update([file]);
    expect(deleted.articles).toBe(2);
    expect(deleted.outputs.has('tin-tuc/ra-quan/index.html')).toBe(false);
  });

  it('clears the messages of the previous build, and keeps those made when reading', async () => {
    const root = await copyFixture('dev/site');
    const site = await open(root);
    const file = path.join(root, 'content/tin-tuc/ra-quan.md');
    const good = await readFile(file, 'utf8');
    await writeFile(file, good.replace('date: 2021-03-14 07:30', 'date: 2021-13-14'));
    const broken = await site.update([file]);
    expect(broken.ok).toBe(false);
    // A rebuild for another file reports the broken one once, not twice.
    const other = path.join(root, 'content/thong-bao/lich-tiep-dan.md');
    const again = await site.update([other]);
    expect(formatMessages(again.files)).toBe(formatMessages(broken.files));
    expect(formatMessages(again.files).match(/date-/g)).toHaveLength(1);
    await writeFile(file, good);
    expect((await site.update([file])).ok).toBe(true);

    const config = path.join(root, 'site.config.yaml');
    await rm(config);
    const missing = await site.update([config]);
    expect(missing.ok).toBe(false);
    expect(formatMessages((await site.update([file])).files)).toMatch(/^site\.config\.yaml:1:1: error: No site\.config\.yaml in .+ \[config-missing\]$/m);
  });

  it('names the files of the last update that changed after they were read', async () => {
    const root = await copyFixture('dev/site');
    const site = await open(root);
    const file = path.join(root, 'content/tin-tuc/ra-quan.md');
    await site.update([file]);
    expect(await site.unseen()).toEqual([]);
    await writeFile(file, `${await readFile(file, 'utf8')}\nThêm một dòng.\n`);
    expect(await site.unseen()).toEqual([file]);
    await site.update([file]);
    expect(await site.unseen()).toEqual([]);
  });

  it('builds a site without config or content into messages, not exceptions', async () => {
    const site = await open(await tempDir());
    const build = site.build();
    expect(build.ok).toBe(false);
    expect(build.outputs.size).toBe(0);
    expect(formatMessages(build.files)).toContain('[config-missing]');
  });
});
