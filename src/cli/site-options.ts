/** Options shared by the commands that read a site (`build`, `check`, `dev`), and how their results are reported. */
import path from 'node:path';
import type { BuildResult } from '../build.ts';
import { countMessages, formatMessages } from '../report/format.ts';
import { UsageError } from './main.ts';
import { createProgress, painter, plural, useColor, type BuildProgress, type Verbosity } from './progress.ts';

/** The raw flags cac gives for a site command. */
export interface SiteFlags {
  root?: string;
  out?: string;
  baseUrl?: string;
  drafts?: boolean;
  future?: boolean;
}

/** Validates the common flags into build options. */
export function siteOptions(flags: SiteFlags): { root: string; out?: string; baseUrl?: string; drafts: boolean; future: boolean } {
  for (const key of ['root', 'out', 'baseUrl'] as const) {
    const value = flags[key];
    if (value !== undefined && (typeof value !== 'string' || value === '')) {
      throw new UsageError(`--${key === 'baseUrl' ? 'base-url' : key} needs a value`);
    }
  }
  return {
    root: path.resolve(flags.root ?? '.'),
    ...(flags.out ? { out: path.resolve(flags.out) } : {}),
    ...(flags.baseUrl ? { baseUrl: flags.baseUrl } : {}),
    drafts: flags.drafts === true,
    future: flags.future === true,
  };
}

export { useColor } from './progress.ts';

/**
 * Runs a build with a progress display on stderr (a terminal only, after a second; see `createProgress`),
 * removed before the result is reported. The task passes `onProgress` on to `build()` for the counts.
 */
export async function withProgress<T>(label: string, verbosity: Verbosity, task: (onProgress: (step: BuildProgress) => void) => Promise<T>): Promise<T> {
  const progress = createProgress({ label, verbosity });
  try {
    return await task((step) => progress.update(step));
  } finally {
    progress.finish();
  }
}

/**
 * Prints the messages and a summary line (with `verbose`, what was published first); returns the exit code
 * (1 when there were errors). The ✔/✖ marks are coloured on a terminal unless NO_COLOR is set.
 */
export function reportResult(result: BuildResult, options: { quiet: boolean; verbose?: boolean; started: number; verb: string }): number {
  const text = formatMessages(result.files, { color: useColor(process.stderr) });
  if (text) process.stderr.write(text);
  const { errors, warnings } = countMessages(result.files);
  const seconds = ((performance.now() - options.started) / 1000).toFixed(2);
  if (!result.ok) {
    process.stderr.write(`${painter(useColor(process.stderr)).red('✖')} ${plural(errors, 'error')}${warnings ? `, ${plural(warnings, 'warning')}` : ''}; nothing was written.\n`);
    return 1;
  }
  if (!options.quiet) {
    const pages = result.outputs.filter((f) => f.path.endsWith('.html')).length;
    if (options.verbose && result.model) {
      const { articles, categories, redirects } = result.model;
      const images = result.images ? `; images: ${result.images.processed} processed, ${result.images.reused} from the cache` : '';
      process.stdout.write(`  ${plural(articles.length, 'article')} in ${plural(categories.length, 'category', 'categories')}, ${plural(redirects.length, 'redirect')}${images}\n`);
    }
    const where = result.written ? ` into ${path.relative(process.cwd(), result.out) || '.'}` : '';
    const changed = result.written ? ` (${result.written.written} written, ${result.written.unchanged} unchanged)` : '';
    process.stdout.write(`${painter(useColor(process.stdout)).green('✔')} ${options.verb} ${pages} pages, ${result.outputs.length} files${where}${changed} in ${seconds} s${warnings ? `, ${plural(warnings, 'warning')}` : ''}.\n`);
  }
  return 0;
}
