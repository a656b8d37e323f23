/**
 * The timestamp value the WDL date functions compute with: a .NET-style `DateTime` — a count of
 * 100-ns ticks since 0001-01-01T00:00:00 plus a kind — so that 7-digit fractions survive a round
 * trip (`addDays('…T00:00:00.1234567Z', 1)` keeps `.1234567`) and the range is .NET's
 * (0001-01-01 … 9999-12-31T23:59:59.9999999).
 *
 * Kind mirrors what the Logic Apps runtime shows in its output: a timestamp parsed with `Z` or an
 * offset is normalised to UTC and prints `Z` under "o"/`K`; one written without an offset is
 * *taken as UTC* for every computation but prints no suffix (`formatDateTime('03/15/2018')` →
 * `'2018-03-15T00:00:00.0000000'`, and `convertFromUtc` results carry no offset either).
 */

export type DateTimeKind = 'utc' | 'unspecified';

export interface DateTimeValue {
  /** 100-ns ticks since 0001-01-01T00:00:00 on this value's clock. Exact (bigint). */
  readonly ticks: bigint;
  readonly kind: DateTimeKind;
}

/**
 * Thrown by the date helpers (a value outside .NET's DateTime range, fields that do not name a
 * date, an unparseable timestamp, a bad format string, an unknown culture or time zone). The WDL
 * functions turn it into a FlowExpressionError that names the function; the message here says
 * what was wrong and what was expected, without the function name.
 */
export class DateTimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DateTimeError';
  }
}

export const TICKS_PER_MILLISECOND = 10_000n;
export const TICKS_PER_SECOND = 10_000_000n;
export const TICKS_PER_MINUTE = 600_000_000n;
export const TICKS_PER_HOUR = 36_000_000_000n;
export const TICKS_PER_DAY = 864_000_000_000n;
/** 0001-01-01 to 1970-01-01: 719,162 days. */
export const UNIX_EPOCH_TICKS = 621_355_968_000_000_000n;
/** 9999-12-31T23:59:59.9999999 */
export const MAX_TICKS = 3_155_378_975_999_999_999n;

const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];
const DAYS_BEFORE_MONTH_LEAP = [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366];
const DAYS_PER_400_YEARS = 146_097;
const DAYS_PER_100_YEARS = 36_524;
const DAYS_PER_4_YEARS = 1_461;

export function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

export function daysInMonth(year: number, month: number): number {
  const table = isLeapYear(year) ? DAYS_BEFORE_MONTH_LEAP : DAYS_BEFORE_MONTH;
  return table[month] - table[month - 1];
}

/** Calendar fields of a value (proleptic Gregorian, as .NET). */
export interface DateTimeFields {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** 0 … 9,999,999 (100-ns units within the second). */
  readonly fraction: number;
  /** 0 = Sunday. */
  readonly dayOfWeek: number;
  /** 1 … 366. */
  readonly dayOfYear: number;
}

/** Days since 0001-01-01 for a valid date. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = year - 1;
  const table = isLeapYear(year) ? DAYS_BEFORE_MONTH_LEAP : DAYS_BEFORE_MONTH;
  return y * 365 + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) + table[month - 1] + day - 1;
}

/** The inverse of daysFromCivil: walk down 400-, 100-, 4- and 1-year cycles. */
function civilFromDays(days: number): { year: number; month: number; day: number; dayOfYear: number } {
  let n = days;
  const y400 = Math.floor(n / DAYS_PER_400_YEARS);
  n -= y400 * DAYS_PER_400_YEARS;
  let y100 = Math.floor(n / DAYS_PER_100_YEARS);
  if (y100 === 4) y100 = 3; // last day of a 400-year cycle
  n -= y100 * DAYS_PER_100_YEARS;
  const y4 = Math.floor(n / DAYS_PER_4_YEARS);
  n -= y4 * DAYS_PER_4_YEARS;
  let y1 = Math.floor(n / 365);
  if (y1 === 4) y1 = 3; // last day of a leap year
  n -= y1 * 365;
  const year = y400 * 400 + y100 * 100 + y4 * 4 + y1 + 1;
  const table = isLeapYear(year) ? DAYS_BEFORE_MONTH_LEAP : DAYS_BEFORE_MONTH;
  let month = 1;
  while (n >= table[month]) month++;
  return { year, month, day: n - table[month - 1] + 1, dayOfYear: n + 1 };
}

export function fieldsOf(value: DateTimeValue): DateTimeFields {
  const days = value.ticks / TICKS_PER_DAY;
  const timeOfDay = Number(value.ticks % TICKS_PER_DAY);
  const civil = civilFromDays(Number(days));
  const seconds = Math.floor(timeOfDay / 10_000_000);
  return {
    year: civil.year,
    month: civil.month,
    day: civil.day,
    hour: Math.floor(seconds / 3600),
    minute: Math.floor(seconds / 60) % 60,
    second: seconds % 60,
    fraction: timeOfDay % 10_000_000,
    dayOfWeek: Number((days + 1n) % 7n),
    dayOfYear: civil.dayOfYear,
  };
}

export interface CivilFields {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour?: number;
  readonly minute?: number;
  readonly second?: number;
  readonly fraction?: number;
}

/** Build a value from calendar fields; throws DateTimeError naming the field that is out of range. */
export function fromFields(fields: CivilFields, kind: DateTimeKind): DateTimeValue {
  const { year, month, day, hour = 0, minute = 0, second = 0, fraction = 0 } = fields;
  const check = (ok: boolean, what: string): void => {
    if (!ok) throw new DateTimeError(what);
  };
  check(Number.isInteger(year) && year >= 1 && year <= 9999, `year ${year} is outside 1-9999`);
  check(Number.isInteger(month) && month >= 1 && month <= 12, `month ${month} is outside 1-12`);
  check(Number.isInteger(day) && day >= 1 && day <= daysInMonth(year, month), `day ${day} does not exist in ${year}-${pad(month, 2)}`);
  check(Number.isInteger(hour) && hour >= 0 && hour <= 23, `hour ${hour} is outside 0-23`);
  check(Number.isInteger(minute) && minute >= 0 && minute <= 59, `minute ${minute} is outside 0-59`);
  check(Number.isInteger(second) && second >= 0 && second <= 59, `second ${second} is outside 0-59`);
  check(Number.isInteger(fraction) && fraction >= 0 && fraction <= 9_999_999, `fraction ${fraction} is outside 0-9999999`);
  const days = BigInt(daysFromCivil(year, month, day));
  const time = BigInt(((hour * 60 + minute) * 60 + second) * 10_000_000 + fraction);
  return { ticks: days * TICKS_PER_DAY + time, kind };
}

export function withTicks(value: DateTimeValue, ticks: bigint): DateTimeValue {
  if (ticks < 0n || ticks > MAX_TICKS) {
    throw new DateTimeError('the result is outside the supported range 0001-01-01 to 9999-12-31');
  }
  return { ticks, kind: value.kind };
}

export function addTicks(value: DateTimeValue, delta: bigint): DateTimeValue {
  return withTicks(value, value.ticks + delta);
}

/**
 * .NET AddMonths: move the month, keep the time of day, and clamp the day to the target month's
 * last day (Jan 31 + 1 month = Feb 28/29).
 */
export function addMonths(value: DateTimeValue, months: number): DateTimeValue {
  const f = fieldsOf(value);
  const index = f.year * 12 + (f.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  if (year < 1 || year > 9999) {
    throw new DateTimeError('the result is outside the supported range 0001-01-01 to 9999-12-31');
  }
  const day = Math.min(f.day, daysInMonth(year, month));
  const timeOfDay = value.ticks % TICKS_PER_DAY;
  return { ticks: BigInt(daysFromCivil(year, month, day)) * TICKS_PER_DAY + timeOfDay, kind: value.kind };
}

export function fromEpochMilliseconds(ms: number, kind: DateTimeKind): DateTimeValue {
  if (!Number.isFinite(ms)) throw new DateTimeError('the clock returned an invalid time');
  return withTicks({ ticks: 0n, kind }, BigInt(Math.trunc(ms)) * TICKS_PER_MILLISECOND + UNIX_EPOCH_TICKS);
}

/** Milliseconds since 1970 of this value's clock reading (sub-millisecond ticks dropped, floor). */
export function toEpochMilliseconds(value: DateTimeValue): number {
  const ticks = value.ticks - UNIX_EPOCH_TICKS;
  const ms = ticks / TICKS_PER_MILLISECOND;
  return Number(ticks < 0n && ticks % TICKS_PER_MILLISECOND !== 0n ? ms - 1n : ms);
}

export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
