/**
 * Output for people: how much a command says (`--quiet`, `--verbose`), colours (only on a terminal, never under
 * NO_COLOR or TERM=dumb), and a progress bar with counts for builds longer than a second, drawn on a terminal
 * only; elsewhere (a pipe, a log file, CI) long builds print plain lines instead.
 */
import type { BuildProgress } from '../types.ts';

export type { BuildProgress } from '../types.ts';

/** How much a command prints. */
export interface Verbosity {
  /** Only errors (and what a command must print, such as the path `new` wrote). */
  quiet: boolean;
  /** Timings and counts of each step. */
  verbose: boolean;
}

/** Reads `--quiet` / `--verbose` from cac's flags; both at once is a contradiction, and quiet wins. */
export function verbosityOf(flags: { quiet?: unknown; verbose?: unknown }): Verbosity {
  const quiet = flags.quiet === true;
  return { quiet, verbose: !quiet && flags.verbose === true };
}

/** Whether output to `stream` may use ANSI colours: a terminal, NO_COLOR unset, TERM not "dumb". */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !('NO_COLOR' in env) && env['TERM'] !== 'dumb';
}

/** Whether a live progress bar may be drawn on `stream`: a terminal, and not under CI. */
export function useProgressBar(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !env['CI'] && env['TERM'] !== 'dumb';
}

/** Colours that vanish when `color` is false. */
export function painter(color: boolean): { red(text: string): string; green(text: string): string; yellow(text: string): string; dim(text: string): string } {
  const wrap = (open: number, close: number) => (text: string) => (color ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return { red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39), dim: wrap(2, 22) };
}

/** "1 article", "3 articles". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** A duration for people: "35 ms", "1.24 s". */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** Where a progress display writes. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  stream?: ProgressStream;
  env?: NodeJS.ProcessEnv;
  verbosity?: Verbosity;
  /** Shown with the time spent while no step with counts has been reported, e.g. "Building". */
  label?: string;
  /** Nothing is shown before this much time has passed (default 1000 ms): short builds stay silent. */
  delayMs?: number;
  /** On a terminal, the line is redrawn this often even without news, so the time moves (default 100; 0: never). */
  tickMs?: number;
  /** The clock, in milliseconds (default `performance.now`). */
  now?: () => number;
}

/** A progress display for one command. */
export interface Progress {
  /** Reports where a step stands. Cheap: call it as often as there is news. */
  update(step: BuildProgress): void;
  /** Removes the bar (if drawn) and stops redrawing, so the summary starts on a clean line. */
  finish(): void;
}

const BAR_WIDTH = 24;
/** Redraws at most this often on a terminal. */
const FRAME_MS = 80;
/** Elsewhere, a plain line at most this often per step (and one when a step completes). */
const LINE_MS = 5000;

/**
 * A progress display: on a terminal, one line redrawn in place (`Rendering articles [=====>   ] 1200/3000  4 s`,
 * or `Building… 3 s` until a step reports counts); elsewhere, plain lines (a step's count every few seconds and
 * when it completes). Silent under `--quiet` and for builds shorter than `delayMs`; `--verbose` prints every
 * completed step, however short the build.
 */
export function createProgress(options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const env = options.env ?? process.env;
  const verbosity = options.verbosity ?? { quiet: false, verbose: false };
  const now = options.now ?? (() => performance.now());
  const delayMs = options.delayMs ?? 1000;
  const started = now();
  const live = useProgressBar(stream, env) && !verbosity.quiet;
  let drawn = false;
  let lastFrame = -Infinity;
  let current: BuildProgress | undefined;
  const lastLine = new Map<string, number>();

  const clear = (): void => {
    if (drawn) stream.write('\r\u001b[2K');
    drawn = false;
  };
  const draw = (t: number): void => {
    lastFrame = t;
    const elapsed = formatDuration(t - started);
    let line: string;
    if (current) {
      const { phase, done, total } = current;
      const filled = total === 0 ? BAR_WIDTH : Math.min(BAR_WIDTH, Math.floor((BAR_WIDTH * done) / total));
      const bar = `${'='.repeat(filled)}${filled < BAR_WIDTH ? '>' : ''}${' '.repeat(Math.max(0, BAR_WIDTH - filled - 1))}`;
      line = `${phase} [${bar}] ${done}/${total}  ${elapsed}`;
    } else if (options.label) {
      line = `${options.label}… ${elapsed}`;
    } else {
      return;
    }
    stream.write(`\r\u001b[2K${line.slice(0, Math.max(20, (stream.columns ?? 80) - 1))}`);
    drawn = true;
  };
  const tickMs = options.tickMs ?? 100;
  const ticker = live && tickMs > 0 ? setInterval(() => now() - started >= delayMs && draw(now()), tickMs) : undefined;
  ticker?.unref();

  return {
    update(step) {
      if (verbosity.quiet) return;
      current = step;
      const t = now();
      const elapsed = t - started;
      const complete = step.done >= step.total;
      if (complete && (verbosity.verbose || (!live && elapsed >= delayMs))) {
        clear();
        stream.write(`${step.phase}: ${step.done}/${step.total} (${formatDuration(elapsed)})\n`);
        lastLine.set(step.phase, t);
        return;
      }
      if (elapsed < delayMs) return;
      if (live) {
        if (t - lastFrame >= FRAME_MS) draw(t);
      } else if (t - (lastLine.get(step.phase) ?? started) >= LINE_MS) {
        lastLine.set(step.phase, t);
        stream.write(`${step.phase}: ${step.done}/${step.total} (${formatDuration(elapsed)})\n`);
      }
    },
    finish() {
      clearInterval(ticker);
      clear();
    },
  };
}
