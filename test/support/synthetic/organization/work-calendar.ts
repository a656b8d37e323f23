import type { Random } from '../random';

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

export interface SimulatedDay {
  readonly index: number;
  /** 00:00 UTC of the day, epoch milliseconds. */
  readonly startMs: number;
  /** `YYYY-MM-DD`. */
  readonly date: string;
  readonly weekday: boolean;
}

export function parseStartDate(start: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(start)) throw new RangeError(`start must be YYYY-MM-DD, got '${start}'`);
  const ms = Date.parse(`${start}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new RangeError(`start is not a calendar date: '${start}'`);
  return ms;
}

export function simulatedDays(startMs: number, days: number): SimulatedDay[] {
  return Array.from({ length: days }, (_, index) => {
    const ms = startMs + index * DAY_MS;
    const dow = new Date(ms).getUTCDay();
    return { index, startMs: ms, date: new Date(ms).toISOString().slice(0, 10), weekday: dow !== 0 && dow !== 6 };
  });
}

/** The audit API's `CreationTime`: UTC, no offset, no fraction. */
export function creationTime(ms: number): string {
  // Formatting by hand with the date part cached: one call per record made toISOString a hot spot.
  const day = Math.floor(ms / DAY_MS);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  const seconds = Math.floor((ms - day * DAY_MS) / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor(seconds / 60) % 60;
  const s = seconds % 60;
  return `${cachedPrefix}${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}:${s < 10 ? '0' : ''}${s}`;
}
let cachedDay = Number.NaN;
let cachedPrefix = '';

/** The activity model's time format (UTC with milliseconds and `Z`). */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** Graph alerts carry seven fractional digits, as the service writes them. */
export function graphTime(ms: number, random: Random): string {
  return `${new Date(ms).toISOString().slice(0, 19)}.${String(random.int(0, 9_999_999)).padStart(7, '0')}Z`;
}

/** A working day of one person: when they start and stop (hours after midnight UTC). */
export interface WorkingHours {
  readonly startHour: number;
  readonly endHour: number;
}

/**
 * A time inside the person's working day, thinner over lunch; a small share falls in the evening
 * (mail and downloads after dinner happen, but rarely).
 */
export function workTime(random: Random, day: SimulatedDay, hours: WorkingHours, eveningShare = 0.05): number {
  let hour: number;
  if (random.next() < eveningShare) {
    hour = hours.endHour + random.next() * Math.max(0.5, 22.5 - hours.endHour);
  } else {
    hour = hours.startHour + random.next() * (hours.endHour - hours.startHour);
    const lunch = hours.startHour + 4;
    // Half of the draws that land in the lunch hour are moved to the afternoon.
    if (hour > lunch && hour < lunch + 1 && random.next() < 0.5) hour += 1.5;
    if (hour > hours.endHour) hour = hours.endHour - random.next() * 0.5;
  }
  return day.startMs + Math.floor(hour * HOUR_MS / 1000) * 1000;
}

/** A weekend or holiday burst of work: late morning to late afternoon. */
export function weekendTime(random: Random, day: SimulatedDay): number {
  return day.startMs + Math.floor((10 + random.next() * 7) * HOUR_MS / 1000) * 1000;
}

/** The index of the first weekday at or after `from` (or `from` itself when none is left). */
export function weekdayAtOrAfter(days: readonly SimulatedDay[], from: number): number {
  for (let i = Math.max(0, from); i < days.length; i++) if (days[i].weekday) return i;
  return Math.min(Math.max(0, from), days.length - 1);
}

/** `count` distinct weekdays after `from`, at most `until` (inclusive), in order. */
export function weekdaysAfter(days: readonly SimulatedDay[], from: number, count: number, until: number): number[] {
  const out: number[] = [];
  for (let i = from + 1; i <= Math.min(until, days.length - 1) && out.length < count; i++) if (days[i].weekday) out.push(i);
  return out;
}
