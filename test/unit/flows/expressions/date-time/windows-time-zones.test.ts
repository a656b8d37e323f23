import { fromFields } from '../../../../../flows/engine/expressions/dates/date-time-value';
import { utcToZone, zoneToUtc } from '../../../../../flows/engine/expressions/dates/convert-time-zone';
import { localToUtc, offsetAt } from '../../../../../flows/engine/expressions/dates/time-zone-offsets';
import {
  WINDOWS_TIME_ZONES,
  closestWindowsTimeZoneId,
  requireTimeZone,
  resolveTimeZone,
} from '../../../../../flows/engine/expressions/dates/windows-time-zones';

const HOUR = 3_600_000;

describe('the Windows → IANA table', () => {
  it('covers the CLDR golden zones, including the ids real flows use', () => {
    expect(WINDOWS_TIME_ZONES.size).toBeGreaterThanOrEqual(139);
    for (const id of [
      'UTC',
      'GMT Standard Time',
      'W. Europe Standard Time',
      'Central European Standard Time',
      'Central Europe Standard Time',
      'Romance Standard Time',
      'Eastern Standard Time',
      'Central Standard Time',
      'Pacific Standard Time',
      'Mountain Standard Time',
      'India Standard Time',
      'Tokyo Standard Time',
      'AUS Eastern Standard Time',
      'China Standard Time',
    ]) {
      expect(WINDOWS_TIME_ZONES.has(id)).toBe(true);
    }
    expect(WINDOWS_TIME_ZONES.get('W. Europe Standard Time')).toBe('Europe/Berlin');
    expect(WINDOWS_TIME_ZONES.get('Eastern Standard Time')).toBe('America/New_York');
  });

  it('names only IANA zones that Node ICU knows', () => {
    const unknown = [...WINDOWS_TIME_ZONES].filter(([, iana]) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: iana }).format(0);
        return false;
      } catch {
        return true;
      }
    });
    expect(unknown).toEqual([]);
  });

  it('has ids that stay distinct once case and punctuation are ignored', () => {
    const keys = [...WINDOWS_TIME_ZONES.keys()].map((id) => id.toLowerCase().replace(/[\s.,()&'’_]/g, ''));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('gives each zone its expected standard offset in January 2024 (spot checks)', () => {
    const jan = Date.UTC(2024, 0, 15, 12);
    const expected: Record<string, number> = {
      'Dateline Standard Time': -12,
      'Hawaiian Standard Time': -10,
      'Pacific Standard Time': -8,
      'US Mountain Standard Time': -7,
      'Central Standard Time': -6,
      'Eastern Standard Time': -5,
      'Newfoundland Standard Time': -3.5,
      'E. South America Standard Time': -3,
      UTC: 0,
      'GMT Standard Time': 0,
      'W. Europe Standard Time': 1,
      'FLE Standard Time': 2,
      'Russian Standard Time': 3,
      'Iran Standard Time': 3.5,
      'Arabian Standard Time': 4,
      'India Standard Time': 5.5,
      'Nepal Standard Time': 5.75,
      'China Standard Time': 8,
      'Tokyo Standard Time': 9,
      'Cen. Australia Standard Time': 10.5,
      'AUS Eastern Standard Time': 11,
      'New Zealand Standard Time': 13,
      'Chatham Islands Standard Time': 13.75,
      'Line Islands Standard Time': 14,
    };
    const actual = Object.fromEntries(Object.keys(expected).map((id) => [id, offsetAt(WINDOWS_TIME_ZONES.get(id)!, jan) / HOUR]));
    expect(actual).toEqual(expected);
  });
});

describe('resolving ids', () => {
  it('ignores case, spaces and punctuation in Windows ids', () => {
    expect(resolveTimeZone('w europe standard time')).toEqual({ id: 'W. Europe Standard Time', iana: 'Europe/Berlin', source: 'windows' });
    expect(resolveTimeZone('Pacific Standard Time (Mexico)')?.iana).toBe('America/Tijuana');
    expect(resolveTimeZone('Pacific Standard Time Mexico')?.iana).toBe('America/Tijuana');
  });
  it('keeps UTC+12 and UTC-11 apart', () => {
    expect(resolveTimeZone('UTC+12')?.iana).toBe('Etc/GMT-12');
    expect(resolveTimeZone('UTC-11')?.iana).toBe('Etc/GMT+11');
    expect(resolveTimeZone('UTC+11')).toBeUndefined();
  });
  it('accepts IANA ids, in any case', () => {
    expect(resolveTimeZone('Europe/Amsterdam')).toEqual({ id: 'Europe/Amsterdam', iana: 'Europe/Amsterdam', source: 'iana' });
    expect(resolveTimeZone('america/new_york')?.iana).toBe('America/New_York');
  });
  it('returns undefined for ids that are neither, and the error names the closest Windows id', () => {
    expect(resolveTimeZone('Middle Earth Standard Time')).toBeUndefined();
    expect(resolveTimeZone('Europe/Atlantis')).toBeUndefined();
    expect(closestWindowsTimeZoneId('Centrl European Standard Time')).toBe('Central European Standard Time');
    expect(closestWindowsTimeZoneId('Tokio Standard Time')).toBe('Tokyo Standard Time');
    expect(() => requireTimeZone('Pacific Time')).toThrow(/'Pacific Time' is not a known time zone id.*did you mean 'Pacific Standard Time'/);
  });
});

describe('local clock readings across DST', () => {
  const berlin = 'Europe/Berlin';
  const newYork = 'America/New_York';
  it('finds one offset outside transitions', () => {
    expect(localToUtc(berlin, Date.UTC(2024, 6, 1, 12))).toEqual({ kind: 'unique', offsetMs: 2 * HOUR });
    expect(localToUtc(berlin, Date.UTC(2024, 0, 15, 12))).toEqual({ kind: 'unique', offsetMs: 1 * HOUR });
    expect(localToUtc(newYork, Date.UTC(2024, 6, 1, 12))).toEqual({ kind: 'unique', offsetMs: -4 * HOUR });
    expect(localToUtc(newYork, Date.UTC(2024, 0, 15, 12))).toEqual({ kind: 'unique', offsetMs: -5 * HOUR });
  });
  it('finds none inside the spring-forward gap and two inside the fall-back overlap', () => {
    expect(localToUtc(berlin, Date.UTC(2024, 2, 31, 2, 30))).toEqual({ kind: 'gap' });
    expect(localToUtc(newYork, Date.UTC(2024, 2, 10, 2, 30))).toEqual({ kind: 'gap' });
    expect(localToUtc(berlin, Date.UTC(2024, 9, 27, 2, 30))).toEqual({ kind: 'ambiguous', earlierOffsetMs: 2 * HOUR, laterOffsetMs: 1 * HOUR });
    expect(localToUtc(newYork, Date.UTC(2024, 10, 3, 1, 30))).toEqual({ kind: 'ambiguous', earlierOffsetMs: -4 * HOUR, laterOffsetMs: -5 * HOUR });
  });
  it('round-trips every half hour of 2024 in W. Europe except the gap hour', () => {
    const zone = requireTimeZone('W. Europe Standard Time');
    const failures: string[] = [];
    for (let ms = Date.UTC(2024, 0, 1); ms < Date.UTC(2025, 0, 1); ms += HOUR / 2) {
      const utc = fromFields({ year: 2024, month: 1, day: 1 }, 'utc');
      const instant = { ticks: utc.ticks + BigInt(ms - Date.UTC(2024, 0, 1)) * 10_000n, kind: 'utc' as const };
      const local = utcToZone(instant, zone);
      const back = zoneToUtc(local, zone);
      // A reading in the overlap comes back as the later (standard-time) instant, as in .NET.
      const inOverlap = ms >= Date.UTC(2024, 9, 27, 0) && ms < Date.UTC(2024, 9, 27, 1);
      const expected = inOverlap ? instant.ticks + 36_000_000_000n : instant.ticks;
      if (back.ticks !== expected) failures.push(new Date(ms).toISOString());
    }
    expect(failures).toEqual([]);
  });
});
