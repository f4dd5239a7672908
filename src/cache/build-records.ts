/**
 * What a build leaves in `<site>/.cache/bantin/` for the next one, besides the articles:
 *
 * - `output.bin`: the files it wrote (`OutputRecord`: key, size, modification time and inode of each), for the
 *   output folder it wrote them to. The next build keeps a page whose key did not change, and whose file is still
 *   as recorded, without rendering it.
 * - `search.bin`: the search index files, under the hash of the documents they index. The next build with the same
 *   documents takes them as they are.
 *
 * Both are sealed (`sealed.ts`) and name the pipeline version: a damaged, foreign or stale file is ignored.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { OutputRecord } from '../output/write-output.ts';
import type { SearchOutputs } from '../search/search-outputs.ts';
import type { SearchDocument } from '../search/build-index.ts';
import type { SiteConfig } from '../types.ts';
import type { SiteInputs } from '../build.ts';
import { pipelineVersion } from './pipeline-version.ts';
import { seal, unseal } from './sealed.ts';

/** The cache folder of the site at `root` (shared with the article and image caches). */
export function buildCacheDir(root: string): string {
  return path.join(root, '.cache', 'bantin');
}

async function readSealed(file: string, kind: string): Promise<unknown> {
  try {
    return unseal(kind, await readFile(file));
  } catch {
    return undefined;
  }
}

async function writeSealed(file: string, kind: string, value: unknown): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(temp, seal(kind, value));
    await rename(temp, file);
  } catch {
    // A record that cannot be written costs the next build time, never this one.
    await rm(temp, { force: true }).catch(() => undefined);
  }
}

const OUTPUT_KIND = 'output-record 2';

/** What a build leaves about its output folder. */
export interface OutputState {
  /** Every file written, with its key and how it looked on disk. */
  files: OutputRecord;
  /** The fingerprint of the build's inputs and options (see `BuildRecords.fingerprint`). */
  fingerprint: string;
  /** When an article left out for its future date becomes due (ms since the epoch), if any. */
  nextPublication?: number | undefined;
  /** Whether the build reported no message at all (warnings included), so that skipping it hides nothing. */
  clean: boolean;
}
const SEARCH_KIND = 'search 1';

/** The records of one site. */
export class BuildRecords {
  private constructor(
    private readonly dir: string,
    private readonly version: string,
  ) {}

  /** Opens the records of the site at `root`. */
  static async open(root: string): Promise<BuildRecords> {
    return new BuildRecords(buildCacheDir(root), await pipelineVersion());
  }

  /** What the last build wrote to `out`, or undefined when it wrote elsewhere, or with another pipeline. */
  async readOutput(out: string): Promise<OutputState | undefined> {
    const value = (await readSealed(path.join(this.dir, 'output.bin'), OUTPUT_KIND)) as (OutputState & { version?: unknown; out?: unknown }) | undefined;
    if (!value || value.version !== this.version || value.out !== path.resolve(out) || !(value.files instanceof Map)) return undefined;
    return value;
  }

  /** Records what this build wrote to `out`. */
  async writeOutput(out: string, state: OutputState): Promise<void> {
    await writeSealed(path.join(this.dir, 'output.bin'), OUTPUT_KIND, { version: this.version, out: path.resolve(out), ...state });
  }

  /**
   * The fingerprint of everything a build reads and is asked: the pipeline, the options, the config, every source,
   * the theme, the static files and the media. Two builds with one fingerprint (and no article due in between)
   * write the same files.
   */
  fingerprint(inputs: SiteInputs, options: Record<string, unknown>): string {
    const hash = createHash('sha256').update(this.version).update('\0').update(JSON.stringify(options)).update('\0');
    hash.update(String(inputs.configFile.value)).update('\0');
    for (const file of inputs.sources) hash.update(`${file.path}\0`).update(String(file.value)).update('\0');
    for (const [rel, file] of [...inputs.theme.templates].sort(([a], [b]) => (a < b ? -1 : 1))) hash.update(`${rel}\0`).update(String(file.value)).update('\0');
    for (const [name, bytes] of [...inputs.theme.assets].sort(([a], [b]) => (a < b ? -1 : 1))) hash.update(`${name}\0`).update(bytes).update('\0');
    for (const [rel, bytes] of [...inputs.staticFiles].sort(([a], [b]) => (a < b ? -1 : 1))) hash.update(`${rel}\0`).update(bytes).update('\0');
    hash.update(inputs.media?.digest ?? '');
    return hash.digest('hex');
  }

  /** Forgets the output record (when the folder was written without keeping one). */
  async clearOutput(): Promise<void> {
    await rm(path.join(this.dir, 'output.bin'), { force: true });
  }

  /** The key of a search index: the documents it indexes (see `searchDocuments`), the config and the pipeline. */
  searchKey(documents: readonly SearchDocument[], config: SiteConfig): string {
    const hash = createHash('sha256').update(this.version).update('\0').update(JSON.stringify(config)).update('\0');
    for (const document of documents) hash.update(JSON.stringify(document)).update('\n');
    return hash.digest('hex');
  }

  /** The search files stored under `key`, if any. */
  async readSearch(key: string): Promise<SearchOutputs | undefined> {
    const value = (await readSealed(path.join(this.dir, 'search.bin'), SEARCH_KIND)) as { key?: unknown; outputs?: SearchOutputs } | undefined;
    return value && value.key === key && value.outputs && Array.isArray(value.outputs.files) ? value.outputs : undefined;
  }

  /** Stores the search files of `key` (replacing the previous ones). */
  async writeSearch(key: string, outputs: SearchOutputs): Promise<void> {
    await writeSealed(path.join(this.dir, 'search.bin'), SEARCH_KIND, { key, outputs });
  }
}
