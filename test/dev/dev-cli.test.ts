/** `bantin dev` as editors start it: a child process that prints its address, serves, and stops cleanly on a signal. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { REPO, cleanTemps, copyFixture, one, parseHtml, text } from '../support/site.ts';

afterAll(cleanTemps);

describe('bantin dev (command)', () => {
  it('answers a bad --port or --host with exit 2 before starting', async () => {
    const errors: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (errors.push(String(chunk)), true));
    try {
      expect(await main(['dev', '--port', 'abc'])).toBe(2);
      expect(await main(['dev', '--port', '70000'])).toBe(2);
      expect(await main(['dev', '--host'])).toBe(2);
    } finally {
      spy.mockRestore();
    }
    expect(errors[0]).toBe('bantin: --port must be a number from 0 to 65535, not "abc". Run `bantin dev --help`.\n');
  });

  it('prints its address, serves the site with the counter, and exits 0 on SIGTERM', async () => {
    const root = await copyFixture('dev/site');
    const child = spawn(process.execPath, [path.join(REPO, 'bin/bantin.js'), 'dev', '--root', root, '--port', '0', '--verbose'], {
      cwd: REPO,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const found = /^bantin dev: (http:\/\/127\.0\.0\.1:\d+\/phuong\/)$/m.exec(stdout);
          if (found) resolve(found[1]!);
        });
        void exited.then(() => reject(new Error(`bantin dev exited early:\n${stdout}\n${stderr}`)));
      });
      expect(stdout).toMatch(/^✔ built 3 articles in (\d+ ms|[\d.]+ s): 3 articles published, \d+ files \(the search index when first searched\)$/m);
      expect(stdout).toContain('drafts shown');
      expect(stdout).toMatch(/view counter at http:\/\/127\.0\.0\.1:\d+\/phuong\/api, counts in .*\.data\/counter\.sqlite/);
      const page = parseHtml(await (await fetch(new URL('tin-tuc/hoi-nghi/', url))).text());
      expect(text(one(page, 'h1'))).toBe('Hội nghị sơ kết 9 tháng');
      expect(existsSync(path.join(root, '.data', 'counter.sqlite'))).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
    expect(existsSync(path.join(root, 'dist'))).toBe(false);
  });
});
