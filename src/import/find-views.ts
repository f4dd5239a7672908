/**
 * The old view count as portals print it: "Lượt xem: 59", "Lượt xem 1.234", "Số lượt xem: 1,234",
 * "Lượt đọc: 12", "59 lượt xem", "Views: 59".
 */

const LABEL_FIRST =
  /(?:số\s+)?(?:lượt\s*(?:xem|đọc|truy\s*cập)|lần\s+xem|views?|hits?)\s*[:：]?\s*(?<count>\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+|\d+)(?![\d.,]\d)/iu;
const COUNT_FIRST = /(?<!\d)(?<count>\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+|\d+)\s*(?:lượt\s*(?:xem|đọc)|lần\s+xem|views?)\b/iu;

/**
 * Finds the view count in a byline text; thousands separators ("1.234", "1,234", "1 234") are read as such.
 * Returns undefined when the text names none.
 */
export function findViewsInText(text: string): number | undefined {
  const match = LABEL_FIRST.exec(text) ?? COUNT_FIRST.exec(text);
  const count = match?.groups?.['count'];
  if (count === undefined) return undefined;
  const value = Number(count.replace(/[.,\u00a0\u202f ]/gu, ''));
  return Number.isSafeInteger(value) ? value : undefined;
}
