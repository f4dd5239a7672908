/** Test support for whole-site builds: fixture paths, temp folders, parsing of the produced files. */
import { mkdtemp, readFile, rm, cp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unified } from 'unified';
import rehypeParse from 'rehype-parse';
import { select, selectAll } from 'hast-util-select';
import { toText } from 'hast-util-to-text';
import { XMLParser } from 'fast-xml-parser';
import type { Element, Root } from 'hast';

/** The repository root. */
export const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** Absolute path of `test/fixtures/<rel>`. */
export function fixture(rel: string): string {
  return path.join(REPO, 'test', 'fixtures', rel);
}

const temps: string[] = [];

/** A fresh temp folder, removed by `cleanTemps()`. */
export async function tempDir(prefix = 'bantin-'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/** Copies a fixture folder into a temp folder (for tests that edit it) and returns the copy. */
export async function copyFixture(rel: string): Promise<string> {
  const dir = await tempDir();
  await cp(fixture(rel), dir, { recursive: true });
  return dir;
}

/** Removes every temp folder made so far. */
export async function cleanTemps(): Promise<void> {
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** Parses an HTML document. */
export function parseHtml(html: string): Root {
  return unified().use(rehypeParse).parse(html);
}

/** Reads and parses `out/<rel>` as HTML. */
export async function readHtml(out: string, rel: string): Promise<Root> {
  return parseHtml(await readFile(path.join(out, rel), 'utf8'));
}

/** The first element matching `selector`, or a thrown error naming the selector. */
export function one(tree: Root | Element, selector: string): Element {
  const found = select(selector, tree);
  if (!found) throw new Error(`No element matches ${selector}`);
  return found;
}

/** Every element matching `selector`. */
export function all(tree: Root | Element, selector: string): Element[] {
  return selectAll(selector, tree);
}

/** Normalised text of a node. */
export function text(node: Root | Element): string {
  return toText(node).replace(/\s+/g, ' ').trim();
}

/** Parses XML into plain objects (attributes prefixed with "@"). */
export function parseXml(xml: string): Record<string, any> {
  return new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['entry', 'url', 'link', 'author'].includes(name) }).parse(xml);
}

/** Every file under `dir`, as sorted relative POSIX paths. */
export async function listTree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/** Every file under `dir` with its bytes, for byte-identity checks. */
export async function snapshotTree(dir: string): Promise<Map<string, Buffer>> {
  const files = await listTree(dir);
  return new Map(await Promise.all(files.map(async (f) => [f, await readFile(path.join(dir, f))] as const)));
}
