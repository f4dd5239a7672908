/**
 * Dates as old portals print them ("Ngày đăng 25/09/2020 | 21:01", "Cập nhật lúc 14h30 ngày 2/9/2015",
 * "Thứ Sáu, 25/09/2020 - 21:01", "ngày 25 tháng 9 năm 2020", `datetime="2020-09-25T21:01:00+07:00"`),
 * read into a wall-clock date and time in the site's time zone.
 */
import { parseDate, wallTime } from '../vi/dates.ts';

/** A calendar date with an optional time of day, as shown on the site (no time zone attached). */
export interface LocalDateTime {
  year: number;
  /** 1–12. */
  month: number;
  /** 1–31. */
  day: number;
  /** 0–23, absent when the page shows no time. */
  hour?: number;
  /** 0–59, absent when the page shows no time. */
  minute?: number;
}

/** What reading a date out of a text gave: a date, a date-like text that is no real date, or nothing. */
export type DateSearch =
  | { kind: 'found'; date: LocalDateTime; text: string }
  | { kind: 'invalid'; text: string; reason: string }
  | { kind: 'none' };

const DATE_PATTERNS: RegExp[] = [
  /(?<!\d)(?<day>\d{1,2})\s*[/.-]\s*(?<month>\d{1,2})\s*[/.-]\s*(?<year>\d{4})(?!\d)/u,
  /ngày\s+(?<day>\d{1,2})\s+tháng\s+(?<month>\d{1,2})\s+năm\s+(?<year>\d{4})/iu,
  /(?<!\d)(?<year>\d{4})-(?<month>\d{1,2})-(?<day>\d{1,2})(?!\d)/u,
];

// "21:01", "21h01", "21 giờ 01", "9:05 SA", "9:05 PM"; seconds are ignored.
const TIME = String.raw`(?<hour>\d{1,2})\s*(?::|h|giờ)\s*(?<minute>\d{2})(?::\d{2})?(?:\s*phút)?(?:\s*(?<half>AM|PM|SA|CH)\b)?`;
const TIME_AFTER = new RegExp(String.raw`^[\s|,(–—-]*(?:lúc\s*|vào\s*)?${TIME}`, 'iu');
const TIME_BEFORE = new RegExp(String.raw`${TIME}[\s|,)–—-]*(?:,?\s*ngày)?[\s|,]*(?:thứ\s+\S+|chủ\s+nhật)?[\s|,]*$`, 'iu');

// Words that introduce the publication date; a date after one of them wins over an earlier date.
const PUBLISHED_LABEL = /(ngày\s+đăng|đăng\s+ngày|đăng\s+lúc|ngày\s+xuất\s+bản|xuất\s+bản|ngày\s+phát\s+hành|posted|published)/iu;

/** Whether `year-month-day` names a real calendar day. */
export function isRealDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function hoursOf(hourText: string, half: string | undefined): number {
  let hour = Number(hourText);
  const h = half?.toUpperCase();
  if ((h === 'PM' || h === 'CH') && hour < 12) hour += 12;
  if ((h === 'AM' || h === 'SA') && hour === 12) hour = 0;
  return hour;
}

/**
 * Finds the publication date (and time, when one stands right before or after it) in a text such as a
 * byline. A date introduced by "Ngày đăng"/"Đăng ngày"/"Xuất bản" wins; otherwise the first date counts.
 * Years outside 1990–2100 are not taken for dates.
 */
export function findDateInText(text: string): DateSearch {
  const label = PUBLISHED_LABEL.exec(text);
  const searchFrom = label ? label.index : 0;
  const found = firstDate(text, searchFrom) ?? (searchFrom > 0 ? firstDate(text, 0) : undefined);
  if (!found) return { kind: 'none' };
  const { groups, index, length } = found;
  const year = Number(groups['year']);
  const month = Number(groups['month']);
  const day = Number(groups['day']);
  const dateText = text.slice(index, index + length);
  if (!isRealDay(year, month, day)) {
    return { kind: 'invalid', text: dateText, reason: `${dateText} is not a real day` };
  }
  const date: LocalDateTime = { year, month, day };
  const after = TIME_AFTER.exec(text.slice(index + length, index + length + 24));
  const before = TIME_BEFORE.exec(text.slice(Math.max(0, index - 40), index));
  const time = after?.groups ?? before?.groups;
  if (time) {
    const hour = hoursOf(time['hour'] ?? '', time['half']);
    const minute = Number(time['minute']);
    if (hour > 23 || minute > 59) {
      return { kind: 'invalid', text: dateText, reason: `${time['hour']}:${time['minute']} is not a time of day` };
    }
    date.hour = hour;
    date.minute = minute;
  }
  return { kind: 'found', date, text: dateText };
}

function firstDate(
  text: string,
  from: number,
): { groups: Record<string, string>; index: number; length: number } | undefined {
  let best: { groups: Record<string, string>; index: number; length: number } | undefined;
  const rest = text.slice(from);
  for (const pattern of DATE_PATTERNS) {
    const match = pattern.exec(rest);
    if (!match?.groups) continue;
    const year = Number(match.groups['year']);
    if (year < 1990 || year > 2100) continue;
    if (!best || match.index + from < best.index) {
      best = { groups: { ...match.groups } as Record<string, string>, index: match.index + from, length: match[0].length };
    }
  }
  return best;
}

/**
 * Reads a machine-readable date (`datetime`/`content` attribute: "2020-09-25", "2020-09-25T21:01",
 * "2020-09-25T14:01:00Z", "2020-09-25T21:01:00+07:00"). A value with an offset is shown in `timezone`;
 * one without is taken as already local. Returns undefined for anything else.
 */
export function dateFromIso(value: string, timezone: string): LocalDateTime | undefined {
  if (!/^\s*\d{4}-\d{2}-\d{2}(?:[T ]|\s*$)/u.test(value)) return undefined;
  const parsed = parseDate(value, timezone);
  if (!parsed.ok) return undefined;
  const { year, month, day, hour, minute } = wallTime(parsed.date, timezone);
  return /\d[T ]\d{1,2}:\d{2}/u.test(value) ? { year, month, day, hour, minute } : { year, month, day };
}

/** Writes a date as front matter wants it: "2020-09-25 21:01", or "2020-09-25" when the page showed no time. */
export function formatLocalDateTime(date: LocalDateTime): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  const day = `${date.year}-${pad(date.month)}-${pad(date.day)}`;
  return date.hour === undefined ? day : `${day} ${pad(date.hour)}:${pad(date.minute ?? 0)}`;
}
