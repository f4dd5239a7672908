/**
 * The output writer on its own: updates in place when it knows what the folder holds (from the record of the
 * last build, or by listing it), a new folder swapped in otherwise or when too much changed, and the previous
 * output intact until the end.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OutputWriter, type OutputRecord } from '../../src/output/write-output.ts';
import { cleanTemps, listTree, snapshotTree, tempDir } from '../support/site.ts';

afterAll(cleanTemps);

/** An output folder with three pages, one of them alone in its folder, and a file no build made. */
async function previousOutput(): Promise<string> {
  const out = path.join(await tempDir(), 'dist');
  await mkdir(path.join(out, 'a'), { recursive: true });
  await mkdir(path.join(out, 'old'), { recursive: true });
  await writeFile(path.join(out, 'index.html'), 'trang chủ');
  await writeFile(path.join(out, 'a/index.html'), 'bài A');
  await writeFile(path.join(out, 'old/index.html'), 'bài cũ');
  await writeFile(path.join(out, 'stray.txt'), 'không do bản dựng tạo ra');
  return out;
}

const files = [
  { path: 'index.html', contents: 'trang chủ' },
  { path: 'a/index.html', contents: 'bài A, đã sửa' },
  { path: 'b/index.html', contents: new Uint8Array([98, 224]) },
];

async function inodes(out: string): Promise<Map<string, number>> {
  const tree = await listTree(out);
  return new Map(await Promise.all(tree.map(async (rel) => [rel, (await stat(path.join(out, rel))).ino] as const)));
}

describe('OutputWriter without a record of the last build', () => {
  it('updates a folder in place: unchanged files untouched, changes written, what the build did not make removed', async () => {
    const out = await previousOutput();
    const before = await inodes(out);
    const folder = (await stat(out)).ino;
    const mtime = (await stat(path.join(out, 'index.html'))).mtimeMs;
    const writer = await OutputWriter.open(out);
    for (const file of files) await writer.write(file);
    const report = await writer.commit();

    expect(report).toEqual({ written: 2, unchanged: 1 });
    expect(await listTree(out)).toEqual(['a/index.html', 'b/index.html', 'index.html']);
    expect(existsSync(path.join(out, 'old'))).toBe(false);
    expect(await readFile(path.join(out, 'a/index.html'), 'utf8')).toBe('bài A, đã sửa');
    expect([...(await readFile(path.join(out, 'b/index.html')))]).toEqual([98, 224]);
    // The same folder, and the unchanged file the same file.
    expect((await stat(out)).ino).toBe(folder);
    expect((await stat(path.join(out, 'index.html'))).ino).toBe(before.get('index.html'));
    expect((await stat(path.join(out, 'index.html'))).mtimeMs).toBe(mtime);
    // A changed file is replaced whole (renamed over), not rewritten where a reader may be reading it.
    expect((await stat(path.join(out, 'a/index.html'))).ino).not.toBe(before.get('a/index.html'));
    // No temporary folder or file left beside or inside.
    expect((await listTree(path.dirname(out))).filter((rel) => !rel.startsWith('dist/'))).toEqual([]);
  });

  it('writes nothing when nothing changed', async () => {
    const out = await previousOutput();
    const folder = (await stat(out)).ino;
    const writer = await OutputWriter.open(out);
    for (const file of [{ path: 'index.html', contents: 'trang chủ' }, { path: 'a/index.html', contents: 'bài A' }]) await writer.write(file);
    expect(await writer.commit()).toEqual({ written: 0, unchanged: 2 });
    expect(await listTree(out)).toEqual(['a/index.html', 'index.html']);
    expect((await stat(out)).ino).toBe(folder);
  });

  it('leaves the folder exactly as it was when the build gives up', async () => {
    const out = await previousOutput();
    const before = await snapshotTree(out);
    const writer = await OutputWriter.open(out);
    for (const file of files) await writer.write(file);
    await writer.abort();
    const after = await snapshotTree(out);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [rel, bytes] of before) expect(after.get(rel)!.equals(bytes), rel).toBe(true);
  });

  it('writes a new folder and swaps it in when more changed than it holds, keeping unchanged files as links', async () => {
    const out = await previousOutput();
    const before = await inodes(out);
    const folder = (await stat(out)).ino;
    const writer = await OutputWriter.open(out, { hold: { files: 1, bytes: 1024 } });
    for (const file of files) await writer.write(file);
    expect(await writer.commit()).toEqual({ written: 2, unchanged: 1 });
    expect((await stat(out)).ino).not.toBe(folder);
    expect(await listTree(out)).toEqual(['a/index.html', 'b/index.html', 'index.html']);
    expect((await stat(path.join(out, 'index.html'))).ino).toBe(before.get('index.html'));
    expect(await readFile(path.join(out, 'a/index.html'), 'utf8')).toBe('bài A, đã sửa');
    expect((await listTree(path.dirname(out))).filter((rel) => !rel.startsWith('dist/'))).toEqual([]);
  });

  it('writes a fresh folder where there was none', async () => {
    const out = path.join(await tempDir(), 'nested', 'dist');
    const writer = await OutputWriter.open(out);
    for (const file of files) await writer.write(file);
    expect(await writer.commit()).toEqual({ written: 3, unchanged: 0 });
    expect(await listTree(out)).toEqual(['a/index.html', 'b/index.html', 'index.html']);
  });
});

describe('OutputWriter with the record of the last build', () => {
  /** A first build writing `contents` (path → text) with a record, then its record. */
  async function recordedOutput(contents: Record<string, string>): Promise<{ out: string; record: OutputRecord }> {
    const out = path.join(await tempDir(), 'dist');
    const writer = await OutputWriter.open(out, { record: true });
    for (const [rel, text] of Object.entries(contents)) await writer.write({ path: rel, contents: text });
    await writer.commit();
    return { out, record: writer.record };
  }

  it('links a file from one of the last build with the same bytes, even one this build changes or removes', async () => {
    const { out, record } = await recordedOutput({ 'v1/0.json': 'A', 'v1/1.json': 'B', 'v1/2.json': 'C', 'keep.txt': 'K', 'x.json': 'X', 'y.json': 'Y', 'w.json': 'W' });
    const before = await inodes(out);
    const writer = await OutputWriter.open(out, { previous: record });
    const next = { 'v2/0.json': 'Z', 'v2/1.json': 'A', 'v2/2.json': 'B', 'keep.txt': 'K', 'x.json': 'C', 'y.json': 'W', 'w.json': 'Q' };
    for (const [rel, text] of Object.entries(next)) await writer.write({ path: rel, contents: text });
    expect(await writer.commit()).toEqual({ written: 6, unchanged: 1 });

    expect(await listTree(out)).toEqual(Object.keys(next).sort());
    for (const [rel, text] of Object.entries(next)) expect(await readFile(path.join(out, rel), 'utf8')).toBe(text);
    const after = await inodes(out);
    // Linked, not written: the files of the last build that had these bytes, whatever became of their paths.
    expect(after.get('v2/1.json')).toBe(before.get('v1/0.json'));
    expect(after.get('v2/2.json')).toBe(before.get('v1/1.json'));
    expect(after.get('x.json')).toBe(before.get('v1/2.json'));
    expect(after.get('y.json')).toBe(before.get('w.json'));
    expect(after.get('w.json')).not.toBe(before.get('w.json'));
    // The record of this build describes the files as they are.
    for (const [rel, known] of writer.record) expect(known.ino).toBe(after.get(rel));
    expect((await listTree(path.dirname(out))).filter((rel) => !rel.startsWith('dist/'))).toEqual([]);
  });

  it('writes the bytes again when the file that had them was changed since the last build', async () => {
    const { out, record } = await recordedOutput({ 'v1/0.json': 'A', 'keep.txt': 'K' });
    await writeFile(path.join(out, 'v1/0.json'), 'A, sửa tay');
    const writer = await OutputWriter.open(out, { previous: record });
    await writer.write({ path: 'v2/0.json', contents: 'A' });
    await writer.write({ path: 'keep.txt', contents: 'K' });
    await writer.commit();
    expect(await readFile(path.join(out, 'v2/0.json'), 'utf8')).toBe('A');
    expect(await listTree(out)).toEqual(['keep.txt', 'v2/0.json']);
  });
});
