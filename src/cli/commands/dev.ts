/**
 * `bantin dev`: builds the site into memory, serves it on 127.0.0.1 with the view counter, rebuilds on every
 * change and reloads open pages. Runs until SIGINT or SIGTERM, then resolves to exit code 0. Content errors
 * never stop it: they are printed here and shown in the browser until fixed.
 */
import type { CAC } from 'cac';
import path from 'node:path';
import { countMessages, formatMessages } from '../../report/format.ts';
import { createDevCounter, counterMount } from '../../dev/dev-counter.ts';
import { DEFAULT_DEV_PORT, startDevServer, type DevServer } from '../../dev/dev-server.ts';
import type { DevBuild } from '../../dev/dev-site.ts';
import { UsageError } from '../main.ts';
import { formatDuration, painter, plural, useColor, verbosityOf, type Verbosity } from '../progress.ts';
import { siteOptions, withProgress, type SiteFlags } from '../site-options.ts';
import type { Command } from './index.ts';
import { untilStopped } from '../signals.ts';

interface DevFlags extends SiteFlags {
  port?: unknown;
  host?: unknown;
  counter?: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

/** The `dev` command. */
export const devCommand: Command = {
  register(cli: CAC) {
    cli
      .command('dev', 'Preview the site: serve it, rebuild on every change and reload the browser')
      .option('--root <dir>', 'Site folder holding content/ and site.config.yaml', { default: '.' })
      .option('--port <n>', `Port to try first; the next free one is taken if it is busy (default ${DEFAULT_DEV_PORT})`)
      .option('--host <host>', 'Address to listen on (default 127.0.0.1, this computer only)')
      .option('--base-url <url>', 'Override baseUrl from site.config.yaml')
      .option('--no-drafts', 'Hide articles marked draft: true (shown by default, so new articles can be previewed)')
      .option('--future', 'Show articles dated in the future')
      .option('--no-counter', 'Do not run the view counter')
      .option('--quiet', 'Print only errors')
      .option('--verbose', 'Print what each rebuild did and how long it took')
      .example('bantin dev --root ../phuong-cu-khoi')
      .action((flags: DevFlags) => dev(flags));
  },
};

/** One line per rebuild (more with --verbose), and every message of a failed build. */
function describeBuild(build: DevBuild, verbosity: Verbosity): void {
  const paint = painter(useColor(process.stderr));
  const what = build.cause === 'initial' ? 'built' : 'rebuilt';
  if (build.crash !== undefined) {
    process.stderr.write(`${paint.red('✖')} bantin failed inside (a bug; the browser shows the details):\n${build.crash instanceof Error ? (build.crash.stack ?? build.crash.message) : String(build.crash)}\n`);
    return;
  }
  const messages = formatMessages(build.files, { color: useColor(process.stderr) });
  const { errors, warnings } = countMessages(build.files);
  if (!build.ok) {
    process.stderr.write(`${messages}${paint.red('✖')} ${plural(errors, 'error')}: the browser shows them until the files are fixed.\n`);
    return;
  }
  if (warnings && !verbosity.quiet) process.stderr.write(messages);
  if (verbosity.quiet) return;
  const changed = build.changed.length ? ` (${build.changed.slice(0, 3).join(', ')}${build.changed.length > 3 ? ', …' : ''})` : '';
  const detail = verbosity.verbose
    ? `${what} ${plural(build.rendered, 'article')} in ${formatDuration(build.ms)}: ${plural(build.articles, 'article')} published, ${plural(build.outputs.size, 'file')} (the search index when first searched)${build.cause === 'initial' || build.cause === 'content' ? '' : `, after a ${build.cause} change`}`
    : `${what} in ${formatDuration(build.ms)}`;
  process.stdout.write(`${paint.green('✔')} ${detail}${changed}${warnings ? `, ${plural(warnings, 'warning')}` : ''}\n`);
}

async function dev(flags: DevFlags): Promise<number> {
  const verbosity = verbosityOf(flags);
  const site = siteOptions({ ...flags, drafts: false });
  const port = flags.port === undefined ? DEFAULT_DEV_PORT : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port must be a number from 0 to 65535, not "${String(flags.port)}"`);
  if (flags.host !== undefined && (typeof flags.host !== 'string' || flags.host === '')) throw new UsageError('--host needs an address, e.g. 127.0.0.1');
  const host = (flags.host as string | undefined) ?? '127.0.0.1';
  const counter = flags.counter === false ? undefined : createDevCounter({ root: site.root });

  let server: DevServer;
  try {
    server = await withProgress('Building', verbosity, () => startDevServer({
      root: site.root,
      baseUrl: site.baseUrl,
      drafts: flags.drafts !== false,
      future: site.future,
      port,
      host,
      routes: counter ? [counter.route] : [],
      onBuild: (build) => describeBuild(build, verbosity),
      onWatchError: (error) => process.stderr.write(`bantin dev: watching failed: ${String(error)}\n`),
    }));
  } catch (error) {
    await counter?.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EADDRNOTAVAIL' || code === 'EACCES') throw new UsageError(`cannot listen on ${host}:${port}: ${(error as Error).message}`);
    throw error;
  }

  if (!verbosity.quiet) {
    const config = server.current.config;
    const mount = config && counter ? counterMount(config) : undefined;
    const lines = [
      `bantin dev: ${server.url}${server.port !== port && port !== 0 ? ` (port ${port} was busy)` : ''}`,
      `  watching ${path.relative(process.cwd(), site.root) || '.'}: content/, templates/, static/, site.config.yaml; drafts ${flags.drafts !== false ? 'shown' : 'hidden'}${site.future ? ', future articles shown' : ''}`,
      !counter
        ? '  view counter off'
        : mount
          ? `  view counter at ${server.origin}${mount}, counts in ${path.relative(process.cwd(), counter.file)}`
          : '  view counter not mounted: the config turns it off or points it at another host',
      '  press Ctrl+C to stop',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }

  await untilStopped();
  await server.close();
  await counter?.close();
  return 0;
}
