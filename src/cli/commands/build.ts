/** `bantin build`: builds the site into the output folder; exit 1 with every message on content errors. */
import type { CAC } from 'cac';
import { build } from '../../build.ts';
import type { Command } from './index.ts';
import { reportResult, siteOptions, withProgress, type SiteFlags } from '../site-options.ts';
import { verbosityOf } from '../progress.ts';
import { UsageError } from '../main.ts';

/** Validates `--workers`: absent, or a whole number from 0 to 64. */
export function workersOption(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < 0 || n > 64) throw new UsageError(`--workers needs a whole number from 0 to 64, got ${String(value)}`);
  return n;
}

/** The `build` command. */
export const buildCommand: Command = {
  register(cli: CAC) {
    cli
      .command('build', 'Build the site into the output folder')
      .option('--root <dir>', 'Site folder holding content/ and site.config.yaml', { default: '.' })
      .option('--out <dir>', 'Output folder (default: <root>/dist)')
      .option('--base-url <url>', 'Override baseUrl from site.config.yaml')
      .option('--drafts', 'Include articles marked draft: true')
      .option('--future', 'Include articles dated in the future')
      .option('--precompress', 'Also write .gz and .br copies of text files (for nginx gzip_static, GitLab Pages)')
      .option('--no-cache', 'Ignore the article cache in <root>/.cache/bantin/ and write none (a cold build)')
      .option('--workers <n>', 'Worker threads rendering Markdown; 0 renders in the main thread (default: one per CPU)')
      .option('--quiet', 'Print only errors')
      .option('--verbose', 'Also print what was published')
      .action(async (flags: SiteFlags & { quiet?: boolean; verbose?: boolean; precompress?: boolean; cache?: boolean; workers?: unknown }) => {
        const started = performance.now();
        const verbosity = verbosityOf(flags);
        const options = { ...siteOptions(flags), now: new Date(), precompress: flags.precompress === true, cache: flags.cache !== false, workers: workersOption(flags.workers) };
        const result = await withProgress('Building', verbosity, (onProgress) => build({ ...options, onProgress }));
        return reportResult(result, { ...verbosity, started, verb: 'Built' });
      });
  },
};
