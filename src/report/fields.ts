/**
 * Typed reads of YAML mappings (config, front matter) that report every wrong field at its position instead of
 * throwing, so one run lists all problems.
 */
import type { VFile } from 'vfile';
import { closest } from 'fastest-levenshtein';
import { error } from './messages.ts';
import type { YamlSource } from './yaml-place.ts';

type Key = (string | number)[];

/** Reads fields of one YAML mapping, reporting problems on its file. */
export class FieldReader {
  /**
   * @param file Where messages go.
   * @param source The parsed YAML, for positions.
   * @param record The mapping to read (already known to be an object).
   * @param prefix Key path of `record` inside the document (empty for the top level).
   */
  constructor(
    readonly file: VFile,
    readonly source: YamlSource,
    readonly record: Record<string, unknown>,
    readonly prefix: Key = [],
  ) {}

  /** Reports an error about field `key` (or a deeper path) at its value. */
  fail(key: Key, reason: string, ruleId: string, note?: string): void {
    error(this.file, reason, { place: this.source.place([...this.prefix, ...key]), ruleId, note });
  }

  /** The dotted name of a field, for messages: "categories[2].name". */
  name(key: string): string {
    return [...this.prefix, key].reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
  }

  /** Reports keys not in `allowed`, suggesting the closest allowed one. */
  rejectUnknown(allowed: readonly string[], what: string): void {
    for (const key of Object.keys(this.record)) {
      if (allowed.includes(key)) continue;
      error(this.file, `Unknown ${what} field "${this.name(key)}"`, {
        place: this.source.place([...this.prefix, key], 'key'),
        ruleId: 'field-unknown',
        note: `Did you mean "${closest(key, [...allowed])}"? Known fields: ${allowed.join(', ')}.`,
      });
    }
  }

  /** A non-empty string (numbers are accepted and turned into text, since YAML reads `2020` as a number). */
  string(key: string, options: { required?: boolean; example?: string } = {}): string | undefined {
    const value = this.record[key];
    if (value === undefined || value === null) {
      if (options.required) {
        error(this.file, `Missing required field "${this.name(key)}"`, {
          place: this.source.place(this.prefix),
          ruleId: 'field-missing',
          note: options.example ? `Add a line such as: ${key}: ${options.example}` : undefined,
        });
      }
      return undefined;
    }
    if (typeof value === 'number') return String(value);
    if (typeof value !== 'string' || value.trim() === '') {
      this.fail([key], `Field "${this.name(key)}" must be a non-empty text, got ${describe(value)}`, 'field-type', options.example ? `For example: ${key}: ${options.example}` : undefined);
      return undefined;
    }
    return value.trim();
  }

  /** A list of strings; a single string is taken as a list of one. */
  stringList(key: string): string[] {
    const value = this.record[key];
    if (value === undefined || value === null) return [];
    if (typeof value === 'string') return value.trim() ? [value.trim()] : [];
    if (!Array.isArray(value)) {
      this.fail([key], `Field "${this.name(key)}" must be a list of texts, got ${describe(value)}`, 'field-type');
      return [];
    }
    const out: string[] = [];
    value.forEach((item: unknown, index) => {
      if (typeof item === 'string' && item.trim()) out.push(item.trim());
      else if (typeof item === 'number') out.push(String(item));
      else this.fail([key, index], `Item ${index + 1} of "${this.name(key)}" must be a non-empty text, got ${describe(item)}`, 'field-type');
    });
    return out;
  }

  /** A whole number ≥ `min`. */
  integer(key: string, options: { min?: number } = {}): number | undefined {
    const value = this.record[key];
    if (value === undefined || value === null) return undefined;
    const min = options.min ?? 0;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      this.fail([key], `Field "${this.name(key)}" must be a whole number of at least ${min}, got ${describe(value)}`, 'field-type');
      return undefined;
    }
    return value;
  }

  /** `true` or `false`. */
  boolean(key: string): boolean | undefined {
    const value = this.record[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') {
      this.fail([key], `Field "${this.name(key)}" must be true or false, got ${describe(value)}`, 'field-type');
      return undefined;
    }
    return value;
  }
}

/** A short description of a YAML value for messages: `a list`, `the number 3`, `"abc"`. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `"${value}"`;
  return `${typeof value === 'number' ? 'the number' : ''} ${String(value)}`.trim();
}

/** Whether `value` is a plain YAML mapping. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
