/**
 * `npm run bench`: bantin against Eleventy 3 and Hugo on generated corpora of Vietnamese ward articles.
 *
 *   npm run bench -- [--sizes 1000,4000] [--runs 5] [--tools bantin,eleventy,hugo] [--edits 20]
 *                    [--incremental-size N] [--dir .cache/bench] [--json results.json]
 *
 * For each size: generates the corpus (seeded; kept in `--dir` between runs), sets it up for each tool, builds
 * each once so every output folder exists, then alternates the tools run after run and takes the median of
 * `--runs` runs of: bantin cold (`--no-cache`, over the previous output), bantin warm (nothing changed, cache
 * present), bantin after a one-article edit, Eleventy, Hugo (skipped with a notice when `hugo` is not installed).
 * Each run is a fresh process measured by /usr/bin/time: wall time, CPU time (user + system) and peak RSS.
 * Then, at `--incremental-size` (default: the largest size), the editors' loop: one article edited and rebuilt in
 * the dev server's in-process site (`DevSite.update`), `--edits` times, p50/p95. Benchmarks are not tests: nothing
 * here asserts a time.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { writeCorpus } from './generate-corpus.ts';
import { setUpEleventy, setUpHugo } from './bench/other-generators.ts';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const BANTIN = path.join(REPO, 'bin', 'bantin.js');
const ELEVENTY = path.join(REPO, 'node_modules', '@11ty', 'eleventy', 'cmd.cjs');
const TIME = '/usr/bin/time';
const SEED = 5;

/** One measured run. */
interface Sample {
  wall: number;
  cpu: number;
  rssMb: number;
}

type Mode = 'bantin cold' | 'bantin warm' | 'bantin edit' | 'eleventy' | 'hugo';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,4000' },
    runs: { type: 'string', default: '5' },
    tools: { type: 'string', default: 'bantin,eleventy,hugo' },
    edits: { type: 'string', default: '20' },
    'incremental-size': { type: 'string' },
    dir: { type: 'string', default: path.join(REPO, '.cache', 'bench') },
    json: { type: 'string' },
  },
});

const sizes = values.sizes.split(',').map((s) => Number(s.trim()));
const runs = Number(values.runs);
const tools = new Set(values.tools.split(',').map((t) => t.trim()));
const edits = Number(values.edits);
const workdir = path.resolve(values.dir);
if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(runs) || runs < 1) throw new Error('--sizes and --runs need whole numbers');

function hasCommand(command: string, args: string[]): string | undefined {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

const hugoVersion = tools.has('hugo') ? hasCommand('hugo', ['version']) : undefined;
if (tools.has('hugo') && !hugoVersion) {
  process.stderr.write('Hugo skipped: `hugo` is not installed (apt-get install -y hugo).\n');
  tools.delete('hugo');
}
if (!existsSync(TIME)) throw new Error(`${TIME} is needed to measure CPU time and peak memory (apt-get install -y time)`);

/** Runs `command` under /usr/bin/time in `cwd`; fails loudly when the command fails. */
function measure(command: string, args: string[], cwd: string): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const child = spawn(TIME, ['-f', '@@ %e %U %S %M', command, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stderr.split('\n').find((l) => l.startsWith('@@ '));
      if (code !== 0 || !line) return reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${stderr.slice(-2000)}`));
      const [wall, user, system, rss] = line.slice(3).split(' ').map(Number) as [number, number, number, number];
      resolve({ wall, cpu: user + system, rssMb: rss / 1024 });
    });
  });
}

function median(list: number[]): number {
  const sorted = [...list].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function percentile(list: number[], p: number): number {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Generates the corpus of `size` articles unless the one in place was made by the same generator and seed. */
async function corpusOf(size: number): Promise<string> {
  const dir = path.join(workdir, `corpus-${size}`);
  const stamp = `${size} ${SEED} ${readFileSync(new URL('./generate-corpus.ts', import.meta.url), 'utf8').length}`;
  const marker = path.join(dir, '.corpus');
  if (!existsSync(marker) || (await readFile(marker, 'utf8')) !== stamp) {
    process.stdout.write(`Generating ${size} articles…\n`);
    await writeCorpus(dir, size, SEED);
    await writeFile(marker, stamp);
    for (const tool of ['eleventy', 'hugo']) await writeFile(path.join(workdir, `${tool}-${size}.stale`), '');
  }
  return dir;
}

async function siteFor(tool: 'eleventy' | 'hugo', size: number, corpus: string): Promise<string> {
  const dir = path.join(workdir, `${tool}-${size}`);
  const stale = path.join(workdir, `${tool}-${size}.stale`);
  if (!existsSync(dir) || existsSync(stale)) {
    await (tool === 'eleventy' ? setUpEleventy(corpus, dir) : setUpHugo(corpus, dir));
    await rm(stale, { force: true });
  }
  return dir;
}

/** The article the edit runs change: the first of the first category, body appended with a run number. */
async function editableArticle(corpus: string): Promise<string> {
  const folder = path.join(corpus, 'content', (await readdir(path.join(corpus, 'content'))).sort()[0]!);
  return path.join(folder, (await readdir(folder)).filter((f) => f.endsWith('.md')).sort()[0]!);
}

const results: Record<number, Partial<Record<Mode, Sample[]>>> = {};
const machine = {
  date: new Date().toISOString(),
  cpu: cpus()[0]?.model ?? 'unknown',
  nproc: cpus().length,
  ramGb: Math.round(totalmem() / 2 ** 30),
  freeGbAtStart: Math.round(freemem() / 2 ** 30),
  loadAtStart: loadavg().map((l) => l.toFixed(2)).join(' '),
  node: process.version,
  hugo: hugoVersion ?? null,
  eleventy: JSON.parse(readFileSync(path.join(REPO, 'node_modules', '@11ty', 'eleventy', 'package.json'), 'utf8')).version as string,
};
process.stdout.write(`Machine: ${machine.cpu}, ${machine.nproc} CPUs, ${machine.ramGb} GB RAM, load ${machine.loadAtStart}; node ${machine.node}\n`);

await mkdir(workdir, { recursive: true });
for (const size of sizes) {
  const corpus = await corpusOf(size);
  const eleventy = tools.has('eleventy') ? await siteFor('eleventy', size, corpus) : undefined;
  const hugo = tools.has('hugo') ? await siteFor('hugo', size, corpus) : undefined;
  const article = await editableArticle(corpus);
  const original = await readFile(article, 'utf8');
  const samples: Partial<Record<Mode, Sample[]>> = (results[size] = {});
  const add = (mode: Mode, sample: Sample): void => void (samples[mode] ??= []).push(sample);
  const bantin = (cache: boolean) => measure(process.execPath, [BANTIN, 'build', '--root', corpus, '--quiet', ...(cache ? [] : ['--no-cache'])], corpus);

  process.stdout.write(`\n${size} articles: priming every output folder…\n`);
  if (tools.has('bantin')) await bantin(true);
  if (eleventy) await measure(process.execPath, [ELEVENTY, '--quiet'], eleventy);
  if (hugo) await measure('hugo', ['--quiet'], hugo);

  try {
    for (let run = 1; run <= runs; run++) {
      if (tools.has('bantin')) add('bantin cold', await bantin(false));
      if (eleventy) add('eleventy', await measure(process.execPath, [ELEVENTY, '--quiet'], eleventy));
      if (hugo) add('hugo', await measure('hugo', ['--quiet'], hugo));
      if (tools.has('bantin')) {
        add('bantin warm', await bantin(true));
        await writeFile(article, `${original}\nĐã cập nhật lần ${run} trong lúc đo hiệu năng.\n`);
        add('bantin edit', await bantin(true));
        await writeFile(article, original);
        await bantin(true);
      }
      process.stdout.write(`  run ${run}/${runs} done\n`);
    }
  } finally {
    await writeFile(article, original);
  }
}

/** Formats one row of the table. */
function row(size: number, mode: Mode, list: Sample[] | undefined): string | undefined {
  if (!list?.length) return undefined;
  return `| ${size.toLocaleString('en')} | ${mode} | ${median(list.map((s) => s.wall)).toFixed(2)} s | ${median(list.map((s) => s.cpu)).toFixed(2)} s | ${Math.round(median(list.map((s) => s.rssMb)))} MB |`;
}

const lines = ['| articles | build | wall (median) | CPU (median) | peak RSS (median) |', '|---|---|---|---|---|'];
const ratios = ['| articles | cold ÷ Eleventy | cold ÷ Hugo | warm ÷ Hugo cold | edit ÷ Hugo cold |', '|---|---|---|---|---|'];
for (const size of sizes) {
  const s = results[size]!;
  for (const mode of ['bantin cold', 'bantin warm', 'bantin edit', 'eleventy', 'hugo'] as Mode[]) {
    const r = row(size, mode, s[mode]);
    if (r) lines.push(r);
  }
  const m = (mode: Mode): number | undefined => (s[mode]?.length ? median(s[mode]!.map((x) => x.wall)) : undefined);
  const ratio = (a: number | undefined, b: number | undefined): string => (a !== undefined && b !== undefined ? `${(a / b).toFixed(2)}×` : '–');
  ratios.push(`| ${size.toLocaleString('en')} | ${ratio(m('bantin cold'), m('eleventy'))} | ${ratio(m('bantin cold'), m('hugo'))} | ${ratio(m('bantin warm'), m('hugo'))} | ${ratio(m('bantin edit'), m('hugo'))} |`);
}
process.stdout.write(`\n${lines.join('\n')}\n\n${ratios.join('\n')}\n`);

/** The editors' loop: one article edited and rebuilt in the dev server's site, in this process. */
let incremental: { size: number; p50: number; p95: number; edits: number; initialSeconds: number; how: string } | undefined;
const incrementalSize = values['incremental-size'] ? Number(values['incremental-size']) : Math.max(...sizes);
if (tools.has('bantin') && edits > 0 && incrementalSize > 0) {
  const corpus = await corpusOf(incrementalSize);
  const article = await editableArticle(corpus);
  const original = await readFile(article, 'utf8');
  process.stdout.write(`\nEditors' loop at ${incrementalSize} articles: first build of the dev site…\n`);
  const { DevSite } = await import('../src/dev/dev-site.ts');
  const started = performance.now();
  const site = await DevSite.open({ root: corpus, drafts: false, future: false });
  const first = site.build();
  if (!first.ok) throw new Error('The corpus does not build in the dev site');
  const initialSeconds = (performance.now() - started) / 1000;
  const times: number[] = [];
  try {
    for (let n = 1; n <= edits; n++) {
      const t = performance.now();
      await writeFile(article, original.replace(/\n*$/, `\n\nSửa lần ${n}: thêm một câu vào cuối bài.\n`));
      const rebuilt = await site.update([article]);
      if (!rebuilt.ok || rebuilt.rendered !== 1) throw new Error(`Edit ${n} did not rebuild one article (${rebuilt.rendered})`);
      times.push(performance.now() - t);
    }
  } finally {
    await writeFile(article, original);
  }
  incremental = { size: incrementalSize, p50: percentile(times, 50), p95: percentile(times, 95), edits, initialSeconds, how: 'DevSite.update in process: file written → every page, feed and hosting file in memory (the search index is built when first searched)' };
  process.stdout.write(`One article edited, ${edits} times: p50 ${incremental.p50.toFixed(0)} ms, p95 ${incremental.p95.toFixed(0)} ms (first build ${initialSeconds.toFixed(1)} s)\n`);
}

const loadAtEnd = loadavg().map((l) => l.toFixed(2)).join(' ');
process.stdout.write(`Load average at the end: ${loadAtEnd}\n`);
if (values.json) {
  await writeFile(values.json, `${JSON.stringify({ machine: { ...machine, loadAtEnd }, runs, results, incremental }, null, 2)}\n`);
}
