/**
 * User-facing problems as VFile messages: a true position, a stable rule id and a hint. Errors fail the build,
 * warnings are shown and let it pass.
 */
import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';

/** A 1-based line and column in a source file. */
export interface Point {
  line: number;
  column: number;
}

/** What a message says besides its text. */
export interface MessageOptions {
  /** Where in the file; omitted for whole-file problems (reported at 1:1). */
  place?: Point | undefined;
  /** Stable id, e.g. "date-invalid"; documented in the README. */
  ruleId: string;
  /** A hint: what is expected or how to fix it. */
  note?: string | undefined;
}

function add(file: VFile, reason: string, options: MessageOptions, fatal: boolean): VFileMessage {
  const message = file.message(reason, { place: options.place ?? { line: 1, column: 1 }, ruleId: options.ruleId, source: 'bantin' });
  message.fatal = fatal;
  if (options.note) message.note = options.note;
  return message;
}

/** Records an error on `file`: the build goes on collecting, then fails. */
export function error(file: VFile, reason: string, options: MessageOptions): VFileMessage {
  return add(file, reason, options, true);
}

/** Records a warning on `file`: shown, but the build succeeds. */
export function warn(file: VFile, reason: string, options: MessageOptions): VFileMessage {
  return add(file, reason, options, false);
}

/** Whether any of `files` carries an error. */
export function hasErrors(files: Iterable<VFile>): boolean {
  for (const file of files) if (file.messages.some((m) => m.fatal === true)) return true;
  return false;
}
