/**
 * `bantin serve` as a child process (`node bin/bantin.js serve …`), for tests of the real command: started,
 * its printed URL awaited, and stopped with a signal of the test's choice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SiteManifest } from '../../src/edge/manifest.ts';

const BIN = fileURLToPath(new URL('../../bin/bantin.js', import.meta.url));

/** A running `bantin serve`. */
export interface ServeProcess {
  child: ChildProcess;
  /** The URL it printed. */
  url: URL;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Sends `signal` and resolves to the exit code (or the signal's name). */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

/** Starts `bantin serve` with `args` and resolves once it printed its URL (rejects if it exits first). */
export async function startServe(args: string[], timeoutMs = 60_000): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | string>((done) => child.once('exit', (code, signal) => done(code ?? signal ?? -1)));
  const url = await new Promise<URL>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`bantin serve printed no URL in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const watch = (chunk: Buffer): void => {
      output += chunk.toString();
      const found = /^bantin serve: (http:\/\/\S+)$/m.exec(output);
      if (found) {
        clearTimeout(timer);
        ready(new URL(found[1]!));
      }
    };
    child.stdout.on('data', watch);
    child.stderr.on('data', watch);
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`bantin serve exited (${code}) before listening:\n${output}`));
    });
  });
  return {
    child,
    url,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Writes a minimal built site: a manifest, `index.html`, `404.html` and one page per article. */
export async function writeSite(outDir: string, manifest: SiteManifest): Promise<void> {
  await mkdir(join(outDir, '_bantin'), { recursive: true });
  await writeFile(join(outDir, '_bantin/manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(join(outDir, 'index.html'), '<!doctype html><html lang="vi"><title>Trang chủ</title><h1>Trang chủ</h1></html>\n');
  await writeFile(join(outDir, '404.html'), '<!doctype html><html lang="vi"><title>Không tìm thấy</title><h1>Không tìm thấy trang</h1></html>\n');
  for (const id of Object.keys(manifest.articles)) {
    await mkdir(join(outDir, id), { recursive: true });
    await writeFile(join(outDir, id, 'index.html'), `<!doctype html><title>${id}</title><h1>${id}</h1>\n`);
  }
}
