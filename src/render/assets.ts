/**
 * Theme assets published with content-hashed names (`assets/style.3f2a9c1b.css`), so a CDN can cache them forever.
 */
import { createHash } from 'node:crypto';
import type { OutputFile } from '../types.ts';

/** Published assets: the output files and, by asset name, their site path without base. */
export interface PublishedAssets {
  files: OutputFile[];
  paths: Map<string, string>;
}

/** The first 10 hex digits of the SHA-256 of `bytes`. */
export function contentHash(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 10);
}

/** Names each asset `assets/<name>.<hash>.<ext>`. */
export function publishAssets(assets: Map<string, Uint8Array>): PublishedAssets {
  const files: OutputFile[] = [];
  const paths = new Map<string, string>();
  for (const [name, bytes] of assets) {
    const dot = name.lastIndexOf('.');
    const hashed = dot > 0 ? `${name.slice(0, dot)}.${contentHash(bytes)}${name.slice(dot)}` : `${name}.${contentHash(bytes)}`;
    files.push({ path: `assets/${hashed}`, contents: bytes });
    paths.set(name, `/assets/${hashed}`);
  }
  return { files, paths };
}
