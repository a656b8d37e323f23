import { alertsCollection } from '../persistence/collections';
import type { StoreTransaction } from '../ports/store';
import { userRiskLevel as riskLevelOfAlerts, type UserRiskLevel } from '../scoring/risk-score';
import type { AlertStatus } from './alert';

/**
 * A user's risk level for the users dashboard and `irm users --risk`: from the user's active
 * alerts, as Purview recomputes it (irm-reference §4.5). Active means still open or confirmed into
 * a case — a dismissed or resolved alert is a decision that the risk is gone, and an expired one
 * is removed. The arithmetic is `userRiskLevel` in core/scoring/risk-score.ts (docs/scoring.md §7).
 */

export const ACTIVE_ALERT_STATUSES: readonly AlertStatus[] = ['NeedsReview', 'Confirmed'];

export interface UserRisk {
  readonly userId: string;
  /** `none` when the user has no active alert (also a user only triggered, not yet alerted). */
  readonly level: UserRiskLevel;
  /** The highest active alert score, 0–100; 0 without active alerts. */
  readonly score: number;
  readonly activeAlerts: number;
}

/** Per policy one alert at a time is open, so a user's active alerts are few; the bound is generous. */
const MAX_ACTIVE_ALERTS = 10_000;

/**
 * The user's risk level now, computed on read from the stored alerts: always current, one
 * single-partition query per status (on Cosmos too), no job to keep a copy fresh.
 */
export async function userRiskLevel(tx: StoreTransaction, userId: string): Promise<UserRisk> {
  const user = userId.trim().toLowerCase();
  const alerts = tx.documents(alertsCollection);
  const active = [];
  for (const status of ACTIVE_ALERT_STATUSES) {
    for (const { value } of await alerts.query({ partition: user, where: { status }, limit: MAX_ACTIVE_ALERTS })) active.push(value);
  }
  const { level, score } = riskLevelOfAlerts(active);
  return { userId: user, level, score, activeAlerts: active.length };
}
