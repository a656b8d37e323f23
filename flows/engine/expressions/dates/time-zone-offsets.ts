/**
 * UTC offsets of IANA zones from Node's ICU (`Intl.DateTimeFormat` with `timeZone`), in both
 * directions:
 * - instant → offset is a lookup;
 * - local clock reading → instant can have no answer (inside a spring-forward gap) or two
 *   (inside a fall-back overlap), so it returns every match and the caller decides. .NET's
 *   `TimeZoneInfo.ConvertTimeToUtc`, which the WDL functions follow, rejects a gap time as invalid
 *   and reads an overlap time as standard time (the later instant).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(iana: string): Intl.DateTimeFormat {
  let formatter = formatters.get(iana);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: iana,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(iana, formatter);
  }
  return formatter;
}

/** Milliseconds since 1970 of a proleptic-Gregorian UTC clock reading (any year, unlike Date.UTC's 0-99 quirk). */
function utcMilliseconds(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  date.setUTCFullYear(year);
  return date.getTime();
}

/** The zone's offset from UTC at an instant, in milliseconds (east positive). */
export function offsetAt(iana: string, utcMs: number): number {
  // Whole seconds: Intl reports seconds, and sub-second offsets do not exist.
  const instant = Math.floor(utcMs / 1000) * 1000;
  const parts = formatterFor(iana).formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const era = parts.find((p) => p.type === 'era')?.value;
  const year = era === 'BC' || era === 'B' ? 1 - get('year') : get('year');
  const local = utcMilliseconds(year, get('month'), get('day'), get('hour'), get('minute'), get('second'));
  return local - instant;
}

export type LocalToUtc =
  | { readonly kind: 'unique'; readonly offsetMs: number }
  | { readonly kind: 'ambiguous'; readonly earlierOffsetMs: number; readonly laterOffsetMs: number }
  | { readonly kind: 'gap' };

const HOURS_36 = 36 * 3_600_000;

/**
 * Which offsets make `localMs` (a clock reading in the zone, as milliseconds since 1970 of that
 * reading) a real instant. Candidates are the offsets in force 36 h either side, which covers every
 * transition (they are months apart, and no zone moves by more than a day).
 */
export function localToUtc(iana: string, localMs: number): LocalToUtc {
  const candidates = new Set([offsetAt(iana, localMs - HOURS_36), offsetAt(iana, localMs), offsetAt(iana, localMs + HOURS_36)]);
  const valid = [...candidates].filter((offset) => offsetAt(iana, localMs - offset) === offset).sort((a, b) => b - a);
  if (valid.length === 0) return { kind: 'gap' };
  if (valid.length === 1) return { kind: 'unique', offsetMs: valid[0] };
  // Larger offset = earlier instant (the daylight reading before the clocks went back).
  return { kind: 'ambiguous', earlierOffsetMs: valid[0], laterOffsetMs: valid[valid.length - 1] };
}
