/**
 * Test support for the deployment tests: finding system tools, free loopback ports, raw HTTP requests (no
 * redirect following, no automatic decompression), and an nginx process of the test's own.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import path from 'node:path';

/** Whether tests run in CI, where a missing tool is a failure rather than a skip. */
export const IN_CI = process.env['CI'] === 'true';

/** The absolute path of a command on PATH (or in /usr/sbin), or undefined. */
export function findTool(name: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8', env: { ...process.env, PATH: `${process.env['PATH'] ?? ''}:/usr/sbin:/sbin` } });
  const where = found.stdout.trim();
  return found.status === 0 && where ? where : undefined;
}

/**
 * Decides whether a suite that needs `tools` runs: it runs when all are present; without CI it is skipped
 * with a one-line notice naming the install command; in CI it runs and its set-up fails.
 */
export function needTools(tools: Record<string, string>): { skip: boolean; missing: string[] } {
  const missing = Object.keys(tools).filter((tool) => findTool(tool) === undefined);
  if (missing.length > 0 && !IN_CI) {
    const packages = [...new Set(missing.map((tool) => tools[tool]))].join(' ');
    console.warn(`skipped: ${missing.join(', ')} not installed (apt-get install -y ${packages})`);
  }
  return { skip: missing.length > 0 && !IN_CI, missing };
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A response as it came over the wire. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One HTTP request to 127.0.0.1:`port`; redirects are not followed and bodies are not decoded. */
export function get(port: number, target: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: target, method: options.method ?? 'GET', headers: options.headers ?? {}, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Retries `probe` every 100 ms until it returns true, at most `attempts` times; throws with `what` otherwise. */
export async function until(what: string, probe: () => Promise<boolean>, attempts = 100): Promise<void> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      if (await probe()) return;
    } catch (error) {
      last = error;
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`Gave up waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** The Debian brotli_static module, when installed (package libnginx-mod-http-brotli-static). */
export const BROTLI_MODULE = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';

/** One `server {}` of the test nginx. */
export interface TestServer {
  port: number;
  /** The folder nginx serves (`root`). */
  root: string;
  /** The generated snippet to include. */
  snippet: string;
}

/** An nginx master process running a config of the test's own. */
export interface TestNginx {
  process: ChildProcess;
  /** The config file. */
  config: string;
  /** Everything nginx wrote to stderr. */
  log: () => string;
  /** Runs `nginx -s <signal>` against this instance (e.g. "reload"), as a command line for scripts. */
  signalCommand: (signal: string) => string;
  /** Stops nginx and waits for it to exit. */
  stop: () => Promise<void>;
}

/**
 * Writes an nginx config into `dir` (its own pid, logs and temp folders; no daemon) with one server per
 * entry, each including its generated snippet, and starts nginx in the foreground.
 */
export async function startNginx(
  nginx: string,
  dir: string,
  servers: TestServer[],
  options: { upstreams: Record<string, number>; brotli: boolean },
): Promise<TestNginx> {
  const config = path.join(dir, 'nginx.conf');
  const lines = [
    ...(process.getuid?.() === 0 ? ['user root;'] : []),
    ...(options.brotli ? [`load_module ${BROTLI_MODULE};`] : []),
    'worker_processes 1;',
    'daemon off;',
    `pid ${path.join(dir, 'nginx.pid')};`,
    'error_log stderr warn;',
    'events { worker_connections 64; }',
    'http {',
    `  include ${existsSync('/etc/nginx/mime.types') ? '/etc/nginx/mime.types' : path.join(path.dirname(nginx), '../conf/mime.types')};`,
    '  default_type application/octet-stream;',
    '  access_log off;',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${path.join(dir, `${kind}_temp`)};`),
    ...Object.entries(options.upstreams).map(([name, port]) => `  upstream ${name} { server 127.0.0.1:${port}; }`),
    ...servers.flatMap((server) => [
      '  server {',
      `    listen 127.0.0.1:${server.port};`,
      `    root ${server.root};`,
      ...(options.brotli ? ['    brotli_static on;'] : []),
      `    include ${server.snippet};`,
      '  }',
    ]),
    '}',
  ];
  await writeFile(config, `${lines.join('\n')}\n`);
  const args = ['-p', `${dir}/`, '-e', 'stderr', '-c', config];
  const test = spawnSync(nginx, [...args, '-t'], { encoding: 'utf8' });
  if (test.status !== 0) throw new Error(`nginx -t failed:\n${test.stderr}`);

  const child = spawn(nginx, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const first = servers[0];
  if (first) {
    await until(`nginx on port ${first.port} (log: ${stderr})`, async () => {
      if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${stderr}`);
      return (await get(first.port, '/')).status > 0;
    });
  }
  return {
    process: child,
    config,
    log: () => stderr,
    signalCommand: (signal) => [nginx, ...args, '-s', signal].map((a) => `'${a}'`).join(' '),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
