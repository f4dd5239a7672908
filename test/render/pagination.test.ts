/**
 * Pagination of a category with many index pages: the first and last page, the pages near the current one and
 * gaps between, so each index page links a handful of pages however long the category.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build.ts';
import { pageWindow } from '../../src/render/view-model.ts';
import { all, cleanTemps, copyFixture, readHtml, tempDir, text } from '../support/site.ts';

describe('pageWindow', () => {
  it('shows every page of a short category', () => {
    expect(pageWindow(1, 1)).toEqual([1]);
    expect(pageWindow(3, 7)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('shows the first, the last and the pages near the current one, with gaps', () => {
    expect(pageWindow(1, 40)).toEqual([1, 2, 3, null, 40]);
    expect(pageWindow(20, 40)).toEqual([1, null, 18, 19, 20, 21, 22, null, 40]);
    expect(pageWindow(40, 40)).toEqual([1, null, 38, 39, 40]);
    // A gap of one page shows that page.
    expect(pageWindow(5, 40)).toEqual([1, 2, 3, 4, 5, 6, 7, null, 40]);
    expect(pageWindow(4, 40)).toEqual([1, 2, 3, 4, 5, 6, null, 40]);
  });

  it('links at most nine items on any page, each page once, in order', () => {
    for (const total of [1, 2, 8, 9, 100, 2500]) {
      for (let current = 1; current <= total; current += Math.max(1, Math.floor(total / 37))) {
        const window = pageWindow(current, total);
        expect(window.length).toBeLessThanOrEqual(9);
        const numbers = window.filter((n) => n !== null);
        expect(numbers).toContain(current);
        expect(numbers[0]).toBe(1);
        expect(numbers.at(-1)).toBe(total);
        expect(numbers).toEqual([...new Set(numbers)].sort((a, b) => a - b));
      }
    }
  });
});

describe('a category of many index pages', () => {
  let out: string;
  beforeAll(async () => {
    const root = await copyFixture('sites/basic');
    const config = path.join(root, 'site.config.yaml');
    await writeFile(config, (await readFile(config, 'utf8')).replace('perPage: 2', 'perPage: 1'));
    for (let n = 1; n <= 20; n++) {
      const day = String(n).padStart(2, '0');
      await writeFile(path.join(root, `content/tin-tuc/bai-${n}.md`), `---\ntitle: Bài số ${n}\ndate: 2019-01-${day} 08:00\ncategory: Tin tức - Sự kiện\n---\nNội dung bài ${n}.\n`);
    }
    out = path.join(await tempDir(), 'dist');
    expect((await build({ root, out, now: new Date('2026-11-01T00:00:00Z'), cache: false })).ok).toBe(true);
  });
  afterAll(cleanTemps);

  it('links the first, the last and the nearby pages, with a gap marker hidden from screen readers', async () => {
    const total = (await readdir(path.join(out, 'tin-tuc'))).filter((name) => /^trang-\d+$/.test(name)).length + 1;
    expect(total).toBeGreaterThan(20);
    const page = await readHtml(out, 'tin-tuc/trang-10/index.html');
    const items = all(page, '.pagination li').map((li) => text(li));
    expect(items).toEqual(['« Trang trước', '1', '…', '8', '9', '10', '11', '12', '…', String(total), 'Trang sau »']);
    expect(all(page, '.pagination li.gap').every((li) => li.properties['ariaHidden'] === 'true')).toBe(true);
    const links = all(page, '.pagination a[aria-label]').map((a) => [a.properties['ariaLabel'], a.properties['href']]);
    expect(links).toEqual([
      ['Trang 1', '/tin-tuc/'],
      ['Trang 8', '/tin-tuc/trang-8/'],
      ['Trang 9', '/tin-tuc/trang-9/'],
      ['Trang 11', '/tin-tuc/trang-11/'],
      ['Trang 12', '/tin-tuc/trang-12/'],
      [`Trang ${total}`, `/tin-tuc/trang-${total}/`],
    ]);
  });
});
