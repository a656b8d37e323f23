import { dailyAggregatesCollection, dailyStepsCollection, stepSegmentKey, type DailyAggregate, type DailySteps, type PolicyScope, type StoredStep } from '../../persistence/collections';
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
  /**
   * The sequence steps of the loaded days in `from` ≤ day < `to` that have any, by day: read
   * when first asked for and kept for the other policies. A day's steps are its legacy in-document
   * steps, then its segments in order.
   */
  steps(from: string, to: string): Promise<ReadonlyMap<string, readonly StoredStep[]>>;
}

/** Segments per query page; a day of five-minute batches has under 300. */
const SEGMENT_PAGE = 2_000;

/**
 * Loads the user's aggregates in `range`. `fresh` holds days this unit of work has just written
 * (the aggregation step): those are taken as they are instead of being read back and parsed
 * again, and only the stretches between them are queried. A busy day's document is the largest
 * the evaluation reads, and it is the one every unit of work of that day has just written.
 */
export async function loadUserDays(
  tx: StoreTransaction,
  userId: string,
  range: DayRange,
  fresh?: ReadonlyMap<string, DailyAggregate>,
  freshSegments?: ReadonlyMap<string, DailySteps>,
): Promise<UserDays> {
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

  const loaded = new Map<string, readonly StoredStep[]>();
  const steps = async (from: string, to: string): Promise<ReadonlyMap<string, readonly StoredStep[]>> => {
    const wanted = aggregates.filter((a) => a.day >= from && a.day < to && ((a.stepSegments ?? 0) > 0 || (a.steps?.length ?? 0) > 0));
    const missing = wanted.filter((a) => !loaded.has(a.day));
    const segmentsOf = new Map<string, DailySteps[]>();
    const add = (segment: DailySteps): void => {
      const list = segmentsOf.get(segment.day);
      if (list === undefined) segmentsOf.set(segment.day, [segment]);
      else list.push(segment);
    };
    let stored = false;
    for (const a of missing) {
      const count = a.stepSegments ?? 0;
      for (let n = 1; n <= count; n++) {
        const own = freshSegments?.get(stepSegmentKey(a.day, n));
        if (own !== undefined) add(own);
        else stored = true;
      }
    }
    if (stored) {
      // One ranged read (paged) for all the missing days' stored segments.
      const counts = new Map(missing.map((a) => [a.day, a.stepSegments ?? 0]));
      const segmentDocs = tx.documents(dailyStepsCollection);
      let after = missing[0].day;
      const end = addDays(missing[missing.length - 1].day, 1);
      for (;;) {
        const page = await segmentDocs.query({ partition: userId, range: { field: 'key', from: after, to: end }, orderBy: { field: 'key' }, limit: SEGMENT_PAGE });
        for (const { value } of page) {
          const count = counts.get(value.day);
          // Not a missing day, one of this unit's own (taken from memory), or an orphan.
          if (count === undefined || value.segment > count || freshSegments?.has(value.key) === true) continue;
          add(value);
        }
        if (page.length < SEGMENT_PAGE) break;
        after = `${page[page.length - 1].value.key}\u0000`;
      }
    }
    for (const a of missing) {
      const own = segmentsOf.get(a.day);
      if (own === undefined) {
        // A day imported in one unit of work: its document holds them all.
        loaded.set(a.day, a.steps ?? []);
        continue;
      }
      const list = [...(a.steps ?? [])];
      for (const segment of own.sort((x, y) => x.segment - y.segment)) list.push(...segment.steps);
      loaded.set(a.day, list);
    }
    return new Map(wanted.map((a) => [a.day, loaded.get(a.day) as readonly StoredStep[]]));
  };
  return { userId, range, aggregates, unusual: new Map(), steps };
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
