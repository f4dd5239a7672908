/**
 * Loads the command line for `bin/bantin.js`. The sources are TypeScript, run without a compile step: through
 * tsx, every module is transformed and every import goes through its loader hooks, a second or more of start-up
 * for each command. So the CLI runs from an esbuild bundle of bantin's sources and the packages they use instead
 * (but those in `EXTERNAL`), built on first use into `node_modules/.cache/bantin/` and again whenever a source
 * file, the installed packages or Node change. Where no bundle can be built (no esbuild, a read-only install) or
 * with `BANTIN_CLI_BUNDLE=0`, the sources load through tsx as before. Plain JavaScript: nothing can load
 * TypeScript yet.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT, ensureBundle, installedTree, treeDigest } from '../cache/source-tree.mjs';

/** The version of the CLI's code: Node, the installed packages and every source file. */
async function cliVersion() {
  const hash = createHash('sha256').update(`node ${process.versions.node}\n`);
  const tree = await installedTree();
  if (tree) hash.update(tree);
  hash.update(await treeDigest(path.join(PACKAGE_ROOT, 'src')));
  return hash.digest('hex').slice(0, 16);
}

/** Packages the CLI bundle imports from `node_modules` rather than holds. */
const EXTERNAL = ['better-sqlite3', 'sharp', 'piscina', 'esbuild', 'tsx', 'chokidar', 'ioredis'];

/** The CLI module (`src/cli/main.ts`): from its bundle when there is one, else through tsx. */
export async function loadCli() {
  if (process.env.BANTIN_CLI_BUNDLE !== '0') {
    try {
      const bundle = await ensureBundle(`cli-${await cliVersion()}`, {
        entryPoints: [path.join(PACKAGE_ROOT, 'src', 'cli', 'main.ts')],
        // Packages are bundled too: resolving and loading some four hundred package modules one by one took most
        // of a command's start-up. Left out: native addons, packages loaded on demand, and piscina (the worker
        // threads load it from node_modules).
        external: EXTERNAL,
      });
      if (bundle) return await import(pathToFileURL(bundle).href);
    } catch {
      // A bundle removed or damaged meanwhile: the sources will do.
    }
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import('./main.ts');
}
