import { UnexpectedError, ValidationError, type ValidationIssue } from '../errors';
import { type Activity, type ActivityKind, type ExternalSeverity } from '../ingest/activity';
import { type Settings, findPriorityUserGroup } from '../settings/settings';
import { formatCount, parseUserPrincipalName, quote } from '../settings/setting-values';
import { validationFailure } from '../settings/validation-issues';
import { findPolicy } from './create-policy';
import { type IndicatorCategoryOf, categoryOfIndicatorId } from './indicator-categories';
import { type Policy } from './policy';
import { type PolicyTemplate, type TriggeringEvent } from './policy-templates';
import { dlpPolicyName, jobLevelChangeVerdict, lastWorkingDate, performanceReviewVerdict } from './trigger-rules';

/**
 * Which activity brings a user into a policy, and for how long. A user is scored by a policy only
 * inside a scope window: from `pastActivityDays` before the triggering event to
 * `activationWindowDays` after it (for departing users: after the later of the resignation and
 * the last working day), or for the days an admin chose when adding the user by hand.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** One user in one policy for a span of time. `from` is inclusive, `to` exclusive (ISO 8601 UTC). */
export interface ScopeWindow {
  readonly policyId: string;
  readonly userId: string;
  readonly from: string;
  readonly to: string;
  readonly reason: 'trigger' | 'manual';
  readonly triggerActivityId?: string;
  readonly triggerKind?: ActivityKind;
  /** The triggering event's time, or when the admin added the user. */
  readonly triggeredAt: string;
  /** The admin's reason (manual scoping), shown on the user's timeline. */
  readonly manualReason?: string;
  readonly addedBy?: string;
}

export interface TriggerContext {
  readonly settings: Settings;
  /** Indicator ids an activity maps to (the scoring catalogue); needed for exfiltration and browsing triggers. */
  readonly indicatorsOf?: (activity: Activity) => readonly string[];
  /** The user's count for this indicator on the activity's UTC day, this activity included; 1 when absent. */
  readonly dailyCountOf?: (activity: Activity, indicatorId: string) => number;
  /** Directory groups (mail or object id, lower-case) the user belongs to, for scopes that name groups. */
  readonly groupsOf?: (userId: string) => readonly string[];
  readonly categoryOf?: IndicatorCategoryOf;
}

export type TriggerDecision =
  | { readonly triggers: true; readonly event: TriggeringEvent }
  | { readonly triggers: false; readonly reason: string };

export type ScopeDecision = { readonly inScope: true } | { readonly inScope: false; readonly reason: string };

/** Whether the policy's users include this one (before any trigger). */
export function userInPolicyScope(policy: Policy, userId: string, context: TriggerContext): ScopeDecision {
  const user = userId.trim().toLowerCase();
  if (user.includes('#ext#')) return { inScope: false, reason: 'guest accounts are not scored' };
  if (policy.scope.excludedUsers.includes(user)) return { inScope: false, reason: `${user} is excluded from policy ${quote(policy.name)}` };
  const scope = policy.scope;
  switch (scope.include) {
    case 'all':
      return { inScope: true };
    case 'specific': {
      if (scope.users.includes(user)) return { inScope: true };
      const groups = context.groupsOf?.(user) ?? [];
      if (groups.some((g) => scope.groups.includes(g.toLowerCase()))) return { inScope: true };
      return { inScope: false, reason: `${user} is not among the users and groups of policy ${quote(policy.name)}` };
    }
    case 'priority-user-groups': {
      const member = scope.priorityUserGroups.some((name) => findPriorityUserGroup(context.settings, name)?.members.includes(user) === true);
      return member ? { inScope: true } : { inScope: false, reason: `${user} is in none of the priority user groups of policy ${quote(policy.name)}` };
    }
  }
}

const SEVERITY_RANK: Readonly<Record<ExternalSeverity, number>> = { Informational: 0, Low: 1, Medium: 2, High: 3 };

const normaliseCategory = (category: string): string => category.toLowerCase().replace(/[^a-z]/g, '');

/** True when the event matches; otherwise why not (only asked when the activity kind fits). */
function matchEvent(event: TriggeringEvent, policy: Policy, activity: Activity, context: TriggerContext): true | string | undefined {
  switch (event.kind) {
    case 'hr.resignation':
    case 'hr.performance-improvement-plan':
      return activity.kind === event.kind ? true : undefined;
    case 'hr.performance-review': {
      if (activity.kind !== event.kind) return undefined;
      return performanceReviewVerdict(activity) === 'not-poor' ? 'the performance review is not a poor one' : true;
    }
    case 'hr.job-level-change': {
      if (activity.kind !== event.kind) return undefined;
      const verdict = jobLevelChangeVerdict(activity);
      return verdict === 'promotion' || verdict === 'lateral' ? `the job level change is a ${verdict}, not a demotion` : true;
    }
    case 'dlp.alert': {
      if (activity.kind !== 'dlp.alert') return undefined;
      if (activity.severity === undefined || SEVERITY_RANK[activity.severity] < SEVERITY_RANK[event.minSeverity]) {
        return `the DLP alert's severity is ${activity.severity ?? 'unknown'}; the trigger needs ${event.minSeverity}`;
      }
      const wanted = policy.trigger?.type === 'dlp-alert' ? policy.trigger.dlpPolicy : undefined;
      const source = dlpPolicyName(activity);
      // An alert that does not say which DLP policy raised it cannot be told apart; it triggers.
      if (wanted !== undefined && source !== undefined && source.toLowerCase() !== wanted.toLowerCase()) {
        return `the DLP alert came from DLP policy ${quote(source)}, not ${quote(wanted)}`;
      }
      return true;
    }
    case 'defender.alert': {
      if (activity.kind !== 'defender.alert') return undefined;
      if (context.indicatorsOf !== undefined) {
        // The catalogue classifies alerts (category, then title and MITRE techniques); follow it
        // so an alert triggers exactly when it would also score.
        const categoryOf = context.categoryOf ?? categoryOfIndicatorId;
        return context.indicatorsOf(activity).some((id) => categoryOf(id) === 'defenderForEndpoint')
          ? true
          : 'the Defender alert is neither defense evasion nor unwanted software';
      }
      if (activity.category === undefined) return true;
      const category = normaliseCategory(activity.category);
      return event.categories.some((c) => normaliseCategory(c) === category)
        ? true
        : `the Defender alert category ${quote(activity.category)} is not one of ${event.categories.join(', ')}`;
    }
    case 'exfiltration-activity': {
      if (policy.trigger?.type !== 'exfiltration-activity' || context.indicatorsOf === undefined) return undefined;
      const ids = context.indicatorsOf(activity);
      const chosen = policy.trigger.indicators.filter((t) => ids.includes(t.indicator));
      if (chosen.length === 0) return undefined;
      const reached = chosen.find((t) => (context.dailyCountOf?.(activity, t.indicator) ?? 1) >= t.minDailyCount);
      return reached !== undefined ? true : `the daily count of ${chosen.map((t) => `${t.indicator} has not reached ${t.minDailyCount}`).join(', ')}`;
    }
    case 'browsing-activity': {
      if (context.indicatorsOf === undefined) return undefined;
      const categoryOf = context.categoryOf ?? categoryOfIndicatorId;
      const ids = context.indicatorsOf(activity);
      return ids.some((id) => policy.indicators.includes(id) && categoryOf(id) === 'riskyBrowsing') ? true : undefined;
    }
  }
}

/** The triggering events that apply to this policy: a data leak policy uses the one it chose. */
export function policyTriggers(policy: Policy, template: PolicyTemplate): readonly TriggeringEvent[] {
  if (!template.customisableTrigger) return template.triggers;
  const chosen = policy.trigger?.type === 'exfiltration-activity' ? 'exfiltration-activity' : 'dlp.alert';
  return template.triggers.filter((t) => t.kind === chosen);
}

/**
 * Whether an activity brings its user into the policy: the policy is on, the user is among its
 * users, and the activity is one of the template's triggering events as the policy configured it.
 */
export function triggersFor(policy: Policy, template: PolicyTemplate, activity: Activity, context: TriggerContext): TriggerDecision {
  if (template.id !== policy.template) throw new UnexpectedError(`policy ${policy.id} uses template ${policy.template}, not ${template.id}`);
  if (!policy.enabled) return { triggers: false, reason: `policy ${quote(policy.name)} is turned off` };
  const scope = userInPolicyScope(policy, activity.userId, context);
  if (!scope.inScope) return { triggers: false, reason: scope.reason };
  const events = policyTriggers(policy, template);
  let why: string | undefined;
  for (const event of events) {
    const match = matchEvent(event, policy, activity, context);
    if (match === true) return { triggers: true, event };
    why ??= match;
  }
  return { triggers: false, reason: why ?? `${activity.kind} is not a triggering event of ${template.displayName} (${events.map((e) => e.kind).join(' or ')})` };
}

function addDays(time: number, days: number): string {
  return new Date(time + days * DAY_MS).toISOString();
}

/**
 * The window a triggering activity opens. For departing-user templates the window runs to the
 * activation window after the later of the resignation and the last working date: the days
 * before leaving are the riskiest, and a resignation is often imported weeks before the last day.
 * Past activity detection counts back from the triggering event itself.
 */
export function scopeFromTrigger(policy: Policy, template: PolicyTemplate, activity: Activity, settings: Settings): ScopeWindow {
  if (template.id !== policy.template) throw new UnexpectedError(`policy ${policy.id} uses template ${policy.template}, not ${template.id}`);
  const triggeredAt = Date.parse(activity.time);
  if (Number.isNaN(triggeredAt)) throw new ValidationError(`activity ${activity.id} has no readable time`, [{ field: 'time', reason: 'expected an ISO 8601 date-time' }]);
  const { activationWindowDays, pastActivityDays } = settings.timeframes;
  let end = triggeredAt;
  if (template.departingUsers && activity.kind === 'hr.resignation') {
    const lastDay = lastWorkingDate(activity);
    if (lastDay !== undefined && lastDay.getTime() > end) end = lastDay.getTime();
  }
  return {
    policyId: policy.id,
    userId: activity.userId,
    from: addDays(triggeredAt, -pastActivityDays),
    to: addDays(end, activationWindowDays),
    reason: 'trigger',
    triggerActivityId: activity.id,
    triggerKind: activity.kind,
    triggeredAt: new Date(triggeredAt).toISOString(),
  };
}

/**
 * Merges windows of the same user in the same policy that overlap or touch: the longest reach
 * wins (earliest start, latest end). The merged window keeps the trigger details of the window
 * that reaches furthest, since that is the event keeping the user in scope.
 *
 * Triggered and manual windows merge only among themselves: they may overlap, and each keeps what
 * only it knows — the admin's reason for the timeline, and the triggering event (a departure
 * template's departing window holds only where a trigger put the user in scope).
 */
export function mergeScopeWindows(windows: readonly ScopeWindow[]): ScopeWindow[] {
  const groups = new Map<string, ScopeWindow[]>();
  for (const window of windows) {
    const key = `${window.policyId}\u0000${window.userId}\u0000${window.reason}`;
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [window]);
    else list.push(window);
  }
  const merged: ScopeWindow[] = [];
  for (const list of groups.values()) {
    const sorted = [...list].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
    let current = sorted[0];
    for (const next of sorted.slice(1)) {
      if (next.from <= current.to) {
        const reach = next.to > current.to ? next : current;
        current = { ...reach, from: current.from < next.from ? current.from : next.from, to: reach.to };
      } else {
        merged.push(current);
        current = next;
      }
    }
    merged.push(current);
  }
  return merged.sort(
    (a, b) => a.policyId.localeCompare(b.policyId) || a.userId.localeCompare(b.userId) || a.from.localeCompare(b.from) || a.reason.localeCompare(b.reason) || a.to.localeCompare(b.to),
  );
}

/** The window that has the user in the policy at `time`, if any. */
export function scopeWindowAt(windows: readonly ScopeWindow[], policyId: string, userId: string, time: Date | string): ScopeWindow | undefined {
  const at = typeof time === 'string' ? new Date(time).toISOString() : time.toISOString();
  return windows.find((w) => w.policyId === policyId && w.userId === userId && w.from <= at && at < w.to);
}

// ---------------------------------------------------------------------------------------------
// Manual scoping ("Start scoring activity for users")

export const MANUAL_SCOPING_LIMITS = {
  minDays: 5,
  maxDays: 30,
  /** Purview scores the previous 90 days of a manually added user. */
  backScoreDays: 90,
  reasonLength: 500,
  /** Ours: Purview documents no limit for the CSV. */
  csvRows: 10_000,
} as const;

export const MANUAL_SCOPING_CSV_HEADER = 'user principal name';

export interface ManualScopingContext {
  readonly policies: readonly Policy[];
  readonly now: Date;
  readonly actor: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Adds users to policies by hand for 5–30 days, with a reason. Input:
 * `{ policies: [id or name …], users: [upn …], reason, durationDays }`. Each user gets a window
 * per policy from 90 days back (as Purview back-scores) to `durationDays` from now.
 */
export function createManualScopes(input: unknown, context: ManualScopingContext): ScopeWindow[] {
  const issues: ValidationIssue[] = [];
  const raw = isRecord(input) ? input : {};
  if (!isRecord(input)) issues.push({ reason: 'expected an object with policies, users, reason and durationDays' });

  const policies: Policy[] = [];
  if (!Array.isArray(raw.policies) || raw.policies.length === 0) {
    issues.push({ field: 'policies', reason: 'name at least one policy (id or name)' });
  } else {
    raw.policies.forEach((ref, index) => {
      try {
        const policy = findPolicy(context.policies, String(ref));
        if (!policy.enabled) issues.push({ field: `policies[${index}]`, reason: `policy ${quote(policy.name)} is turned off` });
        else if (!policies.includes(policy)) policies.push(policy);
      } catch (error) {
        issues.push({ field: `policies[${index}]`, reason: error instanceof Error ? error.message : String(error) });
      }
    });
  }

  const users: string[] = [];
  if (!Array.isArray(raw.users) || raw.users.length === 0) {
    issues.push({ field: 'users', reason: 'name at least one user principal name' });
  } else {
    raw.users.forEach((entry, index) => {
      const parsed = parseUserPrincipalName(String(entry));
      if (!parsed.ok) issues.push({ field: `users[${index}]`, reason: parsed.reason });
      else if (!users.includes(parsed.value)) users.push(parsed.value);
    });
  }

  const reason = typeof raw.reason === 'string' ? raw.reason.trim() : '';
  if (reason.length === 0 || reason.length > MANUAL_SCOPING_LIMITS.reasonLength) {
    issues.push({ field: 'reason', reason: `expected a reason of 1 to ${MANUAL_SCOPING_LIMITS.reasonLength} characters (it is shown on the user's timeline)` });
  }

  const { minDays, maxDays } = MANUAL_SCOPING_LIMITS;
  const days = raw.durationDays;
  const duration = typeof days === 'number' && Number.isInteger(days) && days >= minDays && days <= maxDays ? days : undefined;
  if (duration === undefined) {
    issues.push({ field: 'durationDays', reason: `must be a whole number from ${minDays} to ${maxDays}; got ${days === undefined ? 'nothing' : JSON.stringify(days)}` });
  }

  if (issues.length > 0 || duration === undefined) throw validationFailure('manual scoping', issues);
  const now = context.now.getTime();
  return policies.flatMap((policy) =>
    users.map((userId) => ({
      policyId: policy.id,
      userId,
      from: addDays(now, -MANUAL_SCOPING_LIMITS.backScoreDays),
      to: addDays(now, duration),
      reason: 'manual' as const,
      triggeredAt: context.now.toISOString(),
      manualReason: reason,
      addedBy: context.actor,
    })),
  );
}

export interface ManualScopingCsv {
  /** Valid, distinct, lower-cased UPNs in file order. */
  readonly userPrincipalNames: string[];
  /** The 1-based row of each of `userPrincipalNames` (same index), so later checks can name it. */
  readonly rows: number[];
  /** Rows that were not used, by 1-based row number (the header is row 1). */
  readonly rejected: ValidationIssue[];
}

/** Splits one CSV line into fields; a field may be quoted ("a,b" and "" for a quote). */
function csvFields(line: string): string[] | undefined {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"' && field.trim().length === 0) {
      quoted = true;
      field = '';
    } else if (ch === ',') {
      fields.push(field);
      field = '';
    } else {
      field += ch;
    }
  }
  if (quoted) return undefined;
  fields.push(field);
  return fields.map((f) => f.trim());
}

/**
 * Reads the manual-scoping CSV: the single header `user principal name` (any case), then one UPN
 * per line. File-level problems (empty file, wrong header, more than 10,000 rows) throw a
 * ValidationError naming the file; each bad row is reported by number and the good rows are kept.
 */
export function parseManualScopingCsv(text: string, file = 'users.csv'): ManualScopingCsv {
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r\n|\n|\r/);
  const headerIndex = lines.findIndex((l) => l.trim().length > 0);
  if (headerIndex < 0) throw new ValidationError(`${file} is empty; expected the header "${MANUAL_SCOPING_CSV_HEADER}" and one UPN per line`, [{ file, reason: 'empty file' }]);
  const header = csvFields(lines[headerIndex]);
  const headerRow = headerIndex + 1;
  if (header === undefined || header.length !== 1 || header[0].toLowerCase() !== MANUAL_SCOPING_CSV_HEADER) {
    const got = lines[headerIndex].trim();
    throw new ValidationError(`${file} row ${headerRow}: expected the single header "${MANUAL_SCOPING_CSV_HEADER}"; got ${quote(got)}`, [
      { file, row: headerRow, field: 'header', reason: `expected the single header "${MANUAL_SCOPING_CSV_HEADER}"; got ${quote(got)}` },
    ]);
  }
  const dataRows = lines.slice(headerIndex + 1).filter((l) => l.trim().length > 0).length;
  if (dataRows > MANUAL_SCOPING_LIMITS.csvRows) {
    throw new ValidationError(`${file} has ${formatCount(dataRows)} users; at most ${formatCount(MANUAL_SCOPING_LIMITS.csvRows)} can be added at once`, [
      { file, reason: `at most ${formatCount(MANUAL_SCOPING_LIMITS.csvRows)} rows` },
    ]);
  }
  const userPrincipalNames: string[] = [];
  const firstRowOf = new Map<string, number>();
  const rejected: ValidationIssue[] = [];
  for (let index = headerIndex + 1; index < lines.length; index++) {
    const line = lines[index];
    if (line.trim().length === 0) continue;
    const row = index + 1;
    const fields = csvFields(line);
    if (fields === undefined) {
      rejected.push({ file, row, field: MANUAL_SCOPING_CSV_HEADER, reason: 'a quoted value is not closed' });
      continue;
    }
    const values = fields.filter((f, i) => f.length > 0 || i === 0);
    if (values.length !== 1) {
      rejected.push({ file, row, field: MANUAL_SCOPING_CSV_HEADER, reason: `expected one column (a user principal name); got ${values.length}` });
      continue;
    }
    const parsed = parseUserPrincipalName(values[0]);
    if (!parsed.ok) {
      rejected.push({ file, row, field: MANUAL_SCOPING_CSV_HEADER, reason: parsed.reason });
      continue;
    }
    const first = firstRowOf.get(parsed.value);
    if (first !== undefined) {
      rejected.push({ file, row, field: MANUAL_SCOPING_CSV_HEADER, reason: `${parsed.value} is a duplicate of row ${first}` });
      continue;
    }
    firstRowOf.set(parsed.value, row);
    userPrincipalNames.push(parsed.value);
  }
  return { userPrincipalNames, rows: [...firstRowOf.values()], rejected };
}
