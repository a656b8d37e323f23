import { z } from 'zod';
import type { Alert } from '../../core/alerts/alert';
import type { Case } from '../../core/cases/case';
import type { CardJson } from '../../core/ports/messenger';
import { expandCard } from '../common/expand-card';
import { formatUtc } from '../common/format';
import template from './case.card.json';

/**
 * The case card: posted in the case team's General channel and returned by every case verb.
 * Overview (who, status, user risk, alerts), the latest notes, and — for those allowed — the
 * actions of the case toolbar: add a note, add a contributor, resolve, show the user's activity.
 */
export const CaseCardViewSchema = z.object({
  caseId: z.string(),
  name: z.string(),
  user: z.string(),
  statusText: z.string(),
  statusStyle: z.enum(['attention', 'good', 'default']),
  riskText: z.string(),
  openedText: z.string(),
  updatedText: z.string(),
  contributorsText: z.string(),
  alerts: z.array(z.object({ severity: z.string(), policy: z.string(), status: z.string(), time: z.string() })).max(20),
  notes: z.array(z.object({ author: z.string(), time: z.string(), text: z.string() })).max(5),
  timelineTitle: z.string(),
  timeline: z.array(z.object({ day: z.string(), text: z.string() })).max(90),
  noticeText: z.string(),
  canNote: z.boolean(),
  canManage: z.boolean(),
  canSendNotice: z.boolean(),
  noticeTemplates: z.array(z.object({ title: z.string(), value: z.string() })).max(50),
  noticeRequestId: z.string(),
  refreshUserIds: z.array(z.string()).max(60),
});
export type CaseCardView = z.infer<typeof CaseCardViewSchema>;

export interface CaseCardInput {
  readonly case: Case;
  readonly alerts: readonly Alert[];
  /** Pseudonym, or UPN with privacy off. */
  readonly user: string;
  readonly riskText: string;
  /** The viewer may add notes (analysts, investigators, and named contributors). */
  readonly canNote: boolean;
  /** The viewer may add contributors and resolve (not named contributors). */
  readonly canManage: boolean;
  readonly refreshUserIds: readonly string[];
  /** Templates for "Send notice" (full case workers only); none or absent: the action is not offered. */
  readonly noticeTemplates?: readonly { readonly id: string; readonly name: string }[];
  readonly timeline?: { readonly days: number; readonly entries: readonly { readonly day: string; readonly text: string }[] };
  readonly notice?: string;
}

const MAX_NOTE_TEXT = 500;

export function caseCardView(input: CaseCardInput): CaseCardView {
  const c = input.case;
  const active = c.status === 'Active';
  const resolution = c.resolution === undefined ? '' : ` as ${c.resolution.as === 'Benign' ? 'benign' : 'confirmed policy violation'} by ${c.resolution.by.name ?? c.resolution.by.id} on ${formatUtc(c.resolution.at)}`;
  return {
    caseId: c.id,
    name: c.name,
    user: input.user,
    statusText: active ? 'Active' : `Closed${resolution}`,
    statusStyle: active ? 'attention' : c.resolution?.as === 'Benign' ? 'good' : 'default',
    riskText: input.riskText,
    openedText: `${formatUtc(c.createdAt)} by ${c.createdBy.name ?? c.createdBy.id}`,
    updatedText: `${formatUtc(c.updatedAt)} by ${c.updatedBy.name ?? c.updatedBy.id}`,
    contributorsText: c.contributors.length === 0 ? 'analysts and investigators' : `analysts and investigators, and ${c.contributors.map((p) => p.name ?? p.id).join(', ')}`,
    alerts: input.alerts.slice(0, 20).map((a) => ({ severity: a.severity, policy: a.policyName, status: a.status, time: formatUtc(a.createdAt) })),
    notes: c.notes
      .slice(-5)
      .reverse()
      .map((n) => ({ author: `${n.author.name ?? n.author.id}${n.kind === 'system' ? ' (automatic)' : ''}`, time: formatUtc(n.time), text: n.text.length > MAX_NOTE_TEXT ? `${n.text.slice(0, MAX_NOTE_TEXT - 1)}…` : n.text })),
    timelineTitle: input.timeline === undefined ? '' : `Risk activity, last ${input.timeline.days} days`,
    timeline: input.timeline === undefined ? [] : input.timeline.entries.length === 0 ? [{ day: '—', text: 'no scored activity in this period' }] : [...input.timeline.entries].slice(0, 90),
    noticeText: input.notice ?? '',
    canNote: input.canNote && active,
    canManage: input.canManage && active,
    canSendNotice: input.canManage && active && (input.noticeTemplates ?? []).length > 0,
    noticeTemplates: (input.noticeTemplates ?? []).slice(0, 50).map((t) => ({ title: t.name, value: t.id })),
    // Changes with every note (a sent notice adds one), so a card's repeated click maps to one request.
    noticeRequestId: `card:${c.id}:${c.notes.length}`,
    refreshUserIds: input.refreshUserIds.slice(0, 60),
  };
}

export function caseCard(input: CaseCardInput): CardJson {
  return expandCard('case', template, CaseCardViewSchema, caseCardView(input));
}
