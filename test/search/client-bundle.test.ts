import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { bundleSearchClient, SEARCH_CLIENT_FILE } from '../../scripts/build-search-client.ts';

describe('templates/assets/search.js', () => {
  it('is the current bundle of src/search (run npm run build:search-client after changing it)', async () => {
    const committed = await readFile(SEARCH_CLIENT_FILE, 'utf8');
    expect(committed).toBe(await bundleSearchClient());
  });

  it('stays small enough for a phone: under 16 KB before compression', async () => {
    const committed = await readFile(SEARCH_CLIENT_FILE, 'utf8');
    expect(Buffer.byteLength(committed)).toBeLessThan(16_000);
    expect(committed).not.toMatch(/innerHTML|insertAdjacentHTML|outerHTML/);
  });
});
