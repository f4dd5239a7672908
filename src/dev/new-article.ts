/**
 * `bantin new`, the pure part: the file a new article starts as
 * (`content/<category-slug>/<slug>.md` with its front matter filled in).
 */
import { stringify } from 'yaml';
import type { Category, SiteConfig } from '../types.ts';
import { CONTENT_DIR } from '../content/load-sources.ts';
import { formatFrontMatterDate } from '../vi/dates.ts';
import { slugify } from '../vi/slugify.ts';

/** What `bantin new` writes. */
export interface NewArticle {
  /** Path relative to the site root, e.g. "content/cong-tac-dang/hoi-nghi-so-ket.md". */
  path: string;
  /** The file's text: front matter and an empty body. */
  text: string;
}

/** Options of {@link newArticle}. */
export interface NewArticleOptions {
  /** The title as typed (normalised to NFC here). */
  title: string;
  category: Category;
  /** The article's date (the CLI passes the clock); written as local time in `config.timezone`. */
  date: Date;
  config: Pick<SiteConfig, 'timezone'>;
  /** URL slug; default: the title's slug. */
  slug?: string | undefined;
}

/**
 * The file for a new article: `title`, `date`, `category` and `draft: true` (an article is published once an
 * editor removes the line or sets it to false, so a half-written one committed by mistake stays unpublished).
 * Returns `undefined` when the title has no letter or digit to make a slug from.
 */
export function newArticle(options: NewArticleOptions): NewArticle | undefined {
  const title = options.title.normalize('NFC').replace(/\s+/g, ' ').trim();
  const slug = options.slug ?? slugify(title);
  if (!slug) return undefined;
  const frontMatter = stringify(
    { title, date: formatFrontMatterDate(options.date, options.config.timezone), category: options.category.name, draft: true },
    { lineWidth: 0 },
  );
  return { path: `${CONTENT_DIR}/${options.category.slug}/${slug}.md`, text: `---\n${frontMatter}---\n\n` };
}
