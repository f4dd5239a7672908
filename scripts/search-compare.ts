/**
 * The search engine comparison behind docs/search.md: bantin's own sharded index against MiniSearch,
 * FlexSearch and Pagefind, on the sample site (quality on ten realistic queries, diacritics) and on a
 * generated corpus of Vietnamese articles (index size, first-query download, query time).
 *
 *   node --import tsx scripts/search-compare.ts [--count 10000] [--eval-dir DIR] [--out .cache/search-compare]
 *
 * `--count 0` measures the sample site only.
 *
 * MiniSearch is a dependency. FlexSearch and Pagefind are not (bantin does not ship them): install them
 * outside the project with `npm install --prefix DIR flexsearch pagefind` and pass `--eval-dir DIR`; without
 * it those two are left out. Pagefind searches only in a browser (WebAssembly), so its queries, and bantin's
 * for the same table, run in Chromium (/usr/bin/chromium) against a static server on 127.0.0.1.
 * The generated corpus comes from scripts/generate-corpus.ts (seeded: the same count gives the same text).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build as esbuild } from 'esbuild';
import MiniSearch from 'minisearch';
import { compileSite, readInputs } from '../src/build.ts';
import { buildSearchIndex, type SearchDocument } from '../src/search/build-index.ts';
import { searchDocuments } from '../src/search/search-outputs.ts';
import { SearchEngine } from '../src/search/engine.ts';
import { filesSource } from '../src/search/sources.ts';
import { foldTones } from '../src/vi/text.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const NOW = new Date('2026-11-28T12:00:00+07:00');
const CHROMIUM = '/usr/bin/chromium';

/** Ten realistic queries on the sample site, with the articles (by slug) a reader wants from each. */
export const QUALITY_QUERIES: { query: string; relevant: string[] }[] = [
  { query: 'lich tiep cong dan', relevant: ['lich-tiep-cong-dan-thang-10-2026', 'lich-tiep-cong-dan-thang-10-2020'] },
  { query: 'tiêm vắc xin covid', relevant: ['tiem-mui-3-vac-xin-covid-19', 'tiem-vac-xin-covid-19-dot-1-2021'] },
  // The November 2026 outage notice is a draft: it must not be found.
  { query: 'tam ngung cap dien', relevant: ['tam-ngung-cap-dien-ngay-15-6-2023'] },
  { query: '06-TT/QU', relevant: ['so-ket-quy-che-dan-chu-9-thang-2020', 'quan-triet-nghi-quyet-dai-hoi-xiii', 'doi-thoai-nguoi-dung-dau-cap-uy-chinh-quyen-2020'] },
  { query: '23/09/2020', relevant: ['so-ket-quy-che-dan-chu-9-thang-2020', 'lich-tiep-cong-dan-thang-10-2020', 'doi-thoai-nguoi-dung-dau-cap-uy-chinh-quyen-2020'] },
  { query: 'nghĩa vụ quân sự', relevant: ['kham-suc-khoe-nghia-vu-quan-su-2025', 'le-giao-nhan-quan-nam-2022'] },
  { query: 'dinh danh dien tu', relevant: ['de-an-06-kich-hoat-tai-khoan-dinh-danh-dien-tu'] },
  { query: 'quy chế dân chủ', relevant: ['so-ket-quy-che-dan-chu-9-thang-2020', 'doi-thoai-nguoi-dung-dau-cap-uy-chinh-quyen-2020'] },
  { query: 'bau cu dai bieu quoc hoi', relevant: ['bau-cu-dai-bieu-quoc-hoi-khoa-xv'] },
  { query: 'Tết trung thu thiếu nhi', relevant: ['vui-tet-trung-thu-2023'] },
];

/** Queries for size and time on the generated corpus. */
const LOAD_QUERIES = ['lịch tiếp công dân', 'cong tac dang', 'tiêm chủng', 'hội nghị sơ kết', 'phòng cháy chữa cháy', '15/3/2021'];

interface Corpus {
  name: string;
  docs: SearchDocument[];
  slugs: string[];
  /** The built site, for the measurement on the real search page. */
  outputs: { path: string; contents: string | Uint8Array }[];
}

/** One engine under test: its index files, and its answer to a query in Node (document numbers, best first). */
interface Engine {
  name: string;
  files: Map<string, string | Buffer>;
  buildMs: number;
  /** Bytes a reader downloads for a first query (index, shards and what the first 10 results show). */
  firstQueryBytes(query: string): Promise<{ raw: number; gzip: number }>;
  /** Top results, in a warm engine. */
  search(query: string): Promise<number[]>;
  /** Milliseconds of a first query from files already on hand (parsing included) and of a warm one. */
  timeQuery(query: string): Promise<{ cold: number; warm: number }>;
  /** Folder to serve for the browser measurement, and the page script that searches (Pagefind, bantin). */
  web?: { dir: string; harness: string };
}

const gz = (text: string | Buffer): number => gzipSync(text).length;
const bytes = (text: string | Buffer): number => (typeof text === 'string' ? Buffer.byteLength(text) : text.length);
const sizes = (texts: Iterable<string | Buffer>): { raw: number; gzip: number } => {
  let raw = 0;
  let gzip = 0;
  for (const t of texts) {
    raw += bytes(t);
    gzip += gz(t);
  }
  return { raw, gzip };
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function timed<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const t = performance.now();
  const value = await fn();
  return [value, performance.now() - t];
}

async function loadCorpus(name: string, root: string): Promise<Corpus> {
  const inputs = await readInputs(root);
  const result = compileSite(inputs, { now: NOW });
  if (!result.model) throw new Error(`${root} did not build`);
  return { name, docs: searchDocuments(result.model), slugs: result.model.articles.map((a) => a.slug), outputs: result.outputs };
}

// ---------------------------------------------------------------------------------------------------- bantin

async function bantinEngine(corpus: Corpus, webDir: string): Promise<Engine> {
  const [built, buildMs] = await timed(() => buildSearchIndex(corpus.docs));
  const files = new Map<string, string>([['meta.json', JSON.stringify(built.meta)]]);
  await rm(webDir, { recursive: true, force: true });
  built.shards.forEach((s, n) => files.set(`${n}.json`, s));
  built.fragments.forEach((f, n) => files.set(`d/${n}.json`, f));
  const list = (): { path: string; contents: string }[] => [...files].map(([p, contents]) => ({ path: p, contents }));
  const warm = new SearchEngine(filesSource(list(), '/meta.json'));
  await mkdir(path.join(webDir, 'd'), { recursive: true });
  for (const [p, contents] of files) await writeFile(path.join(webDir, p), contents);
  return {
    name: 'bantin (own index)',
    files,
    buildMs,
    async firstQueryBytes(query) {
      const read = new Map<string, number>();
      const engine = new SearchEngine(filesSource(list(), '/meta.json', read));
      const result = await engine.search(query);
      await Promise.all(result.hits.slice(0, 10).map((h) => engine.fragment(h.doc)));
      return sizes([...read.keys()].map((p) => files.get(p)!));
    },
    async search(query) {
      return (await warm.search(query)).hits.slice(0, 10).map((h) => h.doc);
    },
    async timeQuery(query) {
      const [, cold] = await timed(async () => new SearchEngine(filesSource(list(), '/meta.json')).search(query));
      const runs: number[] = [];
      for (let i = 0; i < 7; i++) runs.push((await timed(() => warm.search(query)))[1]);
      return { cold, warm: median(runs) };
    },
    web: {
      dir: webDir,
      harness: `
        const engine = new BantinSearch.SearchEngine(BantinSearch.fetchSource('./meta.json'));
        window.runQuery = async (q) => {
          const r = await engine.search(q);
          const shown = await Promise.all(r.hits.slice(0, 10).map((h) => engine.fragment(h.doc)));
          return shown.map((f) => f.url);
        };`,
    },
  };
}

// ------------------------------------------------------------------------------------------------ MiniSearch

const MINI_OPTIONS = {
  fields: ['title', 'tags', 'body'],
  storeFields: ['title', 'url', 'category', 'day'],
  processTerm: (term: string) => foldTones(term),
  searchOptions: { boost: { title: 3, tags: 2 }, combineWith: 'AND' as const },
};

async function miniSearchEngine(corpus: Corpus): Promise<Engine> {
  const records = corpus.docs.map((d, id) => ({ id, title: d.title, tags: d.tags.join(' '), body: `${d.summary ?? ''} ${d.text}`, url: d.url, category: d.category, day: d.day }));
  const [json, buildMs] = await timed(() => {
    const index = new MiniSearch(MINI_OPTIONS);
    index.addAll(records);
    return JSON.stringify(index);
  });
  const warm = MiniSearch.loadJSON(json, MINI_OPTIONS);
  return {
    name: 'MiniSearch 7 (one JSON index)',
    files: new Map([['index.json', json]]),
    buildMs,
    async firstQueryBytes() {
      return sizes([json]);
    },
    async search(query) {
      return warm.search(query).slice(0, 10).map((r) => Number(r.id));
    },
    async timeQuery(query) {
      const [, cold] = await timed(() => MiniSearch.loadJSON(json, MINI_OPTIONS).search(query));
      const runs: number[] = [];
      for (let i = 0; i < 7; i++) runs.push((await timed(() => warm.search(query)))[1]);
      return { cold, warm: median(runs) };
    },
  };
}

// ------------------------------------------------------------------------------------------------ FlexSearch

interface FlexDocument {
  add(doc: Record<string, unknown>): void;
  search(query: string, options?: Record<string, unknown>): { field: string; result: number[] }[];
  export(handler: (key: string, data: string) => void): Promise<void> | void;
  import(key: string, data: string): void;
}

async function flexSearchEngine(corpus: Corpus, evalDir: string): Promise<Engine | undefined> {
  const require = createRequire(path.join(evalDir, 'package.json'));
  let Flex: { Document: new (options: unknown) => FlexDocument; Encoder: new (options: unknown) => unknown };
  try {
    const mod = (await import(pathToFileURL(require.resolve('flexsearch')).href)) as { default?: typeof Flex } & typeof Flex;
    Flex = mod.default ?? mod;
  } catch {
    return undefined;
  }
  const options = () => ({
    document: { id: 'id', index: ['title', 'body'], store: false },
    encoder: new Flex.Encoder({ normalize: (s: string) => foldTones(s) }),
    tokenize: 'strict',
  });
  const make = (): FlexDocument => new Flex.Document(options());
  const [exported, buildMs] = await timed(async () => {
    const index = make();
    corpus.docs.forEach((d, id) => index.add({ id, title: `${d.title} ${d.tags.join(' ')}`, body: `${d.summary ?? ''} ${d.text}` }));
    const out = new Map<string, string>();
    await index.export((key, data) => void out.set(key, data ?? ''));
    return out;
  });
  // Results show title, URL, category and day: FlexSearch keeps them apart from its index, so count them too.
  const stored = JSON.stringify(corpus.docs.map((d) => [d.title, d.url, d.category, d.day]));
  const files = new Map([...exported, ['documents.json', stored]]);
  const load = (): FlexDocument => {
    const index = make();
    for (const [key, data] of exported) index.import(key, data);
    return index;
  };
  const warm = load();
  const run = (index: FlexDocument, query: string): number[] => {
    const seen: number[] = [];
    for (const field of index.search(query, { limit: 10 })) for (const id of field.result) if (!seen.includes(id)) seen.push(id);
    return seen.slice(0, 10);
  };
  return {
    name: 'FlexSearch 0.8 (exported index)',
    files,
    buildMs,
    async firstQueryBytes() {
      return sizes(files.values());
    },
    async search(query) {
      return run(warm, query);
    },
    async timeQuery(query) {
      const [, cold] = await timed(() => run(load(), query));
      const runs: number[] = [];
      for (let i = 0; i < 7; i++) runs.push((await timed(() => run(warm, query)))[1]);
      return { cold, warm: median(runs) };
    },
  };
}

// -------------------------------------------------------------------------------------------------- Pagefind

interface PagefindApi {
  createIndex(config?: Record<string, unknown>): Promise<{ errors: string[]; index?: { addCustomRecord(r: unknown): Promise<{ errors: string[] }>; writeFiles(o: { outputPath: string }): Promise<{ errors: string[] }> } }>;
  close(): Promise<unknown>;
}

async function listFiles(dir: string): Promise<string[]> {
  const { readdir } = await import('node:fs/promises');
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

async function pagefindEngine(corpus: Corpus, evalDir: string, webDir: string): Promise<Engine | undefined> {
  let pagefind: PagefindApi;
  try {
    // The package exports only an "import" condition, which require.resolve cannot see.
    pagefind = (await import(pathToFileURL(path.join(evalDir, 'node_modules/pagefind/lib/index.js')).href)) as PagefindApi;
  } catch {
    return undefined;
  }
  await rm(webDir, { recursive: true, force: true });
  const [, buildMs] = await timed(async () => {
    const { index, errors } = await pagefind.createIndex({ forceLanguage: 'vi' });
    if (!index) throw new Error(`Pagefind: ${errors.join('; ')}`);
    for (const d of corpus.docs) {
      await index.addCustomRecord({ url: d.url, content: `${d.title}. ${d.tags.join(', ')}. ${d.summary ?? ''} ${d.text}`, language: 'vi', meta: { title: d.title } });
    }
    await index.writeFiles({ outputPath: path.join(webDir, 'pagefind') });
  });
  await pagefind.close();
  // The index and the search script; Pagefind's optional UI files are left out of the count.
  const files = new Map<string, Buffer>();
  for (const rel of await listFiles(webDir)) if (!/pagefind-(ui|modular-ui|component-ui|highlight)\./.test(rel)) files.set(rel, await readFile(path.join(webDir, rel)));
  return {
    name: 'Pagefind 1.6 (WebAssembly, sharded)',
    files,
    buildMs,
    firstQueryBytes: async () => ({ raw: Number.NaN, gzip: Number.NaN }),
    search: async () => [],
    timeQuery: async () => ({ cold: Number.NaN, warm: Number.NaN }),
    web: {
      dir: webDir,
      harness: `
        let pagefind;
        window.runQuery = async (q) => {
          pagefind ??= await import('./pagefind/pagefind.js');
          const r = await pagefind.search(q);
          const shown = await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
          return shown.map((d) => d.url);
        };`,
    },
  };
}

// --------------------------------------------------------------------------------------------------- browser

async function serveDir(dir: string): Promise<{ origin: string; close: () => Promise<void> }> {
  const types: Record<string, string> = { '.js': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm', '.html': 'text/html; charset=utf-8', '.css': 'text/css' };
  const server = http.createServer((req, res) => {
    void (async () => {
      let file = path.join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
      try {
        if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
        res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(await readFile(file));
      } catch {
        res.writeHead(404).end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

/** For each query, in a fresh page: the time to results and what was downloaded; then a warm repeat. */
async function browserRuns(engine: Engine, queries: string[]): Promise<Map<string, { urls: string[]; cold: number; warm: number; raw: number; gzip: number }>> {
  const { chromium } = await import('playwright-core');
  const web = engine.web!;
  const bundle = await esbuild({
    stdin: { contents: `export { SearchEngine } from './src/search/engine.ts'; export { fetchSource } from './src/search/sources.ts';`, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    format: 'iife',
    globalName: 'BantinSearch',
    write: false,
    minify: true,
  });
  await writeFile(path.join(web.dir, 'bantin.js'), bundle.outputFiles[0]!.text);
  await writeFile(path.join(web.dir, 'index.html'), `<!doctype html><meta charset="utf-8"><script src="bantin.js"></script><script type="module">${web.harness}</script>`);
  const server = await serveDir(web.dir);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'] });
  const out = new Map<string, { urls: string[]; cold: number; warm: number; raw: number; gzip: number }>();
  try {
    for (const query of queries) {
      const page = await browser.newPage();
      const fetched: string[] = [];
      page.on('requestfinished', (req) => {
        const url = new URL(req.url());
        if (!url.pathname.endsWith('/index.html') && url.pathname !== '/' && !url.pathname.endsWith('/bantin.js')) fetched.push(url.pathname);
      });
      await page.goto(`${server.origin}/`);
      await page.waitForFunction(() => typeof (window as unknown as { runQuery?: unknown }).runQuery === 'function');
      const cold = await page.evaluate(async (q) => {
        const t = performance.now();
        const urls = (await (window as unknown as { runQuery: (q: string) => Promise<string[]> }).runQuery(q)) as string[];
        return { urls, ms: performance.now() - t };
      }, query);
      const warmRuns: number[] = [];
      for (let i = 0; i < 5; i++) {
        warmRuns.push(
          await page.evaluate(async (q) => {
            const t = performance.now();
            await (window as unknown as { runQuery: (q: string) => Promise<string[]> }).runQuery(q);
            return performance.now() - t;
          }, query),
        );
      }
      const texts = await Promise.all([...new Set(fetched)].map((p) => readFile(path.join(web.dir, decodeURIComponent(p)))));
      out.set(query, {
        urls: cold.urls,
        cold: cold.ms,
        warm: median(warmRuns),
        raw: texts.reduce((n, b) => n + b.length, 0),
        gzip: texts.reduce((n, b) => n + gzipSync(b).length, 0),
      });
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return out;
}

/** On the built site's own search page: milliseconds from the last keystroke to the results, per query. */
async function typingTimes(corpus: Corpus, dir: string): Promise<Map<string, { first: number; again: number }>> {
  const { chromium } = await import('playwright-core');
  await rm(dir, { recursive: true, force: true });
  for (const f of corpus.outputs) {
    await mkdir(path.dirname(path.join(dir, f.path)), { recursive: true });
    await writeFile(path.join(dir, f.path), f.contents);
  }
  const server = await serveDir(dir);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'] });
  const out = new Map<string, { first: number; again: number }>();
  const measure = async (page: import('playwright-core').Page, query: string): Promise<number> => {
    await page.fill('#tu-khoa', '');
    await page.evaluate(() => {
      const w = window as unknown as { lastInput: number; doneAt: number };
      w.lastInput = 0;
      w.doneAt = 0;
    });
    await page.type('#tu-khoa', query);
    await page.waitForFunction((q) => {
      const root = document.querySelector<HTMLElement>('[data-search-index]')!;
      return root.dataset['state'] === 'done' && root.dataset['query'] === q && (window as unknown as { doneAt: number }).doneAt > 0;
    }, query);
    return page.evaluate(() => {
      const w = window as unknown as { lastInput: number; doneAt: number };
      return w.doneAt - w.lastInput;
    });
  };
  try {
    for (const { query } of QUALITY_QUERIES) {
      const page = await browser.newPage();
      await page.goto(`${server.origin}/tim-kiem/`);
      await page.evaluate(() => {
        const w = window as unknown as { lastInput: number; doneAt: number };
        const root = document.querySelector<HTMLElement>('[data-search-index]')!;
        document.querySelector('#tu-khoa')!.addEventListener('input', () => void (w.lastInput = performance.now()), true);
        new MutationObserver(() => {
          if (root.dataset['state'] === 'done') w.doneAt = performance.now();
        }).observe(root, { attributes: true, attributeFilter: ['data-state'] });
      });
      const first = await measure(page, query);
      const again = await measure(page, query);
      out.set(query, { first, again });
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return out;
}

// ----------------------------------------------------------------------------------------------------- report

const kb = (n: number): string => (Number.isNaN(n) ? '–' : n < 10_000 ? `${(n / 1024).toFixed(1)} KB` : n < 1_048_576 ? `${Math.round(n / 1024)} KB` : `${(n / 1_048_576).toFixed(1)} MB`);
const ms = (n: number): string => (Number.isNaN(n) ? '–' : n < 10 ? `${n.toFixed(2)} ms` : `${Math.round(n)} ms`);

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { count: { type: 'string', default: '10000' }, 'eval-dir': { type: 'string' }, out: { type: 'string', default: '.cache/search-compare' } } });
  const count = Number(values.count);
  const out = path.resolve(ROOT, values.out);
  const evalDir = values['eval-dir'] ? path.resolve(values['eval-dir']) : undefined;
  const browser = existsSync(CHROMIUM);
  const lines: string[] = [];
  const say = (line = ''): void => {
    lines.push(line);
    process.stdout.write(`${line}\n`);
  };
  if (!evalDir) say('(FlexSearch and Pagefind left out: pass --eval-dir DIR after `npm install --prefix DIR flexsearch pagefind`.)');
  if (!browser) say(`(Browser measurements left out: no ${CHROMIUM}; apt-get install -y chromium.)`);

  const sample = await loadCorpus('sample site', ROOT);

  const enginesFor = async (corpus: Corpus, tag: string): Promise<Engine[]> => {
    const engines: Engine[] = [await bantinEngine(corpus, path.join(out, tag, 'bantin')), await miniSearchEngine(corpus)];
    if (evalDir) {
      const flex = await flexSearchEngine(corpus, evalDir);
      if (flex) engines.push(flex);
      const pf = await pagefindEngine(corpus, evalDir, path.join(out, tag, 'pagefind'));
      if (pf) engines.push(pf);
    }
    return engines;
  };

  // Quality and diacritics on the sample site.
  const sampleEngines = await enginesFor(sample, 'sample');
  const urlToDoc = new Map(sample.docs.map((d, i) => [d.url, i]));
  const answers = new Map<string, (q: string) => Promise<number[]>>();
  for (const engine of sampleEngines) {
    if (engine.web && engine.name.startsWith('Pagefind')) {
      if (!browser) continue;
      const diacriticQueries = ['công tác đảng', 'cong tac dang', 'Cong Tac Dang', 'bàn', 'ban', '23/9/2020', '23/09/2020'];
      const runs = await browserRuns(engine, [...QUALITY_QUERIES.map((q) => q.query), ...diacriticQueries]);
      answers.set(engine.name, async (q) => (runs.get(q)?.urls ?? []).map((u) => urlToDoc.get(u) ?? -1));
    } else {
      answers.set(engine.name, (q) => engine.search(q));
    }
  }
  say(`\n### Result quality on ten realistic queries (${sample.name}, ${sample.docs.length} articles)\n`);
  say('P@1: the first result is one the reader wants; R@5: share of the wanted articles among the first five.\n');
  const names = [...answers.keys()];
  say(`| query | wanted | ${names.join(' | ')} |`);
  say(`|---|---|${names.map(() => '---').join('|')}|`);
  const totals = new Map(names.map((n) => [n, { p1: 0, r5: 0 }]));
  for (const { query, relevant } of QUALITY_QUERIES) {
    const cells: string[] = [];
    for (const name of names) {
      const top = (await answers.get(name)!(query)).map((d) => sample.slugs[d] ?? '?');
      const p1 = relevant.includes(top[0] ?? '') ? 1 : 0;
      const r5 = top.slice(0, 5).filter((s) => relevant.includes(s)).length / Math.min(5, relevant.length);
      totals.get(name)!.p1 += p1;
      totals.get(name)!.r5 += r5;
      cells.push(`${p1 ? '✔' : '✘'} ${Math.round(r5 * 100)}%`);
    }
    say(`| \`${query}\` | ${relevant.length} | ${cells.join(' | ')} |`);
  }
  say(`| **total** (P@1, mean R@5) | | ${names.map((n) => `**${totals.get(n)!.p1}/10, ${Math.round(totals.get(n)!.r5 * 10)}%**`).join(' | ')} |`);

  say(`\n### Diacritics (${sample.name})\n`);
  say(`| check | ${names.join(' | ')} |`);
  say(`|---|${names.map(() => '---').join('|')}|`);
  const textOf = (d: number): string => `${sample.docs[d]?.title ?? ''} ${sample.docs[d]?.text ?? ''}`.toLowerCase();
  const checks: [string, (run: (q: string) => Promise<number[]>) => Promise<boolean>][] = [
    ['"cong tac dang" = "công tác đảng" = "Cong Tac Dang" (same top 10)', async (run) => {
      const [a = [], b = [], c = []] = await Promise.all(['công tác đảng', 'cong tac dang', 'Cong Tac Dang'].map(run));
      const key = (x: number[]): string => [...x].sort().join();
      return a.length > 0 && key(a) === key(b) && key(b) === key(c);
    }],
    ['"bàn": the first 3 contain "bàn" itself', async (run) => {
      const top = (await run('bàn')).slice(0, 3);
      return top.length === 3 && top.every((d) => /(^|[^\p{L}])bàn([^\p{L}]|$)/u.test(textOf(d)));
    }],
    ['"bàn" and "ban" rank differently', async (run) => (await run('bàn')).join() !== (await run('ban')).join()],
    ['"23/9/2020" = "23/09/2020" (same top 10, not empty)', async (run) => {
      const [a = [], b = []] = await Promise.all([run('23/9/2020'), run('23/09/2020')]);
      return a.length > 0 && [...a].sort().join() === [...b].sort().join();
    }],
    ['"06-TT/QU": all 3 articles first', async (run) => {
      const top = (await run('06-TT/QU')).slice(0, 3);
      return top.length === 3 && top.every((d) => textOf(d).includes('06-tt/qu'));
    }],
  ];
  for (const [label, check] of checks) {
    const cells = await Promise.all(names.map(async (n) => ((await check(answers.get(n)!)) ? '✔' : '✘')));
    say(`| ${label} | ${cells.join(' | ')} |`);
  }

  if (browser) {
    say(`\n### Typing on the real search page (${sample.name}, Chromium)\n`);
    say('From the last keystroke to the results on screen, including the 30 ms pause the page waits for typing to stop.\n');
    const times = await typingTimes(sample, path.join(out, 'sample-site'));
    say('| query | first search of the page (fetches the index) | typed again |');
    say('|---|---|---|');
    for (const [query, t] of times) say(`| \`${query}\` | ${ms(t.first)} | ${ms(t.again)} |`);
  }

  // Size and time on the generated corpus (--count 0 leaves it out).
  if (count === 0) {
    await writeFile(path.join(out, 'results.md'), `${lines.join('\n')}\n`);
    return;
  }
  const corpusDir = path.join(out, `corpus-${count}`);
  // The benchmark's seeded generator, loaded by URL so that this script type-checks without it.
  const generator = (await import(new URL('./generate-corpus.ts', import.meta.url).href)) as { writeCorpus(dir: string, count: number): Promise<unknown> };
  await generator.writeCorpus(corpusDir, count);
  const generated = await loadCorpus(`generated ${count}`, corpusDir);
  const bigEngines = await enginesFor(generated, 'generated');
  say(`\n### Size and speed (${generated.name} articles)\n`);
  say(`Queries: ${LOAD_QUERIES.map((q) => `\`${q}\``).join(', ')}. Download sizes as raw / gzip; the first query's download includes what its first 10 results show. Node times are median over the queries.\n`);
  say('| engine | build | index files | index size | first query downloads (max) | Node: first query (from files) | Node: warm query | Chromium: first query | Chromium: warm query |');
  say('|---|---|---|---|---|---|---|---|---|');
  for (const engine of bigEngines) {
    const total = sizes(engine.files.values());
    let first = { raw: 0, gzip: 0 };
    const cold: number[] = [];
    const warm: number[] = [];
    for (const q of LOAD_QUERIES) {
      const b = await engine.firstQueryBytes(q);
      if (b.raw > first.raw || Number.isNaN(b.raw)) first = b;
      const t = await engine.timeQuery(q);
      cold.push(t.cold);
      warm.push(t.warm);
    }
    let browserCold = Number.NaN;
    let browserWarm = Number.NaN;
    if (engine.web && browser) {
      const runs = await browserRuns(engine, LOAD_QUERIES);
      browserCold = median([...runs.values()].map((r) => r.cold));
      browserWarm = median([...runs.values()].map((r) => r.warm));
      const maxRun = [...runs.values()].reduce((m, r) => (r.raw > m.raw ? r : m));
      if (Number.isNaN(first.raw)) first = { raw: maxRun.raw, gzip: maxRun.gzip };
    }
    say(
      `| ${engine.name} | ${ms(engine.buildMs)} | ${engine.files.size.toLocaleString('en')} | ${kb(total.raw)} / ${kb(total.gzip)} | ${kb(first.raw)} / ${kb(first.gzip)} | ${ms(median(cold))} | ${ms(median(warm))} | ${ms(browserCold)} | ${ms(browserWarm)} |`,
    );
  }
  await writeFile(path.join(out, 'results.md'), `${lines.join('\n')}\n`);
  say(`\nWritten to ${path.relative(ROOT, path.join(out, 'results.md'))}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await main();
