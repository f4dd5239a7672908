/**
 * The server examples in deploy/: the nginx site config is accepted by a real `nginx -t` once its paths point
 * at a built site, and the systemd unit starts `bantin serve` with options the CLI has.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cac } from 'cac';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build.ts';
import { commands } from '../../src/cli/commands/index.ts';
import { REPO, cleanTemps, fixture, tempDir } from '../support/site.ts';
import { findTool, needTools } from './support.ts';

afterAll(cleanTemps);

const tools = needTools({ nginx: 'nginx' });

describe.skipIf(tools.skip)('deploy/nginx/bantin.conf', () => {
  it('passes nginx -t with the snippet of a built site', async () => {
    if (tools.missing.length > 0) throw new Error('Missing nginx: apt-get install -y nginx');
    const dir = await tempDir();
    const www = path.join(dir, 'www');
    const result = await build({ root: fixture('deploy'), out: www, now: new Date('2025-01-01T00:00:00Z') });
    expect(result.ok).toBe(true);
    const example = await readFile(path.join(REPO, 'deploy/nginx/bantin.conf'), 'utf8');
    expect(example).toContain('include /srv/bantin/www/_bantin/nginx.conf;');
    const site = example.replaceAll('/srv/bantin/www', www).replace(/listen \[::\]:80;\n/, '').replace('listen 80;', 'listen 127.0.0.1:8;');
    await mkdir(path.join(dir, 'temp'));
    const config = path.join(dir, 'nginx.conf');
    await writeFile(
      config,
      [
        `pid ${dir}/nginx.pid;`,
        'events {}',
        'http {',
        '  include /etc/nginx/mime.types;',
        ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${dir}/temp/${kind};`),
        site,
        '}',
      ].join('\n'),
    );
    const test = spawnSync(findTool('nginx')!, ['-t', '-p', `${dir}/`, '-e', 'stderr', '-c', config], { encoding: 'utf8' });
    expect(test.stderr).toContain('syntax is ok');
    expect(test.status, test.stderr).toBe(0);
  });
});

describe('deploy/systemd/bantin-serve.service', () => {
  it('runs `bantin serve` with options the command has, as an unprivileged user', async () => {
    const unit = await readFile(path.join(REPO, 'deploy/systemd/bantin-serve.service'), 'utf8');
    const setting = (name: string) => [...unit.matchAll(/^(\w+)=(.*)$/gm)].find((m) => m[1] === name)?.[2];
    expect(setting('User')).toBe('bantin');
    expect(setting('Restart')).toBe('on-failure');
    const exec = setting('ExecStart')!.split(/\s+/);
    expect(exec[0]).toMatch(/^\//);
    expect(exec[1]).toMatch(/\/bantin\/bin\/bantin\.js$/);
    expect(exec[2]).toBe('serve');
    const cli = cac('bantin');
    for (const command of commands) command.register(cli);
    const serve = cli.commands.find((c) => c.name === 'serve');
    expect(serve).toBeDefined();
    const names = new Set(serve!.options.flatMap((o) => o.names));
    for (const flag of exec.slice(3).filter((w) => w.startsWith('--'))) {
      expect(names.has(flag.slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())), flag).toBe(true);
    }
    expect(exec).toContain('--trust-proxy');
  });
});
