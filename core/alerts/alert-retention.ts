import type { DomainEvent } from '../events/domain-event';
import { alertsCollection, policyScopesCollection } from '../persistence/collections';
import type { Clock } from '../ports/clock';
import type { Store, StoreTransaction } from '../ports/store';
import { refreshDirectoryFacts, type DirectoryFactsRefresh } from '../scoring/user-facts.repository';
import { type Alert, isExpired, NEEDS_REVIEW_RETENTION_DAYS } from './alert';

/**
 * Retention of alerts nobody triaged (irm-reference §4.6): a Needs-review alert is removed 120
 * days after it was created unless a case holds it (`caseId` set; cases decide their own
 * retention).
 *
 * Removed, not marked. Purview deletes these alerts, and a retention rule that keeps the document
 * keeps exactly what it promises to drop: a profile of a person's activity that no analyst looked
 * at. What marking would have bought is kept without the content:
 * - nothing is raised again: the alert's insight keys and scores go into the scope's `triaged`
 *   memory, as for a dismissal, so the same activity never comes back as a "new" alert, and the
 *   scope's alert counter is untouched, so alert ids are never reused;
 * - consumers still learn of it: `alert.triaged` with status `Expired` carries the id, policy,
 *   user, severity, score and both times (the Teams card is updated from the event, not from the
 *   removed document);
 * - no new status: `Expired` exists only in the event, so every switch over alert statuses
 *   (cards, triage, queries) stays as it is.
 */

/** Who the expiry events name as the actor. */
export const RETENTION_ACTOR = 'system:retention';

const DAY_MS = 86_400_000;
const PAGE = 1000;

export interface ExpiryReport {
  readonly expired: readonly { readonly alertId: string; readonly userId: string; readonly policyId: string; readonly createdAt: string }[];
  /** Needs-review alerts past 120 days that a case holds, and so were kept. */
  readonly keptForCases: number;
}

/**
 * Removes every Needs-review alert older than 120 days (by its `createdAt`, the event time of the
 * activity that raised it) that no case holds, in the caller's unit of work: the alert, the
 * scope's pointer to it and its event change together. Idempotent: a second run finds nothing.
 *
 * Retention counts from event time, like everything in scoring: in live operation that is within
 * the import delay of wall time; replayed history older than 120 days is expired by the next run
 * unless triaged first.
 */
export async function expireAlerts(tx: StoreTransaction, now: Date): Promise<ExpiryReport> {
  const alerts = tx.documents(alertsCollection);
  const cutoff = new Date(now.getTime() - NEEDS_REVIEW_RETENTION_DAYS * DAY_MS).toISOString();
  const expired: { alertId: string; userId: string; policyId: string; createdAt: string }[] = [];
  let keptForCases = 0;
  // Pages ordered by creation; alerts kept for a case stay in the result set, so each page
  // starts at the last one's time and skips what was already looked at.
  const seen = new Set<string>();
  let from: string | undefined;
  for (;;) {
    const page = await alerts.query({
      where: { status: 'NeedsReview' },
      range: { field: 'createdAt', ...(from === undefined ? {} : { from }), to: cutoff },
      orderBy: { field: 'createdAt' },
      limit: PAGE,
    });
    const fresh = page.filter((d) => !seen.has(`${d.value.userId}|${d.value.id}`));
    for (const { value: alert, etag } of fresh) {
      seen.add(`${alert.userId}|${alert.id}`);
      if (!isExpired(alert, now)) {
        if (alert.caseId !== undefined) keptForCases++;
        continue;
      }
      await forgetInScope(tx, alert);
      await alerts.delete(alert.userId, alert.id, etag);
      await tx.outbox.append([expiredEvent(alert, now)]);
      expired.push({ alertId: alert.id, userId: alert.userId, policyId: alert.policyId, createdAt: alert.createdAt });
    }
    if (page.length < PAGE || fresh.length === 0) break;
    from = page[page.length - 1].value.createdAt;
  }
  return { expired, keptForCases };
}

/** Remembers what the alert showed (not raised again) and drops the scope's pointer to it. */
async function forgetInScope(tx: StoreTransaction, alert: Alert): Promise<void> {
  const scopes = tx.documents(policyScopesCollection);
  const stored = await scopes.get(alert.userId, alert.policyId);
  if (stored === undefined) return;
  const triaged = { ...stored.value.triaged };
  for (const insight of alert.insights) triaged[insight.key] = Math.max(triaged[insight.key] ?? 0, insight.score);
  const { openAlertId, ...rest } = stored.value;
  const next = openAlertId === alert.id ? { ...rest, triaged } : { ...stored.value, triaged };
  await scopes.replace(alert.userId, alert.policyId, next, stored.etag);
}

function expiredEvent(alert: Alert, now: Date): DomainEvent {
  return {
    id: `alert.triaged:${alert.id}:Expired`,
    type: 'alert.triaged',
    subject: alert.userId,
    time: now.toISOString(),
    data: {
      alertId: alert.id,
      userId: alert.userId,
      policyId: alert.policyId,
      status: 'Expired',
      previousStatus: alert.status,
      by: RETENTION_ACTOR,
      severity: alert.severity,
      score: alert.score,
      createdAt: alert.createdAt,
      expiredAt: now.toISOString(),
      reason: `needs review for more than ${NEEDS_REVIEW_RETENTION_DAYS} days and not part of a case`,
    },
  };
}

export interface MaintenanceReport extends ExpiryReport {
  readonly directory: DirectoryFactsRefresh;
}

/**
 * The daily housekeeping the server schedules (and `irm maintenance run` runs by hand): alert
 * retention, then the directory facts scoring reads (a safety net for directories changed
 * without an import through our ingestion, and for stores created before those facts existed).
 * Each step is its own unit of work and idempotent, so a run cut short is simply run again.
 */
export async function runMaintenance(store: Store, clock: Clock): Promise<MaintenanceReport> {
  const now = clock.now();
  const expiry = await store.transaction((tx) => expireAlerts(tx, now));
  const directory = await store.transaction((tx) => refreshDirectoryFacts(tx));
  return { ...expiry, directory };
}
