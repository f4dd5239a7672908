/**
 * `Article` → `RenderedArticle`: the body rendered once through the shared processor, with its plain text,
 * an excerpt and the site-relative links it contains.
 */
import type { Article, RenderedArticle } from '../types.ts';
import type { MarkdownProcessor } from './processor.ts';
import { bodyOnlyMedia } from '../media/article-media.ts';
import { plainText } from './plain-text.ts';

/** Longest excerpt, in characters, when the article has no summary. */
export const EXCERPT_LENGTH = 220;

/** Renders one article's body. Messages from plugins land on `article.file`. */
export function renderArticle(article: Article, processor: MarkdownProcessor): RenderedArticle {
  const { file } = article;
  file.data.articlePath = article.path;
  const mdast = processor.parse({ value: article.markdown, path: file.path } as never);
  const hast = processor.runSync(mdast, file);
  const html = processor.stringify(hast, file);
  const text = plainText(hast);
  return {
    ...article,
    html,
    text,
    excerpt: article.summary ?? excerptOf(text),
    links: file.data.links ?? [],
    media: bodyOnlyMedia(file.data.media),
  };
}

/**
 * `article` with its body: `cached` (the same body rendered for an earlier build, see `renderKey`) with the article's
 * own front matter fields, so a front matter change keeps the HTML; else rendered with `processor`.
 */
export function renderOrReuse(article: Article, cached: RenderedArticle | undefined, processor: MarkdownProcessor): RenderedArticle {
  return cached
    ? { ...article, html: cached.html, text: cached.text, links: cached.links, media: cached.media, excerpt: article.summary ?? excerptOf(cached.text) }
    : renderArticle(article, processor);
}

/** The first sentences of `text`, cut at a sentence or word boundary within `EXCERPT_LENGTH` characters. */
export function excerptOf(text: string, length = EXCERPT_LENGTH): string {
  if (text.length <= length) return text;
  const window = text.slice(0, length);
  const sentence = Math.max(window.lastIndexOf('. '), window.lastIndexOf('! '), window.lastIndexOf('? '));
  if (sentence > length / 2) return window.slice(0, sentence + 1);
  const space = window.lastIndexOf(' ');
  return `${window.slice(0, space > 0 ? space : length).replace(/[,;:.\s]+$/, '')}…`;
}
