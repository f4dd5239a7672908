/** Shared by the search tests: the fixture site, built in memory with a fixed "now". */
import { fileURLToPath } from 'node:url';
import { compileSite, readInputs } from '../../src/build.ts';
import { SearchEngine, filesSource, type SearchResult } from '../../src/search/index.ts';
import type { OutputFile, SiteModel } from '../../src/types.ts';

/** The search fixture site: three categories, one NFD file, one draft, one future article. */
export const FIXTURE_SITE = fileURLToPath(new URL('./fixtures/site/', import.meta.url));

/** The build's "now" in these tests. */
export const NOW = new Date('2026-01-01T00:00:00Z');

/** Builds the fixture site in memory and returns its model and output files. */
export async function buildFixture(options: { drafts?: boolean; future?: boolean; root?: string } = {}): Promise<{ model: SiteModel; outputs: OutputFile[] }> {
  const inputs = await readInputs(options.root ?? FIXTURE_SITE);
  const result = compileSite(inputs, { now: NOW, drafts: options.drafts ?? false, future: options.future ?? false });
  const problems = result.files.flatMap((f) => f.messages.map((m) => `${f.path}: ${m.reason}`));
  if (!result.ok || !result.model) throw new Error(`Fixture build failed:\n${problems.join('\n')}`);
  return { model: result.model, outputs: result.outputs };
}

/** The site path of the search index entry point among built files. */
export function metaPathOf(outputs: OutputFile[]): string {
  const meta = outputs.find((f) => /^tim-kiem\/[0-9a-f]{10}\/meta\.json$/.test(f.path));
  if (!meta) throw new Error('No search index among the outputs');
  return `/${meta.path}`;
}

/** An engine over built files. */
export function engineOver(outputs: OutputFile[], read?: Map<string, number>): SearchEngine {
  return new SearchEngine(filesSource(outputs, metaPathOf(outputs), read));
}

/** The titles of a result's hits, best first. */
export async function titles(engine: SearchEngine, result: SearchResult): Promise<string[]> {
  return Promise.all(result.hits.map(async (h) => (await engine.fragment(h.doc)).title));
}
