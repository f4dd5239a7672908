/** Runs the real `bantin` binary in a child process, as a user or a git hook would. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO } from './site.ts';

const run = promisify(execFile);

/** The binary. */
export const BIN = path.join(REPO, 'bin/bantin.js');

/** What a run of the binary gave. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `bantin <args>` from the repository root with `NO_COLOR` and any extra environment; never throws on exit codes. */
export async function runBantin(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd: REPO, env: { ...process.env, NO_COLOR: '1', ...env } });
    return { code: 0, stdout, stderr };
  } catch (cause) {
    const e = cause as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A line of the progress display as printed when stderr is not a terminal: "Writing pages: 40/40 (1.20 s)". */
export const PROGRESS_LINE = /^(.+): (\d+)\/(\d+) \([\d.]+ m?s\)$/;

/**
 * `stderr` without its progress lines, which a build prints when it runs longer than a second (a loaded machine
 * can make any build that long): what is left are the messages.
 */
export function withoutProgress(stderr: string): string {
  return stderr
    .split(/(?<=\n)/)
    .filter((line) => !PROGRESS_LINE.test(line.trimEnd()))
    .join('');
}
