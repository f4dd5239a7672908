/**
 * Decides where each imported article goes (`content/<category-slug>/<slug>.md`) and what it says, before
 * anything is written. Pure: the writer at the edge only carries the plan out.
 */
import type { VFile } from 'vfile';
import { warn } from '../report/messages.ts';
import type { Category } from '../types.ts';
import { slugify } from '../vi/slugify.ts';
import { foldTones } from '../vi/text.ts';
import type { ImportedArticle } from './parse-portal-page.ts';
import { serializeArticle } from './serialize-article.ts';

/** Longest slug the importer makes from a title; old portal titles run to 150 characters and more. */
export const MAX_SLUG_LENGTH = 80;

/** One page read successfully. */
export interface ParsedPage {
  /** The saved page (messages go here). */
  file: VFile;
  article: ImportedArticle;
}

/** One Markdown file to write. */
export interface PlannedArticle extends ParsedPage {
  /** Path relative to the site root, with "/" separators: "content/cong-tac-dang/<slug>.md". */
  path: string;
  /** The file's text. */
  contents: string;
}

/** A slug made from a title, cut at a word boundary to at most {@link MAX_SLUG_LENGTH} characters. */
export function slugFromTitle(title: string): string {
  const slug = slugify(title);
  if (slug.length <= MAX_SLUG_LENGTH) return slug || 'bai-viet';
  const cut = slug.slice(0, MAX_SLUG_LENGTH + 1);
  const boundary = cut.lastIndexOf('-');
  return (boundary > 0 ? cut.slice(0, boundary) : slug.slice(0, MAX_SLUG_LENGTH)).replace(/-+$/u, '');
}

/**
 * Places each article. Its category is matched against the site's categories by name (exactly, else
 * ignoring tones and case, and then written as the config spells it); a category the config does not
 * have is a warning (the build would reject the article) and its folder is the slug of its name. Two
 * pages whose slugs meet get "-2", "-3" … in page order.
 *
 * @param categories The site's configured categories, or undefined when the site has no config yet.
 */
export function planImport(pages: readonly ParsedPage[], categories: readonly Category[] | undefined): PlannedArticle[] {
  const taken = new Set<string>();
  return pages.map(({ file, article }) => {
    const category = matchCategory(article.category, categories);
    if (!category.configured && categories !== undefined) {
      warn(file, `Category "${article.category}" is not in site.config.yaml`, {
        ruleId: 'import-category-unknown',
        note: `Add it to categories in site.config.yaml, or map it to one of ${categories.map((c) => `"${c.name}"`).join(', ')} with --category-map "${article.category}=<name>".`,
      });
    }
    const base = `content/${category.slug}/${slugFromTitle(article.title)}`;
    let path = `${base}.md`;
    for (let n = 2; taken.has(path); n++) path = `${base}-${n}.md`;
    taken.add(path);
    const placed: ImportedArticle = { ...article, category: category.name };
    return { file, article: placed, path, contents: serializeArticle(placed) };
  });
}

function matchCategory(
  name: string,
  categories: readonly Category[] | undefined,
): { name: string; slug: string; configured: boolean } {
  const folded = foldTones(name).replace(/\s+/gu, ' ').trim();
  const match =
    categories?.find((c) => c.name === name) ?? categories?.find((c) => foldTones(c.name).replace(/\s+/gu, ' ') === folded);
  if (match) return { name: match.name, slug: match.slug, configured: true };
  return { name, slug: slugify(name) || 'chua-phan-loai', configured: false };
}
