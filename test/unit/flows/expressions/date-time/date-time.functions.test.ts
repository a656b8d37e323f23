import { FlowExpressionError } from '../../../../../flows/engine/contracts';
import { dateTimeFunctions } from '../../../../../flows/engine/expressions/functions/date-time.functions';
import { call, fixedContext } from './date-time-harness';

/** The error a call throws, asserted to be a FlowExpressionError. */
function errorOf(name: string, args: readonly unknown[], ctx = fixedContext('2018-04-15T13:00:00Z')): FlowExpressionError {
  try {
    call(name, args, ctx);
  } catch (error) {
    expect(error).toBeInstanceOf(FlowExpressionError);
    return error as FlowExpressionError;
  }
  throw new Error(`${name}(${JSON.stringify(args)}) did not throw`);
}

describe('the date/time function table', () => {
  it('declares every documented date/time function once, with the documented arity', () => {
    const arity = Object.fromEntries(dateTimeFunctions.map((f) => [f.name, [f.minArgs, f.maxArgs]]));
    expect(arity).toEqual({
      utcNow: [0, 1],
      getFutureTime: [2, 3],
      getPastTime: [2, 3],
      addToTime: [3, 4],
      subtractFromTime: [3, 4],
      addSeconds: [2, 3],
      addMinutes: [2, 3],
      addHours: [2, 3],
      addDays: [2, 3],
      dateDifference: [2, 2],
      convertTimeZone: [3, 4],
      convertToUtc: [2, 3],
      convertFromUtc: [2, 3],
      formatDateTime: [1, 3],
      parseDateTime: [1, 3],
      startOfHour: [1, 2],
      startOfDay: [1, 2],
      startOfMonth: [1, 2],
      dayOfWeek: [1, 1],
      dayOfMonth: [1, 1],
      dayOfYear: [1, 1],
      ticks: [1, 1],
    });
    expect(new Set(dateTimeFunctions.map((f) => f.name.toLowerCase())).size).toBe(dateTimeFunctions.length);
  });
});

describe('utcNow', () => {
  const ctx = fixedContext('2018-04-15T13:00:00Z');
  it('returns the clock as ISO 8601 "o" with 7 fraction digits and Z (docs example)', () => {
    expect(call('utcNow', [], ctx)).toBe('2018-04-15T13:00:00.0000000Z');
  });
  it('applies a standard format (docs: utcNow("D") on 2018-04-15 is "Sunday, April 15, 2018")', () => {
    expect(call('utcNow', ['D'], ctx)).toBe('Sunday, April 15, 2018');
  });
  it('applies a custom format and keeps the clock milliseconds', () => {
    expect(call('utcNow', ['yyyy-MM-dd'], ctx)).toBe('2018-04-15');
    expect(call('utcNow', [], fixedContext('2018-04-15T13:00:00.123Z'))).toBe('2018-04-15T13:00:00.1230000Z');
  });
  it('treats null and the empty string as "no format"', () => {
    expect(call('utcNow', [null], ctx)).toBe('2018-04-15T13:00:00.0000000Z');
    expect(call('utcNow', [''], ctx)).toBe('2018-04-15T13:00:00.0000000Z');
  });
  it('rejects a format that is not a string or not a valid format', () => {
    expect(errorOf('utcNow', [5]).message).toMatch(/utcNow.*format.*string.*number 5/);
    expect(errorOf('utcNow', ['Q']).message).toMatch(/utcNow.*'Q' is not a standard date and time format specifier/);
  });
});

describe('getFutureTime', () => {
  const ctx = fixedContext('2018-03-01T00:00:00Z');
  it('adds units to now (docs examples)', () => {
    expect(call('getFutureTime', [5, 'Day'], ctx)).toBe('2018-03-06T00:00:00.0000000Z');
    expect(call('getFutureTime', [5, 'Day', 'D'], ctx)).toBe('Tuesday, March 6, 2018');
  });
  it('accepts every unit, case-insensitively', () => {
    expect(call('getFutureTime', [90, 'second'], ctx)).toBe('2018-03-01T00:01:30.0000000Z');
    expect(call('getFutureTime', [90, 'MINUTE'], ctx)).toBe('2018-03-01T01:30:00.0000000Z');
    expect(call('getFutureTime', [25, 'Hour'], ctx)).toBe('2018-03-02T01:00:00.0000000Z');
    expect(call('getFutureTime', [2, 'week'], ctx)).toBe('2018-03-15T00:00:00.0000000Z');
    expect(call('getFutureTime', [1, 'Month'], ctx)).toBe('2018-04-01T00:00:00.0000000Z');
    expect(call('getFutureTime', [2, 'Year'], ctx)).toBe('2020-03-01T00:00:00.0000000Z');
  });
  it('clamps Month to the last day of the target month, like .NET AddMonths', () => {
    expect(call('getFutureTime', [1, 'Month'], fixedContext('2018-01-31T10:00:00Z'))).toBe('2018-02-28T10:00:00.0000000Z');
    expect(call('getFutureTime', [1, 'Month'], fixedContext('2020-01-31T10:00:00Z'))).toBe('2020-02-29T10:00:00.0000000Z');
  });
  it('rejects an unknown unit, naming the allowed ones', () => {
    expect(errorOf('getFutureTime', [1, 'Fortnight']).message).toMatch(
      /getFutureTime.*timeUnit.*'Second', 'Minute', 'Hour', 'Day', 'Week', 'Month', 'Year'.*'Fortnight'/,
    );
  });
  it('rejects a non-integer interval', () => {
    expect(errorOf('getFutureTime', [1.5, 'Day']).message).toMatch(/getFutureTime.*interval.*integer.*1\.5/);
    expect(errorOf('getFutureTime', ['5', 'Day']).message).toMatch(/getFutureTime.*interval.*integer.*string '5'/);
  });
});

describe('getPastTime', () => {
  const ctx = fixedContext('2018-02-01T00:00:00Z');
  it('subtracts units from now (docs examples)', () => {
    expect(call('getPastTime', [5, 'Day'], ctx)).toBe('2018-01-27T00:00:00.0000000Z');
    expect(call('getPastTime', [5, 'Day', 'D'], ctx)).toBe('Saturday, January 27, 2018');
  });
  it('clamps Year from a leap day', () => {
    expect(call('getPastTime', [1, 'Year'], fixedContext('2020-02-29T00:00:00Z'))).toBe('2019-02-28T00:00:00.0000000Z');
  });
});

describe('addToTime', () => {
  it('adds one day (docs examples, default and "D" format)', () => {
    expect(call('addToTime', ['2018-01-01T00:00:00Z', 1, 'Day'])).toBe('2018-01-02T00:00:00.0000000Z');
    expect(call('addToTime', ['2018-01-01T00:00:00Z', 1, 'Day', 'D'])).toBe('Tuesday, January 2, 2018');
  });
  it('adds months with end-of-month clamping and negative intervals', () => {
    expect(call('addToTime', ['2018-03-31T08:00:00Z', -1, 'Month'])).toBe('2018-02-28T08:00:00.0000000Z');
    expect(call('addToTime', ['2018-08-31T00:00:00Z', 1, 'Month'])).toBe('2018-09-30T00:00:00.0000000Z');
    expect(call('addToTime', ['2018-01-15T00:00:00Z', 13, 'Month'])).toBe('2019-02-15T00:00:00.0000000Z');
  });
  it('keeps 100-ns precision and the timestamp kind', () => {
    expect(call('addToTime', ['2018-01-01T00:00:00.1234567Z', 1, 'Week'])).toBe('2018-01-08T00:00:00.1234567Z');
    expect(call('addToTime', ['2018-01-01T00:00:00', 1, 'Hour'])).toBe('2018-01-01T01:00:00.0000000');
  });
  it('normalises an offset timestamp to UTC', () => {
    expect(call('addToTime', ['2018-01-01T00:00:00+02:00', 1, 'Day'])).toBe('2018-01-01T22:00:00.0000000Z');
  });
  it('fails when the result leaves the .NET range', () => {
    expect(errorOf('addToTime', ['9999-12-31T00:00:00Z', 1, 'Day']).message).toMatch(/addToTime.*outside the supported range/);
    expect(errorOf('addToTime', ['0001-01-01T00:00:00Z', -1, 'Month']).message).toMatch(/addToTime.*outside the supported range/);
  });
});

describe('subtractFromTime', () => {
  it('subtracts one day (docs examples)', () => {
    expect(call('subtractFromTime', ['2018-01-02T00:00:00Z', 1, 'Day'])).toBe('2018-01-01T00:00:00.0000000Z');
    expect(call('subtractFromTime', ['2018-01-02T00:00:00Z', 1, 'Day', 'D'])).toBe('Monday, January 1, 2018');
  });
  it('treats a negative interval as adding', () => {
    expect(call('subtractFromTime', ['2018-01-02T00:00:00Z', -2, 'Hour'])).toBe('2018-01-02T02:00:00.0000000Z');
  });
  it('names the function and the value of a bad timestamp', () => {
    const error = errorOf('subtractFromTime', ['2018-02-30T00:00:00Z', 1, 'Day']);
    expect(error.message).toMatch(/subtractFromTime.*'2018-02-30T00:00:00Z'.*day 30 does not exist in 2018-02/);
    expect(error.code).toBe('InvalidTemplate');
  });
});

describe('addDays, addHours, addMinutes, addSeconds', () => {
  it.each([
    ['addDays', '2018-03-15T00:00:00Z', 10, '2018-03-25T00:00:00.0000000Z'],
    ['addDays', '2018-03-15T00:00:00Z', -5, '2018-03-10T00:00:00.0000000Z'],
    ['addHours', '2018-03-15T00:00:00Z', 10, '2018-03-15T10:00:00.0000000Z'],
    ['addHours', '2018-03-15T15:00:00Z', -5, '2018-03-15T10:00:00.0000000Z'],
    ['addMinutes', '2018-03-15T00:10:00Z', 10, '2018-03-15T00:20:00.0000000Z'],
    ['addMinutes', '2018-03-15T00:20:00Z', -5, '2018-03-15T00:15:00.0000000Z'],
    ['addSeconds', '2018-03-15T00:00:00Z', 10, '2018-03-15T00:00:10.0000000Z'],
    ['addSeconds', '2018-03-15T00:00:30Z', -5, '2018-03-15T00:00:25.0000000Z'],
  ])('%s(%s, %d) = %s (docs examples)', (name, timestamp, n, expected) => {
    expect(call(name, [timestamp, n])).toBe(expected);
  });
  it('crosses month, year and leap-day boundaries', () => {
    expect(call('addDays', ['2020-02-28T12:00:00Z', 1])).toBe('2020-02-29T12:00:00.0000000Z');
    expect(call('addDays', ['2019-02-28T12:00:00Z', 1])).toBe('2019-03-01T12:00:00.0000000Z');
    expect(call('addSeconds', ['2018-12-31T23:59:59Z', 1])).toBe('2019-01-01T00:00:00.0000000Z');
  });
  it('takes a format and keeps fractions', () => {
    expect(call('addDays', ['2018-03-15T00:00:00Z', 1, 'yyyy-MM-dd'])).toBe('2018-03-16');
    expect(call('addSeconds', ['2018-03-15T00:00:00.1234567Z', 1])).toBe('2018-03-15T00:00:01.1234567Z');
  });
  it('reads the invariant MM/dd/yyyy form and keeps it offset-less', () => {
    expect(call('addDays', ['03/15/2018 12:00:00', 1])).toBe('2018-03-16T12:00:00.0000000');
  });
  it('rejects a timestamp that is not a string, and a non-integer count', () => {
    expect(errorOf('addDays', [20180315, 1]).message).toMatch(/addDays.*'timestamp'.*string.*number 20180315/);
    expect(errorOf('addDays', [null, 1]).message).toMatch(/addDays.*'timestamp'.*null/);
    expect(errorOf('addHours', ['2018-03-15T00:00:00Z', '1']).message).toMatch(/addHours.*'hours'.*integer/);
  });
  it('names the function and the text of an unparseable timestamp', () => {
    expect(errorOf('addDays', ['yesterday', 1]).message).toMatch(/In function 'addDays', 'yesterday' is not a valid timestamp/);
  });
});

describe('dateDifference', () => {
  it('returns a .NET TimeSpan string (docs example)', () => {
    expect(call('dateDifference', ['2015-02-08', '2018-07-30'])).toBe('1268.00:00:00');
  });
  it('prints hours/minutes/seconds, the fraction only when present, and a sign when negative', () => {
    expect(call('dateDifference', ['2018-01-01T00:00:00Z', '2018-01-02T02:03:04Z'])).toBe('1.02:03:04');
    expect(call('dateDifference', ['2018-01-01T00:00:00Z', '2018-01-01T00:00:00.001Z'])).toBe('00:00:00.0010000');
    expect(call('dateDifference', ['2018-01-01T00:30:00Z', '2018-01-01T00:00:00Z'])).toBe('-00:30:00');
    expect(call('dateDifference', ['2018-01-01T00:00:00Z', '2018-01-01T00:00:00Z'])).toBe('00:00:00');
  });
  it('compares offset timestamps as instants', () => {
    expect(call('dateDifference', ['2018-01-01T10:00:00+02:00', '2018-01-01T10:00:00Z'])).toBe('02:00:00');
  });
  it('names the parameter of a bad value', () => {
    expect(errorOf('dateDifference', ['2018-01-01', 5]).message).toMatch(/dateDifference.*'endDate'/);
  });
});

describe('convertFromUtc', () => {
  it('converts to a Windows zone and drops the offset (docs examples)', () => {
    expect(call('convertFromUtc', ['2018-01-01T08:00:00.0000000Z', 'Pacific Standard Time'])).toBe('2018-01-01T00:00:00.0000000');
    expect(call('convertFromUtc', ['2018-01-01T08:00:00.0000000Z', 'Pacific Standard Time', 'D'])).toBe('Monday, January 1, 2018');
  });
  it('uses summer and winter offsets for W. Europe and Eastern Standard Time', () => {
    expect(call('convertFromUtc', ['2024-07-01T12:00:00Z', 'W. Europe Standard Time'])).toBe('2024-07-01T14:00:00.0000000');
    expect(call('convertFromUtc', ['2024-01-15T12:00:00Z', 'W. Europe Standard Time'])).toBe('2024-01-15T13:00:00.0000000');
    expect(call('convertFromUtc', ['2024-07-01T12:00:00Z', 'Eastern Standard Time'])).toBe('2024-07-01T08:00:00.0000000');
    expect(call('convertFromUtc', ['2024-01-15T12:00:00Z', 'Eastern Standard Time'])).toBe('2024-01-15T07:00:00.0000000');
  });
  it('switches offset exactly at the transition instant', () => {
    // Europe: clocks go 02:00 → 03:00 at 01:00Z on the last Sunday of March.
    expect(call('convertFromUtc', ['2024-03-31T00:59:59Z', 'W. Europe Standard Time'])).toBe('2024-03-31T01:59:59.0000000');
    expect(call('convertFromUtc', ['2024-03-31T01:00:00Z', 'W. Europe Standard Time'])).toBe('2024-03-31T03:00:00.0000000');
    // US: clocks go 02:00 EDT → 01:00 EST at 06:00Z on the first Sunday of November.
    expect(call('convertFromUtc', ['2024-11-03T05:59:59Z', 'Eastern Standard Time'])).toBe('2024-11-03T01:59:59.0000000');
    expect(call('convertFromUtc', ['2024-11-03T06:00:00Z', 'Eastern Standard Time'])).toBe('2024-11-03T01:00:00.0000000');
  });
  it('handles southern-hemisphere DST and fractional-hour zones', () => {
    expect(call('convertFromUtc', ['2024-01-15T00:00:00Z', 'AUS Eastern Standard Time'])).toBe('2024-01-15T11:00:00.0000000');
    expect(call('convertFromUtc', ['2024-07-15T00:00:00Z', 'AUS Eastern Standard Time'])).toBe('2024-07-15T10:00:00.0000000');
    expect(call('convertFromUtc', ['2024-07-01T00:00:00Z', 'India Standard Time'])).toBe('2024-07-01T05:30:00.0000000');
    expect(call('convertFromUtc', ['2024-07-01T00:00:00Z', 'Nepal Standard Time'])).toBe('2024-07-01T05:45:00.0000000');
  });
  it('keeps Z when the destination is UTC, and keeps the fraction', () => {
    expect(call('convertFromUtc', ['2024-07-01T12:00:00.1234567Z', 'UTC'])).toBe('2024-07-01T12:00:00.1234567Z');
    expect(call('convertFromUtc', ['2024-07-01T12:00:00.1234567Z', 'Tokyo Standard Time'])).toBe('2024-07-01T21:00:00.1234567');
  });
  it('reads an offset-less timestamp as UTC', () => {
    expect(call('convertFromUtc', ['2024-07-01T12:00:00', 'China Standard Time'])).toBe('2024-07-01T20:00:00.0000000');
  });
  it('accepts ids without their punctuation and in any case, and IANA ids', () => {
    expect(call('convertFromUtc', ['2024-07-01T12:00:00Z', 'W Europe Standard Time'])).toBe('2024-07-01T14:00:00.0000000');
    expect(call('convertFromUtc', ['2024-07-01T12:00:00Z', 'romance standard time'])).toBe('2024-07-01T14:00:00.0000000');
    expect(call('convertFromUtc', ['2024-07-01T12:00:00Z', 'Europe/Amsterdam'])).toBe('2024-07-01T14:00:00.0000000');
  });
  it('rejects an unknown id, suggesting the closest Windows id', () => {
    expect(errorOf('convertFromUtc', ['2024-07-01T12:00:00Z', 'W. Europe Time']).message).toMatch(
      /convertFromUtc.*'W. Europe Time' is not a known time zone id.*did you mean 'W. Europe Standard Time'/,
    );
    expect(errorOf('convertFromUtc', ['2024-07-01T12:00:00Z', 'Easten Standard Time']).message).toMatch(/did you mean 'Eastern Standard Time'/);
    expect(errorOf('convertFromUtc', ['2024-07-01T12:00:00Z', 42]).message).toMatch(/convertFromUtc.*'destinationTimeZone'.*number 42/);
  });
});

describe('convertToUtc', () => {
  it('reads a clock in the source zone (docs examples)', () => {
    expect(call('convertToUtc', ['01/01/2018 00:00:00', 'Pacific Standard Time'])).toBe('2018-01-01T08:00:00.0000000Z');
    expect(call('convertToUtc', ['01/01/2018 00:00:00', 'Pacific Standard Time', 'D'])).toBe('Monday, January 1, 2018');
  });
  it('uses the summer offset in summer and the winter offset in winter', () => {
    expect(call('convertToUtc', ['2024-07-01T14:00:00', 'W. Europe Standard Time'])).toBe('2024-07-01T12:00:00.0000000Z');
    expect(call('convertToUtc', ['2024-01-15T13:00:00', 'W. Europe Standard Time'])).toBe('2024-01-15T12:00:00.0000000Z');
    expect(call('convertToUtc', ['2024-07-01T08:00:00', 'Eastern Standard Time'])).toBe('2024-07-01T12:00:00.0000000Z');
    expect(call('convertToUtc', ['2024-01-15T07:00:00', 'Eastern Standard Time'])).toBe('2024-01-15T12:00:00.0000000Z');
  });
  it('rejects a clock time inside the spring-forward gap (it does not exist), as .NET does', () => {
    expect(errorOf('convertToUtc', ['2024-03-31T02:30:00', 'W. Europe Standard Time']).message).toMatch(
      /convertToUtc.*'2024-03-31T02:30:00' does not exist in 'W. Europe Standard Time'/,
    );
    expect(errorOf('convertToUtc', ['2024-03-10T02:30:00', 'Eastern Standard Time']).message).toMatch(/does not exist in 'Eastern Standard Time'/);
  });
  it('reads the times just around the gap normally', () => {
    expect(call('convertToUtc', ['2024-03-31T01:59:59', 'W. Europe Standard Time'])).toBe('2024-03-31T00:59:59.0000000Z');
    expect(call('convertToUtc', ['2024-03-31T03:00:00', 'W. Europe Standard Time'])).toBe('2024-03-31T01:00:00.0000000Z');
  });
  it('reads a fall-back time that occurs twice as standard time (the later instant), as .NET does', () => {
    expect(call('convertToUtc', ['2024-10-27T02:30:00', 'W. Europe Standard Time'])).toBe('2024-10-27T01:30:00.0000000Z');
    expect(call('convertToUtc', ['2024-11-03T01:30:00', 'Eastern Standard Time'])).toBe('2024-11-03T06:30:00.0000000Z');
  });
  it('does not re-apply the source zone to a timestamp that already has an offset', () => {
    expect(call('convertToUtc', ['2024-07-01T14:00:00+02:00', 'Eastern Standard Time'])).toBe('2024-07-01T12:00:00.0000000Z');
    expect(call('convertToUtc', ['2024-07-01T12:00:00Z', 'Tokyo Standard Time'])).toBe('2024-07-01T12:00:00.0000000Z');
  });
});

describe('convertTimeZone', () => {
  it('converts between zones (docs examples)', () => {
    expect(call('convertTimeZone', ['2018-01-01T08:00:00.0000000Z', 'UTC', 'Pacific Standard Time'])).toBe('2018-01-01T00:00:00.0000000');
    expect(call('convertTimeZone', ['2018-01-01T08:00:00.0000000Z', 'UTC', 'Pacific Standard Time', 'D'])).toBe('Monday, January 1, 2018');
  });
  it('converts a clock reading across zones with different DST rules', () => {
    // 09:00 EDT = 13:00Z = 15:00 CEST in July; 09:00 EST = 14:00Z = 15:00 CET in January.
    expect(call('convertTimeZone', ['2024-07-01T09:00:00', 'Eastern Standard Time', 'W. Europe Standard Time'])).toBe('2024-07-01T15:00:00.0000000');
    expect(call('convertTimeZone', ['2024-01-15T09:00:00', 'Eastern Standard Time', 'W. Europe Standard Time'])).toBe('2024-01-15T15:00:00.0000000');
    // Between the US (10 March) and EU (31 March) switches the gap is 5 hours, not 6.
    expect(call('convertTimeZone', ['2024-03-20T09:00:00', 'Eastern Standard Time', 'W. Europe Standard Time'])).toBe('2024-03-20T14:00:00.0000000');
  });
  it('prints Z when converting into UTC', () => {
    expect(call('convertTimeZone', ['2024-07-01T15:00:00', 'Romance Standard Time', 'UTC'])).toBe('2024-07-01T13:00:00.0000000Z');
  });
  it('fails on a source clock time inside a DST gap, naming the function', () => {
    expect(errorOf('convertTimeZone', ['2024-03-31T02:15:00', 'Central European Standard Time', 'UTC']).message).toMatch(
      /In function 'convertTimeZone', '2024-03-31T02:15:00' does not exist/,
    );
  });
  it('names which zone parameter is unknown', () => {
    expect(errorOf('convertTimeZone', ['2024-07-01T09:00:00', 'UTC', 'Mars Standard Time']).message).toMatch(/convertTimeZone.*'Mars Standard Time' is not a known time zone id/);
    expect(errorOf('convertTimeZone', ['2024-07-01T09:00:00', null, 'UTC']).message).toMatch(/convertTimeZone.*'sourceTimeZone'/);
  });
  it('rejects the docs typo timestamp with hour 80', () => {
    expect(errorOf('convertTimeZone', ['2018-01-01T80:00:00.0000000Z', 'UTC', 'Pacific Standard Time', 'D']).message).toMatch(/hour 80 is outside 0-23/);
  });
});

describe('formatDateTime', () => {
  it('formats the docs examples', () => {
    expect(call('formatDateTime', ['03/15/2018 12:00:00', 'yyyy-MM-ddTHH:mm:ss'])).toBe('2018-03-15T12:00:00');
    expect(call('formatDateTime', ['03/15/2018'])).toBe('2018-03-15T00:00:00.0000000');
    expect(call('formatDateTime', ['01/31/2016', 'dddd MMMM d'])).toBe('Sunday January 31');
    expect(call('formatDateTime', ['01/31/2016', 'dddd MMMM d', 'fr-fr'])).toBe('dimanche janvier 31');
    expect(call('formatDateTime', ['01/31/2016', 'dddd MMMM d', 'fr-FR'])).toBe('dimanche janvier 31');
    expect(call('formatDateTime', ['01/31/2016', 'dddd MMMM d', 'es-es'])).toBe('domingo enero 31');
  });
  it('formats the patterns seen in real exported flows', () => {
    const ts = '2024-03-05T09:07:03Z';
    expect(call('formatDateTime', [ts, 'dd-MM-yyyy'])).toBe('05-03-2024');
    expect(call('formatDateTime', [ts, 'yyyy-MM-dd'])).toBe('2024-03-05');
    expect(call('formatDateTime', [ts, 'dd-MMM-yyyy'])).toBe('05-Mar-2024');
    expect(call('formatDateTime', [ts, 'dddd'])).toBe('Tuesday');
    expect(call('formatDateTime', [ts, 'yyyy-MM-ddTHH:mm:ss'])).toBe('2024-03-05T09:07:03');
    expect(call('formatDateTime', [ts, 'MMMM d, yyyy'])).toBe('March 5, 2024');
  });
  it('uses the locale for standard formats', () => {
    expect(call('formatDateTime', ['2024-03-05T09:07:03Z', 'd'])).toBe('3/5/2024');
    expect(call('formatDateTime', ['2024-03-05T09:07:03Z', 'd', 'en-GB'])).toBe('05/03/2024');
    expect(call('formatDateTime', ['2024-03-05T09:07:03Z', 'D', 'de-DE'])).toBe('Dienstag, 5. März 2024');
    expect(call('formatDateTime', ['2024-03-05T09:07:03Z', 'g', 'nl-NL'])).toBe('5-3-2024 09:07');
  });
  it('rejects an unknown locale, and a format string that .NET rejects', () => {
    expect(errorOf('formatDateTime', ['2024-03-05T09:07:03Z', 'd', 'not a locale']).message).toMatch(/formatDateTime.*'not a locale' is not a valid locale/);
    expect(errorOf('formatDateTime', ['2024-03-05T09:07:03Z', 'yyyy-MM-dd"']).message).toMatch(/formatDateTime.*unterminated quoted literal/);
    expect(errorOf('formatDateTime', ['2024-03-05T09:07:03Z', 'ss.ffffffff']).message).toMatch(/formatDateTime.*at most 7/);
  });
});

describe('parseDateTime', () => {
  it('parses the docs examples', () => {
    expect(call('parseDateTime', ['20/10/2014', 'fr-fr'])).toBe('2014-10-20T00:00:00.0000000');
    expect(call('parseDateTime', ['21052019', 'fr-fr', 'ddMMyyyy'])).toBe('2019-05-21T00:00:00.0000000');
    expect(call('parseDateTime', ['10/20/2014 15h', 'en-US', 'MM/dd/yyyy HH\\h'])).toBe('2014-10-20T15:00:00.0000000');
  });
  it('defaults to en-US (month first) and keeps offsets as UTC instants', () => {
    expect(call('parseDateTime', ['10/20/2014'])).toBe('2014-10-20T00:00:00.0000000');
    expect(call('parseDateTime', ['2014-10-20T15:00:00+02:00'])).toBe('2014-10-20T13:00:00.0000000Z');
  });
  it('parses month names in the locale', () => {
    expect(call('parseDateTime', ['5 mars 2024', 'fr-FR'])).toBe('2024-03-05T00:00:00.0000000');
    expect(call('parseDateTime', ['05-Mar-2024', 'en-US', 'dd-MMM-yyyy'])).toBe('2024-03-05T00:00:00.0000000');
  });
  it('takes today from the clock when the format has no date', () => {
    expect(call('parseDateTime', ['1:45 PM', 'en-US', 'h:mm tt'], fixedContext('2024-06-01T08:00:00Z'))).toBe('2024-06-01T13:45:00.0000000');
  });
  it('reports a format passed where the locale goes, as Power Automate does', () => {
    expect(errorOf('parseDateTime', ['2026-04-02', 'yyyy-MM-dd']).message).toMatch(/parseDateTime.*'yyyy-MM-dd' is not a valid locale/);
  });
  it('reports text that does not match the format', () => {
    expect(errorOf('parseDateTime', ['2024/03/05', 'en-US', 'yyyy-MM-dd']).message).toMatch(/parseDateTime.*'2024\/03\/05'.*matching the format 'yyyy-MM-dd'/);
    expect(errorOf('parseDateTime', [12, 'en-US']).message).toMatch(/parseDateTime.*'timestamp' must be a string/);
  });
});

describe('startOfHour, startOfDay, startOfMonth', () => {
  it('truncate (docs examples)', () => {
    expect(call('startOfHour', ['2018-03-15T13:30:30Z'])).toBe('2018-03-15T13:00:00.0000000Z');
    expect(call('startOfDay', ['2018-03-15T13:30:30Z'])).toBe('2018-03-15T00:00:00.0000000Z');
    expect(call('startOfMonth', ['2018-03-15T13:30:30Z'])).toBe('2018-03-01T00:00:00.0000000Z');
    expect(call('startOfMonth', ['2018-03-15T13:30:30Z', 'yyyy-MM-dd'])).toBe('2018-03-01');
  });
  it('drop the fraction and keep the timestamp kind', () => {
    expect(call('startOfHour', ['2018-03-15T13:30:30.9999999Z'])).toBe('2018-03-15T13:00:00.0000000Z');
    expect(call('startOfDay', ['2018-03-15T13:30:30'])).toBe('2018-03-15T00:00:00.0000000');
  });
  it('work at the edges of the range', () => {
    expect(call('startOfMonth', ['9999-12-31T23:59:59.9999999Z'])).toBe('9999-12-01T00:00:00.0000000Z');
    expect(call('startOfDay', ['0001-01-01T23:00:00Z'])).toBe('0001-01-01T00:00:00.0000000Z');
  });
  it('compose with addToTime into "last day of next month" as real flows do', () => {
    const firstOfNextMonth = call('startOfMonth', [call('addToTime', ['2024-01-31T10:00:00Z', 1, 'Month'])]);
    expect(call('addDays', [firstOfNextMonth, -1, 'yyyy-MM-dd'])).toBe('2024-01-31');
  });
});

describe('dayOfWeek, dayOfMonth, dayOfYear', () => {
  it('return the documented numbers (docs examples)', () => {
    expect(call('dayOfWeek', ['2018-03-15T13:27:36Z'])).toBe(4);
    expect(call('dayOfMonth', ['2018-03-15T13:27:36Z'])).toBe(15);
    expect(call('dayOfYear', ['2018-03-15T13:27:36Z'])).toBe(74);
  });
  it('count Sunday as 0 and Saturday as 6', () => {
    expect(call('dayOfWeek', ['2018-04-15T00:00:00Z'])).toBe(0);
    expect(call('dayOfWeek', ['2018-04-21T23:59:59Z'])).toBe(6);
  });
  it('count leap days', () => {
    expect(call('dayOfYear', ['2020-12-31T00:00:00Z'])).toBe(366);
    expect(call('dayOfYear', ['2019-12-31T00:00:00Z'])).toBe(365);
  });
  it('read the UTC day of an offset timestamp', () => {
    expect(call('dayOfWeek', ['2018-03-15T23:00:00-05:00'])).toBe(5);
    expect(call('dayOfMonth', ['2018-03-15T23:00:00-05:00'])).toBe(16);
  });
});

describe('ticks', () => {
  it('counts 100-ns intervals since 0001-01-01', () => {
    expect(call('ticks', ['0001-01-01T00:00:00Z'])).toBe(0);
    expect(call('ticks', ['0001-01-01T00:00:00.0000001Z'])).toBe(1);
    expect(call('ticks', ['1970-01-01T00:00:00Z'])).toBe(621355968000000000);
    // A published Power Automate value: 2022-09-09 10:00 UTC.
    expect(call('ticks', ['2022-09-09T10:00:00Z'])).toBe(637983144000000000);
  });
  it('gives exact differences for timestamps whole seconds apart', () => {
    const day = (call('ticks', ['2024-03-02T00:00:00Z']) as number) - (call('ticks', ['2024-03-01T00:00:00Z']) as number);
    expect(day).toBe(864000000000);
    const second = (call('ticks', ['2024-03-01T10:00:01Z']) as number) - (call('ticks', ['2024-03-01T10:00:00Z']) as number);
    expect(second).toBe(10000000);
  });
  it('rejects a bad timestamp, naming the function', () => {
    expect(errorOf('ticks', ['2024-03-01T10:00:00Q']).message).toMatch(/In function 'ticks', '2024-03-01T10:00:00Q' is not a valid timestamp/);
  });
});
