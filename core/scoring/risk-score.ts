/**
 * From insights to an alert: a zeta-weighted sum of the insight scores (Elastic's entity risk
 * aggregation), normalised to 0–100, then a severity from bands that depend on the alert volume
 * setting; and from a user's active alerts to the user's risk level.
 */

export const ZETA_EXPONENT = 1.5;
/**
 * ζ(1.5), the limit of Σ 1/k^1.5. Dividing by it maps any number of 100-point insights to at most
 * 100, so the score never needs clipping and one 100-point insight alone gives ≈ 38.
 */
export const ZETA_1_5 = 2.612375348685488;

export type AlertSeverity = 'Low' | 'Medium' | 'High';
/** The same names as the settings' `intelligentDetections.alertVolume`. */
export type AlertVolume = 'Fewer' | 'Default' | 'More';
export type UserRiskLevel = 'none' | 'minor' | 'moderate' | 'elevated';

export interface SeverityBands {
  /** Absent: no Low alerts at this volume. */
  readonly low?: number;
  readonly medium: number;
  readonly high: number;
}

export const SEVERITY_BANDS: Readonly<Record<AlertVolume, SeverityBands>> = {
  Fewer: { medium: 50, high: 75 },
  Default: { low: 20, medium: 40, high: 70 },
  More: { low: 15, medium: 35, high: 65 },
};

const SEVERITY_RANK: Readonly<Record<AlertSeverity, number>> = { Low: 1, Medium: 2, High: 3 };

function descending(scores: readonly number[]): number[] {
  return scores.map((s) => Math.min(100, Math.max(0, s))).sort((a, b) => b - a);
}

/** Σ s_k / k^1.5 over the scores sorted high to low, ÷ ζ(1.5), at most 100. */
export function alertScore(insightScores: readonly number[]): number {
  let sum = 0;
  descending(insightScores).forEach((s, i) => {
    sum += s / (i + 1) ** ZETA_EXPONENT;
  });
  return Math.min(100, sum / ZETA_1_5);
}

/** The lowest band the score reaches, or undefined when it is below the lowest (no alert). */
export function severityFor(score: number, volume: AlertVolume): AlertSeverity | undefined {
  const bands = SEVERITY_BANDS[volume];
  if (score >= bands.high) return 'High';
  if (score >= bands.medium) return 'Medium';
  if (bands.low !== undefined && score >= bands.low) return 'Low';
  return undefined;
}

/** The higher of two severities: an alert under review only ever rises. */
export function higherSeverity(a: AlertSeverity, b: AlertSeverity): AlertSeverity {
  return SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a;
}

function fmt(value: number): string {
  return (Math.round(value * 100) / 100).toString();
}

/**
 * The arithmetic as an analyst reads it, e.g.
 * `70/1^1.5 + 45/2^1.5 + 21/3^1.5 = 70 + 15.91 + 4.04 = 89.95; 89.95 ÷ 2.612 (ζ(1.5)) = 34.43`.
 */
export function explainAlertScore(insightScores: readonly number[]): string {
  const sorted = descending(insightScores);
  if (sorted.length === 0) return 'no insights: score 0';
  const terms = sorted.map((s, i) => `${fmt(s)}/${i + 1}^${ZETA_EXPONENT}`);
  const values = sorted.map((s, i) => s / (i + 1) ** ZETA_EXPONENT);
  const sum = values.reduce((a, b) => a + b, 0);
  const score = alertScore(insightScores);
  const capped = sum / ZETA_1_5 > 100 ? ', capped at 100' : '';
  return `${terms.join(' + ')} = ${values.map(fmt).join(' + ')} = ${fmt(sum)}; ${fmt(sum)} ÷ ${ZETA_1_5.toFixed(3)} (ζ(1.5)) = ${fmt(score)}${capped}`;
}

export interface ActiveAlertSummary {
  readonly score: number;
  readonly severity: AlertSeverity;
}

/**
 * The user's risk level from active (untriaged or confirmed) alerts: the highest severity among
 * them, named as Adaptive Protection names levels (Low → minor, Medium → moderate, High →
 * elevated); the score is the highest alert score. Alerts are already one per policy and
 * aggregated, so a second zeta sum across policies would only dilute them.
 */
export function userRiskLevel(activeAlerts: readonly ActiveAlertSummary[]): { readonly level: UserRiskLevel; readonly score: number } {
  let best: AlertSeverity | undefined;
  let score = 0;
  for (const alert of activeAlerts) {
    best = best === undefined ? alert.severity : higherSeverity(best, alert.severity);
    score = Math.max(score, alert.score);
  }
  const level: UserRiskLevel = best === undefined ? 'none' : best === 'High' ? 'elevated' : best === 'Medium' ? 'moderate' : 'minor';
  return { level, score };
}
