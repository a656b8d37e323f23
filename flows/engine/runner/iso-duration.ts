/**
 * ISO 8601 durations as WDL writes them (`PT7.5S`, `PT1H`, `P14D`, `P1M`, `P1Y2M3DT4H5M6S`, `P2W`).
 * Years and months are calendar units, so a duration is added to a start date rather than turned
 * into a fixed number of milliseconds.
 */
export interface IsoDuration {
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
}

const PATTERN = /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/** `undefined` when the text is not an ISO 8601 duration (or is an empty one such as `P` or `PT`). */
export function parseIsoDuration(text: string): IsoDuration | undefined {
  const trimmed = text.trim();
  const match = PATTERN.exec(trimmed);
  if (match === null || /T$/i.test(trimmed) || trimmed.length <= 1) return undefined;
  const n = (i: number): number => (match[i] === undefined ? 0 : Number(match[i]));
  return { years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) };
}

/** `from` plus the duration (calendar years and months in UTC; fractions of them are not allowed). */
export function addIsoDuration(from: Date, duration: IsoDuration): Date {
  const at = new Date(from.getTime());
  if (duration.years !== 0 || duration.months !== 0) {
    const months = Math.trunc(duration.years) * 12 + Math.trunc(duration.months);
    const day = at.getUTCDate();
    at.setUTCDate(1);
    at.setUTCMonth(at.getUTCMonth() + months);
    // 31 January plus one month is the last day of February, not 3 March.
    const lastDay = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 0)).getUTCDate();
    at.setUTCDate(Math.min(day, lastDay));
  }
  const ms = ((duration.weeks * 7 + duration.days) * 24 * 3600 + duration.hours * 3600 + duration.minutes * 60 + duration.seconds) * 1000;
  return new Date(at.getTime() + Math.round(ms));
}

/** Milliseconds the duration lasts when it starts at `from`. */
export function isoDurationMs(duration: IsoDuration, from: Date): number {
  return addIsoDuration(from, duration).getTime() - from.getTime();
}
