/**
 * The I/O edge of the build: writes `OutputFile[]` into a fresh folder beside the output folder, then swaps it
 * in. A build that fails before the swap leaves the previous output untouched. Files whose bytes did not change
 * are hard-linked from the previous output, so their modification times stay (rsync and CDN uploads stay small).
 *
 * `OutputWriter` does the same file by file, for a build that streams its pages: writes run a few dozen at a time
 * while the next pages render, and with the record of the previous build (`OutputRecord`) an unchanged file is
 * recognised by its key, without rendering or reading it. Then, as long as few files changed, the changed ones are
 * held in memory and, once the whole site has rendered, written in place (each to a temporary name, then renamed
 * over the old one) and the files the site no longer has removed: an edit costs a few writes, not a new folder of
 * thousands of links. A changed file whose bytes the last build wrote at another path is linked from there. A
 * failed build has written nothing at that point. When nothing changed at all, the output folder is left as it is.
 * Without a record (a first build, `--no-cache`), the folder is listed and each file compared with the one in
 * place, so a build over an unchanged output writes nothing there either; files the build did not make are
 * removed, so the folder holds exactly the site.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { link, mkdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { OutputFile } from '../types.ts';
import { mapLimited } from '../parallel/limited.ts';


/** Whether an output file is text: given as a string, or as bytes flagged as UTF-8 text. */
export function isTextFile(file: OutputFile): boolean {
  return typeof file.contents === 'string' || file.text === true;
}

/** What the writer did. */
export interface WriteReport {
  /** Files written with new bytes. */
  written: number;
  /** Files kept from the previous output because their bytes were the same. */
  unchanged: number;
}

/** What the previous build wrote at one path: the key of its bytes and how the file looked on disk after. */
export interface RecordedFile {
  /** A page key (see `pageKey`) or `#` + the SHA-256 of the bytes. */
  key: string;
  size: number;
  mtimeMs: number;
  ino: number;
  /** Whether the build had it as text (a string) rather than bytes. */
  text?: boolean;
}

/** The files a build wrote into its output folder, by path; the next build's writer trusts it when files match. */
export type OutputRecord = Map<string, RecordedFile>;

/** How an `OutputWriter` works. */
export interface WriterOptions {
  /** What the last build recorded for this folder: unchanged files are then recognised by their keys. */
  previous?: OutputRecord | undefined;
  /** Fill `record` for the next build (implied by `previous`). */
  record?: boolean | undefined;
  /** Most changed files and bytes held for an update in place (default 20,000 files, 64 MB); beyond, a new folder. */
  hold?: { files: number; bytes: number } | undefined;
}

/**
 * A changed file on its way into the output folder: its bytes, or `from`, a file of the folder the previous build
 * recorded with the same key, hence the same bytes, which is linked rather than written again.
 */
type Held = { rel: string; key: string; text: boolean } & ({ bytes: Uint8Array } | { from: string });

/** Files written or linked at the same time. */
const CONCURRENCY = 32;

/** Most changed files (and bytes) held for an update in place; beyond, a new folder is written. */
const HOLD = { files: 20_000, bytes: 64 * 1024 * 1024 };

/** The key of bytes that are not a page: their hash. */
export function contentKey(bytes: Uint8Array): string {
  return `#${createHash('sha256').update(bytes).digest('hex')}`;
}

function bytesOf(contents: string | Uint8Array): Uint8Array {
  return typeof contents === 'string' ? Buffer.from(contents) : contents;
}

/**
 * The files (and links) under `dir` by path relative to it, or undefined when it is not a folder. Walked
 * synchronously, folder by folder: one asynchronous call per folder (a site has one per page) would queue behind
 * whatever else holds the thread pool, such as the persistent cache being written, and Node's recursive listing
 * makes an object per entry with its full path.
 */
function listFiles(dir: string): Set<string> | undefined {
  const found = new Set<string>();
  const walk = (folder: string, prefix: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const rel = `${prefix}${entry.name}`;
      if (entry.isDirectory()) walk(path.join(folder, entry.name), `${rel}/`);
      else found.add(rel);
    }
  };
  try {
    walk(dir, '');
  } catch {
    return undefined;
  }
  return found;
}

/**
 * Whether `file` is as a build recorded it: same size, modification time and inode. Checked synchronously: a `stat`
 * answered from the inode cache costs a few microseconds, the promise around an asynchronous one several times
 * that, and a site has tens of thousands of files.
 */
function asRecorded(file: string, known: RecordedFile): boolean {
  try {
    const info = statSync(file);
    return info.size === known.size && info.mtimeMs === known.mtimeMs && info.ino === known.ino;
  } catch {
    return false;
  }
}

/** Scratch space of {@link sameBytes}, grown to the largest file compared. */
let scratch = Buffer.allocUnsafe(1 << 16);

/**
 * Whether `file` holds exactly `contents`. Read synchronously into one reused buffer: the files compared are this
 * site's previous output, mostly in the page cache, and a read there costs a fraction of the promise and file
 * handle machinery around an asynchronous one (tens of thousands of files per build).
 */
function sameBytes(file: string, contents: Uint8Array): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    // One byte more than expected tells a longer file.
    const want = contents.byteLength + 1;
    if (scratch.length < want) scratch = Buffer.allocUnsafe(Math.max(want, scratch.length * 2));
    let got = 0;
    for (let n = -1; n !== 0 && got < want; got += n) n = readSync(fd, scratch, got, want - got, got);
    return got === contents.byteLength && scratch.subarray(0, got).equals(contents);
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}

/** Writes one output folder, file by file. Open with `OutputWriter.open`, then `commit()` or `abort()`. */
export class OutputWriter {
  readonly report: WriteReport = { written: 0, unchanged: 0 };
  /** What this build wrote, to be handed to the next one. */
  readonly record: OutputRecord = new Map();
  private readonly target: string;
  private temp: string | undefined;
  private readonly dirs = new Map<string, Promise<unknown>>();
  private readonly running = new Set<Promise<void>>();
  private failure: unknown;
  /** Unchanged paths seen while the writer may still update the folder in place (see the module comment). */
  private deferred: string[] | undefined;
  /** Changed files held for an update in place, and their size. */
  private readonly pending: Held[] = [];
  private pendingBytes = 0;

  /** A path of the previous output by key (see `recordedWith`), made when first needed. */
  private byKey: Map<string, string> | undefined;

  /** Set when more changes came than can be held: the next write starts a new folder. */
  private overflow = false;
  /** Every path this build wrote or kept. */
  private readonly produced = new Set<string>();

  private readonly previous: OutputRecord | undefined;
  private readonly recording: boolean;

  private constructor(
    out: string,
    private readonly options: WriterOptions,
    /** The files the folder holds, when there is no record of the previous build but a folder. */
    private readonly present?: Set<string>,
  ) {
    this.target = path.resolve(out);
    this.previous = options.previous;
    this.recording = options.record === true || options.previous !== undefined;
    // What the folder holds is known from the record, else from listing it: changes can be held for an update in
    // place. A folder that does not exist yet is written fresh.
    if (this.previous || present) this.deferred = [];
  }

  /** A writer for the folder `out`. */
  static async open(out: string, options: WriterOptions = {}): Promise<OutputWriter> {
    const present = options.previous ? undefined : listFiles(path.resolve(out));
    const writer = new OutputWriter(out, options, present);
    if (!writer.deferred) await writer.startFolder();
    return writer;
  }

  private async startFolder(): Promise<string> {
    if (this.temp) return this.temp;
    this.temp = `${this.target}.tmp-${process.pid}-${Date.now().toString(36)}`;
    await rm(this.temp, { recursive: true, force: true });
    await mkdir(this.temp, { recursive: true });
    const deferred = this.deferred ?? [];
    this.deferred = undefined;
    // Counted as unchanged when they were seen.
    for (const p of deferred) await this.schedule(() => this.linkPrevious(p, false));
    for (const file of this.pending.splice(0)) await this.schedule(() => this.writeNew(file));
    this.pendingBytes = 0;
    return this.temp;
  }

  private ensureDir(dir: string): Promise<unknown> {
    let made = this.dirs.get(dir);
    if (!made) this.dirs.set(dir, (made = mkdir(dir, { recursive: true })));
    return made;
  }

  /** Runs `task` once fewer than `CONCURRENCY` tasks are running; resolves when it has started. */
  private async schedule(task: () => Promise<void>): Promise<void> {
    if (this.failure) throw this.failure;
    while (this.running.size >= CONCURRENCY) await Promise.race(this.running);
    const run = task().catch((cause: unknown) => {
      this.failure ??= cause;
    });
    const tracked = run.finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }

  /** Hard-links the previous file at `rel` into the new folder (or writes its bytes when links are refused). */
  private async linkPrevious(rel: string, counted: boolean): Promise<void> {
    const next = path.join(this.temp!, rel);
    await this.ensureDir(path.dirname(next));
    const previous = path.join(this.target, rel);
    try {
      await link(previous, next);
    } catch {
      // Hard links can be refused (another file system, permissions): copy the bytes instead.
      await writeFile(next, await readFile(previous));
    }
    if (counted) this.report.unchanged++;
  }

  private remember(rel: string, key: string, file: string, text: boolean): void {
    // Synchronous for the reason `sameBytes` is.
    const info = statSync(file);
    this.record.set(rel, { key, size: info.size, mtimeMs: info.mtimeMs, ino: info.ino, text });
  }

  /** Whether the previous build wrote `rel` with `key` and the file is still as it left it. */
  private async intact(rel: string, key: string): Promise<RecordedFile | undefined> {
    const known = this.previous?.get(rel);
    if (!known || known.key !== key) return undefined;
    return asRecorded(path.join(this.target, rel), known) ? known : undefined;
  }

  /** Whether the last build recorded `rel` with `key` (without looking at the file). */
  recorded(rel: string, key: string): boolean {
    return this.previous?.get(rel)?.key === key;
  }

  /**
   * Keeps the previous files `[path, key][]` when the last build wrote each with its key and none was touched
   * since; otherwise does nothing and returns false, and the caller renders and writes them.
   */
  async reuse(entries: readonly (readonly [string, string])[]): Promise<boolean> {
    const known: RecordedFile[] = [];
    for (const [rel, key] of entries) {
      const found = await this.intact(rel, key);
      if (!found) return false;
      known.push(found);
    }
    for (const [i, [rel]] of entries.entries()) {
      this.produced.add(rel);
      this.record.set(rel, known[i]!);
      if (this.deferred) {
        this.deferred.push(rel);
        this.report.unchanged++;
      } else {
        await this.schedule(() => this.linkPrevious(rel, true));
      }
    }
    return true;
  }

  /** Writes `file`, or keeps the previous one when its bytes are the same. `key` defaults to the bytes' hash. */
  async write(file: OutputFile, key?: string): Promise<void> {
    const bytes = bytesOf(file.contents);
    const fileKey = key ?? (this.recording ? contentKey(bytes) : '');
    const text = isTextFile(file);
    if (this.previous && (await this.reuse([[file.path, fileKey]]))) return;
    this.produced.add(file.path);
    // Too many changes to hold: write a new folder after all.
    if (this.overflow) await this.startFolder();
    if (this.deferred) {
      // Compared with the file in place at once: the read is synchronous (see `sameBytes`), so there is nothing to
      // wait for, and queueing it would only cost the promises around it.
      this.holdOrKeep(file.path, bytes, fileKey, text);
      return;
    }
    await this.startFolder();
    await this.schedule(() => this.writeNew({ rel: file.path, bytes, key: fileKey, text }));
  }

  /**
   * A path at which the previous build wrote a file with `key`, still as it left it: the writer's record holds that
   * equal keys mean equal bytes (a page key names everything the page shows, other keys hash the bytes). A new
   * index's files often have the bytes of the last one's under other names (its folder is named by its version;
   * an article added renumbers the fragments): they are linked from there instead of written, which costs a
   * fraction of creating a file.
   */
  private recordedWith(key: string): string | undefined {
    if (!this.previous) return undefined;
    if (!this.byKey) {
      this.byKey = new Map();
      for (const [rel, known] of this.previous) if (!this.byKey.has(known.key)) this.byKey.set(known.key, rel);
    }
    const rel = this.byKey.get(key);
    return rel !== undefined && asRecorded(path.join(this.target, rel), this.previous.get(rel)!) ? rel : undefined;
  }

  /** For an update in place: keeps the file in place when its bytes are the same, else holds the new bytes. */
  private holdOrKeep(rel: string, bytes: Uint8Array, key: string, text: boolean): void {
    if (sameBytes(path.join(this.target, rel), bytes)) {
      this.deferred!.push(rel);
      this.report.unchanged++;
      if (this.recording) this.remember(rel, key, path.join(this.target, rel), text);
      return;
    }
    const from = this.recordedWith(key);
    if (from !== undefined) {
      this.pending.push({ rel, key, text, from });
    } else {
      this.pending.push({ rel, bytes, key, text });
      this.pendingBytes += bytes.byteLength;
    }
    const hold = this.options.hold ?? HOLD;
    if (this.pending.length > hold.files || this.pendingBytes > hold.bytes) this.overflow = true;
  }

  /** Writes one file into the new folder, or links the previous one when its bytes are the same. */
  private async writeNew(file: Held): Promise<void> {
    const { rel, key, text } = file;
    const next = path.join(this.temp!, rel);
    await this.ensureDir(path.dirname(next));
    if ('bytes' in file && sameBytes(path.join(this.target, rel), file.bytes)) {
      await this.linkPrevious(rel, true);
    } else {
      const from = 'from' in file ? file.from : this.recordedWith(key);
      await this.make(from === undefined ? file : { ...file, from }, next);
      this.report.written++;
    }
    if (this.recording) this.remember(rel, key, next, text);
  }

  /**
   * Makes the file `at` (which must not exist) with the bytes of `file`: a link to its `from` in the output folder,
   * else a new file. Refused links (another file system, a path taken) fall back to the bytes.
   */
  private async make(file: Held, at: string): Promise<void> {
    if ('from' in file) {
      const from = path.join(this.target, file.from);
      try {
        await link(from, at);
        return;
      } catch {
        await writeFile(at, await readFile(from), { flag: 'wx' });
        return;
      }
    }
    await writeFile(at, file.bytes, { flag: 'wx' });
  }

  /**
   * Applies the held changes to the output folder in place, and removes the files the site no longer has. First
   * every file is made: at paths the folder did not hold, in place (nothing in the folder links to them yet); for
   * changed files, under a temporary name beside each. Then the changed files are replaced, each by renaming its
   * complete new version over it. A reader of the folder meanwhile finds every file it is sent to, and since no
   * file of the folder changes before the last is made, a file linked from another (see `recordedWith`) gets the
   * bytes that one had. Creating a file costs this kind of disk most of a millisecond, a rename or a link a
   * fraction of that, and a changed search index is thousands of files.
   */
  private async updateInPlace(): Promise<WriteReport> {
    const held: { has(rel: string): boolean } = this.previous ?? this.present ?? new Set();
    const temp = (rel: string): string => `${path.join(this.target, rel)}.tmp-${process.pid}`;
    const fresh = this.pending.filter((file) => !held.has(file.rel));
    const changed = this.pending.filter((file) => held.has(file.rel));
    const done = (file: Held): void => {
      this.report.written++;
      if (this.recording) this.remember(file.rel, file.key, path.join(this.target, file.rel), file.text);
    };
    await mapLimited(fresh, CONCURRENCY, async (file) => {
      const target = path.join(this.target, file.rel);
      await this.ensureDir(path.dirname(target));
      try {
        await this.make(file, target);
      } catch (cause) {
        // A file the folder holds without the build knowing it: replaced whole, like a changed one.
        if ((cause as NodeJS.ErrnoException).code !== 'EEXIST') throw cause;
        changed.push(file);
        return;
      }
      done(file);
    });
    await mapLimited(changed, CONCURRENCY, async (file) => {
      await rm(temp(file.rel), { force: true });
      await this.ensureDir(path.dirname(temp(file.rel)));
      await this.make(file, temp(file.rel));
    });
    await mapLimited(changed, CONCURRENCY, async (file) => {
      await rename(temp(file.rel), path.join(this.target, file.rel));
      done(file);
    });
    const gone = [...(this.previous?.keys() ?? this.present ?? [])].filter((rel) => !this.produced.has(rel));
    await mapLimited(gone, CONCURRENCY, (rel) => rm(path.join(this.target, rel), { force: true }));
    // Folders left empty by removed pages go too, deepest first.
    const folders = [...new Set(gone.flatMap((rel) => rel.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))))];
    for (const folder of folders.sort((a, b) => b.length - a.length)) {
      await rmdir(path.join(this.target, folder)).catch(() => undefined);
    }
    return this.report;
  }

  /**
   * Waits for every write, then swaps the new folder in; or, when the writer could hold the changes, updates the
   * folder in place (or leaves it alone when nothing changed).
   */
  async commit(): Promise<WriteReport> {
    await Promise.all(this.running);
    if (this.failure) {
      await this.abort();
      throw this.failure;
    }
    if (this.deferred && !this.overflow) return this.updateInPlace();
    const temp = await this.startFolder();
    await Promise.all(this.running);
    if (this.failure) {
      await this.abort();
      throw this.failure;
    }
    const old = `${this.target}.old-${process.pid}-${Date.now().toString(36)}`;
    let hadPrevious = true;
    try {
      await rename(this.target, old);
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== 'ENOENT') throw cause;
      hadPrevious = false;
    }
    await mkdir(path.dirname(this.target), { recursive: true });
    await rename(temp, this.target);
    if (hadPrevious) await rm(old, { recursive: true, force: true });
    return this.report;
  }

  /** Drops the new folder; the previous output stays as it was. */
  async abort(): Promise<void> {
    await Promise.allSettled(this.running);
    if (this.temp) await rm(this.temp, { recursive: true, force: true });
  }
}

/** Whether every file of `record` is in the folder `out` as recorded (size, modification time, inode). */
export async function recordIntact(out: string, record: OutputRecord): Promise<boolean> {
  const target = path.resolve(out);
  for (const [rel, known] of record) if (!asRecorded(path.join(target, rel), known)) return false;
  return true;
}

/** Replaces the folder `out` by exactly `files`. */
export async function writeOutput(out: string, files: OutputFile[]): Promise<WriteReport> {
  const writer = await OutputWriter.open(out);
  try {
    for (const file of files) await writer.write(file);
  } catch (cause) {
    await writer.abort();
    throw cause;
  }
  return writer.commit();
}
