/** Vietnamese text: slugs, tone folding, collation, dates in a time zone. */
import { describe, expect, it } from 'vitest';
import { compareVietnamese, foldTones, nfc } from '../../src/vi/text.ts';
import { isSlug, slugify } from '../../src/vi/slugify.ts';
import { formatDay, formatFrontMatterDate, formatRfc3339, formatTime, parseDate } from '../../src/vi/dates.ts';

describe('slugify', () => {
  it.each([
    ['Tin tức - Sự kiện', 'tin-tuc-su-kien'],
    ['Công tác đảng', 'cong-tac-dang'],
    ['ĐẢNG ỦY PHƯỜNG Đồng Tâm', 'dang-uy-phuong-dong-tam'],
    ['Văn hóa – Xã hội', 'van-hoa-xa-hoi'],
    ['Thông tri số 06-TT/QU ngày 02/3/2016', 'thong-tri-so-06-tt-qu-ngay-02-3-2016'],
    ['  “Dân biết, dân bàn”  ', 'dan-biet-dan-ban'],
  ])('%s → %s', (input, slug) => {
    expect(slugify(input)).toBe(slug);
    expect(slugify(input.normalize('NFD'))).toBe(slug);
    expect(isSlug(slug)).toBe(true);
  });

  it('rejects what is not a slug', () => {
    for (const bad of ['Công-tác', 'a--b', '-a', 'a b', 'A']) expect(isSlug(bad)).toBe(false);
  });
});

describe('text', () => {
  it('normalises to NFC and drops a byte order mark', () => {
    const nfd = '\ufeffĐảng ủy'.normalize('NFD');
    expect(nfc(nfd)).toBe('Đảng ủy');
    expect(nfc(nfd).length).toBe(7);
  });

  it('folds tones and đ', () => {
    expect(foldTones('Công Tác ĐẢNG')).toBe('cong tac dang');
    expect(foldTones('Công tác đảng'.normalize('NFD'))).toBe('cong tac dang');
  });

  it('collates in Vietnamese alphabetical order', () => {
    const words = ['đ', 'ă', 'b', 'â', 'd', 'a', 'ơ', 'o', 'ô'];
    expect([...words].sort(compareVietnamese)).toEqual(['a', 'ă', 'â', 'b', 'd', 'đ', 'o', 'ô', 'ơ']);
  });
});

describe('dates', () => {
  const HCM = 'Asia/Ho_Chi_Minh';
  it.each([
    ['2020-09-25 21:01', '2020-09-25T14:01:00.000Z'],
    ['2020-09-25T21:01', '2020-09-25T14:01:00.000Z'],
    ['2020-09-25', '2020-09-24T17:00:00.000Z'],
    ['25/09/2020 21:01', '2020-09-25T14:01:00.000Z'],
    ['5/9/2020', '2020-09-04T17:00:00.000Z'],
    ['2020-09-25T21:01:00+07:00', '2020-09-25T14:01:00.000Z'],
    ['2020-09-25T14:01:00Z', '2020-09-25T14:01:00.000Z'],
  ])('reads %s as local Vietnam time unless an offset is given', (input, iso) => {
    const result = parseDate(input, HCM);
    expect(result.ok && result.date.toISOString()).toBe(iso);
  });

  it('reads the same wall time differently in UTC', () => {
    const utc = parseDate('2020-09-25 21:01', 'UTC');
    expect(utc.ok && utc.date.toISOString()).toBe('2020-09-25T21:01:00.000Z');
  });

  it.each(['31/02/2022', '2022-02-30', '2020-13-01', '2020-01-01 24:00', '29/02/2021'])('rejects the impossible %s', (input) => {
    expect(parseDate(input, HCM)).toEqual({ ok: false, reason: 'invalid' });
  });

  it.each(['hôm qua', '2020/09/25', '25-09-2020', '', '20200925'])('rejects the unreadable %s', (input) => {
    expect(parseDate(input, HCM)).toEqual({ ok: false, reason: 'format' });
  });

  it('accepts 29 February of a leap year', () => {
    expect(parseDate('29/02/2024', HCM).ok).toBe(true);
  });

  it('shows an instant in the site time zone, across midnight', () => {
    const instant = new Date('2020-09-25T17:30:00Z');
    expect(`${formatDay(instant, HCM)} | ${formatTime(instant, HCM)}`).toBe('26/09/2020 | 00:30');
    expect(`${formatDay(instant, 'UTC')} | ${formatTime(instant, 'UTC')}`).toBe('25/09/2020 | 17:30');
    expect(formatRfc3339(instant, HCM)).toBe('2020-09-26T00:30:00+07:00');
    expect(formatRfc3339(instant, 'UTC')).toBe('2020-09-25T17:30:00+00:00');
    expect(formatFrontMatterDate(instant, HCM)).toBe('2020-09-26 00:30');
  });

  it('handles zones with daylight saving time', () => {
    const result = parseDate('2021-07-01 12:00', 'Europe/Berlin');
    expect(result.ok && result.date.toISOString()).toBe('2021-07-01T10:00:00.000Z');
    expect(formatRfc3339(new Date('2021-07-01T10:00:00Z'), 'Europe/Berlin')).toBe('2021-07-01T12:00:00+02:00');
  });
});
