/**
 * Invalid sites as folders: each `test/fixtures/invalid/<case>/` is a site whose build must fail, and whose
 * `expected.txt` is the exact report (`path:line:column: error: ... [rule]` lines). `UPDATE=1` rewrites them.
 */
import { readdirSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, afterAll } from 'vitest';
import { build } from '../../src/build.ts';
import { formatMessages } from '../../src/report/format.ts';
import { cleanTemps, fixture, tempDir } from '../support/site.ts';

const NOW = new Date('2026-11-01T00:00:00Z');
const cases = readdirSync(fixture('invalid')).sort();

afterAll(cleanTemps);

describe('invalid sites', () => {
  it.each(cases)('%s fails with its expected report and writes nothing', async (name) => {
    const root = fixture(`invalid/${name}`);
    const out = path.join(await tempDir(), 'dist');
    const result = await build({ root, out, now: NOW });
    const report = formatMessages(result.files);
    const expectedFile = path.join(root, 'expected.txt');
    if (process.env['UPDATE'] === '1' || !existsSync(expectedFile)) writeFileSync(expectedFile, report);
    expect(result.ok).toBe(false);
    expect(existsSync(out)).toBe(false);
    expect(report).toBe(readFileSync(expectedFile, 'utf8'));
    // Every line has a true position and a rule id.
    for (const line of report.split('\n').filter((l) => l && !l.startsWith(' ') && !l.startsWith('-') && !/^(title|date|category):/.test(l))) {
      expect(line).toMatch(/^[^:]+:\d+:\d+: (error|warning): .+ \[[a-z-]+\]$/);
    }
  });

  it('reports every problem of every file in one run', async () => {
    const result = await build({ root: fixture('invalid/bad-dates'), out: path.join(await tempDir(), 'dist'), now: NOW });
    const rules = result.files.flatMap((f) => f.messages.map((m) => `${f.path}:${m.ruleId}`));
    expect(rules).toEqual(['content/thong-bao/a.md:date-invalid', 'content/thong-bao/b.md:date-format', 'content/thong-bao/b.md:date-invalid']);
  });

  it('suggests the closest configured category', async () => {
    const result = await build({ root: fixture('invalid/unknown-category'), write: false, now: NOW });
    const notes = result.files.flatMap((f) => f.messages.map((m) => m.note));
    expect(notes[0]).toContain('Did you mean "Công tác đảng"?');
    expect(notes[1]).toContain('Did you mean "Thông báo"?');
  });

  it('names both files when two articles want one URL', async () => {
    const result = await build({ root: fixture('invalid/duplicate-url'), write: false, now: NOW });
    const a = result.files.find((f) => f.path === 'content/thong-bao/a.md')!;
    const b = result.files.find((f) => f.path === 'content/thong-bao/lich-tiep-dan.md')!;
    expect(a.messages.some((m) => m.reason.includes('content/thong-bao/lich-tiep-dan.md'))).toBe(true);
    expect(b.messages.some((m) => m.reason.includes('content/thong-bao/a.md'))).toBe(true);
  });
});
