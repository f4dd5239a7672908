/** Vietnamese text helpers: normalisation, tone folding and collation. */

/** Normalises text to Unicode NFC and drops a leading byte order mark; every text bantin reads goes through it. */
export function nfc(text: string): string {
  const normalised = text.normalize('NFC');
  return normalised.charCodeAt(0) === 0xfeff ? normalised.slice(1) : normalised;
}

/**
 * Folds tones and diacritics away: "Công tác Đảng" → "cong tac dang". Lower-cases; `đ/Đ` become `d`.
 * Used for suggestions, slugs and search, where readers type without diacritics.
 */
export function foldTones(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
}

const collator = new Intl.Collator('vi', { sensitivity: 'variant', numeric: true });

/** Compares two strings in Vietnamese dictionary order (a < ă < â < b ...), independent of the machine's locale. */
export function compareVietnamese(a: string, b: string): number {
  return collator.compare(a, b);
}
