import { parseIsoDateTime, type IsoDateResult } from '../iso-date';

const ZERO = 48;

function digits(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * The instant of an audit record's `CreationTime`, as `2026-03-02T08:00:00.000Z`.
 *
 * The Management Activity API writes UTC without an offset (`2026-03-02T08:00:00`, sometimes
 * with a fraction of up to 7 digits). That shape is read here character by character, because
 * this runs once per record on the ingestion hot path and a `Date` round trip costs more than
 * the rest of the normalization. Anything else (an explicit `Z` or offset, a date alone) goes
 * through the general ISO 8601 reader, which also produces the error message; impossible
 * calendar values are refused either way, never rolled over.
 */
export function parseAuditCreationTime(text: string): IsoDateResult {
  const n = text.length;
  if (
    n >= 19 &&
    text.charCodeAt(4) === 45 /* - */ &&
    text.charCodeAt(7) === 45 &&
    text.charCodeAt(10) === 84 /* T */ &&
    text.charCodeAt(13) === 58 /* : */ &&
    text.charCodeAt(16) === 58
  ) {
    const year = digits(text, 0, 4);
    const month = digits(text, 5, 7);
    const day = digits(text, 8, 10);
    const hour = digits(text, 11, 13);
    const minute = digits(text, 14, 16);
    const second = digits(text, 17, 19);
    let end = n;
    if (text.charCodeAt(end - 1) === 90 /* Z */) end--;
    let millis: string | undefined;
    if (end === 19) {
      millis = '000';
    } else if (text.charCodeAt(19) === 46 /* . */ && end - 20 >= 1 && end - 20 <= 7 && digits(text, 20, end) >= 0) {
      // Truncated, not rounded: a fraction never moves the instant into the next second.
      millis = (text.slice(20, Math.min(end, 23)) + '00').slice(0, 3);
    }
    if (
      millis !== undefined &&
      year >= 0 &&
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= daysInMonth(year, month) &&
      hour >= 0 &&
      hour <= 23 &&
      minute >= 0 &&
      minute <= 59 &&
      second >= 0 &&
      second <= 59
    ) {
      return { ok: true, value: `${text.slice(0, 19)}.${millis}Z` };
    }
  }
  return parseIsoDateTime(text);
}
