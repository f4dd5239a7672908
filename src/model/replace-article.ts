/**
 * One article edited in a built `SiteModel`, without building the model again: when the edit leaves the article
 * where it was (the same id, path, category, date, draft state and aliases, and the same order among the other
 * articles), the new model is the old one with the article swapped in its lists, its page of the category index
 * and its neighbours' entries. Pure; the old model is left as it was.
 */
import type { RenderedArticle, SiteModel } from '../types.ts';
import { compareArticles, lastUpdate } from './build-model.ts';

/**
 * The model `buildModel` would give with `after` published in the place of `before`, or undefined when the edit
 * moves the article or changes what the model derives from its place (URL, aliases, category, order): then build
 * the model again. Both must be published; `before` must be one of `model.articles`. Messages are not this
 * function's concern: the caller checks the edited article's links again, and falls back on `buildModel` for any
 * problem that involves other files.
 */
export function replaceArticle(model: SiteModel, before: RenderedArticle, after: RenderedArticle): SiteModel | undefined {
  const samePlace =
    after.id === before.id &&
    after.path === before.path &&
    after.category.slug === before.category.slug &&
    after.date.getTime() === before.date.getTime() &&
    after.draft === before.draft &&
    after.aliases.length === before.aliases.length &&
    after.aliases.every((alias, i) => alias === before.aliases[i]);
  const index = samePlace ? model.articles.indexOf(before) : -1;
  if (index < 0) return undefined;
  // A new title can move the article among others of the same instant: it must stay between its neighbours.
  const newer = model.articles[index - 1];
  const older = model.articles[index + 1];
  if ((newer && compareArticles(newer, after) >= 0) || (older && compareArticles(after, older) >= 0)) return undefined;

  const swap = (list: RenderedArticle[]): RenderedArticle[] => list.map((a) => (a === before ? after : a));
  const articles = model.articles.slice();
  articles[index] = after;
  const categories = model.categories.map((entry) =>
    entry.category.slug !== after.category.slug
      ? entry
      : { category: entry.category, articles: swap(entry.articles), pages: entry.pages.map((page) => (page.articles.includes(before) ? { ...page, articles: swap(page.articles) } : page)) },
  );
  const neighbours = new Map(model.neighbours);
  const near = model.neighbours.get(after.id);
  if (near?.newer) neighbours.set(near.newer.id, { ...model.neighbours.get(near.newer.id), older: after });
  if (near?.older) neighbours.set(near.older.id, { ...model.neighbours.get(near.older.id), newer: after });

  const { updated: _, ...rest } = model;
  const updated = after.updated?.getTime() === before.updated?.getTime() ? model.updated : lastUpdate(articles);
  return { ...rest, articles, categories, neighbours, ...(updated ? { updated } : {}) };
}
