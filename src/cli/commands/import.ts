/**
 * `bantin import <files or folders>`: turns saved pages of the old ward portal into Markdown articles under
 * `<root>/content/`. Exit 0 when no page failed, 1 when a page could not be imported (or the config has
 * errors), 2 on a wrong invocation.
 */
import type { CAC } from 'cac';
import { formatMessages } from '../../report/format.ts';
import { formatImportSummary, importExitCode, ImportInputError, runImport } from '../../import/run-import.ts';
import { baseUrlProblem } from '../../import/import-config.ts';
import { UsageError } from '../main.ts';
import { useColor } from '../site-options.ts';
import type { Command } from './index.ts';

/** The raw flags cac gives for `import`. */
interface ImportFlags {
  root?: unknown;
  categoryMap?: unknown;
  defaultCategory?: unknown;
  baseUrl?: unknown;
  dryRun?: boolean;
  quiet?: boolean;
}

/** Reads `--category-map "Old name=New name"` (repeatable) into a mapping. */
export function parseCategoryMap(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  const items = Array.isArray(value) ? value : [value];
  const map: Record<string, string> = {};
  for (const item of items) {
    const text = typeof item === 'string' ? item.normalize('NFC') : '';
    const at = text.indexOf('=');
    const from = text.slice(0, at).trim();
    const to = text.slice(at + 1).trim();
    if (at < 0 || from === '' || to === '') {
      throw new UsageError(`--category-map needs "Old name=New name", got "${String(item)}"`);
    }
    map[from] = to;
  }
  return map;
}

function stringFlag(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} needs a value`);
  return value.trim().normalize('NFC');
}

/** The `import` command. */
export const importCommand: Command = {
  register(cli: CAC) {
    cli
      .command('import [...inputs]', 'Import saved pages of the old portal (HTML files or folders) as Markdown articles')
      .option('--root <dir>', 'Site folder: articles go to <root>/content/, settings come from <root>/site.config.yaml', { default: '.' })
      .option('--category-map <pair>', 'Rename a category: "Old name=New name" (repeat for more)')
      .option('--default-category <name>', 'Category for pages that name none')
      .option('--base-url <url>', "The old portal's address, to rebuild old URLs from file paths and resolve relative links")
      .option('--dry-run', 'Report what would be imported; write nothing')
      .option('--quiet', 'Print only problems and the summary')
      .example('bantin import saved-pages/ --root . --category-map "Tin tức=Tin tức - Sự kiện"')
      .action(async (inputs: string[], flags: ImportFlags) => {
        if (inputs.length === 0) throw new UsageError('import needs at least one saved page or folder');
        const root = stringFlag(flags.root, 'root') ?? '.';
        const baseUrl = stringFlag(flags.baseUrl, 'base-url');
        if (baseUrl !== undefined && baseUrlProblem(baseUrl)) throw new UsageError(`--base-url ${baseUrlProblem(baseUrl)}`);
        const defaultCategory = stringFlag(flags.defaultCategory, 'default-category');
        const categoryMap = parseCategoryMap(flags.categoryMap);
        let result;
        try {
          result = await runImport({
            inputs,
            root,
            dryRun: flags.dryRun === true,
            overrides: {
              ...(Object.keys(categoryMap).length > 0 ? { categoryMap } : {}),
              ...(defaultCategory === undefined ? {} : { defaultCategory }),
              ...(baseUrl === undefined ? {} : { baseUrl }),
            },
          });
        } catch (cause) {
          if (cause instanceof ImportInputError) throw new UsageError(cause.message);
          throw cause;
        }
        const messages = formatMessages(result.files, { color: useColor(process.stderr) });
        if (messages) process.stderr.write(messages);
        if (flags.quiet !== true) {
          for (const item of result.imported) process.stdout.write(`  ${item.path} ← ${item.source}\n`);
        }
        const code = importExitCode(result);
        (code === 0 ? process.stdout : process.stderr).write(formatImportSummary(result));
        return code;
      });
  },
};
