/**
 * Formats VFile messages the way compilers do, one problem a line, so editors and CI annotate them:
 * `content/x.md:4:7: error: Unexpected date "31/02/2022", expected ... [date-invalid]`, then an indented hint.
 */
import type { VFile } from 'vfile';
import { compareMessage } from 'vfile-sort';

/** Counts of messages across files. */
export interface MessageCounts {
  errors: number;
  warnings: number;
}

/** Counts errors and warnings over `files`. */
export function countMessages(files: Iterable<VFile>): MessageCounts {
  const counts = { errors: 0, warnings: 0 };
  for (const file of files) for (const m of file.messages) m.fatal === true ? counts.errors++ : counts.warnings++;
  return counts;
}

/** One line per message (plus its hint), sorted by file then position; empty string when there is nothing to say. */
export function formatMessages(files: Iterable<VFile>, options: { color?: boolean } = {}): string {
  const paint = (code: string, text: string): string => (options.color ? `\u001b[${code}m${text}\u001b[39m` : text);
  const lines: string[] = [];
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const file of sorted) {
    for (const m of [...file.messages].sort(compareMessage)) {
      const severity = m.fatal === true ? paint('31', 'error') : paint('33', 'warning');
      const where = `${file.path}:${m.line ?? 1}:${m.column ?? 1}`;
      lines.push(`${where}: ${severity}: ${m.reason}${m.ruleId ? ` [${m.ruleId}]` : ''}`);
      if (m.note) lines.push(`  hint: ${m.note}`);
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
