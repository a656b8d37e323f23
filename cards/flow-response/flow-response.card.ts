import { z } from 'zod';
import type { CardJson } from '../../core/ports/messenger';
import { expandCard } from '../common/expand-card';
import { formatUtc } from '../common/format';
import template from './flow-response.card.json';

/**
 * What a flow's waiting card turns into once it is answered, has expired or was cancelled: a
 * header, the flow's own words (its "update message") and, for an answer, what was sent, so the
 * person who clicked can see it was taken. Every string is data: the flow wrote it.
 */
export const FlowResponseCardViewSchema = z.object({
  title: z.string().min(1),
  text: z.string(),
  facts: z.array(z.object({ title: z.string(), value: z.string() })).max(30),
  footer: z.string(),
  style: z.enum(['default', 'emphasis', 'good', 'warning', 'attention']),
});
export type FlowResponseCardView = z.infer<typeof FlowResponseCardViewSchema>;

export function flowResponseCard(view: FlowResponseCardView): CardJson {
  return expandCard('flow-response', template, FlowResponseCardViewSchema, view);
}

export interface RecordedResponseInput {
  /** The flow's update message ("Thanks for your response!" by default). */
  readonly message: string;
  /** Who answered, as the card should name them. */
  readonly responder: string;
  /** ISO UTC. */
  readonly at: string;
  /** The submitted values by input id; objects and arrays are shown as JSON. */
  readonly answers: Readonly<Record<string, unknown>>;
}

/** Longest value shown per answer: the card stays well under 28 KB whatever was typed. */
const MAX_ANSWER = 500;
const MAX_ANSWERS = 30;

/** The "Response recorded" card a responder sees when the flow does not update its own card. */
export function recordedResponseCard(input: RecordedResponseInput): CardJson {
  const facts = Object.entries(input.answers)
    .slice(0, MAX_ANSWERS)
    .map(([title, value]) => ({ title, value: shorten(answerText(value)) }));
  return flowResponseCard({
    title: 'Response recorded',
    text: input.message,
    facts,
    footer: `${input.responder} · ${formatUtc(input.at)}`,
    style: 'good',
  });
}

/** Why a waiting card stopped taking answers: nobody answered in time, the run was cancelled, or the request could not reach everyone and was taken back. */
export type EndedWaitReason = 'timeout' | 'cancelled' | 'withdrawn';

const ENDED: Readonly<Record<EndedWaitReason, { readonly title: string; readonly text: string }>> = {
  timeout: { title: 'This request expired', text: 'Nobody answered in time; the flow went on without an answer.' },
  cancelled: { title: 'This request was cancelled', text: 'The flow that sent it was cancelled; answers are no longer taken.' },
  withdrawn: { title: 'This request was withdrawn', text: 'It could not be delivered to everyone it was meant for; answers to this copy are no longer taken.' },
};

/** What a waiting card says once it no longer takes answers; `title` names the request ('' for none). */
export function endedWaitCard(reason: EndedWaitReason, title: string): CardJson {
  return flowResponseCard({
    title: ENDED[reason].title,
    text: ENDED[reason].text,
    facts: title === '' ? [] : [{ title: 'Request', value: shorten(title) }],
    footer: '',
    style: 'warning',
  });
}

function answerText(value: unknown): string {
  if (typeof value === 'string') return value === '' ? '(empty)' : value;
  if (value === undefined || value === null) return '(empty)';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function shorten(text: string): string {
  return text.length > MAX_ANSWER ? `${text.slice(0, MAX_ANSWER - 1)}…` : text;
}
