import type { Activity } from '../../ingest/activity';
import {
  dailyAggregatesCollection,
  dailyStepsCollection,
  orgExfiltrationCollection,
  stepSegmentKey,
  SYSTEM_PARTITION,
  USER_FACTS_ID,
  type AggregateCell,
  type OrgExfiltrationDay,
  userFactsCollection,
  type DailyAggregate,
  type DailySteps,
  type StoredStep,
} from '../../persistence/collections';
import type { StoreTransaction } from '../../ports/store';
import { classifyActivity } from '../classify-activity';
import { utcDayOf } from '../daily-insight';
import { indicatorDefinition, indicatorsFor, occurrenceKey } from '../indicator-catalogue';
import { sequenceStepsFor } from '../sequences';
import { updateUserFacts } from '../user-facts.repository';
import type { ScoringContext } from './scoring-context';

/** Alert indicators repeat the same alert once per status change; they count once per alert. */
const REPEATING_KINDS: ReadonlySet<string> = new Set(['dlp.alert', 'defender.alert']);
const TOP_PER_CELL = 10;

/**
 * Keeps `activity` among the cell's top activities if it is one of the earliest by (time, id).
 * Keeping the first ones to arrive instead made an alert's top activities depend on the order
 * files were imported, so a replay of history could show other activities than living it had.
 */
export function keepIfTop(cell: AggregateCell, activity: Activity): void {
  const { top } = cell;
  if (top.includes(activity.id)) return;
  // A cell stored before topAt existed: its ids sort first (their times are unknown).
  const times = (cell.topAt ??= top.map(() => ''));
  let at = top.length;
  while (at > 0 && (times[at - 1] > activity.time || (times[at - 1] === activity.time && top[at - 1] > activity.id))) at--;
  if (at >= TOP_PER_CELL) return;
  top.splice(at, 0, activity.id);
  times.splice(at, 0, activity.time);
  if (top.length > TOP_PER_CELL) {
    top.pop();
    times.pop();
  }
}

export interface AggregationResult {
  /** Day aggregates changed in this unit of work, by `user|day`. */
  readonly days: Map<string, DailyAggregate>;
  /** The step segments this unit of work wrote, by `user|key`. */
  readonly segments: Map<string, DailySteps>;
  /** Days whose organization exfiltration totals changed (what cumulative norms compare against). */
  readonly orgDays: ReadonlySet<string>;
  readonly scored: number;
  readonly excluded: number;
}

/**
 * Folds new activities into per-user daily aggregates (count per indicator per UTC day, priority
 * and unallowed-domain flags, a few activity ids, sequence steps). Counting is commutative, so
 * the aggregates — and every score computed from them — do not depend on arrival order.
 */
export async function aggregateActivities(tx: StoreTransaction, ctx: ScoringContext, activities: readonly Activity[]): Promise<AggregationResult> {
  const days = new Map<string, DailyAggregate>();
  // This unit of work's new steps by `user|day`.
  const newSteps = new Map<string, StoredStep[]>();
  // Day documents this unit of work creates: they hold its steps themselves.
  const created = new Set<string>();
  const docs = tx.documents(dailyAggregatesCollection);
  const lastWorkingDay = await lastWorkingDays(tx, activities);
  const orgDays = new Map<string, OrgExfiltrationDay>();
  const orgDocs = tx.documents(orgExfiltrationCollection);
  let scored = 0;
  let excluded = 0;

  for (const activity of activities) {
    const classification = classifyActivity(activity, ctx.lists);
    if (classification.excluded !== undefined || classification.ignored !== undefined) {
      excluded++;
      continue;
    }
    const day = utcDayOf(activity.time);
    const last = lastWorkingDay.get(activity.userId);
    const ids = indicatorsFor(activity, { ...classification, afterTermination: last !== undefined && day > last });
    if (ids.length === 0) continue;
    scored++;
    const key = `${activity.userId}|${day}`;
    let aggregate = days.get(key);
    if (aggregate === undefined) {
      const stored = (await docs.get(activity.userId, day))?.value;
      if (stored === undefined) created.add(key);
      aggregate = stored ?? { userId: activity.userId, day, cells: {} };
      days.set(key, aggregate);
    }
    // Only new activities are scored, each once (the store refused the duplicates), so their
    // steps cannot repeat ones stored by earlier units of work: no need to read those here.
    let added = newSteps.get(key);
    if (added === undefined) {
      added = [];
      newSteps.set(key, added);
    }
    for (const id of ids) {
      const cell = (aggregate.cells[id] ??= {
        count: 0,
        priorityContent: false,
        unallowedDomain: false,
        top: [],
        first: activity.time,
        last: activity.time,
      });
      const before = cell.count;
      if (REPEATING_KINDS.has(activity.kind)) {
        const occurrence = occurrenceKey(activity);
        const seen = (cell.occurrences ??= []);
        if (!seen.includes(occurrence)) {
          seen.push(occurrence);
          cell.count++;
        }
        if (activity.severity !== undefined) (cell.severities ??= []).push(activity.severity);
      } else {
        cell.count++;
      }
      const channel = indicatorDefinition(id).exfiltrationChannel;
      if (channel !== undefined && cell.count > before) {
        let org = orgDays.get(day);
        if (org === undefined) {
          org = (await orgDocs.get(SYSTEM_PARTITION, day))?.value ?? { day, totals: {} };
          orgDays.set(day, org);
        }
        const totals = (org.totals[activity.userId] ??= {});
        totals[channel] = (totals[channel] ?? 0) + 1;
      }
      cell.priorityContent ||= classification.priorityContent;
      cell.unallowedDomain ||= classification.unallowedDomain;
      keepIfTop(cell, activity);
      if (activity.time < cell.first) cell.first = activity.time;
      if (activity.time > cell.last) cell.last = activity.time;

      const role = indicatorDefinition(id).sequenceRole;
      if (role !== 'none') {
        // Scores are filled in at evaluation, from the day's final count.
        for (const step of sequenceStepsFor(activity, role, 0)) {
          const { score: _score, ...stored } = step;
          added.push({ ...stored, indicatorId: id });
        }
      }
    }
  }
  // The unit of work that creates a day document keeps its steps in it (a day imported in one
  // file costs no second document); later ones write a segment each, so none rewrites the steps
  // before it. Segments go before the day documents that count them: on a store without
  // transactions a failure in between leaves a segment no day document counts yet (ignored, then
  // overwritten), never a count without its segment.
  const segments = new Map<string, DailySteps>();
  const stepDocs = tx.documents(dailyStepsCollection);
  for (const [key, steps] of newSteps) {
    if (steps.length === 0) continue;
    const aggregate = days.get(key) as DailyAggregate;
    if (created.has(key)) {
      aggregate.steps = steps;
      continue;
    }
    const segment = (aggregate.stepSegments ?? 0) + 1;
    aggregate.stepSegments = segment;
    const doc: DailySteps = { userId: aggregate.userId, day: aggregate.day, key: stepSegmentKey(aggregate.day, segment), segment, steps };
    await stepDocs.upsert(doc.userId, doc.key, doc);
    segments.set(`${doc.userId}|${doc.key}`, doc);
  }
  for (const aggregate of days.values()) await docs.upsert(aggregate.userId, aggregate.day, aggregate);
  for (const org of orgDays.values()) await orgDocs.upsert(SYSTEM_PARTITION, org.day, org);
  return { days, segments, orgDays: new Set(orgDays.keys()), scored, excluded };
}

/**
 * Last working days of the users in this chunk, from stored facts and the resignations in the
 * chunk itself (which are also saved), so "physical access after termination" can be told.
 */
async function lastWorkingDays(tx: StoreTransaction, activities: readonly Activity[]): Promise<Map<string, string>> {
  const facts = tx.documents(userFactsCollection);
  const result = new Map<string, string>();
  for (const a of activities) {
    if (a.kind !== 'hr.resignation') continue;
    const last = a.details?.lastWorkingDate;
    if (typeof last !== 'string') continue;
    const day = last.slice(0, 10);
    result.set(a.userId, day);
    // Other writers keep their own fields in the same document (cases, the directory).
    await updateUserFacts(tx, a.userId, (f) => (f.lastWorkingDate === day ? f : { ...f, lastWorkingDate: day }));
  }
  // Only badge events depend on it; look the others up only for users with such events.
  const needed = new Set(activities.filter((a) => a.kind === 'physical.access' && !result.has(a.userId)).map((a) => a.userId));
  for (const userId of needed) {
    const stored = await facts.get(userId, USER_FACTS_ID);
    if (stored?.value.lastWorkingDate !== undefined) result.set(userId, stored.value.lastWorkingDate);
  }
  return result;
}
