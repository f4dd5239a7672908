/**
 * Which configured category an editor means: the exact name, the name typed without tones or in another case,
 * or the slug; otherwise the closest configured names. Used by front matter validation and `bantin new`.
 */
import { distance } from 'fastest-levenshtein';
import type { Category } from '../types.ts';
import { foldTones } from '../vi/text.ts';

/** How many close names an unknown category is answered with. */
export const SUGGESTIONS = 3;

/** The category an editor typed, or the configured names closest to it. */
export type CategoryMatch = { ok: true; category: Category } | { ok: false; suggestions: Category[] };

const fold = (text: string): string => foldTones(text.normalize('NFC')).replace(/\s+/g, ' ').trim();

/**
 * Finds the category named `name`: its exact name, the name typed without tones or in another case
 * ("cong tac dang"), or its slug ("cong-tac-dang"). Otherwise returns the closest configured names, those that
 * contain what was typed first, then by edit distance.
 */
export function findCategory(name: string, categories: readonly Category[]): CategoryMatch {
  const named = categories.find((c) => c.name === name.normalize('NFC').trim());
  if (named) return { ok: true, category: named };
  const wanted = fold(name);
  const loose = categories.find((c) => fold(c.name) === wanted || c.slug === wanted);
  if (loose) return { ok: true, category: loose };
  const score = (c: Category): number => {
    const folded = fold(c.name);
    return folded.includes(wanted) || wanted.includes(folded) ? -1 : distance(wanted, folded);
  };
  const ranked = categories.map((c) => ({ c, s: score(c) })).sort((a, b) => a.s - b.s);
  return { ok: false, suggestions: ranked.slice(0, SUGGESTIONS).map((r) => r.c) };
}
