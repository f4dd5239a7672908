/**
 * sharp, loaded on first use. Loading it (and libvips) takes about a third of a second, which every command would
 * pay at start-up for the few builds that process images; sharp is CommonJS, so a `require` when asked keeps it
 * synchronous for the callers.
 */
import { createRequire } from 'node:module';

type Sharp = (typeof import('sharp'))['default'];

let loaded: Sharp | undefined;

/** The sharp module (its default export), loaded the first time it is asked for. */
export function sharp(): Sharp {
  loaded ??= createRequire(import.meta.url)('sharp') as Sharp;
  return loaded;
}
