/**
 * The launcher of `bin/bantin.js`: the command line runs from an esbuild bundle of the sources, built once per
 * version of the code, and gives exactly what the sources give through tsx.
 */
import { existsSync } from 'node:fs';
import { readdir, rm, utimes, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLE_DIR, pruneBundles } from '../../src/cache/source-tree.mjs';
import { runBantin } from '../support/cli.ts';
import { cleanTemps, fixture, snapshotTree, tempDir } from '../support/site.ts';

afterAll(cleanTemps);

describe('bin/bantin.js', () => {
  it('runs from a bundle of the sources, and builds the same bytes as the sources through tsx', async () => {
    const bundled = path.join(await tempDir(), 'dist');
    const sources = path.join(await tempDir(), 'dist');
    const args = (out: string) => ['build', '--root', fixture('sites/basic'), '--out', out, '--no-cache', '--quiet'];
    expect((await runBantin(args(bundled))).code).toBe(0);
    const bundles = (await readdir(BUNDLE_DIR)).filter((name) => /^cli-[0-9a-f]{16}\.mjs$/.test(name));
    expect(bundles.length).toBeGreaterThan(0);
    expect((await runBantin(args(sources), { BANTIN_CLI_BUNDLE: '0' })).code).toBe(0);

    const a = await snapshotTree(bundled);
    const b = await snapshotTree(sources);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [file, bytes] of a) expect(b.get(file)!.equals(bytes), file).toBe(true);
    expect((await runBantin(['--version'])).stdout).toBe((await runBantin(['--version'], { BANTIN_CLI_BUNDLE: '0' })).stdout);
  });

  it('keeps the current bundle and the newest others, and removes older ones', async () => {
    await mkdir(BUNDLE_DIR, { recursive: true });
    const names = ['prune-test-a.mjs', 'prune-test-b.mjs', 'prune-test-c.mjs', 'prune-test-d.mjs', 'prune-test-e.mjs.42.tmp.mjs'];
    try {
      for (const [i, name] of names.entries()) {
        const file = path.join(BUNDLE_DIR, name);
        await writeFile(file, '');
        const t = new Date(Date.UTC(2026, 0, 1 + i));
        await utimes(file, t, t);
      }
      // "a" is the oldest but current; of the others, "d" and "c" are the newest two; a bundle being written stays.
      await pruneBundles('prune-test', path.join(BUNDLE_DIR, 'prune-test-a.mjs'), 2);
      const left = names.filter((name) => existsSync(path.join(BUNDLE_DIR, name)));
      expect(left).toEqual(['prune-test-a.mjs', 'prune-test-c.mjs', 'prune-test-d.mjs', 'prune-test-e.mjs.42.tmp.mjs']);
    } finally {
      await Promise.all(names.map((name) => rm(path.join(BUNDLE_DIR, name), { force: true })));
    }
  });
});
