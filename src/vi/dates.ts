/**
 * Dates as ward bulletins write them, read and shown in an explicit IANA time zone, never the machine's.
 */

/** The date forms an editor may write, for hints in error messages. */
export const ACCEPTED_DATE_FORMS = ['2020-09-25 21:01', '2020-09-25', '25/09/2020 21:01', '25/09/2020', '2020-09-25T21:01:00+07:00'];

/** Calendar fields of a wall-clock time. */
interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The outcome of reading a date: the instant, or why it could not be read. */
export type ParsedDate = { ok: true; date: Date } | { ok: false; reason: 'format' | 'invalid' };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether `timeZone` is an IANA zone name this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Wall-clock times already worked out, by zone and instant: `Intl` takes tens of microseconds per call. */
const wallTimes = new Map<string, Map<number, WallTime>>();

/** Instants remembered per zone before the memory is cleared. */
const WALL_TIMES_KEPT = 100_000;

/** The wall-clock time of `date` in `timeZone`. */
export function wallTime(date: Date, timeZone: string): WallTime {
  let known = wallTimes.get(timeZone);
  if (!known) wallTimes.set(timeZone, (known = new Map()));
  const at = date.getTime();
  let time = known.get(at);
  if (!time) {
    const parts: Record<string, number> = {};
    for (const part of formatter(timeZone).formatToParts(date)) {
      if (part.type !== 'literal') parts[part.type] = Number(part.value);
    }
    time = { year: parts['year']!, month: parts['month']!, day: parts['day']!, hour: parts['hour']!, minute: parts['minute']!, second: parts['second']! };
    if (known.size >= WALL_TIMES_KEPT) known.clear();
    known.set(at, time);
  }
  return { ...time };
}

function utcOf(t: WallTime): number {
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
}

/** The instant at which the clocks of `timeZone` show `t` (the earlier one when a DST change makes it ambiguous). */
function fromWallTime(t: WallTime, timeZone: string): Date {
  const guess = utcOf(t);
  let instant = guess - (utcOf(wallTime(new Date(guess), timeZone)) - guess);
  // A second pass settles instants near an offset change.
  instant = guess - (utcOf(wallTime(new Date(instant), timeZone)) - instant);
  return new Date(instant);
}

function isRealDay(t: WallTime): boolean {
  const d = new Date(Date.UTC(t.year, t.month - 1, t.day));
  return (
    t.year >= 1900 &&
    d.getUTCFullYear() === t.year &&
    d.getUTCMonth() === t.month - 1 &&
    d.getUTCDate() === t.day &&
    t.hour < 24 &&
    t.minute < 60 &&
    t.second < 60
  );
}

const ISO_LOCAL = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const VIETNAMESE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const ISO_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Reads a front matter date. `2020-09-25 21:01`, `2020-09-25` and `25/09/2020 21:01` are wall-clock times in
 * `timeZone`; an ISO string with an offset (`2020-09-25T21:01:00+07:00`, `...Z`) is taken as given.
 */
export function parseDate(text: string, timeZone: string): ParsedDate {
  const value = text.trim();
  const offset = ISO_OFFSET.exec(value);
  if (offset) {
    const t = wallFrom(offset[1], offset[2], offset[3], offset[4], offset[5], offset[6]);
    if (!isRealDay(t)) return { ok: false, reason: 'invalid' };
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? { ok: false, reason: 'invalid' } : { ok: true, date };
  }
  const iso = ISO_LOCAL.exec(value);
  const vi = iso ? undefined : VIETNAMESE.exec(value);
  const t = iso
    ? wallFrom(iso[1], iso[2], iso[3], iso[4], iso[5], iso[6])
    : vi
      ? wallFrom(vi[3], vi[2], vi[1], vi[4], vi[5], vi[6])
      : undefined;
  if (!t) return { ok: false, reason: 'format' };
  if (!isRealDay(t)) return { ok: false, reason: 'invalid' };
  return { ok: true, date: fromWallTime(t, timeZone) };
}

function wallFrom(
  year: string | undefined,
  month: string | undefined,
  day: string | undefined,
  hour: string | undefined,
  minute: string | undefined,
  second: string | undefined,
): WallTime {
  return {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour ?? 0),
    minute: Number(minute ?? 0),
    second: Number(second ?? 0),
  };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `25/09/2020` in `timeZone`. */
export function formatDay(date: Date, timeZone: string): string {
  const t = wallTime(date, timeZone);
  return `${pad(t.day)}/${pad(t.month)}/${t.year}`;
}

/** `21:01` in `timeZone`. */
export function formatTime(date: Date, timeZone: string): string {
  const t = wallTime(date, timeZone);
  return `${pad(t.hour)}:${pad(t.minute)}`;
}

/** `2020-09-25 21:01` in `timeZone`: the form `bantin new` writes into front matter. */
export function formatFrontMatterDate(date: Date, timeZone: string): string {
  const t = wallTime(date, timeZone);
  return `${t.year}-${pad(t.month)}-${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)}`;
}

/** RFC 3339 with the zone's offset, e.g. `2020-09-25T21:01:00+07:00`, for `<time datetime>` and feeds. */
export function formatRfc3339(date: Date, timeZone: string): string {
  const t = wallTime(date, timeZone);
  const offsetMinutes = Math.round((utcOf(t) - Math.floor(date.getTime() / 1000) * 1000) / 60000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${t.year}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
