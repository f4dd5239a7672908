/** Writes an imported article as a Markdown file with YAML front matter, the format of `content/`. */
import { Document, Scalar } from 'yaml';
import { formatLocalDateTime } from './local-date.ts';
import type { ImportedArticle } from './parse-portal-page.ts';

/**
 * The text of the Markdown file for an article: front matter (`title`, `date` as "2020-09-25 21:01" in the
 * site's time zone, `category` by name, then `authors`, `summary`, `image`, `views` and `aliases` when the
 * page gave them), a blank line, and the body.
 */
export function serializeArticle(article: ImportedArticle): string {
  const data: Record<string, unknown> = {
    title: article.title,
    date: quoted(formatLocalDateTime(article.date)),
    category: article.category,
  };
  if (article.authors.length > 0) data['authors'] = article.authors;
  if (article.summary !== undefined) data['summary'] = article.summary;
  if (article.image !== undefined) data['image'] = article.image;
  if (article.views !== undefined) data['views'] = article.views;
  if (article.aliases.length > 0) data['aliases'] = article.aliases;
  const frontMatter = new Document(data).toString({ lineWidth: 0, indentSeq: true });
  return `---\n${frontMatter}---\n\n${article.markdown}`;
}

// Quoted so that no YAML 1.1 reader takes the date for a timestamp in UTC.
function quoted(value: string): Scalar<string> {
  const scalar = new Scalar(value);
  scalar.type = Scalar.QUOTE_DOUBLE;
  return scalar;
}
