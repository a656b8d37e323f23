import type { Activity } from '../../ingest/activity';
import { catalogueCategoryOf } from '../../policies/default-policies';
import { mergeScopeWindows, scopeFromTrigger, triggersFor } from '../../policies/scoping';
import { policyScopesCollection, type PolicyScope } from '../../persistence/collections';
import type { Clock } from '../../ports/clock';
import type { StoreTransaction, Versioned } from '../../ports/store';
import { utcDayOf } from '../daily-insight';
import { indicatorsFor } from '../indicator-catalogue';
import { aggregateActivities } from './aggregate-activities';
import { writeAlert, type AlertChange } from './alert-writer';
import { createCumulativeNorms } from './cumulative-norms';
import { createUserFactsReader } from '../user-facts.repository';
import { evaluateScope } from './evaluate-scope';
import { loadScoringContext } from './scoring-context';

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
      entry.scope = { ...entry.scope, windows: mergeScopeWindows([...entry.scope.windows, window]) };
      usersScoped++;
      await tx.outbox.append([
        {
          id: `user.scoped:${policy.id}:${activity.userId}:${activity.id}`,
          type: 'user.scoped',
          subject: activity.userId,
          time: activity.time,
          data: { policyId: policy.id, policyName: policy.name, userId: activity.userId, from: window.from, to: window.to, reason: 'trigger', trigger: activity.kind, activityId: activity.id },
        },
      ]);
    }
  }

  // Users whose scores may have changed: new activity or a new window.
  const touchedUsers = new Set([...aggregation.days.values()].map((d) => d.userId));
  for (const entry of changedScopes.values()) touchedUsers.add(entry.scope.userId);
  const alerts: AlertChange[] = [];
  const cumulativeNorms = createCumulativeNorms(tx);
  const userFacts = createUserFactsReader(tx);
  for (const userId of touchedUsers) {
    for (const { policy, template } of ctx.policies) {
      let entry = changedScopes.get(`${userId}|${policy.id}`);
      if (entry === undefined) {
        const stored = await scopes.get(userId, policy.id);
        if (stored === undefined) continue;
        entry = { stored, scope: stored.value };
      }
      if (entry.scope.windows.length === 0) continue;
      const evaluation = await evaluateScope(tx, ctx, policy, template, entry.scope, { cumulativeNorms, userFacts: await userFacts(userId) });
      const change = await writeAlert(tx, ctx, policy, entry.stored, entry.scope, evaluation);
      if (change !== undefined) alerts.push(change);
    }
  }
  return { scored: aggregation.scored, excluded: aggregation.excluded, usersScoped, alerts };
}
