import { z } from 'zod';
import { flowApprovalCard, type FlowApprovalCardInput } from '../../../cards/flow-approval/flow-approval.card';
import type { CardJson } from '../../../core/ports/messenger';
import { FLOW_RESPOND_VERB } from '../../engine/contracts';
import { personName, PersonSchema } from '../teams/people';
import { PostedMessageSchema } from '../teams/posted-cards';
import { APPROVAL_TYPES, type ApprovalType, isCustom } from './approval-types';

/**
 * An approval while it waits: what the flow asked, who was asked (and the card each one got), and
 * the answers so far. It is the webhook's subscription, stored by the runner between answers.
 */
export const ResponderSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  email: z.string(),
  userPrincipalName: z.string(),
});

export const ApprovalStateSchema = z.object({
  kind: z.literal('approvals.startAndWait'),
  name: z.string(),
  approvalType: z.enum(APPROVAL_TYPES),
  title: z.string(),
  details: z.string().optional(),
  itemLink: z.string().optional(),
  itemLinkDescription: z.string().optional(),
  requestor: z.string().optional(),
  options: z.array(z.string()).min(1),
  requestDate: z.string(),
  approvers: z.array(z.object({ person: PersonSchema, message: PostedMessageSchema.optional() })).min(1),
  responses: z.array(
    z.object({
      /** Index into approvers. */
      approver: z.number().int().min(0),
      responder: ResponderSchema,
      responseDate: z.string(),
      approverResponse: z.string(),
      comments: z.string().optional(),
    }),
  ),
});
export type ApprovalState = z.infer<typeof ApprovalStateSchema>;
export type ApprovalResponse = ApprovalState['responses'][number];

/** How each kind of card shows the request's state. */
export type ApprovalCardState =
  | { readonly kind: 'open'; readonly waitToken: string }
  | { readonly kind: 'answered'; readonly by: string; readonly response: string; readonly remaining: number }
  | { readonly kind: 'completed'; readonly outcome: string; readonly by: string }
  | { readonly kind: 'ended'; readonly reason: 'timeout' | 'cancelled' | 'withdrawn' };

export function approvalCard(state: ApprovalState, view: ApprovalCardState): CardJson {
  const input: FlowApprovalCardInput = {
    title: state.title,
    ...(state.details === undefined ? {} : { details: state.details }),
    ...(state.requestor === undefined ? {} : { requestor: state.requestor }),
    requestDate: state.requestDate,
    ...(state.itemLink === undefined ? {} : { itemLink: state.itemLink }),
    ...(state.itemLinkDescription === undefined ? {} : { itemLinkDescription: state.itemLinkDescription }),
    options: state.options.map((title) => ({ title, ...(isCustom(state.approvalType) ? {} : { style: title === 'Approve' ? ('positive' as const) : ('destructive' as const) }) })),
    ...(view.kind === 'open' ? { respond: { verb: FLOW_RESPOND_VERB, waitToken: view.waitToken } } : {}),
    status: statusOf(state.approvalType, view),
    responses: state.responses.map((r) => ({
      who: r.responder.displayName !== '' ? r.responder.displayName : personName(state.approvers[r.approver]?.person ?? { given: r.responder.email }),
      response: r.approverResponse,
      at: r.responseDate,
      ...(r.comments === undefined ? {} : { comments: r.comments }),
    })),
  };
  return flowApprovalCard(input);
}

function statusOf(type: ApprovalType, view: ApprovalCardState): FlowApprovalCardInput['status'] {
  switch (view.kind) {
    case 'open':
      return { text: type === 'BasicAwaitAll' ? 'Everyone assigned must approve. Waiting for your response.' : type === 'CustomResponseAwaitAll' ? 'Everyone assigned is asked to respond. Waiting for your response.' : 'Waiting for your response.', style: 'emphasis' };
    case 'answered':
      return { text: `You responded: ${view.response}. Waiting for ${view.remaining} more ${view.remaining === 1 ? 'response' : 'responses'}.`, style: 'emphasis' };
    case 'completed':
      if (type === 'Basic' || type === 'BasicAwaitAll') {
        const approved = view.outcome === 'Approve';
        return { text: approved ? (type === 'BasicAwaitAll' ? 'Approved by everyone.' : `Approved by ${view.by}.`) : `Rejected by ${view.by}.`, style: approved ? 'good' : 'attention' };
      }
      return { text: type === 'CustomResponseAwaitAll' ? `Everyone responded: ${view.outcome}.` : `${view.by} responded: ${view.outcome}.`, style: 'good' };
    case 'ended':
      return {
        text: view.reason === 'timeout' ? 'This approval request expired without a decision.' : view.reason === 'cancelled' ? 'This approval request was cancelled.' : 'This approval request was withdrawn: it could not be sent to everyone assigned.',
        style: 'warning',
      };
  }
}
