/**
 * The render worker's code as one plain JavaScript file. A worker that loads the TypeScript sources through tsx,
 * then some two hundred package modules one by one, takes about a second and a half of CPU to start; the same code
 * bundled by esbuild (sources and packages in one file) starts in a sixth of that. The bundle is built once per
 * pipeline version (bantin's sources, the installed packages, Node) into `node_modules/.cache/bantin/` and reused.
 * esbuild is a development dependency: where it is not installed, or the folder cannot be written, there is no
 * bundle and workers load the sources through tsx as before. The bundle runs the very same code.
 */
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PACKAGE_ROOT, pipelineVersion } from '../cache/pipeline-version.ts';

/** What the bundle exports: the render task as default, and the search task. */
const ENTRY = "export { renderBatch as default, searchIndex } from './render-task.ts';";

let pending: Promise<string | undefined> | undefined;

async function buildBundle(): Promise<string | undefined> {
  const version = await pipelineVersion();
  const file = path.join(PACKAGE_ROOT, 'node_modules', '.cache', 'bantin', `render-worker-${version.slice(0, 16)}.mjs`);
  try {
    await stat(file);
    return file;
  } catch {
    // Not built yet for this version.
  }
  let esbuild: typeof import('esbuild');
  try {
    // An optional development dependency, not a run-time one: a production install has none, and no bundle.
    esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  } catch {
    return undefined;
  }
  const temp = `${file}.${process.pid}.tmp.mjs`;
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await esbuild.build({
      stdin: { contents: ENTRY, resolveDir: path.join(PACKAGE_ROOT, 'src', 'parallel'), loader: 'ts', sourcefile: 'render-worker.ts' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: `node${process.versions.node.split('.')[0]}`,
      // Packages written as CommonJS call require(): give the bundle one.
      banner: { js: "import { createRequire as bantinCreateRequire } from 'node:module'; const require = bantinCreateRequire(import.meta.url);" },
      outfile: temp,
      logLevel: 'silent',
    });
    await rename(temp, file);
    return file;
  } catch {
    await rm(temp, { force: true }).catch(() => undefined);
    return undefined;
  }
}

/**
 * The path of the worker bundle for this installation, building it when needed; undefined when there is none, or
 * when `BANTIN_WORKER_BUNDLE=0` asks for workers that load the sources (the tests run both ways).
 */
export function workerBundle(): Promise<string | undefined> {
  if (process.env['BANTIN_WORKER_BUNDLE'] === '0') return Promise.resolve(undefined);
  pending ??= buildBundle();
  return pending;
}
