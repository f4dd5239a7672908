/**
 * A full garbage collection on demand, for `build()` at the end of stages that leave much garbage behind (a site's
 * sources read, ten thousand pages rendered). V8 grows its heap to a multiple of what is live before it collects
 * by itself, so a large build would otherwise hold several times the memory it needs. Node exposes `gc` only under
 * `--expose-gc`; the flag is set at run time and the function taken from a fresh context, the usual way to reach
 * it without a command-line flag. Where that is refused, this does nothing.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null | undefined;

/** Runs a full garbage collection when the runtime allows it. */
export function collectGarbage(): void {
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const found: unknown = runInNewContext('gc');
      gc = typeof found === 'function' ? (found as () => void) : null;
    } catch {
      gc = null;
    }
  }
  gc?.();
}
