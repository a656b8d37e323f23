/**
 * Strict ISO 8601 reading for imported signals. HR connector CSVs, badging JSON and alert APIs
 * all send ISO 8601, but in several variants; everything is turned into one canonical form
 * (`2026-01-02T03:04:05.000Z`) so that the same instant always gives the same idempotency key.
 */

/** What an error message tells the sender to write instead. */
export const ISO_DATE_EXPECTED =
  'expected ISO 8601: yyyy-mm-dd or yyyy-mm-ddThh:mm:ss, optionally with a fraction of up to 7 digits ' +
  'and Z or ±hh:mm (no offset means UTC), e.g. 2026-03-01T09:15:49Z';

export type IsoDateResult = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly reason: string };

// Groups: year, month, day, then optionally hour, minute, second, fraction, offset.
const ISO_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?(Z|[+-]\d{2}:\d{2})?)?$/;

const MAX_OFFSET_MINUTES = 14 * 60;

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Parses one ISO 8601 date or date-time into UTC with millisecond precision.
 *
 * A date alone means midnight UTC. A time without an offset means UTC (the connectors document
 * their times as UTC). Fractions beyond milliseconds are truncated, not rounded, so that a value
 * never moves into the next second (or day) by parsing. Impossible calendar values (month 13,
 * 2026-02-30, 24:00:00, offset beyond ±14:00) are refused rather than rolled over, which is what
 * `Date.parse` would silently do.
 */
export function parseIsoDateTime(input: string): IsoDateResult {
  const text = input.trim();
  if (text === '') return { ok: false, reason: `empty; ${ISO_DATE_EXPECTED}` };
  const m = ISO_PATTERN.exec(text);
  if (m === null) return { ok: false, reason: `'${text}' is not a date in the expected format; ${ISO_DATE_EXPECTED}` };

  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millis = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0').slice(0, 3));
  const offset = m[8];

  const impossible = (what: string): IsoDateResult => ({
    ok: false,
    reason: `'${text}' is not a real ${what}; ${ISO_DATE_EXPECTED}`,
  });
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return impossible('date');
  if (hour > 23 || minute > 59 || second > 59) return impossible('time of day');

  let offsetMinutes = 0;
  if (offset !== undefined && offset !== 'Z') {
    const sign = offset.startsWith('-') ? -1 : 1;
    const oh = Number(offset.slice(1, 3));
    const om = Number(offset.slice(4, 6));
    if (om > 59 || oh * 60 + om > MAX_OFFSET_MINUTES) return impossible('UTC offset');
    offsetMinutes = sign * (oh * 60 + om);
  }

  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  const utc = new Date(date.getTime() - offsetMinutes * 60_000);
  const iso = utc.toISOString();
  // An offset can push 9999-12-31 or 0000-01-01 outside the four-digit years ISO strings allow.
  if (!/^\d{4}-/.test(iso)) return impossible('date in the years 0000–9999');
  return { ok: true, value: iso };
}
