/**
 * Benchmark of the view counter: increments per second and latency percentiles per store, on this machine
 * only (in-process calls and loopback HTTP; nothing leaves 127.0.0.1). Bounded: each row stops after
 * `--requests` increments or `--seconds` seconds, whichever comes first.
 *
 *   npm run bench:counter -- [--requests 5000] [--concurrency 32] [--seconds 10] [--json]
 *
 * Rows: the handler called in-process on the memory, SQLite (a real file) and Redis (a redis-server of its
 * own on a free loopback port, when installed) stores; the Worker bundle inside workerd with D1 (Miniflare);
 * and `bantin serve`'s Node server with SQLite over loopback HTTP. Every increment is a distinct visitor,
 * so each one writes.
 */
import { Miniflare, Response as MiniflareResponse } from 'miniflare';
import { spawnSync } from 'node:child_process';
import { cpus, tmpdir } from 'node:os';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createCounterHandler, type CounterHandler } from '../src/edge/handler.ts';
import type { SiteManifest } from '../src/edge/manifest.ts';
import type { CounterStore } from '../src/edge/store.ts';
import { memoryStore } from '../src/edge/stores/memory.ts';
import { redisStore } from '../src/edge/stores/redis.ts';
import { sqliteStore } from '../src/edge/stores/sqlite.ts';
import { createSiteServer } from '../src/serve/server.ts';
import { COMPATIBILITY_DATE, bundleWorker } from '../test/helpers/d1-store.ts';
import { startRedis } from '../test/helpers/redis-server.ts';

const { values: flags } = parseArgs({
  options: {
    requests: { type: 'string', default: '5000' },
    concurrency: { type: 'string', default: '32' },
    seconds: { type: 'string', default: '10' },
    json: { type: 'boolean', default: false },
  },
});
const REQUESTS = Number(flags.requests);
const CONCURRENCY = Number(flags.concurrency);
const SECONDS = Number(flags.seconds);

const ID = 'tin-tuc/bai-do-kiem';
const MANIFEST: SiteManifest = { version: 1, origin: 'https://example.gov.vn', articles: { [ID]: { path: `/${ID}/`, views: 0 } } };
const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0';

/** One benchmark row. */
interface Row {
  store: string;
  how: string;
  increments: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  /** The stored count at the end, which must equal `increments`. */
  counted: number;
}

/** Runs `once(n)` with `CONCURRENCY` workers until `REQUESTS` are done or `SECONDS` have passed. */
async function load(once: (n: number) => Promise<boolean>): Promise<{ latencies: number[]; seconds: number; failed: number }> {
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  const start = performance.now();
  const deadline = start + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS && performance.now() < deadline) {
        const n = next++;
        const t = performance.now();
        if (await once(n)) latencies.push(performance.now() - t);
        else failed++;
      }
    }),
  );
  return { latencies, seconds: (performance.now() - start) / 1000, failed };
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function row(store: string, how: string, result: Awaited<ReturnType<typeof load>>, counted: number): Row {
  if (result.failed > 0) throw new Error(`${store} (${how}): ${result.failed} increments failed`);
  const sorted = [...result.latencies].sort((a, b) => a - b);
  return {
    store,
    how,
    increments: sorted.length,
    seconds: result.seconds,
    perSecond: sorted.length / result.seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    counted,
  };
}

/** The handler called in-process on `store`; each increment from its own IP address. */
async function inProcess(store: CounterStore): Promise<Row> {
  const handler: CounterHandler = createCounterHandler({ store, manifest: async () => MANIFEST });
  const result = await load(async (n) => {
    const response = await handler(new Request(`https://example.gov.vn/api/views/${ID}`, { method: 'POST', headers: { 'user-agent': UA } }), {
      ip: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
    });
    await response.arrayBuffer();
    return response.status === 200;
  });
  const counted = (await store.views([ID]))[ID] ?? 0;
  await store.close();
  return row(store.kind, 'handler in-process', result, counted);
}

/** The Worker bundle in workerd with D1, called through Miniflare's dispatchFetch. */
async function worker(): Promise<Row> {
  const mf = new Miniflare({
    modules: true,
    script: await bundleWorker(fileURLToPath(new URL('../src/edge/worker.ts', import.meta.url))),
    compatibilityDate: COMPATIBILITY_DATE,
    cf: false,
    d1Databases: ['DB'],
    serviceBindings: { ASSETS: async () => new MiniflareResponse(JSON.stringify(MANIFEST), { headers: { 'content-type': 'application/json' } }) },
  });
  try {
    const result = await load(async (n) => {
      const response = await mf.dispatchFetch(`https://example.gov.vn/api/views/${ID}`, {
        method: 'POST',
        headers: { 'user-agent': UA, 'cf-connecting-ip': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` },
      });
      await response.arrayBuffer();
      return response.status === 200;
    });
    const counts = (await (await mf.dispatchFetch(`https://example.gov.vn/api/views?ids=${ID}`, { headers: { 'user-agent': UA } })).json()) as {
      views: Record<string, number>;
    };
    return row('d1', 'Worker in workerd (Miniflare)', result, counts.views[ID] ?? 0);
  } finally {
    await mf.dispose();
  }
}

/** `bantin serve`'s Node server with SQLite, over loopback HTTP with keep-alive; one User-Agent per visitor. */
async function overHttp(file: string): Promise<Row> {
  const store = sqliteStore(file);
  const site = createSiteServer({ outDir: tmpdir(), counter: { path: '/api', handler: createCounterHandler({ store, manifest: async () => MANIFEST }) } });
  const url = await site.listen(0);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  try {
    const result = await load(
      (n) =>
        new Promise<boolean>((done) => {
          const req = request({ host: '127.0.0.1', port: Number(url.port), path: `/api/views/${ID}`, method: 'POST', agent, headers: { 'user-agent': `${UA} v/${n}` } }, (res) => {
            res.resume();
            res.on('end', () => done(res.statusCode === 200));
          });
          req.on('error', () => done(false));
          req.end();
        }),
    );
    return row('sqlite', 'bantin serve, HTTP over loopback', result, (await store.views([ID]))[ID] ?? 0);
  } finally {
    agent.destroy();
    await site.close();
    await store.close();
  }
}

const dir = await mkdtemp(join(tmpdir(), 'bantin-bench-'));
const rows: Row[] = [];
try {
  // Warm-up, not reported: the JIT compiles the handler and the hashing before the first row is timed.
  await inProcess(memoryStore());
  rows.push(await inProcess(memoryStore()));
  rows.push(await inProcess(sqliteStore(join(dir, 'a', 'counter.sqlite'))));
  if (spawnSync('sh', ['-c', 'command -v redis-server']).status === 0) {
    const server = await startRedis();
    try {
      rows.push(await inProcess(redisStore(server.url)));
    } finally {
      await server.stop();
    }
  } else {
    console.warn('redis: skipped (apt-get install -y redis-server)');
  }
  rows.push(await worker());
  rows.push(await overHttp(join(dir, 'b', 'counter.sqlite')));
} finally {
  await rm(dir, { recursive: true, force: true });
}

for (const r of rows) if (r.counted !== r.increments) throw new Error(`${r.store} (${r.how}): ${r.increments} acknowledged, ${r.counted} counted`);

if (flags.json) {
  console.log(JSON.stringify({ cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version, concurrency: CONCURRENCY, rows }, null, 2));
} else {
  console.log(`View counter benchmark: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ${CONCURRENCY} in flight, ≤ ${REQUESTS} increments or ${SECONDS} s per row`);
  console.log('| store | how | increments | increments/s | p50 ms | p95 ms | p99 ms |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    console.log(`| ${r.store} | ${r.how} | ${r.increments} | ${Math.round(r.perSecond)} | ${r.p50.toFixed(2)} | ${r.p95.toFixed(2)} | ${r.p99.toFixed(2)} |`);
  }
}
