/**
 * bantin's package folder, a hash of its source tree and the bundles built from it, in plain JavaScript: the
 * launcher (`bin/bantin.js`) needs them before any TypeScript can load, and the pipeline version
 * (`pipeline-version.ts`) and the worker bundle (`parallel/worker-bundle.ts`) use the same ones. Typed in
 * `source-tree.d.mts`.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of the `bantin` package above the module at `url`: the sources' `src/..`, and the same folder from a
 * bundle in `node_modules/.cache/bantin/`. Ends with a separator.
 */
export function packageRootOf(url) {
  for (let dir = path.dirname(fileURLToPath(url)); ; ) {
    try {
      if (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).name === 'bantin') return `${dir}${path.sep}`;
    } catch {
      // No package.json here, or not ours: keep climbing.
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`bantin: no bantin package.json above ${fileURLToPath(url)}`);
    dir = parent;
  }
}

/** bantin's package folder (the one holding `src/` and `templates/`), with a trailing separator. */
export const PACKAGE_ROOT = packageRootOf(import.meta.url);

/** Where bundles of bantin's code are kept: git-ignored, rebuilt when missing. */
export const BUNDLE_DIR = path.join(PACKAGE_ROOT, 'node_modules', '.cache', 'bantin');

/** Digests by folder, on `globalThis`: this module is loaded twice by a command (by the launcher, and inside the CLI's bundle). */
const TREE_DIGESTS = Symbol.for('bantin.treeDigests');

/**
 * The SHA-256 (hex) of every source file under `dir`, paths and bytes in a fixed order: computed once per process,
 * for the launcher's bundle version and the pipeline version alike.
 */
export function treeDigest(dir) {
  const digests = (globalThis[TREE_DIGESTS] ??= new Map());
  let digest = digests.get(dir);
  if (!digest) {
    // Read synchronously: a few hundred small files, read one after the other at every start of a command, cost
    // several times as much through promises.
    digest = (async () => {
      const hash = createHash('sha256');
      const entries = readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && /\.(ts|mts|mjs|js|json)$/.test(e.name))
        .map((e) => path.join(e.parentPath, e.name))
        .sort();
      for (const file of entries) hash.update(path.relative(dir, file)).update('\0').update(readFileSync(file)).update('\0');
      return hash.digest('hex');
    })();
    digests.set(dir, digest);
  }
  return digest;
}

/** The installed dependency tree's lock file (npm's `node_modules/.package-lock.json`) above bantin, if any. */
export async function installedTree() {
  for (let dir = PACKAGE_ROOT; ; ) {
    for (const candidate of [path.join(dir, 'node_modules', '.package-lock.json'), path.join(dir, 'package-lock.json')]) {
      try {
        return await readFile(candidate);
      } catch {
        // Not here.
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * `BUNDLE_DIR/<name>.mjs`, bundled by esbuild from `build` (esbuild's options: the entry, `packages`, ...) when it
 * is not there yet; older bundles of the same prefix (the name up to its last "-") are then pruned. Undefined when
 * esbuild is not installed or the bundle cannot be built or written: the caller loads the sources instead.
 */
export async function ensureBundle(name, build) {
  const file = path.join(BUNDLE_DIR, `${name}.mjs`);
  try {
    await stat(file);
    return file;
  } catch {
    // Not built yet for this version.
  }
  let esbuild;
  try {
    esbuild = createRequire(import.meta.url)('esbuild');
  } catch {
    return undefined;
  }
  const temp = `${file}.${process.pid}.tmp.mjs`;
  try {
    await mkdir(BUNDLE_DIR, { recursive: true });
    await esbuild.build({
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: `node${process.versions.node.split('.')[0]}`,
      // Packages written as CommonJS call require(): give the bundle one.
      banner: { js: "import { createRequire as bantinCreateRequire } from 'node:module'; const require = bantinCreateRequire(import.meta.url);" },
      logLevel: 'silent',
      ...build,
      outfile: temp,
    });
    // Renamed into place whole: a process starting meanwhile finds no bundle or a complete one.
    await rename(temp, file);
  } catch {
    await rm(temp, { force: true }).catch(() => undefined);
    return undefined;
  }
  await pruneBundles(name.slice(0, name.lastIndexOf('-')), file).catch(() => undefined);
  return file;
}

/**
 * Removes bundles named `<prefix>-*.mjs` in {@link BUNDLE_DIR} but `current` and the `keep` newest others (a
 * process started a moment ago may still load one of those). Each source change makes a new bundle; this keeps
 * the folder from growing with them.
 */
export async function pruneBundles(prefix, current, keep = 2) {
  const names = (await readdir(BUNDLE_DIR).catch(() => [])).filter((n) => n.startsWith(`${prefix}-`) && n.endsWith('.mjs') && !n.includes('.tmp.') && n !== path.basename(current));
  const dated = await Promise.all(names.map(async (n) => ({ n, t: (await stat(path.join(BUNDLE_DIR, n)).catch(() => undefined))?.mtimeMs ?? 0 })));
  dated.sort((a, b) => b.t - a.t);
  await Promise.all(dated.slice(keep).map(({ n }) => rm(path.join(BUNDLE_DIR, n), { force: true })));
}
