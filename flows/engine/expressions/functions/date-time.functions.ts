import { FlowExpressionError, type ExpressionFunction, type FunctionContext, type FunctionSpec } from '../../contracts';
import { DEFAULT_LOCALE, cultureFor, type DateCulture } from '../dates/cultures';
import { utcToZone, zoneToUtc } from '../dates/convert-time-zone';
import {
  DateTimeError,
  TICKS_PER_DAY,
  TICKS_PER_HOUR,
  TICKS_PER_MINUTE,
  TICKS_PER_SECOND,
  addMonths,
  addTicks,
  fieldsOf,
  fromEpochMilliseconds,
  fromFields,
  type DateTimeValue,
} from '../dates/date-time-value';
import { formatDotNetDateTime } from '../dates/dotnet-format';
import { parseExactTimestamp, parseTimestamp } from '../dates/parse-timestamp';
import { formatTimeSpanConstant } from '../dates/time-span';
import { requireTimeZone, type ResolvedTimeZone } from '../dates/windows-time-zones';

/**
 * The WDL date and time functions (workflow-definition-language-functions-reference.md, "Date and
 * time functions"), evaluated over already-evaluated arguments.
 *
 * Shared behaviour:
 * - Timestamps are strings: ISO 8601 with or without offset, or `MM/dd/yyyy[ HH:mm:ss]` as the docs'
 *   examples use (see dates/parse-timestamp.ts). Without an offset a timestamp is taken as UTC,
 *   and results keep that "no offset" shape (`formatDateTime('03/15/2018')` →
 *   `'2018-03-15T00:00:00.0000000'`); with `Z` or an offset it is normalised to UTC and prints `Z`.
 *   Arithmetic keeps 100-ns precision.
 * - `format` is a .NET standard or custom date format (dates/dotnet-format.ts); absent, null or ''
 *   means "o" (`yyyy-MM-ddTHH:mm:ss.fffffffK`). Formatting uses en-US names and patterns unless a
 *   `locale` is given (formatDateTime/parseDateTime only) — the docs' default ("If unspecified, the
 *   value is en-us"; `utcNow('D')` → `'Sunday, April 15, 2018'`).
 * - Time zones are Windows ids (`'W. Europe Standard Time'`), case- and punctuation-insensitive;
 *   IANA ids (`'Europe/Amsterdam'`) are accepted too, an extension over the docs.
 * - Every failure is a FlowExpressionError whose message names the function, the parameter or
 *   value at fault and what was expected.
 *
 * `formatTimeSpan`, listed in the designer's catalogue, is not in the functions reference, so it is
 * not implemented here.
 */

function fail(name: string, message: string): never {
  throw new FlowExpressionError(`In function '${name}', ${message}`);
}

function describeArg(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return `the string '${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return `the ${typeof value} ${String(value)}`;
  return Array.isArray(value) ? 'an array' : `a value of type ${typeof value}`;
}

/** Wrap a body so helper errors (DateTimeError) come out as FlowExpressionError naming the function. */
function define(name: string, minArgs: number, maxArgs: number, body: (args: readonly unknown[], ctx: FunctionContext) => unknown): FunctionSpec {
  const fn: ExpressionFunction = (args, ctx) => {
    try {
      return body(args, ctx);
    } catch (error) {
      if (error instanceof DateTimeError) fail(name, error.message);
      throw error;
    }
  };
  return { name, minArgs, maxArgs, fn };
}

function timestampArg(name: string, args: readonly unknown[], index: number, parameter = 'timestamp'): DateTimeValue {
  const value = args[index];
  if (typeof value !== 'string') {
    fail(name, `the parameter '${parameter}' must be a string that contains a timestamp such as '2018-03-15T13:00:00Z'; got ${describeArg(value)}`);
  }
  return parseTimestamp(value);
}

function integerArg(name: string, args: readonly unknown[], index: number, parameter: string): number {
  const value = args[index];
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    fail(name, `the parameter '${parameter}' must be an integer; got ${describeArg(value)}`);
  }
  return value;
}

function optionalString(name: string, args: readonly unknown[], index: number, parameter: string): string | undefined {
  const value = args[index];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') fail(name, `the parameter '${parameter}' must be a string; got ${describeArg(value)}`);
  return value;
}

function formatArg(name: string, args: readonly unknown[], index: number): string {
  return optionalString(name, args, index, 'format') ?? 'o';
}

function cultureArg(name: string, args: readonly unknown[], index: number): DateCulture {
  return cultureFor(optionalString(name, args, index, 'locale') ?? DEFAULT_LOCALE);
}

function timeZoneArg(name: string, args: readonly unknown[], index: number, parameter: string): ResolvedTimeZone {
  const value = args[index];
  if (typeof value !== 'string') {
    fail(name, `the parameter '${parameter}' must be a Windows time zone id such as 'W. Europe Standard Time'; got ${describeArg(value)}`);
  }
  return requireTimeZone(value);
}

const TIME_UNITS = ['Second', 'Minute', 'Hour', 'Day', 'Week', 'Month', 'Year'] as const;
type TimeUnit = (typeof TIME_UNITS)[number];

function unitArg(name: string, args: readonly unknown[], index: number): TimeUnit {
  const value = args[index];
  const unit = typeof value === 'string' ? TIME_UNITS.find((u) => u.toLowerCase() === value.trim().toLowerCase()) : undefined;
  if (!unit) fail(name, `the parameter 'timeUnit' must be one of ${TIME_UNITS.map((u) => `'${u}'`).join(', ')}; got ${describeArg(value)}`);
  return unit;
}

const FIXED_UNIT_TICKS: Readonly<Record<Exclude<TimeUnit, 'Month' | 'Year'>, bigint>> = {
  Second: TICKS_PER_SECOND,
  Minute: TICKS_PER_MINUTE,
  Hour: TICKS_PER_HOUR,
  Day: TICKS_PER_DAY,
  Week: 7n * TICKS_PER_DAY,
};

/** `interval` units later (earlier when negative); Month and Year clamp the day like .NET AddMonths. */
function addUnits(value: DateTimeValue, interval: number, unit: TimeUnit): DateTimeValue {
  if (unit === 'Month') return addMonths(value, interval);
  if (unit === 'Year') return addMonths(value, interval * 12);
  return addTicks(value, BigInt(interval) * FIXED_UNIT_TICKS[unit]);
}

const format = (value: DateTimeValue, fmt: string, culture: DateCulture = cultureFor(DEFAULT_LOCALE)): string => formatDotNetDateTime(value, fmt, culture);

function now(ctx: FunctionContext): DateTimeValue {
  return fromEpochMilliseconds(ctx.now().getTime(), 'utc');
}

/** addDays/addHours/addMinutes/addSeconds: (timestamp, n, format?). */
function addFixed(name: string, unit: TimeUnit, parameter: string): FunctionSpec {
  return define(name, 2, 3, (args) => {
    const value = timestampArg(name, args, 0);
    return format(addUnits(value, integerArg(name, args, 1, parameter), unit), formatArg(name, args, 2));
  });
}

/** startOfHour/startOfDay/startOfMonth: truncate, keep the kind, (timestamp, format?). */
function startOf(name: string, truncate: (value: DateTimeValue) => DateTimeValue): FunctionSpec {
  return define(name, 1, 2, (args) => format(truncate(timestampArg(name, args, 0)), formatArg(name, args, 1)));
}

function field(name: string, pick: (value: DateTimeValue) => number): FunctionSpec {
  return define(name, 1, 1, (args) => pick(timestampArg(name, args, 0)));
}

export const dateTimeFunctions: readonly FunctionSpec[] = [
  define('utcNow', 0, 1, (args, ctx) => format(now(ctx), formatArg('utcNow', args, 0))),

  define('getFutureTime', 2, 3, (args, ctx) => {
    const interval = integerArg('getFutureTime', args, 0, 'interval');
    return format(addUnits(now(ctx), interval, unitArg('getFutureTime', args, 1)), formatArg('getFutureTime', args, 2));
  }),
  define('getPastTime', 2, 3, (args, ctx) => {
    const interval = integerArg('getPastTime', args, 0, 'interval');
    return format(addUnits(now(ctx), -interval, unitArg('getPastTime', args, 1)), formatArg('getPastTime', args, 2));
  }),

  define('addToTime', 3, 4, (args) => {
    const value = timestampArg('addToTime', args, 0);
    const interval = integerArg('addToTime', args, 1, 'interval');
    return format(addUnits(value, interval, unitArg('addToTime', args, 2)), formatArg('addToTime', args, 3));
  }),
  define('subtractFromTime', 3, 4, (args) => {
    const value = timestampArg('subtractFromTime', args, 0);
    const interval = integerArg('subtractFromTime', args, 1, 'interval');
    return format(addUnits(value, -interval, unitArg('subtractFromTime', args, 2)), formatArg('subtractFromTime', args, 3));
  }),

  addFixed('addSeconds', 'Second', 'seconds'),
  addFixed('addMinutes', 'Minute', 'minutes'),
  addFixed('addHours', 'Hour', 'hours'),
  addFixed('addDays', 'Day', 'days'),

  define('dateDifference', 2, 2, (args) => {
    const start = timestampArg('dateDifference', args, 0, 'startDate');
    const end = timestampArg('dateDifference', args, 1, 'endDate');
    return formatTimeSpanConstant(end.ticks - start.ticks);
  }),

  define('convertTimeZone', 3, 4, (args) => {
    const value = timestampArg('convertTimeZone', args, 0);
    const source = timeZoneArg('convertTimeZone', args, 1, 'sourceTimeZone');
    const destination = timeZoneArg('convertTimeZone', args, 2, 'destinationTimeZone');
    return format(utcToZone(zoneToUtc(value, source), destination), formatArg('convertTimeZone', args, 3));
  }),
  define('convertToUtc', 2, 3, (args) => {
    const value = timestampArg('convertToUtc', args, 0);
    const source = timeZoneArg('convertToUtc', args, 1, 'sourceTimeZone');
    return format(zoneToUtc(value, source), formatArg('convertToUtc', args, 2));
  }),
  define('convertFromUtc', 2, 3, (args) => {
    const value = timestampArg('convertFromUtc', args, 0);
    const destination = timeZoneArg('convertFromUtc', args, 1, 'destinationTimeZone');
    return format(utcToZone(value, destination), formatArg('convertFromUtc', args, 2));
  }),

  define('formatDateTime', 1, 3, (args) => {
    const value = timestampArg('formatDateTime', args, 0);
    return format(value, formatArg('formatDateTime', args, 1), cultureArg('formatDateTime', args, 2));
  }),
  define('parseDateTime', 1, 3, (args, ctx) => {
    const text = args[0];
    if (typeof text !== 'string') fail('parseDateTime', `the parameter 'timestamp' must be a string; got ${describeArg(text)}`);
    const culture = cultureArg('parseDateTime', args, 1);
    const exact = optionalString('parseDateTime', args, 2, 'format');
    const value = exact === undefined ? parseTimestamp(text, culture) : parseExactTimestamp(text, exact, culture, now(ctx));
    return format(value, 'o');
  }),

  startOf('startOfHour', (v) => ({ ticks: v.ticks - (v.ticks % TICKS_PER_HOUR), kind: v.kind })),
  startOf('startOfDay', (v) => ({ ticks: v.ticks - (v.ticks % TICKS_PER_DAY), kind: v.kind })),
  startOf('startOfMonth', (v) => {
    const f = fieldsOf(v);
    return fromFields({ year: f.year, month: f.month, day: 1 }, v.kind);
  }),

  field('dayOfWeek', (v) => fieldsOf(v).dayOfWeek),
  field('dayOfMonth', (v) => fieldsOf(v).day),
  field('dayOfYear', (v) => fieldsOf(v).dayOfYear),
  /**
   * Ticks since 0001-01-01 as a JSON number. Current-era tick counts (~6.4e17) exceed 2^53, so the
   * number is the nearest double: within ±64 ticks (6.4 µs) for years 1827-3654. Whole-second
   * multiples survive exactly in that range, so differences of two ticks() of timestamps whole
   * seconds apart (`sub(ticks(b), ticks(a))`) are exact.
   */
  field('ticks', (v) => Number(v.ticks)),
];
