import { dailyAggregatesCollection, type DailyAggregate, type PolicyScope } from '../../persistence/collections';
import type { StoreTransaction } from '../../ports/store';
import { UNUSUAL_HISTORY_DAYS } from '../daily-insight';
import { SEQUENCE_WINDOW_DAYS } from '../sequences';

/**
 * A user's daily aggregates as the evaluation reads them, loaded once per unit of work for every
 * policy that has the user in scope (each policy used to query and parse the same documents
 * again), with the day arithmetic done once: days as whole numbers, so the 30-day baseline of a
 * cell is 30 map lookups instead of 30 date conversions.
 */

export const DAY_MS = 86_400_000;

/** Days before a scope's first day that its evaluation reads: the unusual-activity baseline and the sequence window. */
export const LOOKBACK_DAYS = UNUSUAL_HISTORY_DAYS + SEQUENCE_WINDOW_DAYS;

export function dayNumber(day: string): number {
  return Math.round(Date.parse(`${day}T00:00:00.000Z`) / DAY_MS);
}

export function dayOfNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return dayOfNumber(dayNumber(day) + n);
}

/** The days a scope's evaluation depends on, `from` inclusive, `to` exclusive (UTC days). */
export interface DayRange {
  readonly from: string;
  readonly to: string;
}

/** What `evaluateScope` reads for this scope: from the lookback before its first day to its last day. */
export function evaluationRange(scope: Pick<PolicyScope, 'windows'>): DayRange | undefined {
  if (scope.windows.length === 0) return undefined;
  let first = scope.windows[0].from.slice(0, 10);
  let last = scope.windows[0].to.slice(0, 10);
  for (const w of scope.windows) {
    if (w.from.slice(0, 10) < first) first = w.from.slice(0, 10);
    if (w.to.slice(0, 10) > last) last = w.to.slice(0, 10);
  }
  return { from: addDays(first, -LOOKBACK_DAYS), to: addDays(last, 1) };
}

export interface UserDays {
  readonly userId: string;
  readonly range: DayRange;
  /** In day order. */
  readonly aggregates: readonly DailyAggregate[];
  /**
   * Unusual-activity verdicts by `indicator|day`, shared by the policies: a day's verdict depends
   * only on the user's counts of the 30 days before it (and the settings of this unit of work).
   */
  readonly unusual: Map<string, boolean>;
}

/**
 * Loads the user's aggregates in `range`. `fresh` holds days this unit of work has just written
 * (the aggregation step): those are taken as they are instead of being read back and parsed
 * again, and only the stretches between them are queried. A busy day's document is the largest
 * the evaluation reads, and it is the one every unit of work of that day has just written.
 */
export async function loadUserDays(tx: StoreTransaction, userId: string, range: DayRange, fresh?: ReadonlyMap<string, DailyAggregate>): Promise<UserDays> {
  const docs = tx.documents(dailyAggregatesCollection);
  const reused = [...(fresh?.values() ?? [])].filter((a) => a.userId === userId && a.day >= range.from && a.day < range.to).sort((a, b) => (a.day < b.day ? -1 : 1));
  const aggregates: DailyAggregate[] = [];
  let from = range.from;
  const readUpTo = async (to: string): Promise<void> => {
    if (from >= to) return;
    const loaded = await docs.query({ partition: userId, range: { field: 'day', from, to }, orderBy: { field: 'day' }, limit: 10_000 });
    for (const d of loaded) aggregates.push(d.value);
  };
  for (const aggregate of reused) {
    await readUpTo(aggregate.day);
    aggregates.push(aggregate);
    from = addDays(aggregate.day, 1);
  }
  await readUpTo(range.to);
  return { userId, range, aggregates, unusual: new Map() };
}

export function covers(outer: DayRange, inner: DayRange): boolean {
  return outer.from <= inner.from && inner.to <= outer.to;
}

/** The union of ranges (what one load must cover for all of a user's policies). */
export function unionRange(ranges: readonly DayRange[]): DayRange | undefined {
  if (ranges.length === 0) return undefined;
  let { from, to } = ranges[0];
  for (const r of ranges) {
    if (r.from < from) from = r.from;
    if (r.to > to) to = r.to;
  }
  return { from, to };
}
