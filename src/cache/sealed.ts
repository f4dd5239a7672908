/**
 * Sealed cache files: a header naming the kind and format of the payload, the SHA-256 of the payload, then the
 * payload (`v8.serialize`). Anything that does not open exactly (truncated, altered, another kind or format) is
 * `undefined`, so a damaged cache entry is rebuilt, never served.
 */
import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';

const DIGEST_LENGTH = 32;

function header(kind: string): Buffer {
  return Buffer.from(`bantin-${kind}\n`);
}

/** Seals `value` (anything `v8.serialize` takes) as a `kind` file. */
export function seal(kind: string, value: unknown): Buffer {
  const body = serialize(value);
  return Buffer.concat([header(kind), createHash('sha256').update(body).digest(), body]);
}

/** Opens a sealed `kind` file, or returns undefined when it is not one, whole and unaltered. */
export function unseal(kind: string, bytes: Buffer): unknown {
  const head = header(kind);
  const start = head.length + DIGEST_LENGTH;
  if (bytes.length <= start || !bytes.subarray(0, head.length).equals(head)) return undefined;
  const body = bytes.subarray(start);
  if (!createHash('sha256').update(body).digest().equals(bytes.subarray(head.length, start))) return undefined;
  try {
    return deserialize(body);
  } catch {
    return undefined;
  }
}
