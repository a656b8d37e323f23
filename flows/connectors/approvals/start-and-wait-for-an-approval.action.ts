import { z } from 'zod';
import { ConnectorError, type WaitResponse, type WebhookOperation } from '../../engine/contracts';
import { badParameter, errorOutputs } from '../connector-errors';
import { escapeText } from '../teams/html-to-teams-markdown';
import { isSamePerson, peopleList, personAddress, personName, resolvePeople, splitPeople, type Person } from '../teams/people';
import { readSubscription, updateAll } from '../teams/posted-cards';
import type { TeamsConnectorContext } from '../teams/teams-context';
import { postToEach } from '../teams/teams-targets';
import { approvalName } from './approval-name';
import { approvalCard, ApprovalStateSchema, type ApprovalResponse, type ApprovalState } from './approval-state';
import { ApprovalTypeSchema, BASIC_OPTIONS, isCustom, settledOutcome } from './approval-types';

/**
 * Start and wait for an approval, `shared_approvals` `StartAndWaitForAnApproval`
 * (`POST /types/{approvalType}/subscriptions`, body `WebhookApprovalCreationInput`). Flows write
 * `approvalType` and `WebhookApprovalCreationInput/title|assignedTo|details|itemLink|
 * itemLinkDescription|requestor|responseOptions|enableNotifications|enableReassignment`.
 *
 * Here an approval is a card in each approver's personal chat with the app (Approve/Reject, or the
 * flow's response options, and a comments box), answered through the bot. The types behave as
 * the docs say: first to respond ends Basic and CustomResponse; BasicAwaitAll waits for everyone
 * to approve and ends at the first Reject; CustomResponseAwaitAll waits for everyone. Only an
 * assigned approver may answer (403), once (409). When it completes, every approver's card shows
 * the decision and who made it. The output is the connector's: `name` (approval id), `title`,
 * `outcome`, `responses [{ responder { id, displayName, email, userPrincipalName }, requestDate,
 * responseDate, approverResponse, comments }]`, `responseSummary`, `requestDate`, `completionDate`
 * (and `details`, `itemLink`, `itemLinkDescription` when given). `tenantId` is not known to the
 * ports and is left out.
 *
 * Not conveyed: `enableNotifications` (the card is the notification), `enableReassignment`
 * (approvers cannot hand the request on here). Attachments are refused (400).
 */

const Creation = z.object(
  {
    title: z.string({ error: 'expected the title' }).trim().min(1, 'expected a title').max(1000, 'expected at most 1000 characters'),
    assignedTo: peopleList('the approvers'),
    details: z.string({ error: 'expected the details (markdown)' }).optional(),
    itemLink: z.string({ error: 'expected the item link (a URL)' }).optional(),
    itemLinkDescription: z.string({ error: 'expected the item link description' }).optional(),
    requestor: z.string({ error: 'expected the requestor (UPN or e-mail address)' }).optional(),
    responseOptions: z.array(z.string({ error: 'expected each response option as text' }).trim().min(1, 'expected a non-empty response option').max(200, 'expected at most 200 characters'), { error: 'expected the response options as an array of text' }).max(50, 'expected at most 50 response options').optional(),
    enableNotifications: z.boolean({ error: 'expected true or false' }).optional(),
    enableReassignment: z.boolean({ error: 'expected true or false' }).optional(),
    attachments: z.array(z.unknown()).optional(),
  },
  { error: 'expected WebhookApprovalCreationInput with title and assignedTo' },
);

export const StartAndWaitForAnApprovalParametersSchema = z
  .object({ approvalType: ApprovalTypeSchema, WebhookApprovalCreationInput: Creation })
  .superRefine((value, ctx) => {
    if (isCustom(value.approvalType) && (value.WebhookApprovalCreationInput.responseOptions ?? []).length === 0) {
      ctx.addIssue({ code: 'custom', path: ['WebhookApprovalCreationInput', 'responseOptions'], message: `expected the response options for approval type ${value.approvalType}` });
    }
  });
export type StartAndWaitForAnApprovalParameters = z.infer<typeof StartAndWaitForAnApprovalParametersSchema>;

/** What the card's answer carries: the chosen option (a button's data or the choice set) and the comments box. */
const AnswerSchema = z.looseObject({
  response: z.string({ error: 'expected the chosen response' }),
  comments: z.string({ error: 'expected the comments as text' }).optional(),
});

const OPERATION = 'StartAndWaitForAnApproval';
const MAX_COMMENTS = 4000;

export const startAndWaitForAnApproval: WebhookOperation<StartAndWaitForAnApprovalParameters, TeamsConnectorContext> = {
  kind: 'webhook',
  api: 'shared_approvals',
  operationId: OPERATION,
  summary: 'Start and wait for an approval',
  parameters: StartAndWaitForAnApprovalParametersSchema,

  async subscribe(parameters, context) {
    const input = parameters.WebhookApprovalCreationInput;
    if (input.attachments !== undefined && input.attachments.length > 0) throw badParameter('WebhookApprovalCreationInput/attachments', 'attachments are not supported here');
    const people = distinct(await resolvePeople(context.directory, splitPeople(input.assignedTo)));
    const requestor = input.requestor === undefined ? [] : splitPeople(input.requestor);
    const state: ApprovalState = {
      kind: 'approvals.startAndWait',
      name: approvalName(context.idempotencyKey),
      approvalType: parameters.approvalType,
      title: input.title,
      ...(blank(input.details) ? {} : { details: input.details }),
      ...(blank(input.itemLink) ? {} : { itemLink: input.itemLink?.trim() }),
      ...(blank(input.itemLinkDescription) ? {} : { itemLinkDescription: input.itemLinkDescription }),
      ...(requestor.length === 0 ? {} : { requestor: requestor.join(', ') }),
      options: isCustom(parameters.approvalType) ? [...new Set(input.responseOptions)] : [...BASIC_OPTIONS],
      requestDate: context.clock.now().toISOString(),
      approvers: people.map((person) => ({ person })),
      responses: [],
    };
    const open = approvalCard(state, { kind: 'open', waitToken: context.waitToken });
    const posted = await postToEach(
      context.teams,
      people.map((p) => ({ recipient: { kind: 'user', upnOrId: personAddress(p) }, label: p.given })),
      // The preview text is markdown: the flow's title goes in escaped.
      () => ({ card: open, text: `Approval requested: ${escapeText(state.title)}` }),
      `${OPERATION}: sending the approval`,
      { card: approvalCard(state, { kind: 'ended', reason: 'withdrawn' }) },
    );
    const subscription: ApprovalState = { ...state, approvers: state.approvers.map((a, i) => ({ ...a, message: posted[i]?.message })) };
    return { subscription };
  },

  async accept(stored, response, context) {
    const state = readSubscription(ApprovalStateSchema, stored, OPERATION);
    const index = state.approvers.findIndex((a) => isSamePerson(a.person, response.responder));
    const who = response.responder.upn ?? response.responder.name ?? response.responder.id;
    if (index < 0) throw refusal(403, 'NotAnApprover', `${OPERATION}: ${who} is not an approver of '${state.title}'`);
    if (state.responses.some((r) => r.approver === index)) throw refusal(409, 'AlreadyResponded', `${OPERATION}: ${who} has already responded to '${state.title}'`);
    const answer = AnswerSchema.safeParse(response.data);
    if (!answer.success) throw badParameter('response', answer.error.issues[0]?.message ?? 'expected the chosen response');
    if (!state.options.includes(answer.data.response)) throw badParameter('response', `expected one of ${state.options.join(', ')}; got '${answer.data.response}'`);
    const recorded: ApprovalResponse = {
      approver: index,
      responder: responderOf(state.approvers[index].person, response),
      responseDate: response.at,
      approverResponse: answer.data.response,
      ...commentsOf(answer.data.comments),
    };
    const next: ApprovalState = { ...state, responses: [...state.responses, recorded] };
    const outcome = settledOutcome(state.approvalType, next.responses.map((r) => r.approverResponse), state.approvers.length);
    const by = recorded.responder.displayName !== '' ? recorded.responder.displayName : who;
    if (outcome === undefined) {
      const remaining = state.approvers.length - next.responses.length;
      return { pending: next, reply: approvalCard(next, { kind: 'answered', by, response: recorded.approverResponse, remaining }) };
    }
    const done = approvalCard(next, { kind: 'completed', outcome, by });
    const others = next.approvers.filter((a, i) => i !== index && a.message !== undefined);
    await updateAll(context.teams, others.map((a) => ({ message: a.message as NonNullable<typeof a.message>, content: { card: done } })), `${OPERATION}: showing the decision to the other approvers`);
    return { complete: { statusCode: 200, body: outputBody(next, outcome, response.at) }, reply: done };
  },

  async unsubscribe(stored, context, reason) {
    const state = readSubscription(ApprovalStateSchema, stored, OPERATION);
    const ended = approvalCard(state, { kind: 'ended', reason });
    const posted = state.approvers.flatMap((a) => (a.message === undefined ? [] : [{ message: a.message, content: { card: ended } }]));
    await updateAll(context.teams, posted, `${OPERATION}: marking the approval ${reason === 'timeout' ? 'expired' : 'cancelled'}`);
  },
};

/** The connector's output body (webhookOutputs of the approval types). */
function outputBody(state: ApprovalState, outcome: string, completionDate: string): Record<string, unknown> {
  return {
    name: state.name,
    title: state.title,
    ...(state.details === undefined ? {} : { details: state.details }),
    ...(state.itemLink === undefined ? {} : { itemLink: state.itemLink }),
    ...(state.itemLinkDescription === undefined ? {} : { itemLinkDescription: state.itemLinkDescription }),
    outcome,
    responses: state.responses.map((r) => ({
      responder: r.responder,
      requestDate: state.requestDate,
      responseDate: r.responseDate,
      approverResponse: r.approverResponse,
      ...(r.comments === undefined ? {} : { comments: r.comments }),
    })),
    responseSummary: state.responses.map((r) => `${r.responder.displayName || r.responder.email}: ${r.approverResponse}${r.comments === undefined ? '' : ` (${r.comments})`}`).join('\n'),
    requestDate: state.requestDate,
    completionDate,
  };
}

/** The swagger's responder: the directory's view of the approver, completed by what the answer says. */
function responderOf(person: Person, response: WaitResponse): ApprovalResponse['responder'] {
  const upn = (person.upn ?? response.responder.upn ?? '').toLowerCase();
  return {
    id: person.objectId ?? response.responder.id,
    displayName: person.displayName ?? response.responder.name ?? personName(person),
    email: (person.mail ?? upn) || person.given.toLowerCase(),
    userPrincipalName: upn,
  };
}

function commentsOf(comments: string | undefined): { comments?: string } {
  const text = comments?.trim() ?? '';
  return text === '' ? {} : { comments: text.slice(0, MAX_COMMENTS) };
}

/** One approver per person, even when the flow named them twice (an alias and their UPN). */
function distinct(people: readonly Person[]): Person[] {
  const seen = new Set<string>();
  return people.filter((p) => {
    const key = (p.objectId ?? p.upn ?? p.given).toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function blank(text: string | undefined): boolean {
  return text === undefined || text.trim() === '';
}

function refusal(statusCode: number, code: string, message: string): ConnectorError {
  return new ConnectorError(message, statusCode, errorOutputs(statusCode, code, message));
}
