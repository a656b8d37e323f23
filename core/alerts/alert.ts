import { z } from 'zod';

export const ALERT_STATUSES = ['NeedsReview', 'Confirmed', 'Dismissed', 'Resolved'] as const;
export const AlertStatusSchema = z.enum(ALERT_STATUSES);
export type AlertStatus = z.infer<typeof AlertStatusSchema>;

export const SeveritySchema = z.enum(['Low', 'Medium', 'High']);
export type Severity = z.infer<typeof SeveritySchema>;

export const RiskFactorSchema = z.enum(['sequence', 'cumulativeExfiltration', 'unusualActivity', 'priorityContent', 'unallowedDomains']);
export type RiskFactor = z.infer<typeof RiskFactorSchema>;

/** The documented dismissal reasons (Purview's three, verbatim so exports line up). */
export const DISMISS_REASONS = [
  'Activity is expected for this user',
  'Activity is impactful enough for me to investigate further',
  'Alerts for this user contain too much activity',
] as const;
export const DismissReasonSchema = z.enum(DISMISS_REASONS);

/** One contribution to an alert's score, with the arithmetic that produced it. */
export const AlertInsightSchema = z.object({
  /** Stable identity: the same activity pattern always has the same key (`indicator:SpoDownload:2026-03-02`). */
  key: z.string(),
  kind: z.enum(['indicator', 'sequence', 'cumulative']),
  label: z.string(),
  /** UTC day ('YYYY-MM-DD') the insight belongs to; for sequences and cumulative, the day it completed. */
  day: z.string(),
  score: z.number().min(0).max(100),
  count: z.number().int().nonnegative(),
  riskFactors: z.array(RiskFactorSchema),
  /** Human-readable arithmetic: base × level × boosters = score. */
  explanation: z.string(),
});
export type AlertInsight = z.infer<typeof AlertInsightSchema>;

/** What an analyst sees of an activity that drove the score. */
export const AlertActivitySchema = z.object({
  id: z.string(),
  time: z.string(),
  kind: z.string(),
  operation: z.string(),
  fileName: z.string().optional(),
  destination: z.string().optional(),
  targetDomains: z.array(z.string()).optional(),
});
export type AlertActivity = z.infer<typeof AlertActivitySchema>;

export const AlertSchema = z.object({
  /** `<policyId>:<userId>:<n>`: deterministic, so replaying history creates the same alerts. */
  id: z.string(),
  policyId: z.string(),
  policyName: z.string(),
  template: z.string(),
  userId: z.string(),
  status: AlertStatusSchema,
  severity: SeveritySchema,
  score: z.number().min(0).max(100),
  /** Event time of the activity that made the score cross the lowest band. */
  createdAt: z.string(),
  /** Event time of the latest change of score or content. */
  updatedAt: z.string(),
  triggeringEvent: z.object({ activityId: z.string().optional(), kind: z.string(), time: z.string(), summary: z.string() }),
  riskFactors: z.array(RiskFactorSchema),
  insights: z.array(AlertInsightSchema),
  topActivities: z.array(AlertActivitySchema),
  scoreHistory: z.array(z.object({ time: z.string(), score: z.number(), severity: SeveritySchema })),
  firstActivityAt: z.string(),
  lastActivityAt: z.string(),
  caseId: z.string().optional(),
  triage: z
    .object({
      by: z.string(),
      at: z.string(),
      reason: z.string().optional(),
      notes: z.string().optional(),
    })
    .optional(),
});
export type Alert = z.infer<typeof AlertSchema>;

const TRANSITIONS: Readonly<Record<AlertStatus, readonly AlertStatus[]>> = {
  NeedsReview: ['Confirmed', 'Dismissed'],
  Confirmed: ['Resolved'],
  Dismissed: [],
  Resolved: [],
};

export function canTransition(from: AlertStatus, to: AlertStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function allowedTransitions(from: AlertStatus): readonly AlertStatus[] {
  return TRANSITIONS[from];
}

/** Only untriaged alerts take new activity; a triaged alert is a decision we do not rewrite. */
export function isOpen(alert: Pick<Alert, 'status'>): boolean {
  return alert.status === 'NeedsReview';
}

export const NEEDS_REVIEW_RETENTION_DAYS = 120;

/**
 * Needs-review alerts expire 120 days after creation unless a case holds them (as in Purview).
 * Returns true when `alert` should be removed at `now`.
 */
export function isExpired(alert: Pick<Alert, 'status' | 'createdAt' | 'caseId'>, now: Date): boolean {
  if (alert.status !== 'NeedsReview' || alert.caseId !== undefined) return false;
  return now.getTime() - Date.parse(alert.createdAt) > NEEDS_REVIEW_RETENTION_DAYS * 86_400_000;
}
