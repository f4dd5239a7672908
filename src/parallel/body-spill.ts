/**
 * Rendered bodies kept on disk during a build instead of in the main thread's heap. The thread that renders an
 * article (a worker or the main thread) appends its HTML and plain text, as UTF-8, to a file of its own in the
 * build's spill folder, and only where they are crosses to the main thread. The main thread's article then reads
 * them when a page, a feed or the search index asks for them (`html` and `text` become getters), one article at a
 * time: 10,000 articles' bodies (some 130 MB as JavaScript strings) never sit in memory together.
 *
 * The folder is a fresh one under the system's temporary folder (so `--no-cache` still writes nothing in the
 * site), removed when the build's article stage closes. The reader opens each file when it first meets it and
 * keeps the descriptor until the articles that need it are garbage, so a model returned by `build()` still reads
 * its bodies after the folder is gone.
 */
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { threadId } from 'node:worker_threads';

/** Where one article's body is: a spill file and the byte lengths of its HTML and text, stored one after the other. */
export interface SpilledBody {
  file: string;
  /** Byte offset of the HTML in the file; the text follows it. */
  at: number;
  /** Byte length of the HTML. */
  html: number;
  /** Byte length of the plain text. */
  text: number;
}

/**
 * Appends bodies to this thread's file of the spill folder `dir` (`<dir>/<thread>.bin`), for the duration of a
 * batch: `close()` when the batch is done, so that no descriptor outlives the build in a worker.
 */
export class SpillWriter {
  private readonly fd: number;
  private readonly file: string;
  /** Bytes in the file so far: where the next body goes. */
  private size: number;

  constructor(dir: string) {
    this.file = path.join(dir, `${threadId}.bin`);
    this.fd = openSync(this.file, 'a');
    this.size = fstatSync(this.fd).size;
  }

  /** Appends the HTML and text of one body and says where they are. */
  write(html: string, text: string): SpilledBody {
    const bytes = Buffer.from(html + text, 'utf8');
    const htmlBytes = Buffer.byteLength(html, 'utf8');
    const at = this.size;
    let done = 0;
    while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done);
    this.size += bytes.length;
    return { file: this.file, at, html: htmlBytes, text: bytes.length - htmlBytes };
  }

  /** Closes the file (the batch is done). */
  close(): void {
    closeSync(this.fd);
  }
}

const closeAll = new FinalizationRegistry<number[]>((fds) => {
  for (const fd of fds) {
    try {
      closeSync(fd);
    } catch {
      // Already closed.
    }
  }
});

/** The buffer reads go through (one per thread). */
let scratch = Buffer.allocUnsafe(1 << 16);

/** Reads spilled bodies back, and turns an article's `html` and `text` into readers of its spilled body. */
export class SpillReader {
  private readonly fds = new Map<string, number>();
  private readonly open: number[] = [];

  constructor() {
    closeAll.register(this, this.open, this);
  }

  private fd(file: string): number {
    let fd = this.fds.get(file);
    if (fd === undefined) {
      fd = openSync(file, 'r');
      this.fds.set(file, fd);
      this.open.push(fd);
    }
    return fd;
  }

  /** The HTML or the text of `body`. */
  read(body: SpilledBody, part: 'html' | 'text'): string {
    const length = part === 'html' ? body.html : body.text;
    if (length === 0) return '';
    // Read into one buffer kept for the purpose: the string is the only allocation a read makes.
    if (scratch.length < length) scratch = Buffer.allocUnsafe(Math.max(length, scratch.length * 2));
    const position = part === 'html' ? body.at : body.at + body.html;
    let done = 0;
    while (done < length) {
      const read = readSync(this.fd(body.file), scratch, done, length - done, position + done);
      if (read === 0) throw new Error(`Spilled body cut short in ${body.file}`);
      done += read;
    }
    return scratch.toString('utf8', 0, length);
  }

  /**
   * Makes the `parts` of `target` (an article's `html` and `text`, a search document's `text`) read `body` whenever
   * they are read: enumerable getters, so copies and the persistent cache see the strings; replaceable through
   * `defineProperty`, not by assignment. The file is opened now.
   */
  attach<T extends object>(target: T, body: SpilledBody, parts: readonly ('html' | 'text')[] = ['html', 'text']): T {
    this.fd(body.file);
    for (const part of parts) {
      Object.defineProperty(target, part, { get: () => this.read(body, part), enumerable: true, configurable: true });
    }
    spilled.set(target, { body, read: (part) => this.read(body, part) });
    return target;
  }

  /** Closes the files now (a reader that is used up; the others close theirs when they are garbage). */
  close(): void {
    closeAll.unregister(this);
    for (const fd of this.open.splice(0)) closeSync(fd);
    this.fds.clear();
  }
}

/** A spilled body as an article or document that reads it knows it. */
export interface Spilled {
  body: SpilledBody;
  read(part: 'html' | 'text'): string;
}

const spilled = new WeakMap<object, Spilled>();

/** The spilled body that `target` reads (see {@link SpillReader.attach}), if it does. */
export function spilledOf(target: object): Spilled | undefined {
  return spilled.get(target);
}

/** Whether `target` reads its body from a spill. */
export function isSpilled(target: object): boolean {
  return spilled.has(target);
}

/**
 * A shallow copy of `object` with `key` set to `value`, as `{ ...object, [key]: value }` gives, except that a
 * spilled body stays spilled (its getters are copied, not called).
 */
export function copyWith<T extends object, K extends keyof T>(object: T, key: K, value: T[K]): T {
  if (!isSpilled(object)) return { ...object, [key]: value };
  const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(object)) as T;
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  spilled.set(copy, spilled.get(object)!);
  return copy;
}

/** The spill folder of one build. */
export class BodySpill {
  readonly reader = new SpillReader();

  private constructor(readonly dir: string) {}

  /** Creates a fresh folder under the system's temporary folder. */
  static async create(): Promise<BodySpill> {
    return new BodySpill(await mkdtemp(path.join(tmpdir(), 'bantin-bodies-')));
  }

  /**
   * Removes the folder; bodies already attached stay readable through their open descriptors. Where open files
   * cannot be removed (Windows), the folder is left to the system's temporary-file cleaning, never failing a build.
   */
  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true }).catch(() => undefined);
  }
}
