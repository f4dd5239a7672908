/**
 * Media errors, as an invalid site (test/fixtures/media/invalid, plus generated images): missing images in the
 * body and in front matter, missing or disallowed attachments, unknown video hosts, unsafe addresses, refused
 * and unreadable images. The whole report is `expected.txt` (`UPDATE=1` rewrites it); the build fails and writes
 * nothing, and `bantin check` (a build without writing) reports the same.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../../src/build.ts';
import { formatMessages } from '../../src/report/format.ts';
import { cleanTemps, copyFixture, fixture, tempDir } from '../support/site.ts';
import { makeFile, makeImage } from './support.ts';

const NOW = new Date('2026-11-01T00:00:00Z');
let root = '';
let out = '';
let result: BuildResult;

beforeAll(async () => {
  root = await copyFixture('media/invalid');
  const dir = path.join(root, 'content/tin-tuc/loi');
  await makeImage(path.join(dir, 'anh-co.jpg'), 640, 480);
  await makeFile(path.join(dir, 'bao-cao.pdf'), 3000, '%PDF-1.4\n');
  await makeFile(path.join(dir, 'tai-lieu.pdf'), 3000, '%PDF-1.4\n');
  await writeFile(path.join(dir, 'so-do.svg'), '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)" width="10" height="10"/>');
  await writeFile(path.join(dir, 'hong.jpg'), 'không phải ảnh');
  out = path.join(await tempDir(), 'dist');
  result = await build({ root, out, now: NOW });
}, 60_000);
afterAll(cleanTemps);

function fmLine(rel: string, needle: string): number {
  const index = readFileSync(path.join(fixture('media/invalid'), rel), 'utf8').split('\n').findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`${needle} is not in ${rel}`);
  return index + 1;
}
const LOI = 'content/tin-tuc/loi/index.md';
const NGUY_HIEM = 'content/thong-bao/nguy-hiem.md';

/** "path:line:column rule" for every message. */
const lines = (r: BuildResult): string[] => r.files.flatMap((f) => f.messages.map((m) => `${f.path}:${m.line}:${m.column} ${m.fatal ? 'error' : 'warning'} ${m.ruleId}`));

describe('media errors', () => {
  it('fails with the expected report and writes nothing', () => {
    const report = formatMessages(result.files);
    const expectedFile = path.join(fixture('media/invalid'), 'expected.txt');
    if (process.env['UPDATE'] === '1' || !existsSync(expectedFile)) writeFileSync(expectedFile, report);
    expect(result.ok).toBe(false);
    expect(existsSync(out)).toBe(false);
    expect(report).toBe(readFileSync(expectedFile, 'utf8'));
    for (const line of report.split('\n').filter((l) => l && !l.startsWith(' '))) {
      expect(line).toMatch(/^content\/[^:]+:\d+:\d+: (error|warning): .+ \[[a-z-]+\]$/);
    }
  });

  it('reports missing images in the body at their line and column, with the closest name as a hint', () => {
    const loi = result.files.find((f) => f.path === 'content/tin-tuc/loi/index.md')!;
    const missing = loi.messages
      .filter((m) => m.ruleId === 'image-missing')
      .map((m) => [m.line, m.column, m.reason])
      .sort((a, b) => Number(a[0]) - Number(b[0]));
    expect(missing).toEqual([
      [fmLine(LOI, 'image: khong-co.jpg'), 8, 'Image khong-co.jpg not found: there is no file content/tin-tuc/loi/khong-co.jpg'],
      [fmLine(LOI, 'src: anh-thieu.jpg'), 10, 'Gallery image anh-thieu.jpg not found: there is no file content/tin-tuc/loi/anh-thieu.jpg'],
      [25, 1, 'Image anh-khong-ton-tai.jpg not found: there is no file content/tin-tuc/loi/anh-khong-ton-tai.jpg'],
      [27, 1, 'Image /media/khong-co.png not found: there is no file content/media/khong-co.png'],
      [31, 1, 'Image Anh-Co.jpg not found: there is no file content/tin-tuc/loi/Anh-Co.jpg'],
    ]);
    expect(loi.messages.find((m) => m.line === 31)!.note).toMatch(/^Did you mean anh-co\.jpg\?/);
  });

  it('names the article and the line of a missing or disallowed attachment', () => {
    const attachments = lines(result).filter((l) => l.includes('attachment-'));
    expect(attachments).toEqual([
      `${NGUY_HIEM}:${fmLine(NGUY_HIEM, 'attachments: ke-hoach.pdf')}:14 error attachment-missing`,
      `${LOI}:${fmLine(LOI, 'file: du-lieu.zip')}:11 error attachment-type`,
      `${LOI}:${fmLine(LOI, 'file: ke-hoach.pdf')}:11 error attachment-missing`,
    ]);
    const missing = result.files.find((f) => f.path === 'content/tin-tuc/loi/index.md')!.messages.find((m) => m.ruleId === 'attachment-missing')!;
    expect(missing.reason).toBe('Attachment ke-hoach.pdf of "Bài có lỗi media" not found: there is no file content/tin-tuc/loi/ke-hoach.pdf');
  });

  it('accepts only videos of known hosts or local files, and only https images', () => {
    const rules = lines(result);
    expect(rules).toContain(`${LOI}:${fmLine(LOI, 'vimeo.com')}:8 error video-url`);
    expect(rules).toContain(`${NGUY_HIEM}:${fmLine(NGUY_HIEM, 'src: javascript:')}:8 error video-url`);
    expect(rules).toContain(`${NGUY_HIEM}:${fmLine(NGUY_HIEM, 'image: javascript:')}:8 error image-invalid`);
    expect(rules).toContain(`${NGUY_HIEM}:${fmLine(NGUY_HIEM, 'poster: https:')}:11 error media-external`);
    expect(rules).toContain(`content/thong-bao/video-thieu.md:${fmLine('content/thong-bao/video-thieu.md', 'video:')}:8 error video-missing`);
    expect(rules).toContain(`${LOI}:${fmLine(LOI, 'https://example.com/anh.jpg')}:5 error media-external`);
    expect(rules).toContain(`${LOI}:${fmLine(LOI, '- tai-lieu.pdf')}:5 error image-type`);
  });

  it('refuses SVG and unreadable images where they are used', () => {
    const loi = result.files.find((f) => f.path === 'content/tin-tuc/loi/index.md')!;
    const unreadable = loi.messages.filter((m) => m.ruleId === 'image-unreadable').map((m) => `${m.line}:${m.column} ${m.reason}`);
    expect(unreadable).toHaveLength(2);
    expect(unreadable[0]).toMatch(/^29:1 Image so-do\.svg: SVG images are not published from content\//);
    expect(unreadable[1]).toMatch(/^29:\d+ Image hong\.jpg: The file cannot be published as an image: /);
  });

  it('warns once about a gallery image without caption or alt', () => {
    expect(lines(result).filter((l) => l.includes('warning'))).toEqual([`${LOI}:${fmLine(LOI, '  - anh-co.jpg')}:5 warning image-alt-missing`]);
  });

  it('reports the same problems when checking without writing (bantin check)', async () => {
    const checked = await build({ root, write: false, now: NOW });
    expect(checked.ok).toBe(false);
    expect(formatMessages(checked.files)).toBe(formatMessages(result.files));
    expect(checked.images).toEqual({ processed: 0, reused: 1 });
  });
});
