/**
 * Checks bantin as a package, the way a ward that does not fork the repository uses it: `npm pack`, install the
 * tarball into a fresh content repository (its own site.config.yaml, content/ and one templates/ override),
 * then `npx bantin check` and `npx bantin build`, and look at the output. Installing reaches the npm registry
 * for bantin's dependencies (the local npm cache is preferred), so this is a script, not part of `npm test`.
 *
 *   npm run check:package            (node --import tsx scripts/check-package.ts)
 *   KEEP=1 npm run check:package     keeps the temp folder to look around
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../', import.meta.url));
const started = performance.now();
const dir = await mkdtemp(path.join(tmpdir(), 'bantin-package-'));
const seconds = () => ((performance.now() - started) / 1000).toFixed(1);

function run(command: string, args: string[], cwd: string): string {
  process.stdout.write(`$ ${command} ${args.join(' ')}   (in ${path.relative(dir, cwd) || 'the temp folder'})\n`);
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false' } });
}

function assert(condition: unknown, what: string): asserts condition {
  if (!condition) throw new Error(`check-package: ${what}`);
  process.stdout.write(`  ✔ ${what}\n`);
}

try {
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir], repo)) as { filename: string; files: { path: string }[] }[];
  const tarball = path.join(dir, packed[0]!.filename);
  const files = packed[0]!.files.map((f) => f.path);
  assert(files.includes('bin/bantin.js') && files.includes('src/cli/main.ts') && files.includes('templates/layouts/base.hbs'), 'the tarball holds bin/, src/ and templates/');
  assert(!files.some((f) => f.startsWith('test/') || f.startsWith('content/')), 'the tarball leaves out tests and the sample content');

  // A ward's content repository: its own config and articles, one theme file overridden.
  const site = path.join(dir, 'phuong-x');
  await cp(path.join(repo, 'test/fixtures/deploy'), site, { recursive: true });
  const bundledFooter = await readFile(path.join(repo, 'templates/partials/footer.hbs'), 'utf8');
  await mkdir(path.join(site, 'templates/partials'), { recursive: true });
  await writeFile(path.join(site, 'templates/partials/footer.hbs'), bundledFooter.replace(/<\/footer>/, '<p class="ward-own-footer">Bản quyền thuộc UBND phường X</p></footer>'));
  // npm 11 runs the install scripts of dependencies only when allowed: the native SQLite binding of the
  // counter (`bantin serve`), esbuild (under tsx) and sharp (images), as in bantin's own package.json.
  const own = JSON.parse(await readFile(path.join(repo, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> };
  const allowScripts = Object.fromEntries(['better-sqlite3', 'esbuild', 'sharp'].filter((name) => own.allowScripts?.[name]).map((name) => [name, true]));
  await writeFile(path.join(site, 'package.json'), `${JSON.stringify({ name: 'phuong-x-site', private: true, type: 'module', allowScripts }, null, 2)}\n`);

  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], site);
  process.stdout.write(`  installed in ${seconds()} s\n`);
  run('npx', ['--no-install', 'bantin', '--version'], site);
  run('npx', ['--no-install', 'bantin', 'check'], site);
  run('npx', ['--no-install', 'bantin', 'build', '--precompress'], site);

  const out = path.join(site, 'dist');
  const home = await readFile(path.join(out, 'index.html'), 'utf8');
  assert(home.includes('<title>Phường Triển Khai</title>'), "the ward's own config is used");
  assert(home.includes('ward-own-footer'), "the ward's templates/ override wins over the bundled theme");
  const article = await readFile(path.join(out, 'tin-tuc/hoi-nghi-so-ket/index.html'), 'utf8');
  assert(article.includes('Hội nghị sơ kết công tác 9 tháng đầu năm'), 'articles are built');
  const names = await readdir(out);
  assert(['_redirects', '_headers', 'index.html.gz', 'index.html.br', 'assets'].every((n) => names.includes(n)), 'hosting files and precompressed copies are written');
  assert((await readdir(path.join(out, '_bantin'))).includes('nginx.conf'), 'the nginx snippet is written');
  const deployScript = path.join(site, 'node_modules/bantin/deploy/rsync/deploy.sh');
  assert((await readFile(deployScript, 'utf8')).startsWith('#!/bin/sh'), 'the deploy script ships with the package');
  run(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], site);
  assert(true, "the counter's SQLite binding loads (bantin serve can run)");
  process.stdout.write(`check-package: all good in ${seconds()} s\n`);
} finally {
  if (process.env['KEEP']) process.stdout.write(`kept ${dir}\n`);
  else await rm(dir, { recursive: true, force: true });
}
