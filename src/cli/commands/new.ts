/**
 * `bantin new "Tiêu đề" --category "Công tác đảng"`: starts an article at `content/<category-slug>/<slug>.md` with
 * its front matter filled in (date = now in the site's time zone, `draft: true`). Never overwrites a file; an
 * unknown category is refused with the closest configured names (exit 1).
 */
import type { CAC } from 'cac';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { VFile } from 'vfile';
import { CONFIG_FILE, parseConfig } from '../../config/parse-config.ts';
import { newArticle } from '../../dev/new-article.ts';
import { findCategory } from '../../content/find-category.ts';
import { formatMessages } from '../../report/format.ts';
import { isSlug } from '../../vi/slugify.ts';
import { nfc } from '../../vi/text.ts';
import { UsageError } from '../main.ts';
import { useColor } from '../site-options.ts';
import type { Command } from './index.ts';

interface NewFlags {
  root?: string;
  category?: string;
  slug?: string;
}

/** Prints to stderr and returns exit code 1. */
function fail(text: string): number {
  process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
  return 1;
}

/** The `new` command. */
export const newCommand: Command = {
  register(cli: CAC) {
    cli
      .command('new <...title>', 'Start a new article: content/<category>/<slug>.md with its front matter filled in')
      .option('--category <name>', 'Category, one of the names in site.config.yaml (required)')
      .option('--slug <slug>', 'URL slug (default: made from the title)')
      .option('--root <dir>', 'Site folder holding content/ and site.config.yaml', { default: '.' })
      .example('bantin new "Hội nghị sơ kết công tác 9 tháng" --category "Công tác đảng"')
      .action(async (words: unknown[], flags: NewFlags) => {
        const title = words.map(String).join(' ').trim();
        if (!title) throw new UsageError('give the article title, e.g. bantin new "Hội nghị sơ kết" --category "Công tác đảng"');
        if (typeof flags.root !== 'string' || flags.root === '') throw new UsageError('--root needs a value');
        if (flags.slug !== undefined && (typeof flags.slug !== 'string' || !isSlug(flags.slug))) {
          throw new UsageError('--slug must be lower-case ASCII letters, digits and hyphens, e.g. hoi-nghi-so-ket');
        }
        const root = path.resolve(flags.root);

        const configFile = new VFile({ path: CONFIG_FILE, cwd: root });
        try {
          configFile.value = nfc(await readFile(path.join(root, CONFIG_FILE), 'utf8'));
        } catch (cause) {
          if ((cause as NodeJS.ErrnoException).code !== 'ENOENT') throw cause;
          return fail(`bantin: no ${CONFIG_FILE} in ${root}. Run bantin in the site folder, or pass --root DIR.`);
        }
        const config = parseConfig(configFile);
        if (!config) return fail(formatMessages([configFile], { color: useColor(process.stderr) }));

        const names = config.categories.map((c) => `"${c.name}"`).join(', ');
        if (flags.category === undefined || flags.category === null || String(flags.category).trim() === '' || typeof flags.category === 'boolean') {
          throw new UsageError(`--category is required; configured categories: ${names}`);
        }
        const match = findCategory(String(flags.category), config.categories);
        if (!match.ok) {
          const closest = match.suggestions.map((c) => `"${c.name}"`).join(', ');
          return fail(`bantin: unknown category "${String(flags.category)}". Did you mean ${closest}?\n  Configured categories: ${names}.`);
        }

        const article = newArticle({ title, category: match.category, date: new Date(), config, slug: flags.slug });
        if (!article) throw new UsageError(`the title "${title}" has no letter or digit to make a URL slug from; pass --slug`);
        const target = path.join(root, article.path);
        const shown = path.relative(process.cwd(), target) || target;
        await mkdir(path.dirname(target), { recursive: true });
        try {
          await writeFile(target, article.text, { flag: 'wx' });
        } catch (cause) {
          if ((cause as NodeJS.ErrnoException).code !== 'EEXIST') throw cause;
          return fail(`bantin: ${shown} already exists; nothing was written.\n  Choose another title, or pass --slug to name the file.`);
        }
        process.stdout.write(`${shown}\n`);
        process.stderr.write(`Wrote a draft (draft: true). Write the article below the front matter, preview it with \`npm run dev\`,\nthen delete the line "draft: true" to publish it.\n`);
        return 0;
      });
  },
};
