/**
 * An article's Markdown body is its source with the front matter blanked out (`parseArticle`). Stored or sent
 * between threads, it is left out and rebuilt from the source, which is at hand on both sides: the rebuilt
 * string is mostly a slice of the source's, so it costs neither a copy on the way nor memory after.
 */

/** Every character but line ends as a space, as `parseArticle` blanks the front matter. */
export function blank(text: string): string {
  return text
    .split('\n')
    .map((line) => ' '.repeat(line.length))
    .join('\n');
}

const NEWLINE = 10;
const SPACE = 32;

/** The offset before which `markdown` is `text` blanked and from which it is `text`, or undefined. */
export function markdownOffset(markdown: string, text: string): number | undefined {
  if (markdown.length !== text.length) return undefined;
  let from = text.length;
  while (from > 0 && markdown.charCodeAt(from - 1) === text.charCodeAt(from - 1)) from--;
  for (let i = 0; i < from; i++) {
    if (markdown.charCodeAt(i) !== (text.charCodeAt(i) === NEWLINE ? NEWLINE : SPACE)) return undefined;
  }
  return from;
}

/** The body of a source whose first `from` characters are front matter. */
export function markdownFrom(text: string, from: number): string {
  return blank(text.slice(0, from)) + text.slice(from);
}
