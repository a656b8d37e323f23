import { z } from 'zod';
import type { CardJson } from '../../core/ports/messenger';
import { CardTooLargeError, expandCard } from '../common/expand-card';
import { formatUtc } from '../common/format';
import template from './flow-approval.card.json';

/**
 * The approval card a flow's "Start and wait for an approval" posts into each approver's chat, and
 * the same card once answered (the decision and who made it, nothing left to click). Title,
 * details (markdown, as the Approvals connector allows), requestor and response options come from
 * the flow: they are data, expanded by the template, never spliced into card text.
 */
const Style = z.enum(['default', 'emphasis', 'good', 'warning', 'attention']);

export const FlowApprovalCardViewSchema = z.object({
  title: z.string().min(1),
  details: z.string(),
  statusText: z.string(),
  statusStyle: Style,
  facts: z.array(z.object({ title: z.string(), value: z.string() })),
  responses: z.array(z.object({ who: z.string(), response: z.string(), when: z.string(), comments: z.string() })),
  canRespond: z.boolean(),
  /** Options as buttons (up to MAX_BUTTONS); more become a choice set with one Submit button. */
  useChoiceSet: z.boolean(),
  buttons: z.array(z.object({ title: z.string(), value: z.string(), style: z.enum(['default', 'positive', 'destructive']) })),
  options: z.array(z.object({ title: z.string() })),
  verb: z.string(),
  waitToken: z.string(),
  itemLink: z.string(),
  itemLinkTitle: z.string(),
});
export type FlowApprovalCardView = z.infer<typeof FlowApprovalCardViewSchema>;

export type FlowApprovalStyle = z.infer<typeof Style>;

export interface FlowApprovalResponseLine {
  /** The approver as the card should name them. */
  readonly who: string;
  readonly response: string;
  /** ISO UTC. */
  readonly at: string;
  readonly comments?: string;
}

export interface FlowApprovalCardInput {
  readonly title: string;
  /** Markdown. */
  readonly details?: string;
  readonly requestor?: string;
  /** ISO UTC. */
  readonly requestDate: string;
  readonly itemLink?: string;
  readonly itemLinkDescription?: string;
  /** The answers an approver may give, in order (Approve/Reject, or the flow's own options). */
  readonly options: readonly { readonly title: string; readonly style?: 'positive' | 'destructive' }[];
  /** Present while this approver may still answer: the Action.Execute verb and the wait's token. */
  readonly respond?: { readonly verb: string; readonly waitToken: string };
  readonly status: { readonly text: string; readonly style: FlowApprovalStyle };
  readonly responses: readonly FlowApprovalResponseLine[];
}

/** Teams shows five or six card buttons before it folds them into "…"; past five, a choice set reads better. */
export const MAX_BUTTONS = 5;
/**
 * How much of the flow's text a card shows. The first bounds fit nearly every approval; a card
 * still over 28 KB (long details in a script that takes three bytes a character, many long
 * comments) is built again with the next, smaller bounds.
 */
interface Bounds {
  readonly title: number;
  readonly details: number;
  readonly comments: number;
  readonly responses: number;
}
const BOUNDS: readonly Bounds[] = [
  { title: 400, details: 8000, comments: 500, responses: 25 },
  { title: 200, details: 3000, comments: 200, responses: 15 },
  { title: 100, details: 1000, comments: 80, responses: 8 },
];

export function flowApprovalCardView(input: FlowApprovalCardInput, bounds: Bounds = BOUNDS[0]): FlowApprovalCardView {
  const canRespond = input.respond !== undefined && input.options.length > 0;
  const useChoiceSet = input.options.length > MAX_BUTTONS;
  const link = isWebLink(input.itemLink) ? input.itemLink : undefined;
  const shown = input.responses.slice(0, bounds.responses);
  const facts = [
    ...(input.requestor === undefined || input.requestor === '' ? [] : [{ title: 'Requested by', value: input.requestor }]),
    { title: 'Requested', value: formatUtc(input.requestDate) },
    // A link we will not open (not http/https) is still worth naming.
    ...(link === undefined && (input.itemLinkDescription ?? input.itemLink ?? '') !== '' ? [{ title: 'Item', value: input.itemLinkDescription ?? input.itemLink ?? '' }] : []),
    ...(input.responses.length > shown.length ? [{ title: 'Responses', value: `${input.responses.length} (the first ${shown.length} are shown)` }] : []),
  ];
  return {
    title: cut(input.title, bounds.title),
    details: cut(input.details ?? '', bounds.details),
    statusText: input.status.text,
    statusStyle: input.status.style,
    facts,
    responses: shown.map((r) => ({ who: r.who, response: r.response, when: formatUtc(r.at), comments: cut(r.comments ?? '', bounds.comments) })),
    canRespond,
    useChoiceSet,
    buttons: canRespond && !useChoiceSet ? input.options.map((o) => ({ title: o.title, value: o.title, style: o.style ?? 'default' })) : [],
    options: canRespond && useChoiceSet ? input.options.map((o) => ({ title: o.title })) : [],
    verb: input.respond?.verb ?? '',
    waitToken: input.respond?.waitToken ?? '',
    itemLink: link ?? '',
    itemLinkTitle: input.itemLinkDescription !== undefined && input.itemLinkDescription !== '' ? cut(input.itemLinkDescription, 100) : 'Open item',
  };
}

export function flowApprovalCard(input: FlowApprovalCardInput): CardJson {
  for (const bounds of BOUNDS.slice(0, -1)) {
    try {
      return expandCard('flow-approval', template, FlowApprovalCardViewSchema, flowApprovalCardView(input, bounds));
    } catch (error) {
      if (!(error instanceof CardTooLargeError)) throw error;
    }
  }
  return expandCard('flow-approval', template, FlowApprovalCardViewSchema, flowApprovalCardView(input, BOUNDS[BOUNDS.length - 1]));
}

function isWebLink(url: string | undefined): url is string {
  if (url === undefined) return false;
  return /^https?:\/\/[^\s]+$/i.test(url);
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
