/**
 * The I/O edge of the build: writes `OutputFile[]` into a fresh folder beside the output folder, then swaps it
 * in. A build that fails before the swap leaves the previous output untouched. Files whose bytes did not change
 * are hard-linked from the previous output, so their modification times stay (rsync and CDN uploads stay small).
 */
import { link, mkdir, readFile, rename, rm, writeFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { OutputFile } from '../types.ts';

/** What the writer did. */
export interface WriteReport {
  /** Files written with new bytes. */
  written: number;
  /** Files kept from the previous output because their bytes were the same. */
  unchanged: number;
}

async function sameBytes(file: string, contents: Uint8Array): Promise<boolean> {
  try {
    const info = await stat(file);
    if (info.size !== contents.byteLength) return false;
    return Buffer.compare(await readFile(file), contents) === 0;
  } catch {
    return false;
  }
}

/** Replaces the folder `out` by exactly `files`. */
export async function writeOutput(out: string, files: OutputFile[]): Promise<WriteReport> {
  const target = path.resolve(out);
  const temp = `${target}.tmp-${process.pid}-${Date.now().toString(36)}`;
  const report: WriteReport = { written: 0, unchanged: 0 };
  await rm(temp, { recursive: true, force: true });
  try {
    const dirs = new Set(files.map((f) => path.dirname(path.join(temp, f.path))));
    for (const dir of [...dirs].sort()) await mkdir(dir, { recursive: true });
    const queue = [...files];
    const worker = async (): Promise<void> => {
      for (let file = queue.pop(); file; file = queue.pop()) {
        const bytes = typeof file.contents === 'string' ? Buffer.from(file.contents) : file.contents;
        const previous = path.join(target, file.path);
        const next = path.join(temp, file.path);
        if (await sameBytes(previous, bytes)) {
          try {
            await link(previous, next);
            report.unchanged++;
            continue;
          } catch {
            // Hard links can be refused (another file system, permissions): write the bytes instead.
          }
        }
        await writeFile(next, bytes);
        report.written++;
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    const old = `${target}.old-${process.pid}-${Date.now().toString(36)}`;
    let hadPrevious = true;
    try {
      await rename(target, old);
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== 'ENOENT') throw cause;
      hadPrevious = false;
    }
    await mkdir(path.dirname(target), { recursive: true });
    await rename(temp, target);
    if (hadPrevious) await rm(old, { recursive: true, force: true });
    return report;
  } catch (cause) {
    await rm(temp, { recursive: true, force: true });
    throw cause;
  }
}
