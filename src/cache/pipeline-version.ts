/**
 * The version of the pipeline that turns a source into a rendered article, for the persistent cache: bantin's own
 * source files, the installed dependency tree, the Markdown packages' versions and Node's (its ICU decides Unicode
 * normalisation). Any change gives another version, and entries of other versions are never read.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT, installedTree, treeDigest } from './source-tree.mjs';

/** The packages whose code renders an article, named in the version so a report can show them. */
export const PIPELINE_PACKAGES = [
  'unified',
  'remark-parse',
  'remark-gfm',
  'remark-rehype',
  'rehype-sanitize',
  'rehype-stringify',
  'hast-util-to-text',
  'gray-matter',
  'yaml',
] as const;

export { PACKAGE_ROOT } from './source-tree.mjs';

async function packageVersion(name: string): Promise<string> {
  try {
    let dir = path.dirname(fileURLToPath(import.meta.resolve(name)));
    for (;;) {
      try {
        const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
        if (manifest.name === name) return manifest.version ?? '?';
      } catch {
        // No package.json at this level: keep climbing.
      }
      const parent = path.dirname(dir);
      if (parent === dir) return '?';
      dir = parent;
    }
  } catch {
    return '?';
  }
}

let cached: Promise<string> | undefined;

/** The pipeline version of this installation (computed once per process). */
export function pipelineVersion(): Promise<string> {
  cached ??= (async () => {
    const hash = createHash('sha256');
    hash.update(`node ${process.versions.node} icu ${process.versions.icu ?? '-'} unicode ${process.versions.unicode ?? '-'}\n`);
    for (const name of PIPELINE_PACKAGES) hash.update(`${name}@${await packageVersion(name)}\n`);
    const tree = await installedTree();
    if (tree) hash.update(tree);
    hash.update(await treeDigest(path.join(PACKAGE_ROOT, 'src')));
    return hash.digest('hex');
  })();
  return cached;
}
