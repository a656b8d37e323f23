import {
  DateTimeError,
  MAX_TICKS,
  TICKS_PER_DAY,
  UNIX_EPOCH_TICKS,
  addMonths,
  daysFromCivil,
  fieldsOf,
  fromEpochMilliseconds,
  fromFields,
  toEpochMilliseconds,
} from '../../../../../flows/engine/expressions/dates/date-time-value';
import { formatTimeSpanConstant } from '../../../../../flows/engine/expressions/dates/time-span';

describe('calendar arithmetic', () => {
  it('places the Unix epoch and the range ends where .NET does', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(719_162);
    expect(BigInt(daysFromCivil(1970, 1, 1)) * TICKS_PER_DAY).toBe(UNIX_EPOCH_TICKS);
    expect(fromFields({ year: 9999, month: 12, day: 31, hour: 23, minute: 59, second: 59, fraction: 9_999_999 }, 'utc').ticks).toBe(MAX_TICKS);
    expect(fromFields({ year: 1, month: 1, day: 1 }, 'utc').ticks).toBe(0n);
  });

  it('agrees with JavaScript Date (an independent proleptic-Gregorian calendar) across the whole range', () => {
    const mismatches: string[] = [];
    for (let days = 0; days <= daysFromCivil(9999, 12, 31); days += 97) {
      const value = { ticks: BigInt(days) * TICKS_PER_DAY + 45_296_000_0000n, kind: 'utc' as const };
      const f = fieldsOf(value);
      const js = new Date(toEpochMilliseconds(value));
      const expected = [js.getUTCFullYear(), js.getUTCMonth() + 1, js.getUTCDate(), js.getUTCDay(), js.getUTCHours(), js.getUTCMinutes()];
      const actual = [f.year, f.month, f.day, f.dayOfWeek, f.hour, f.minute];
      if (expected.join() !== actual.join()) mismatches.push(`${days}: ${actual.join()} vs ${expected.join()}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('round-trips every day around the century and 400-year edges', () => {
    for (const year of [1, 100, 400, 1600, 1900, 2000, 2100, 9999]) {
      for (let day = daysFromCivil(year, 1, 1); day < daysFromCivil(year, 12, 31) + 1; day++) {
        const f = fieldsOf({ ticks: BigInt(day) * TICKS_PER_DAY, kind: 'utc' });
        expect(daysFromCivil(f.year, f.month, f.day)).toBe(day);
      }
    }
    expect(fieldsOf(fromFields({ year: 2000, month: 12, day: 31 }, 'utc')).dayOfYear).toBe(366);
    expect(fieldsOf(fromFields({ year: 1900, month: 12, day: 31 }, 'utc')).dayOfYear).toBe(365);
  });

  it('rejects fields outside the calendar, naming the field', () => {
    expect(() => fromFields({ year: 0, month: 1, day: 1 }, 'utc')).toThrow('year 0 is outside 1-9999');
    expect(() => fromFields({ year: 1900, month: 2, day: 29 }, 'utc')).toThrow('day 29 does not exist in 1900-02');
    expect(() => fromFields({ year: 2000, month: 2, day: 30 }, 'utc')).toThrow(DateTimeError);
  });

  it('adds months like .NET AddMonths (clamp to the month end, keep the time of day)', () => {
    const jan31 = fromFields({ year: 2018, month: 1, day: 31, hour: 10, fraction: 1 }, 'utc');
    expect(fieldsOf(addMonths(jan31, 1))).toMatchObject({ year: 2018, month: 2, day: 28, hour: 10, fraction: 1 });
    expect(fieldsOf(addMonths(jan31, 25))).toMatchObject({ year: 2020, month: 2, day: 29 });
    expect(fieldsOf(addMonths(jan31, -2))).toMatchObject({ year: 2017, month: 11, day: 30 });
    expect(addMonths(jan31, 1).kind).toBe('utc');
    expect(() => addMonths(jan31, 12 * 8000)).toThrow(DateTimeError);
  });

  it('converts to and from epoch milliseconds, flooring sub-millisecond ticks', () => {
    expect(fromEpochMilliseconds(0, 'utc').ticks).toBe(UNIX_EPOCH_TICKS);
    expect(toEpochMilliseconds({ ticks: UNIX_EPOCH_TICKS - 1n, kind: 'utc' })).toBe(-1);
    expect(toEpochMilliseconds({ ticks: UNIX_EPOCH_TICKS + 19_999n, kind: 'utc' })).toBe(1);
    expect(() => fromEpochMilliseconds(Number.NaN, 'utc')).toThrow(DateTimeError);
  });
});

describe('TimeSpan constant format', () => {
  it.each([
    [0n, '00:00:00'],
    [1n, '00:00:00.0000001'],
    [10_000_000n, '00:00:01'],
    [-18_000_000_000n, '-00:30:00'],
    [1268n * TICKS_PER_DAY, '1268.00:00:00'],
    [TICKS_PER_DAY + 36_000_000_000n * 2n + 1_234_567n, '1.02:00:00.1234567'],
    [-(3n * TICKS_PER_DAY + 5n), '-3.00:00:00.0000005'],
  ])('%s ticks → %s', (ticks, expected) => {
    expect(formatTimeSpanConstant(ticks)).toBe(expected);
  });
});
