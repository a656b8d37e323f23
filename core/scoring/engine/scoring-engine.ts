import type { Activity } from '../../ingest/activity';
import type { Policy } from '../../policies/policy';
import type { PolicyTemplate } from '../../policies/policy-templates';
import { catalogueCategoryOf } from '../../policies/default-policies';
import { mergeScopeWindows, scopeFromTrigger, triggersFor } from '../../policies/scoping';
import { policyScopesCollection, type PolicyScope } from '../../persistence/collections';
import type { Clock } from '../../ports/clock';
import type { StoreTransaction, Versioned } from '../../ports/store';
import { CUMULATIVE_WINDOW_DAYS } from '../cumulative-exfiltration';
import { utcDayOf } from '../daily-insight';
import { indicatorsFor } from '../indicator-catalogue';
import { aggregateActivities } from './aggregate-activities';
import { writeAlert, type AlertChange } from './alert-writer';
import { createCumulativeNorms } from './cumulative-norms';
import { createUserFactsReader } from '../user-facts.repository';
import { evaluateScope } from './evaluate-scope';
import { loadScoringContext } from './scoring-context';
import { addDays, evaluationRange, loadUserDays, unionRange, type DayRange } from './user-days';

export interface ScoringReport {
  readonly scored: number;
  readonly excluded: number;
  readonly usersScoped: number;
  readonly alerts: readonly AlertChange[];
}

/**
 * Scores newly stored activities inside the same unit of work that stored them: aggregates,
 * triggers (a user enters a policy's scope: `user.scoped`), and the user's alert per policy
 * (`alert.created` / `alert.updated`). Driven by event time only — the clock is used only for
 * the default settings' stamp — so replaying history yields the same alerts as living it.
 */
export async function scoreActivities(tx: StoreTransaction, activities: readonly Activity[], clock: Clock): Promise<ScoringReport> {
  if (activities.length === 0) return { scored: 0, excluded: 0, usersScoped: 0, alerts: [] };
  const ctx = await loadScoringContext(tx, clock.now());
  const aggregation = await aggregateActivities(tx, ctx, activities);
  const scopes = tx.documents(policyScopesCollection);

  // Triggers: a triggering event brings the user into the policy for its window.
  const changedScopes = new Map<string, { stored?: Versioned<PolicyScope>; scope: PolicyScope }>();
  const loadScope = async (userId: string, policyId: string): Promise<{ stored?: Versioned<PolicyScope>; scope: PolicyScope }> => {
    const key = `${userId}|${policyId}`;
    let entry = changedScopes.get(key);
    if (entry === undefined) {
      const stored = await scopes.get(userId, policyId);
      entry = { stored, scope: stored?.value ?? { userId, policyId, windows: [], alerts: 0, triaged: {} } };
      changedScopes.set(key, entry);
    }
    return entry;
  };
  let usersScoped = 0;
  const dailyCountOf = (activity: Activity, indicatorId: string): number =>
    aggregation.days.get(`${activity.userId}|${utcDayOf(activity.time)}`)?.cells[indicatorId]?.count ?? 1;
  const triggerContext = { settings: ctx.settings, indicatorsOf: (a: Activity) => indicatorsFor(a), dailyCountOf, categoryOf: catalogueCategoryOf };
  for (const activity of activities) {
    for (const { policy, template } of ctx.policies) {
      const decision = triggersFor(policy, template, activity, triggerContext);
      if (!decision.triggers) continue;
      const entry = await loadScope(activity.userId, policy.id);
      if (entry.scope.windows.some((w) => w.triggerActivityId === activity.id)) continue;
      const window = scopeFromTrigger(policy, template, activity, ctx.settings);
      // Was the user already in scope at the trigger's time? Then this trigger only extends the window.
      const addedToScope = !entry.scope.windows.some((w) => w.from <= activity.time && activity.time < w.to);
      entry.scope = { ...entry.scope, windows: mergeScopeWindows([...entry.scope.windows, window]) };
      usersScoped++;
      await tx.outbox.append([
        {
          id: `user.scoped:${policy.id}:${activity.userId}:${activity.id}`,
          type: 'user.scoped',
          subject: activity.userId,
          time: activity.time,
          data: { policyId: policy.id, policyName: policy.name, userId: activity.userId, from: window.from, to: window.to, reason: 'trigger', trigger: activity.kind, activityId: activity.id, addedToScope },
        },
      ]);
    }
  }

  // Users whose scores may have changed: new activity or a new window.
  const touchedDays = new Map<string, string[]>();
  for (const d of aggregation.days.values()) {
    const list = touchedDays.get(d.userId);
    if (list === undefined) touchedDays.set(d.userId, [d.day]);
    else list.push(d.day);
  }
  // The day documents and step segments this unit of work wrote, by user: the evaluation uses
  // them as they are.
  const freshDays = byUser(aggregation.days.values(), (d) => d.day);
  const freshSegments = byUser(aggregation.segments.values(), (segment) => segment.key);
  const touchedUsers = new Set(touchedDays.keys());
  for (const entry of changedScopes.values()) touchedUsers.add(entry.scope.userId);
  const orgDays = [...aggregation.orgDays];
  const alerts: AlertChange[] = [];
  const cumulativeNorms = createCumulativeNorms(tx);
  const userFacts = createUserFactsReader(tx);
  for (const userId of touchedUsers) {
    // The user's scopes in one read, then only those whose evaluation can have changed.
    const stored = new Map((await scopes.query({ partition: userId, limit: 10_000 })).map((d) => [d.value.policyId, d]));
    const due: { policy: Policy; template: PolicyTemplate; entry: { stored?: Versioned<PolicyScope>; scope: PolicyScope }; range: DayRange }[] = [];
    for (const { policy, template } of ctx.policies) {
      let entry = changedScopes.get(`${userId}|${policy.id}`);
      if (entry === undefined) {
        const found = stored.get(policy.id);
        if (found === undefined) continue;
        entry = { stored: found, scope: found.value };
      }
      const range = evaluationRange(entry.scope);
      if (range === undefined) continue;
      if (entry.scope === entry.stored?.value && !affects(range, policy, template, touchedDays.get(userId) ?? [], orgDays)) continue;
      due.push({ policy, template, entry, range });
    }
    if (due.length === 0) continue;
    const days = await loadUserDays(tx, userId, unionRange(due.map((d) => d.range)) as DayRange, freshDays.get(userId), freshSegments.get(userId));
    const facts = await userFacts(userId);
    for (const { policy, template, entry } of due) {
      const evaluation = await evaluateScope(tx, ctx, policy, template, entry.scope, { cumulativeNorms, userFacts: facts, days });
      const change = await writeAlert(tx, ctx, policy, entry.stored, entry.scope, evaluation);
      if (change !== undefined) alerts.push(change);
    }
  }
  return { scored: aggregation.scored, excluded: aggregation.excluded, usersScoped, alerts };
}

/**
 * Whether this unit of work changed anything a scope's evaluation reads, when its windows did
 * not change: a day of the user's inside the evaluated range, or (with cumulative exfiltration)
 * an organization day within 30 days of it, whose totals the user is ranked against. Otherwise the
 * evaluation would come out exactly as last time, and writing it would change nothing — this is
 * what keeps a history import from re-scoring, day after day, everyone whose window has ended.
 */
function affects(range: DayRange, policy: Policy, template: PolicyTemplate, userDays: readonly string[], orgDays: readonly string[]): boolean {
  if (userDays.some((day) => day >= range.from && day < range.to)) return true;
  if (!policy.cumulativeExfiltrationDetection || !template.cumulativeExfiltrationDetection) return false;
  const from = addDays(range.from, -CUMULATIVE_WINDOW_DAYS);
  return orgDays.some((day) => day >= from && day < range.to);
}

/** Groups a user's documents by user, then by `keyOf`. */
function byUser<T extends { readonly userId: string }>(items: Iterable<T>, keyOf: (item: T) => string): Map<string, Map<string, T>> {
  const grouped = new Map<string, Map<string, T>>();
  for (const item of items) {
    let own = grouped.get(item.userId);
    if (own === undefined) {
      own = new Map<string, T>();
      grouped.set(item.userId, own);
    }
    own.set(keyOf(item), item);
  }
  return grouped;
}
