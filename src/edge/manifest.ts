/**
 * The list of published articles the counter accepts, read from `<out>/_bantin/manifest.json` (written by
 * the build). Ids outside it are refused, so nobody can fill the store with junk keys.
 */
import { PRIVATE_DIR } from '../hosting/policy.ts';
import type { CounterManifest } from '../types.ts';

/** The manifest as the counter reads it (the build writes every optional field; older manifests may lack them). */
export type SiteManifest = CounterManifest;

/** Where the manifest lives, relative to the output folder. */
export const MANIFEST_PATH = `${PRIVATE_DIR}manifest.json`;

/** An article id: two or more "/"-separated segments of lower-case ASCII letters, digits and hyphens. */
export const ARTICLE_ID = /^[a-z0-9-]+(?:\/[a-z0-9-]+)+$/;

/** Longest id accepted, in characters. */
export const MAX_ID_LENGTH = 200;

/** Whether `id` is well formed (says nothing about whether it is published). */
export function isArticleId(id: string): boolean {
  return id.length <= MAX_ID_LENGTH && ARTICLE_ID.test(id);
}

/**
 * Checks a parsed manifest and returns it typed; throws an `Error` naming the first bad field (a broken
 * manifest is a bug of the build or of the deployment, not a visitor's mistake). Terse, for the Worker's size.
 */
export function parseManifest(value: unknown): SiteManifest {
  const fail = (what: string): never => {
    throw new Error(`Invalid counter manifest: ${what}`);
  };
  if (!isRecord(value) || value['version'] !== 1) return fail('not a version 1 manifest');
  if (typeof value['origin'] !== 'string' || !/^https?:\/\/[^/]+$/.test(value['origin'])) fail('bad "origin"');
  const articles = value['articles'];
  if (!isRecord(articles)) return fail('bad "articles"');
  for (const [id, entry] of Object.entries(articles)) {
    if (!isArticleId(id) || !isRecord(entry) || typeof entry['path'] !== 'string' || !isCount(entry['views'])) {
      fail(`bad article ${JSON.stringify(id)}`);
    }
  }
  for (const key of ['basePath', 'endpoint']) {
    if (value[key] !== undefined && typeof value[key] !== 'string') fail(`bad "${key}"`);
  }
  if (value['visits'] !== undefined && !isCount(value['visits'])) fail('bad "visits"');
  return value as unknown as SiteManifest;
}

/**
 * Wraps a manifest loader so it runs at most once per `ttlMs` (a failed load is retried on the next call).
 * A build that publishes new articles is picked up within `ttlMs` without a restart.
 */
export function cachedManifest(
  load: () => Promise<SiteManifest | undefined>,
  ttlMs: number,
  now: () => number = Date.now,
): () => Promise<SiteManifest | undefined> {
  let cached: { at: number; value: Promise<SiteManifest | undefined> } | undefined;
  return () => {
    const at = now();
    if (!cached || at - cached.at >= ttlMs) {
      const value = load();
      cached = { at, value };
      value.catch(() => {
        if (cached?.value === value) cached = undefined;
      });
    }
    return cached.value;
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
