import { z } from 'zod';
import { AlertSchema } from '../alerts/alert';
import { ActivityKindSchema } from '../ingest/activity';
import { PolicySchema } from '../policies/policy';
import type { CollectionDefinition } from '../ports/document-collection';
import { SEQUENCE_ROLES } from '../scoring/indicator-catalogue';
import { SettingsSchema } from '../settings/settings';

/**
 * Every document collection the core stores, in one place so names and partitions never drift.
 * Partition: the subject user's UPN for anything about a user, `system` for the organization.
 */
export const SYSTEM_PARTITION = 'system';

/** One global settings document, id `global`. */
export const settingsCollection: CollectionDefinition<z.output<typeof SettingsSchema>> = {
  name: 'settings',
  schema: SettingsSchema,
  indexed: [],
};
export const SETTINGS_ID = 'global';

/** Policies, partition `system`, id = policy id. */
export const policiesCollection: CollectionDefinition<z.output<typeof PolicySchema>> = {
  name: 'policies',
  schema: PolicySchema,
  indexed: ['template', 'enabled'],
};

/** Alerts, partition = subject user, id = alert id. */
export const alertsCollection: CollectionDefinition<z.output<typeof AlertSchema>> = {
  name: 'alerts',
  schema: AlertSchema,
  indexed: ['status', 'policyId', 'severity', 'createdAt', 'userId'],
};

/** A sequence step as stored; its score is recomputed from the day's cell when evaluated. */
export const StoredStepSchema = z.object({
  activityId: z.string(),
  time: z.string(),
  role: z.enum(SEQUENCE_ROLES).exclude(['none']),
  fileName: z.string(),
  targetFileName: z.string().optional(),
  indicatorId: z.string(),
});
export type StoredStep = z.infer<typeof StoredStepSchema>;

const CellSchema = z.object({
  /** Scored occurrences (alerts count once per alert, not once per status change). */
  count: z.number().int().nonnegative(),
  /** Occurrence keys already counted, kept only for indicators whose activities repeat (alerts). */
  occurrences: z.array(z.string()).optional(),
  priorityContent: z.boolean(),
  unallowedDomain: z.boolean(),
  /** External severities seen (DLP, Defender), for the base score. */
  severities: z.array(z.enum(['Informational', 'Low', 'Medium', 'High'])).optional(),
  /**
   * The alert's top activities from this cell: the ids of its earliest activities by (time, id),
   * at most 10, in that order, so any arrival order of the same activities keeps the same ones.
   */
  top: z.array(z.string()).max(10),
  /**
   * The event times of `top`, position by position. Absent in cells written before it existed:
   * their ids are kept ahead of any newer activity (their times are unknown).
   */
  topAt: z.array(z.string()).max(10).optional(),
  /** Event times of the first and last scored activity that day. */
  first: z.string(),
  last: z.string(),
});
export type AggregateCell = z.infer<typeof CellSchema>;

/**
 * A user's scored activity on one UTC day: counts per indicator and its sequence steps (those of
 * the unit of work that created it, and a count of the step segments, `daily-steps`, that later
 * units added). Partition = user, id = day (YYYY-MM-DD). Bounded work per event: scoring reads
 * these, not the activities.
 */
export const DailyAggregateSchema = z.object({
  userId: z.string(),
  day: z.string(),
  cells: z.record(z.string(), CellSchema),
  /**
   * The sequence steps of the unit of work that created the document; later units of work of
   * the day add step segments instead. (Builds before 2026-12 added every unit's steps here, so
   * each unit of a busy day re-read and rewrote all of them and the cost of a small batch grew
   * with the day: bench:stream. Such documents are read as they are.)
   */
  steps: z.array(StoredStepSchema).optional(),
  /** Step segments written for this day by later units of work: `daily-steps` 1 … n (ids from `stepSegmentKey`). */
  stepSegments: z.number().int().nonnegative().optional(),
});
export type DailyAggregate = z.infer<typeof DailyAggregateSchema>;
export const dailyAggregatesCollection: CollectionDefinition<DailyAggregate> = {
  name: 'daily-aggregates',
  schema: DailyAggregateSchema,
  indexed: ['day'],
  idField: 'day',
};

/**
 * The sequence steps a later unit of work added to a user's day (the first keeps its own in the
 * day document), written once and never changed: a unit writes only its own steps, and
 * evaluation reads a day's segments only where a sequence can use them. Partition = user, id =
 * `key` = `<day>.<segment>` (the number padded, so ids sort by day, then segment). A segment
 * numbered above its day document's `stepSegments` was left by a unit of work that failed on a
 * store without transactions (Cosmos): it is ignored, and the next unit of that day overwrites it.
 */
export const DailyStepsSchema = z.object({
  userId: z.string(),
  day: z.string(),
  key: z.string(),
  segment: z.number().int().positive(),
  steps: z.array(StoredStepSchema),
});
export type DailySteps = z.infer<typeof DailyStepsSchema>;
export const dailyStepsCollection: CollectionDefinition<DailySteps> = {
  name: 'daily-steps',
  schema: DailyStepsSchema,
  indexed: ['key'],
  idField: 'key',
};

export function stepSegmentKey(day: string, segment: number): string {
  return `${day}.${String(segment).padStart(5, '0')}`;
}

export const ScopeWindowSchema = z.object({
  policyId: z.string(),
  userId: z.string(),
  from: z.string(),
  to: z.string(),
  reason: z.enum(['trigger', 'manual']),
  triggerActivityId: z.string().optional(),
  triggerKind: ActivityKindSchema.optional(),
  triggeredAt: z.string(),
  manualReason: z.string().optional(),
  addedBy: z.string().optional(),
});

/**
 * What scoring remembers about one user under one policy: the windows that put the user in
 * scope, and the alerts raised so far. Partition = user, id = policy id.
 */
export const PolicyScopeSchema = z.object({
  userId: z.string(),
  policyId: z.string(),
  windows: z.array(ScopeWindowSchema),
  /** Number of alerts raised so far; the next alert id ends with this + 1. */
  alerts: z.number().int().nonnegative(),
  openAlertId: z.string().optional(),
  /** Insight key → highest score already shown in a triaged alert; not raised again unless higher. */
  triaged: z.record(z.string(), z.number()),
});
export type PolicyScope = z.infer<typeof PolicyScopeSchema>;
export const policyScopesCollection: CollectionDefinition<PolicyScope> = {
  name: 'policy-scopes',
  schema: PolicyScopeSchema,
  indexed: ['policyId'],
};

/** A case of this user resolved as a confirmed policy violation (the previous-case booster). */
export const ConfirmedViolationSchema = z.object({ caseId: z.string().min(1), resolvedAt: z.iso.datetime() });
export type ConfirmedViolation = z.infer<typeof ConfirmedViolationSchema>;

/**
 * Where the user sits in the management chain, computed from the directory's `managerUpn` links
 * when the directory is imported (core/scoring/user-facts.repository.ts), with the
 * potential-high-impact verdict (empty reasons: not high impact).
 */
export const DirectoryFactsSchema = z.object({
  directReports: z.number().int().nonnegative(),
  indirectReports: z.number().int().nonnegative(),
  /** 0 for the person nobody manages; absent when the chain loops and has no top. */
  hierarchyLevel: z.number().int().nonnegative().optional(),
  highImpactReasons: z.array(z.string()),
});
export type StoredDirectoryFacts = z.infer<typeof DirectoryFactsSchema>;

/**
 * Facts about a user that scoring needs beyond the activities: the last working day from HR
 * records (physical access after termination), cases resolved as confirmed violations, and the
 * directory hierarchy (potential high-impact user). Partition = user, id `facts`. Each writer
 * merges its own fields into the document and leaves the others alone.
 */
export const UserFactsSchema = z.object({
  userId: z.string(),
  lastWorkingDate: z.string().optional(),
  confirmedViolations: z.array(ConfirmedViolationSchema).optional(),
  directory: DirectoryFactsSchema.optional(),
});
export type UserFacts = z.infer<typeof UserFactsSchema>;
export const userFactsCollection: CollectionDefinition<UserFacts> = { name: 'user-facts', schema: UserFactsSchema, indexed: [] };
export const USER_FACTS_ID = 'facts';

/**
 * Exfiltration events per user and channel on one UTC day, for the whole organization
 * (partition `system`, id = day): what cumulative exfiltration compares a user against.
 */
export const OrgExfiltrationDaySchema = z.object({
  day: z.string(),
  totals: z.record(z.string(), z.record(z.string(), z.number().int().nonnegative())),
});
export type OrgExfiltrationDay = z.infer<typeof OrgExfiltrationDaySchema>;
export const orgExfiltrationCollection: CollectionDefinition<OrgExfiltrationDay> = {
  name: 'org-exfiltration',
  schema: OrgExfiltrationDaySchema,
  indexed: ['day'],
  idField: 'day',
};
