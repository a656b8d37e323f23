import { z } from 'zod';
import { type Alert, DISMISS_REASONS } from '../../core/alerts/alert';
import type { CardJson } from '../../core/ports/messenger';
import { expandCard } from '../common/expand-card';
import { formatScore, formatUtc, humanizeKind } from '../common/format';
import template from './alert.card.json';

/**
 * The alert card posted into the alerts channel (one thread per alert) and returned by every
 * alert verb. What an analyst needs to decide without leaving Teams: who (pseudonym), policy,
 * severity and score, triggering event, risk factors, the activities that drove the score, the
 * status — and, while the alert needs review and the viewer may triage, the triage actions.
 */
export const AlertCardViewSchema = z.object({
  alertRef: z.string(),
  user: z.string(),
  policyName: z.string(),
  policyFact: z.string(),
  severity: z.enum(['Low', 'Medium', 'High']),
  severityStyle: z.enum(['good', 'warning', 'attention']),
  scoreText: z.string(),
  statusText: z.string(),
  triggeringEvent: z.string(),
  activityWindow: z.string(),
  riskFactors: z.array(z.string()),
  topActivities: z.array(z.object({ time: z.string(), what: z.string(), detail: z.string() })).max(10),
  insights: z.array(z.object({ label: z.string(), scoreText: z.string(), explanation: z.string() })),
  scoreHistoryText: z.string(),
  triageText: z.string(),
  noticeText: z.string(),
  canTriage: z.boolean(),
  /** The viewer may open the details (the score's arithmetic): those who investigate alerts. */
  canView: z.boolean(),
  suggestedCaseName: z.string(),
  activeCases: z.array(z.object({ id: z.string(), title: z.string() })),
  dismissReasons: z.array(z.object({ title: z.string(), value: z.string() })),
  expanded: z.boolean(),
  detailsTitle: z.string(),
  refreshUserIds: z.array(z.string()).max(60),
});
export type AlertCardView = z.infer<typeof AlertCardViewSchema>;

export interface AlertCardInput {
  readonly alert: Alert;
  readonly alertRef: string;
  /** The pseudonym, or the UPN when pseudonymization is off. */
  readonly user: string;
  readonly templateName: string;
  /** The viewer may triage (analyst/investigator) — also false for the channel post, which every member sees. */
  readonly canTriage: boolean;
  readonly activeCases: readonly { readonly id: string; readonly name: string }[];
  readonly expanded: boolean;
  /** Teams user ids (`29:…`) that refresh automatically; at most 60 are kept. */
  readonly refreshUserIds: readonly string[];
  /** A line under the card, e.g. why the viewer sees no actions. */
  readonly notice?: string;
}

const RISK_FACTOR_LABELS: Readonly<Record<Alert['riskFactors'][number], string>> = {
  sequence: 'sequence of activities',
  cumulativeExfiltration: 'cumulative exfiltration',
  unusualActivity: 'unusual activity for this user',
  priorityContent: 'priority content',
  unallowedDomains: 'unallowed domains',
};

const STYLES = { Low: 'good', Medium: 'warning', High: 'attention' } as const;

export function alertCardView(input: AlertCardInput): AlertCardView {
  const { alert } = input;
  const activities = input.expanded ? alert.topActivities.slice(0, 10) : alert.topActivities.slice(0, 3);
  return {
    alertRef: input.alertRef,
    user: input.user,
    policyName: alert.policyName,
    // "Data leaks (Data leaks)" says nothing twice: the template only when the policy is named otherwise.
    policyFact: alert.policyName === input.templateName ? alert.policyName : `${alert.policyName} (${input.templateName})`,
    severity: alert.severity,
    severityStyle: STYLES[alert.severity],
    scoreText: formatScore(alert.score),
    statusText: statusText(alert),
    triggeringEvent: `${humanizeKind(alert.triggeringEvent.kind)} at ${formatUtc(alert.triggeringEvent.time)}`,
    activityWindow: `${formatUtc(alert.firstActivityAt)} – ${formatUtc(alert.lastActivityAt)}`,
    riskFactors: alert.riskFactors.map((f) => RISK_FACTOR_LABELS[f]),
    topActivities: activities.map((a) => ({
      time: formatUtc(a.time),
      what: `${humanizeKind(a.kind)} (${a.operation})`,
      detail: [a.fileName, a.destination ?? a.targetDomains?.join(', ')].filter((p): p is string => p !== undefined && p !== '').join(' → '),
    })),
    insights: input.expanded
      ? [...alert.insights].sort((a, b) => b.score - a.score).slice(0, 12).map((i) => ({ label: `${i.label} (${i.day})`, scoreText: formatScore(i.score), explanation: i.explanation }))
      : [],
    scoreHistoryText: alert.scoreHistory.slice(-8).map((h) => `${formatScore(h.score)} ${h.severity} (${formatUtc(h.time)})`).join(' → '),
    triageText: triageText(alert),
    noticeText: input.notice ?? '',
    canTriage: input.canTriage && alert.status === 'NeedsReview',
    canView: input.canTriage,
    suggestedCaseName: `${alert.policyName}: ${input.user}`.slice(0, 100),
    activeCases: input.activeCases.map((c) => ({ id: c.id, title: `${c.name} (${c.id})` })),
    dismissReasons: DISMISS_REASONS.map((r) => ({ title: r, value: r })),
    expanded: input.expanded,
    detailsTitle: input.expanded ? 'Less' : 'Details',
    refreshUserIds: input.refreshUserIds.slice(0, 60),
  };
}

function statusText(alert: Alert): string {
  switch (alert.status) {
    case 'NeedsReview':
      return 'Needs review';
    case 'Confirmed':
      return `Confirmed${alert.caseId === undefined ? '' : ` · case ${alert.caseId}`}`;
    case 'Dismissed':
      return 'Dismissed';
    case 'Resolved':
      return `Resolved${alert.caseId === undefined ? '' : ` · case ${alert.caseId}`}`;
  }
}

function triageText(alert: Alert): string {
  const t = alert.triage;
  if (t === undefined) return '';
  const when = formatUtc(t.at);
  switch (alert.status) {
    case 'Confirmed':
      return `Confirmed by ${t.by} on ${when}${alert.caseId === undefined ? '' : ` into case ${alert.caseId}`}.`;
    case 'Dismissed':
      return `Dismissed by ${t.by} on ${when}: ${t.reason ?? 'no reason given'}${t.notes === undefined ? '' : ` — ${t.notes}`}`;
    case 'Resolved':
      return `Resolved with its case${alert.caseId === undefined ? '' : ` ${alert.caseId}`} (triaged by ${t.by} on ${when}).`;
    case 'NeedsReview':
      return '';
  }
}

export function alertCard(input: AlertCardInput): CardJson {
  return expandCard('alert', template, AlertCardViewSchema, alertCardView(input));
}
