/**
 * The I/O edge of the content stage: finds `content/**\/*.md` under the site root and reads each into a VFile
 * (path relative to the root, text in NFC), sorted by path so builds are deterministic.
 */
import { readFileSync, type Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { VFile } from 'vfile';
import { nfc } from '../vi/text.ts';

/** The folder under the site root that holds the articles. */
export const CONTENT_DIR = 'content';

/**
 * Lists every file under `root/content` (Markdown and the media beside it), skipping names that start with "."
 * or "_", as sorted root-relative POSIX paths spelled as on disk.
 */
export async function listContentFiles(root: string): Promise<string[]> {
  const dir = path.join(root, CONTENT_DIR);
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw cause;
  }
  return entries
    .filter((entry) => entry.isFile() || entry.isSymbolicLink())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .filter((entry) => !entry.split('/').some((part) => part.startsWith('.') || part.startsWith('_')))
    .map((entry) => `${CONTENT_DIR}/${entry}`)
    .sort();
}

/** Lists Markdown files under `root/content`, as sorted root-relative POSIX paths. */
export async function listSources(root: string): Promise<string[]> {
  return (await listContentFiles(root)).filter((entry) => entry.endsWith('.md'));
}

/**
 * Reads one source file into a VFile whose `path` is `relativePath` and whose `cwd` is `root`. The read is
 * synchronous: for a file of a few KB it costs a fifth of an asynchronous one's CPU, and a site has thousands.
 */
export async function readSource(root: string, relativePath: string): Promise<VFile> {
  const text = readFileSync(path.join(root, relativePath), 'utf8');
  return new VFile({ path: relativePath, cwd: root, value: nfc(text) });
}

/** Reads every Markdown source of the site. */
export async function loadSources(root: string): Promise<VFile[]> {
  const paths = await listSources(root);
  return Promise.all(paths.map((p) => readSource(root, p)));
}
