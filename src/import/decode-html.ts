/**
 * Saved pages of older portals are not always UTF-8: some are windows-1258 (Vietnamese Windows) or
 * UTF-16. The bytes are decoded by their byte order mark, else by the `<meta charset>` the page
 * declares, else as UTF-8.
 */

const META_CHARSET = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/iu;

/** The encoding a page declares in its first 4 KiB, lower-cased, or undefined. */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  return META_CHARSET.exec(head)?.[1]?.toLowerCase();
}

/**
 * Decodes a saved page to text (not yet normalised: the parser keeps positions of the text as saved).
 * An unknown declared encoding falls back to UTF-8.
 */
export function decodeHtml(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const charset = declaredCharset(bytes);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    try {
      return new TextDecoder(charset).decode(bytes);
    } catch {
      // an encoding this runtime does not know: read as UTF-8 below
    }
  }
  return new TextDecoder('utf-8').decode(bytes);
}
