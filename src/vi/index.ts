/** Vietnamese text: NFC, tone folding, collation, slugs and dates in a time zone. */
export * from './text.ts';
export * from './slugify.ts';
export * from './dates.ts';
