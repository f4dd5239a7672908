/** Vietnamese-aware URL slugs. */
import slugifyLibrary from '@sindresorhus/slugify';

/**
 * Turns a Vietnamese title into a URL slug: lower-case ASCII with hyphens, tones stripped, `đ/Đ` → `d`.
 * "Tin tức - Sự kiện" → "tin-tuc-su-kien", "Công tác đảng" → "cong-tac-dang". NFD input gives the same slug.
 */
export function slugify(text: string): string {
  return slugifyLibrary(text.normalize('NFC'), { customReplacements: [['đ', 'd'], ['Đ', 'D']] });
}

/** Whether a string is already a valid slug (what `slugify` could produce). */
export function isSlug(text: string): boolean {
  return /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(text);
}
