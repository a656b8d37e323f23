import { isOpen, type Alert, type AlertActivity } from '../../alerts/alert';
import type { DomainEvent } from '../../events/domain-event';
import type { Policy } from '../../policies/policy';
import { alertsCollection, policyScopesCollection, type PolicyScope } from '../../persistence/collections';
import type { StoreTransaction, Versioned } from '../../ports/store';
import { alertScore, higherSeverity, severityFor } from '../risk-score';
import type { ScopeEvaluation } from './evaluate-scope';
import type { ScoringContext } from './scoring-context';

export interface AlertChange {
  readonly type: 'created' | 'updated';
  readonly alert: Alert;
}

/**
 * Turns an evaluation into the user's one open alert for the policy: created when the score
 * first reaches a severity band, updated when insights are added or scores rise (severity only
 * rises while the alert needs review). Insights already shown in a triaged alert are not raised
 * again unless they grew. Every change is written with its event (outbox) in the same unit of work.
 */
export async function writeAlert(
  tx: StoreTransaction,
  ctx: ScoringContext,
  policy: Policy,
  scopeDoc: Versioned<PolicyScope> | undefined,
  scope: PolicyScope,
  evaluation: ScopeEvaluation,
): Promise<AlertChange | undefined> {
  const alerts = tx.documents(alertsCollection);
  let next: PolicyScope = scope;
  let open: Versioned<Alert> | undefined;
  if (scope.openAlertId !== undefined) {
    open = await alerts.get(scope.userId, scope.openAlertId);
    if (open !== undefined && !isOpen(open.value)) {
      // Triaged since: remember what it showed, and start afresh for anything new.
      const triaged = { ...scope.triaged };
      for (const i of open.value.insights) triaged[i.key] = Math.max(triaged[i.key] ?? 0, i.score);
      next = { ...next, triaged, openAlertId: undefined };
      open = undefined;
    }
  }
  const insights = evaluation.insights.filter((i) => (next.triaged[i.key] ?? -1) < i.score);
  const score = Math.round(alertScore(insights.map((i) => i.score)) * 100) / 100;
  const severity = severityFor(score, ctx.settings.intelligentDetections.alertVolume);
  let change: AlertChange | undefined;

  if (severity !== undefined && evaluation.lastActivityAt !== undefined && evaluation.firstActivityAt !== undefined) {
    const topActivities: AlertActivity[] = [];
    // Stored activities never change, so what the open alert already shows of one is what a read
    // would give again: only activities new to its top list are read (an alert is rewritten on
    // every unit of work that touches its user, mostly with the same top activities).
    const shown = new Map((open?.value.topActivities ?? []).map((t) => [t.id, t]));
    for (const id of evaluation.topActivityIds) {
      const known = shown.get(id);
      if (known !== undefined) {
        topActivities.push(known);
        continue;
      }
      const a = await tx.activities.get(scope.userId, id);
      if (a !== undefined) {
        topActivities.push({
          id: a.id,
          time: a.time,
          kind: a.kind,
          operation: a.operation,
          ...(a.fileName !== undefined ? { fileName: a.fileName } : {}),
          ...(a.destination !== undefined ? { destination: a.destination } : {}),
          ...(a.targetDomains !== undefined ? { targetDomains: a.targetDomains } : {}),
        });
      }
    }
    const trigger = [...next.windows].sort((a, b) => (a.triggeredAt < b.triggeredAt ? 1 : -1))[0];
    const riskFactors = [...new Set(insights.flatMap((i) => i.riskFactors))].sort();
    const at = evaluation.lastActivityAt;
    if (open === undefined) {
      const id = `${policy.id}:${scope.userId}:${next.alerts + 1}`;
      const alert: Alert = {
        id,
        policyId: policy.id,
        policyName: policy.name,
        template: policy.template,
        userId: scope.userId,
        status: 'NeedsReview',
        severity,
        score,
        createdAt: at,
        updatedAt: at,
        triggeringEvent: {
          ...(trigger.triggerActivityId !== undefined ? { activityId: trigger.triggerActivityId } : {}),
          kind: trigger.triggerKind ?? trigger.reason,
          time: trigger.triggeredAt,
          summary: trigger.reason === 'manual' ? `added by ${trigger.addedBy ?? 'an admin'}: ${trigger.manualReason ?? ''}` : `${trigger.triggerKind ?? 'trigger'} at ${trigger.triggeredAt}`,
        },
        riskFactors,
        insights,
        topActivities,
        scoreHistory: [{ time: at, score, severity }],
        firstActivityAt: evaluation.firstActivityAt,
        lastActivityAt: evaluation.lastActivityAt,
      };
      await alerts.create(scope.userId, id, alert);
      await tx.outbox.append([event('alert.created', `alert.created:${id}`, alert, at)]);
      next = { ...next, alerts: next.alerts + 1, openAlertId: id };
      change = { type: 'created', alert };
    } else {
      const current = open.value;
      const sameContent =
        current.score === score && current.insights.length === insights.length && current.insights.every((i, k) => i.key === insights[k].key && i.score === insights[k].score);
      const firstActivityAt = evaluation.firstActivityAt < current.firstActivityAt ? evaluation.firstActivityAt : current.firstActivityAt;
      const lastActivityAt = evaluation.lastActivityAt > current.lastActivityAt ? evaluation.lastActivityAt : current.lastActivityAt;
      const sameDetails =
        firstActivityAt === current.firstActivityAt &&
        lastActivityAt === current.lastActivityAt &&
        sameList(current.topActivities.map((t) => t.id), topActivities.map((t) => t.id)) &&
        sameList(current.riskFactors, riskFactors);
      if (!sameContent || !sameDetails) {
        // What the alert shows is refreshed on every update. Activity that arrived late (an
        // earlier file imported after a later one) can change only that, not the score: then no
        // score-history entry, so a replay in event-time order shows the same activities as the
        // alert that was lived, and the event id names what changed instead of a history length.
        const shows = { updatedAt: at > current.updatedAt ? at : current.updatedAt, riskFactors, topActivities, firstActivityAt, lastActivityAt };
        const rose = higherSeverity(current.severity, severity);
        const updated: Alert = sameContent
          ? { ...current, ...shows }
          : { ...current, ...shows, score, severity: rose, insights, scoreHistory: [...current.scoreHistory, { time: at, score, severity: rose }].slice(-100) };
        const eventId = sameContent
          ? `alert.updated:${current.id}:${current.scoreHistory.length}:${digest([firstActivityAt, lastActivityAt, ...riskFactors, ...topActivities.map((t) => t.id)].join('|'))}`
          : `alert.updated:${current.id}:${updated.scoreHistory.length}`;
        await alerts.replace(scope.userId, current.id, updated, open.etag);
        await tx.outbox.append([event('alert.updated', eventId, updated, at)]);
        change = { type: 'updated', alert: updated };
      }
    }
  }
  if (scopeDoc === undefined || next !== scopeDoc.value) {
    const docs = tx.documents(policyScopesCollection);
    if (scopeDoc === undefined) await docs.create(scope.userId, policy.id, next);
    else await docs.replace(scope.userId, policy.id, next, scopeDoc.etag);
  }
  return change;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * 16 hex digits of 64-bit FNV-1a over `text`: names an update that changed what an alert shows,
 * so running the same unit of work again (Cosmos has no rollback) appends the same event id. 64
 * bits, not 32: two different updates at the same score-history length sharing a digest would
 * have the second dropped from the outbox as a duplicate. Runs only on such details-only
 * updates, so BigInt's cost does not matter.
 */
const FNV64_OFFSET = 0xcbf29ce484222325n;
const FNV64_PRIME = 0x100000001b3n;
const MASK64 = 0xffffffffffffffffn;

function digest(text: string): string {
  let h = FNV64_OFFSET;
  for (let i = 0; i < text.length; i++) h = ((h ^ BigInt(text.charCodeAt(i))) * FNV64_PRIME) & MASK64;
  return h.toString(16).padStart(16, '0');
}

function event(type: 'alert.created' | 'alert.updated', id: string, alert: Alert, time: string): DomainEvent {
  return {
    id,
    type,
    subject: alert.userId,
    time,
    data: { alertId: alert.id, policyId: alert.policyId, userId: alert.userId, severity: alert.severity, score: alert.score, status: alert.status },
  };
}
