/** Types of `source-tree.mjs` (plain JavaScript: the launcher loads it before TypeScript can run). */
/** The folder of the `bantin` package above the module at `url`, with a trailing separator. */
export function packageRootOf(url: string): string;
/** bantin's package folder (the one holding `src/` and `templates/`), with a trailing separator. */
export const PACKAGE_ROOT: string;
/** Where bundles of bantin's code are kept: git-ignored, rebuilt when missing. */
export const BUNDLE_DIR: string;
/** The SHA-256 (hex) of every source file under `dir`, paths and bytes in a fixed order; once per process. */
export function treeDigest(dir: string): Promise<string>;
/** The installed dependency tree's lock file above bantin, if any. */
export function installedTree(): Promise<Buffer | undefined>;
/**
 * `BUNDLE_DIR/<name>.mjs`, bundled by esbuild from `build` (esbuild's options) when not there yet; undefined when
 * esbuild is missing or the bundle cannot be built or written.
 */
export function ensureBundle(name: string, build: Record<string, unknown>): Promise<string | undefined>;
/** Removes bundles named `<prefix>-*.mjs` but `current` and the `keep` newest others. */
export function pruneBundles(prefix: string, current: string, keep?: number): Promise<void>;
