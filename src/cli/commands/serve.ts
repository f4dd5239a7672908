/**
 * `bantin serve`: serves the built site and the view counter from one Node server, for wards that host on
 * their own machine. Runs until SIGINT or SIGTERM, then resolves to exit code 0.
 */
import type { CAC } from 'cac';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createNodeCounter, openStore, readManifest, resolveMounts } from '../../serve/counter.ts';
import { createSiteServer } from '../../serve/server.ts';
import { UsageError } from '../main.ts';
import type { Command } from './index.ts';
import { untilStopped } from '../signals.ts';

/** Options of `bantin serve`, as cac parses them. */
interface ServeFlags {
  root: string;
  out?: string;
  port: number | string;
  host: string;
  data?: string;
  base?: string;
  api?: string;
  redis?: string;
  trustProxy?: boolean;
}

/** The `serve` command. */
export const serveCommand: Command = {
  register(cli: CAC) {
    cli
      .command('serve', 'Serve the built site and the view counter (SQLite in the data folder)')
      .option('--root <dir>', 'Site folder', { default: '.' })
      .option('--out <dir>', 'Built output folder to serve (default: <root>/dist)')
      .option('--port <n>', 'Port to listen on (0 picks a free one)', { default: 8080 })
      .option('--host <host>', 'Address to listen on', { default: '127.0.0.1' })
      .option('--data <dir>', 'Folder of the counter database (default: <root>/.data)')
      .option('--base <path>', 'Path the site is served under (default: as the manifest\'s article URLs show, else /)')
      .option('--api <path>', "Path of the counter API (default: the manifest's endpoint, else <base>api)")
      .option('--redis <url>', 'Keep the counts in Redis instead of SQLite (several instances)')
      .option('--trust-proxy', 'Take the client address from X-Forwarded-For (behind a reverse proxy)')
      .example('bantin serve --port 8080')
      .action((flags: ServeFlags) => serve(flags));
  },
};

async function serve(flags: ServeFlags): Promise<number> {
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port must be a number from 0 to 65535, not "${flags.port}"`);
  const root = resolve(String(flags.root));
  const outDir = resolve(root, flags.out ?? 'dist');
  if (!(await stat(outDir).catch(() => undefined))?.isDirectory()) {
    throw new UsageError(`there is no built site in ${outDir}; run \`bantin build\` first or give --out`);
  }
  const manifest = await readManifest(outDir);
  const mounts = resolveMounts(manifest, {
    ...(flags.base !== undefined ? { basePath: String(flags.base) } : {}),
    ...(flags.api !== undefined ? { apiPath: String(flags.api) } : {}),
  });
  const { store, description } = await openStore({
    dataDir: resolve(root, flags.data ?? '.data'),
    ...(flags.redis ? { redis: String(flags.redis) } : {}),
  });
  const site = createSiteServer({
    outDir,
    basePath: mounts.basePath,
    counter: { path: mounts.apiPath, handler: createNodeCounter({ outDir, store, path: mounts.apiPath }) },
    trustProxy: flags.trustProxy === true,
  });
  let url: URL;
  try {
    url = await site.listen(port, String(flags.host));
  } catch (error) {
    await store.close();
    throw new UsageError(`cannot listen on ${flags.host}:${port}: ${(error as Error).message}`);
  }
  // One write, so a reader of the first line also has the second.
  process.stdout.write(
    `bantin serve: ${url.href}\n` +
      (manifest
        ? `  counter at ${mounts.apiPath} (${Object.keys(manifest.articles).length} articles), counts in ${description}\n`
        : `  counter at ${mounts.apiPath} answers 503 until the site is built with the counter on (no _bantin/manifest.json)\n`),
  );

  await untilStopped();
  await site.close();
  await store.close();
  return 0;
}
