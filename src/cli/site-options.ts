/** Options shared by the commands that read a site (`build`, `check`, `dev`), and how their results are reported. */
import path from 'node:path';
import type { BuildResult } from '../build.ts';
import { countMessages, formatMessages } from '../report/format.ts';
import { UsageError } from './main.ts';

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

/** Whether to colour output: a terminal, and NO_COLOR not set. */
export function useColor(stream: NodeJS.WriteStream): boolean {
  return stream.isTTY === true && !('NO_COLOR' in process.env) && process.env['TERM'] !== 'dumb';
}

/** Prints the messages and a summary line; returns the exit code (1 when there were errors). */
export function reportResult(result: BuildResult, options: { quiet: boolean; started: number; verb: string }): number {
  const text = formatMessages(result.files, { color: useColor(process.stderr) });
  if (text) process.stderr.write(text);
  const { errors, warnings } = countMessages(result.files);
  const seconds = ((performance.now() - options.started) / 1000).toFixed(2);
  if (!result.ok) {
    process.stderr.write(`✖ ${errors} error${errors === 1 ? '' : 's'}${warnings ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}; nothing was written.\n`);
    return 1;
  }
  if (!options.quiet) {
    const pages = result.outputs.filter((f) => f.path.endsWith('.html')).length;
    const where = result.written ? ` into ${path.relative(process.cwd(), result.out) || '.'}` : '';
    const changed = result.written ? ` (${result.written.written} written, ${result.written.unchanged} unchanged)` : '';
    process.stdout.write(`✔ ${options.verb} ${pages} pages, ${result.outputs.length} files${where}${changed} in ${seconds} s${warnings ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}.\n`);
  }
  return 0;
}
