/**
 * `bantin serve` as users run it: a child process (`node bin/bantin.js serve`) that prints its URL, serves
 * the site and the counter with SQLite in the data folder (or Redis with --redis), keeps counts across a
 * restart, stops cleanly on SIGTERM, and refuses bad invocations with exit code 2.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { get, needTools } from '../deploy/support.ts';
import { BROWSER_UA, MANIFEST } from '../edge/fixtures.ts';
import { startServe, writeSite } from '../helpers/bantin-serve.ts';
import { startRedis } from '../helpers/redis-server.ts';

const ID = 'cong-tac-dang/so-ket-quy-che-dan-chu';
const BROWSER = { 'user-agent': BROWSER_UA };

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bantin-serve-cli-'));
  await writeSite(join(root, 'dist'), MANIFEST);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Runs `bantin serve <args>` in this process (for invocations that stop before listening). */
async function run(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { code: await main(['serve', ...args]), stderr };
  } finally {
    spy.mockRestore();
  }
}

describe('bantin serve', () => {
  it('serves <root>/dist and the counter on 127.0.0.1, SQLite in <root>/.data, counts surviving a restart', async () => {
    const first = await startServe(['--root', root, '--port', '0']);
    try {
      expect(first.url.hostname).toBe('127.0.0.1');
      expect(first.url.pathname).toBe('/');
      expect(first.output()).toContain(`counter at /api (2 articles), counts in SQLite ${join(root, '.data', 'counter.sqlite')}`);
      const port = Number(first.url.port);
      expect((await get(port, '/')).body.toString()).toContain('Trang chủ');
      expect((await get(port, '/khong-co/')).status).toBe(404);
      const view = await get(port, `/api/views/${ID}`, { method: 'POST', headers: BROWSER });
      expect(JSON.parse(view.body.toString())).toEqual({ id: ID, views: 60 });
    } finally {
      expect(await first.stop('SIGTERM')).toBe(0);
    }
    expect(existsSync(join(root, '.data', 'counter.sqlite'))).toBe(true);

    const second = await startServe(['--root', root, '--port', '0']);
    try {
      const counts = await get(Number(second.url.port), `/api/views?ids=${ID}`, { headers: BROWSER });
      expect(JSON.parse(counts.body.toString())).toEqual({ views: { [ID]: 60 } });
    } finally {
      expect(await second.stop('SIGINT')).toBe(0);
    }
  });

  it('takes --out, --data, --base and --api', async () => {
    const data = join(root, 'elsewhere');
    const serve = await startServe(['--out', join(root, 'dist'), '--data', data, '--base', '/phuong/', '--api', '/phuong/dem', '--port', '0']);
    try {
      expect(serve.url.pathname).toBe('/phuong/');
      const port = Number(serve.url.port);
      expect((await get(port, '/phuong/')).status).toBe(200);
      const view = await get(port, `/phuong/dem/views/${ID}`, { method: 'POST', headers: BROWSER });
      expect(JSON.parse(view.body.toString())).toEqual({ id: ID, views: 60 });
    } finally {
      await serve.stop();
    }
    expect(existsSync(join(data, 'counter.sqlite'))).toBe(true);
  });

  it('refuses a bad port, a missing output folder and unknown options with exit code 2', async () => {
    const badPort = await run(['--root', root, '--port', 'abc']);
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toContain('--port must be a number from 0 to 65535');
    const missing = await run(['--root', join(root, 'khong-co')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('run `bantin build` first');
    expect((await run(['--root', root, '--nonsense'])).code).toBe(2);
  });

  const redis = needTools({ 'redis-server': 'redis-server' });
  it.skipIf(redis.skip)('shares counts between two instances with --redis', async () => {
    const server = await startRedis();
    const instances = await Promise.all([0, 1].map(() => startServe(['--root', root, '--port', '0', '--redis', server.url])));
    try {
      expect(instances[0]!.output()).toContain(`counts in Redis ${server.url}`);
      const [a, b] = instances.map((i) => Number(i.url.port));
      await get(a!, `/api/views/${ID}`, { method: 'POST', headers: BROWSER });
      const second = await get(b!, `/api/views/${ID}`, { method: 'POST', headers: { 'user-agent': `${BROWSER_UA} other` } });
      expect(JSON.parse(second.body.toString())).toEqual({ id: ID, views: 61 });
      expect(JSON.parse((await get(a!, `/api/views?ids=${ID}`)).body.toString())).toEqual({ views: { [ID]: 61 } });
    } finally {
      await Promise.all(instances.map((i) => i.stop()));
      await server.stop();
    }
  });
});
