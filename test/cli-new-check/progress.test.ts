/**
 * Output for people: the progress bar on a terminal, plain lines elsewhere, silence for short builds and under
 * --quiet, and colours only where they belong. A fake stream and clock stand in for the terminal and the time.
 */
import { describe, expect, it, vi } from 'vitest';
import { createProgress, formatDuration, plural, useColor, useProgressBar, verbosityOf, type ProgressStream } from '../../src/cli/progress.ts';

function fakeStream(isTTY: boolean): ProgressStream & { text: string } {
  return {
    isTTY,
    columns: 100,
    text: '',
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
  };
}

/** Runs 3000 article steps over `seconds` of fake time, then a pages step, and returns what was written. */
function runBuild(options: { isTTY: boolean; seconds: number; env?: NodeJS.ProcessEnv; quiet?: boolean; verbose?: boolean }): string {
  const stream = fakeStream(options.isTTY);
  let clock = 0;
  const progress = createProgress({ stream, env: options.env ?? {}, now: () => clock, tickMs: 0, verbosity: { quiet: options.quiet ?? false, verbose: options.verbose ?? false } });
  const total = 3000;
  for (let done = 1; done <= total; done++) {
    clock = (done / total) * options.seconds * 1000;
    progress.update({ phase: 'Rendering articles', done, total });
  }
  progress.update({ phase: 'Writing files', done: 3355, total: 3355 });
  progress.finish();
  return stream.text;
}

describe('createProgress', () => {
  it('draws one bar in place on a terminal for a long build, and clears it at the end', () => {
    const text = runBuild({ isTTY: true, seconds: 12 });
    const frames = text.split('\r\u001b[2K').filter(Boolean);
    expect(frames.length).toBeGreaterThan(10);
    // Throttled: far fewer frames than steps.
    expect(frames.length).toBeLessThan(200);
    expect(frames[0]).toMatch(/^Rendering articles \[=+>? *\] \d+\/3000 {2}1\.\d\d s$/);
    expect(frames.some((f) => /^Rendering articles \[={12}> {11}\] 15\d\d\/3000 /.test(f))).toBe(true);
    expect(text.endsWith('\r\u001b[2K')).toBe(true);
    expect(text).not.toContain('\n');
  });

  it('stays silent for a build shorter than a second', () => {
    expect(runBuild({ isTTY: true, seconds: 0.5 })).toBe('');
    expect(runBuild({ isTTY: false, seconds: 0.5 })).toBe('');
  });

  it('prints plain lines when not on a terminal or under CI', () => {
    for (const options of [{ isTTY: false }, { isTTY: true, env: { CI: 'true' } }]) {
      const lines = runBuild({ ...options, seconds: 12 }).split('\n').filter(Boolean);
      expect(lines).toEqual([
        'Rendering articles: 1250/3000 (5.00 s)',
        'Rendering articles: 2500/3000 (10.00 s)',
        'Rendering articles: 3000/3000 (12.00 s)',
        'Writing files: 3355/3355 (12.00 s)',
      ]);
    }
  });

  it('prints nothing under --quiet, and every completed step under --verbose', () => {
    expect(runBuild({ isTTY: true, seconds: 12, quiet: true })).toBe('');
    const verbose = runBuild({ isTTY: false, seconds: 0.2, verbose: true });
    expect(verbose).toBe('Rendering articles: 3000/3000 (200 ms)\nWriting files: 3355/3355 (200 ms)\n');
  });
});

describe('createProgress without counts', () => {
  it('shows the label and the time spent on a terminal, redrawn on a timer', () => {
    vi.useFakeTimers();
    try {
      const stream = fakeStream(true);
      let clock = 0;
      const progress = createProgress({ stream, env: {}, now: () => clock, label: 'Building' });
      for (clock = 100; clock <= 3000; clock += 100) vi.advanceTimersByTime(100);
      progress.finish();
      const frames = stream.text.split('\r\u001b[2K').filter(Boolean);
      expect(frames[0]).toBe('Building… 1.00 s');
      expect(frames.at(-1)).toBe('Building… 3.00 s');
      // Stopped: no frame after finish.
      const length = stream.text.length;
      vi.advanceTimersByTime(1000);
      expect(stream.text.length).toBe(length);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('terminal detection', () => {
  it('colours only a terminal without NO_COLOR or TERM=dumb', () => {
    expect(useColor({ isTTY: true }, {})).toBe(true);
    expect(useColor({ isTTY: true }, { NO_COLOR: '' })).toBe(false);
    expect(useColor({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
    expect(useColor({ isTTY: false }, {})).toBe(false);
  });

  it('draws a bar only on a terminal outside CI', () => {
    expect(useProgressBar({ isTTY: true }, {})).toBe(true);
    expect(useProgressBar({ isTTY: true }, { CI: 'true' })).toBe(false);
    expect(useProgressBar({ isTTY: false }, {})).toBe(false);
  });
});

describe('wording', () => {
  it('counts, durations and verbosity', () => {
    expect(plural(1, 'article')).toBe('1 article');
    expect(plural(3, 'article')).toBe('3 articles');
    expect(formatDuration(35.4)).toBe('35 ms');
    expect(formatDuration(1234)).toBe('1.23 s');
    expect(verbosityOf({ quiet: true, verbose: true })).toEqual({ quiet: true, verbose: false });
    expect(verbosityOf({ verbose: true })).toEqual({ quiet: false, verbose: true });
  });
});
