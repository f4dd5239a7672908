/** Test support for the importer: running it on fixture folders and reading what it wrote back as data. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Root as MdastRoot } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { parse as parseYaml } from 'yaml';
import { formatMessages } from '../../src/report/format.ts';
import { formatImportSummary, runImport, type ImportResult } from '../../src/import/run-import.ts';
import type { ImportOverrides } from '../../src/import/import-config.ts';
import { copyFixture, listTree } from '../support/site.ts';

/** A Markdown article split into its front matter (read with `yaml`) and its body (read with remark-parse). */
export interface ParsedMarkdown {
  data: Record<string, unknown>;
  body: string;
  tree: MdastRoot;
}

/** Splits and parses a Markdown file with front matter. */
export function parseMarkdown(text: string): ParsedMarkdown {
  const match = /^---\n([\s\S]*?)\n---\n\n?([\s\S]*)$/u.exec(text);
  if (!match) throw new Error(`No front matter in:\n${text.slice(0, 200)}`);
  const data = parseYaml(match[1] ?? '', { schema: 'core' }) as Record<string, unknown>;
  const body = match[2] ?? '';
  const tree = unified().use(remarkParse).use(remarkGfm).parse(body);
  return { data, body, tree };
}

/** Every file under `dir`, as sorted "/"-separated paths relative to it. */
export const listFiles = listTree;

/** What running the importer on a copy of a fixture folder gave. */
export interface FixtureRun {
  /** The copy: its `content/` holds the written articles. */
  root: string;
  result: ImportResult;
  /** Messages and summary as the CLI prints them, paths relative to the copy. */
  report: string;
}

/**
 * Copies `test/fixtures/import/<name>` (a `site.config.yaml` and saved pages under `pages/`) to a temp
 * folder and imports its pages into it, from inside the copy.
 */
export async function importFixture(name: string, overrides: ImportOverrides = {}): Promise<FixtureRun> {
  const root = await copyFixture(`import/${name}`);
  const result = await runImport({ inputs: ['pages'], root: '.', cwd: root, overrides });
  const report = formatMessages(result.files) + formatImportSummary(result);
  return { root, result, report };
}

/** Reads an article the importer wrote, parsed. */
export async function readArticle(root: string, relative: string): Promise<ParsedMarkdown> {
  return parseMarkdown(await readFile(path.join(root, relative), 'utf8'));
}
