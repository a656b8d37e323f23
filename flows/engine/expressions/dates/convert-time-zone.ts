import { DateTimeError, TICKS_PER_MILLISECOND, toEpochMilliseconds, withTicks, type DateTimeValue } from './date-time-value';
import { formatDotNetDateTime } from './dotnet-format';
import { INVARIANT_CULTURE } from './cultures';
import { localToUtc, offsetAt } from './time-zone-offsets';
import type { ResolvedTimeZone } from './windows-time-zones';

/**
 * Moving a timestamp between a zone's clock and UTC, as .NET's TimeZoneInfo does for the WDL
 * functions — with one decision of ours: a timestamp that already carries `Z` or an offset names
 * its instant, so a *source* zone is not applied to it (.NET would refuse such a value with a
 * non-UTC source zone). Only a timestamp without an offset is read as the source zone's clock.
 */

function isUtcZone(zone: ResolvedTimeZone): boolean {
  return zone.iana === 'UTC' || zone.iana === 'Etc/UTC';
}

/**
 * A clock reading in `zone` → UTC. A reading inside a spring-forward gap does not exist and is an
 * error (as .NET's "invalid time"); one inside a fall-back overlap is read as standard time, the
 * later of the two instants (as .NET).
 */
export function zoneToUtc(value: DateTimeValue, zone: ResolvedTimeZone): DateTimeValue {
  if (value.kind === 'utc' || isUtcZone(zone)) return { ticks: value.ticks, kind: 'utc' };
  const match = localToUtc(zone.iana, toEpochMilliseconds(value));
  if (match.kind === 'gap') {
    const reading = formatDotNetDateTime(value, 'yyyy-MM-ddTHH:mm:ss', INVARIANT_CULTURE);
    throw new DateTimeError(`'${reading}' does not exist in '${zone.id}': the clocks skip that time when daylight saving time begins`);
  }
  const offsetMs = match.kind === 'unique' ? match.offsetMs : match.laterOffsetMs;
  return withTicks({ ticks: value.ticks, kind: 'utc' }, value.ticks - BigInt(offsetMs) * TICKS_PER_MILLISECOND);
}

/**
 * An instant (a UTC value, or an unspecified one taken as UTC) → the clock reading in `zone`.
 * The result has no offset (kind unspecified) unless the zone is UTC itself, as in .NET.
 */
export function utcToZone(value: DateTimeValue, zone: ResolvedTimeZone): DateTimeValue {
  if (isUtcZone(zone)) return { ticks: value.ticks, kind: 'utc' };
  const offsetMs = offsetAt(zone.iana, toEpochMilliseconds(value));
  return withTicks({ ticks: value.ticks, kind: 'unspecified' }, value.ticks + BigInt(offsetMs) * TICKS_PER_MILLISECOND);
}
