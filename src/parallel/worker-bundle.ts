/**
 * The render worker's code as one plain JavaScript file. A worker that loads the TypeScript sources through tsx,
 * then some two hundred package modules one by one, takes about a second and a half of CPU to start; the same code
 * bundled by esbuild (sources and packages in one file) starts in a sixth of that. The bundle is built once per
 * pipeline version (bantin's sources, the installed packages, Node) into `node_modules/.cache/bantin/` and reused.
 * Where esbuild cannot run or the folder cannot be written, there is no bundle and workers load the sources through
 * tsx as before. The bundle runs the very same code.
 */
import path from 'node:path';
import { pipelineVersion } from '../cache/pipeline-version.ts';
import { PACKAGE_ROOT, ensureBundle } from '../cache/source-tree.mjs';

/** What the bundle exports: the render task as default, and the search task. */
const ENTRY = "export { renderBatch as default, searchIndex } from './render-task.ts';";

let pending: Promise<string | undefined> | undefined;

/**
 * The path of the worker bundle for this installation, building it when needed; undefined when there is none, or
 * when `BANTIN_WORKER_BUNDLE=0` asks for workers that load the sources (the tests run both ways).
 */
export function workerBundle(): Promise<string | undefined> {
  if (process.env['BANTIN_WORKER_BUNDLE'] === '0') return Promise.resolve(undefined);
  pending ??= pipelineVersion().then((version) =>
    ensureBundle(`render-worker-${version.slice(0, 16)}`, {
      stdin: { contents: ENTRY, resolveDir: path.join(PACKAGE_ROOT, 'src', 'parallel'), loader: 'ts', sourcefile: 'render-worker.ts' },
      // The task marks its result for transfer with piscina's own symbols: the same module as the worker's runtime.
      external: ['piscina'],
    }),
  );
  return pending;
}
