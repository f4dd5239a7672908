/**
 * The import, composed in one place, with its I/O at the edges: read the site config and the saved pages
 * → parse each page (pure) → plan the files (pure) → write them, never over an existing file.
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { VFile } from 'vfile';
import { CONFIG_FILE, parseConfig } from '../config/parse-config.ts';
import { error, warn } from '../report/messages.ts';
import { parseYaml, type YamlSource } from '../report/yaml-place.ts';
import type { SiteConfig } from '../types.ts';
import { nfc } from '../vi/text.ts';
import { decodeHtml } from './decode-html.ts';
import { resolveImportOptions, validateImportConfig, type ImportOverrides, type Locate } from './import-config.ts';
import type { ImportOptions } from './import-options.ts';
import { parsePortalPage } from './parse-portal-page.ts';
import { planImport, type ParsedPage } from './plan-import.ts';

/** A wrong input path (missing, or a folder without pages): the CLI reports it as a usage error. */
export class ImportInputError extends Error {
  override name = 'ImportInputError';
}

/** What to import and where. */
export interface RunImportOptions {
  /** Saved pages or folders of them (searched recursively for .html/.htm). */
  inputs: string[];
  /** The site folder: articles go to `<root>/content/`, the config is `<root>/site.config.yaml`. */
  root: string;
  /** Folder that message paths are relative to (default: the process's working folder). */
  cwd?: string;
  /** Command-line values over the `import:` block. */
  overrides?: ImportOverrides;
  /** Parse and plan, report what would be written, write nothing. */
  dryRun?: boolean;
}

/** One page that was not imported, and why (the rule id of the first reason). */
export interface SkippedPage {
  /** The page, as shown in messages. */
  source: string;
  ruleId: string;
  /** Whether the page failed (could not be understood or written) rather than being already imported. */
  failed: boolean;
}

/** The outcome of an import. */
export interface ImportResult {
  /** The config file and every page, each with its messages. */
  files: VFile[];
  /** Articles written (or, in a dry run, that would be), as root-relative paths, with their source page. */
  imported: { source: string; path: string }[];
  skipped: SkippedPage[];
  /** True when the config had errors: nothing was imported. */
  configFailed: boolean;
  dryRun: boolean;
}

/** The page files an input names: itself, or the .html/.htm files under it (sorted, hidden and `*_files` folders left out). */
export async function collectPages(input: string): Promise<{ file: string; relativePath: string }[]> {
  let info;
  try {
    info = await stat(input);
  } catch {
    throw new ImportInputError(`no such file or folder: ${input}`);
  }
  if (info.isFile()) return [{ file: path.resolve(input), relativePath: path.basename(input) }];
  const entries = (await readdir(input, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile() && /\.html?$/iu.test(entry.name))
    .map((entry) => path.relative(input, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .filter((relative) => !relative.split('/').some((part, i, all) => part.startsWith('.') || (i < all.length - 1 && /[_-]files$/iu.test(part))))
    .sort();
  if (entries.length === 0) throw new ImportInputError(`no .html or .htm files in ${input}`);
  return entries.map((relativePath) => ({ file: path.resolve(input, relativePath), relativePath }));
}

/**
 * Reads `<root>/site.config.yaml` for the categories, the time zone and the `import:` block. A missing
 * config is a warning (category folders are then the slugs of the names); a config with errors stops
 * the import.
 */
export async function readImportSettings(
  root: string,
  cwd: string,
  overrides: ImportOverrides,
): Promise<{ file: VFile; config?: SiteConfig; options?: ImportOptions }> {
  const configPath = path.join(root, CONFIG_FILE);
  const file = new VFile({ path: path.relative(cwd, configPath) || CONFIG_FILE, cwd });
  let text: string;
  try {
    text = nfc(await readFile(configPath, 'utf8'));
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== 'ENOENT') throw cause;
    warn(file, `No ${CONFIG_FILE} in ${root}: category folders are made from the category names`, {
      ruleId: 'import-no-config',
      note: 'Import into a site folder (--root DIR) so imported categories are checked against the configured ones.',
    });
    return { file, options: resolveImportOptions(validateImportConfig(undefined, file), overrides) };
  }
  file.value = text;
  const config = parseConfig(file);
  if (!config) return { file };
  // parseConfig keeps its parsed YAML to itself; parse again for positions, and only when a message needs one.
  let source: YamlSource | undefined;
  const locate: Locate = (keyPath, part) => (source ??= parseYaml(new VFile(), text)).place(keyPath, part);
  const importConfig = validateImportConfig(config.import, file, locate);
  if (file.messages.some((m) => m.fatal === true)) return { file, config };
  return { file, config, options: resolveImportOptions(importConfig, { timezone: config.timezone, ...overrides }) };
}

/**
 * Imports saved portal pages into the site at `options.root`. Every problem is a message on the page's
 * file (or the config's); an existing article file is never overwritten (`import-exists`).
 *
 * @throws ImportInputError when an input does not exist or holds no page.
 */
export async function runImport(options: RunImportOptions): Promise<ImportResult> {
  const cwd = options.cwd ?? process.cwd();
  const root = path.resolve(cwd, options.root);
  const dryRun = options.dryRun === true;
  const pageFiles: { file: string; relativePath: string }[] = [];
  const seen = new Set<string>();
  for (const input of options.inputs) {
    for (const page of await collectPages(path.resolve(cwd, input))) {
      if (seen.has(page.file)) continue;
      seen.add(page.file);
      pageFiles.push(page);
    }
  }

  const settings = await readImportSettings(root, cwd, options.overrides ?? {});
  const result: ImportResult = { files: [settings.file], imported: [], skipped: [], configFailed: false, dryRun };
  if (!settings.options) {
    result.configFailed = true;
    return result;
  }

  const parsed: ParsedPage[] = [];
  for (const page of pageFiles) {
    const file = new VFile({ path: path.relative(cwd, page.file), cwd, value: decodeHtml(await readFile(page.file)) });
    result.files.push(file);
    const article = parsePortalPage(file, settings.options, { relativePath: page.relativePath });
    if (article) parsed.push({ file, article });
    else result.skipped.push({ source: file.path, ruleId: firstError(file), failed: true });
  }

  for (const planned of planImport(parsed, settings.config?.categories)) {
    const target = path.join(root, ...planned.path.split('/'));
    if (dryRun) {
      if (await exists(target)) skipExisting(result, planned.file, planned.path);
      else result.imported.push({ source: planned.file.path, path: planned.path });
      continue;
    }
    try {
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, planned.contents, { flag: 'wx' });
      result.imported.push({ source: planned.file.path, path: planned.path });
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') {
        skipExisting(result, planned.file, planned.path);
      } else {
        error(planned.file, `Could not write ${planned.path}: ${(cause as Error).message}`, { ruleId: 'import-write-failed' });
        result.skipped.push({ source: planned.file.path, ruleId: 'import-write-failed', failed: true });
      }
    }
  }
  return result;
}

function skipExisting(result: ImportResult, file: VFile, target: string): void {
  warn(file, `${target} already exists: not overwritten`, {
    ruleId: 'import-exists',
    note: 'Delete or rename that file to import this page again.',
  });
  result.skipped.push({ source: file.path, ruleId: 'import-exists', failed: false });
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

function firstError(file: VFile): string {
  return file.messages.find((m) => m.fatal === true)?.ruleId ?? 'import-failed';
}

/** What each skip reason means, for the summary line. */
export const SKIP_REASONS: Record<string, string> = {
  'import-exists': 'already imported (file exists)',
  'import-no-title': 'no title',
  'import-no-date': 'no date',
  'import-date-invalid': 'invalid date',
  'import-no-category': 'no category',
  'import-no-body': 'no body',
  'import-write-failed': 'could not be written',
};

/**
 * The closing summary: "Imported 3 articles into content/; skipped 2: 1 no date [import-no-date],
 * 1 already imported (file exists) [import-exists]."
 */
export function formatImportSummary(result: ImportResult): string {
  if (result.configFailed) return '✖ The site config has errors; nothing was imported.\n';
  const counts = new Map<string, number>();
  for (const skip of result.skipped) counts.set(skip.ruleId, (counts.get(skip.ruleId) ?? 0) + 1);
  const reasons = [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([ruleId, count]) => `${count} ${SKIP_REASONS[ruleId] ?? 'failed'} [${ruleId}]`);
  const n = result.imported.length;
  const verb = result.dryRun ? 'Would import' : 'Imported';
  const failed = result.skipped.some((s) => s.failed);
  const mark = failed ? '✖' : '✔';
  const skipped = result.skipped.length > 0 ? `; skipped ${result.skipped.length}: ${reasons.join(', ')}` : '';
  return `${mark} ${verb} ${n} article${n === 1 ? '' : 's'}${skipped}.\n`;
}

/** The exit code of an import: 1 when the config had errors or a page failed, else 0 (already imported pages are no failure). */
export function importExitCode(result: ImportResult): number {
  return result.configFailed || result.skipped.some((s) => s.failed) ? 1 : 0;
}
