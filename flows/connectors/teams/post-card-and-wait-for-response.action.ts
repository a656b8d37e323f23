import { z } from 'zod';
import { answerableCard, answeredCard } from '../../../cards/flow-response/answerable-card';
import { endedWaitCard, recordedResponseCard } from '../../../cards/flow-response/flow-response.card';
import type { CardJson } from '../../../core/ports/messenger';
import { ConnectorError, FLOW_RESPOND_VERB, type WaitResponse, type WebhookOperation } from '../../engine/contracts';
import { badParameter, errorOutputs, withConnectorErrors } from '../connector-errors';
import { checkCardSize, readAdaptiveCard } from './adaptive-card-parameter';
import { isSamePerson, PersonSchema, resolvePeople, type Person } from './people';
import { PostedMessageSchema, readSubscription, TeamsRecipientSchema, updateAll } from './posted-cards';
import type { TeamsConnectorContext } from './teams-context';
import { LocationSchema, PosterSchema, RecipientSchema, TEAMS_API, checkPoster, postTargets, postToEach } from './teams-targets';

/**
 * Post adaptive card and wait for a response, `shared_teams` `PostCardAndWaitForResponse`
 * (`POST …/gatherinput/poster/{poster}/location/{location}/$subscriptions`). The swagger's body
 * parameter is `{ notificationUrl, body: { recipient, messageBody, updateMessage } }`, so flows
 * write `body/body/recipient/to` (chat) or `body/body/recipient/groupId` + `…/channelId`
 * (channel), `body/body/messageBody`, `body/body/updateMessage`, `body/body/shouldUpdateCard`.
 * A `body` without the inner `body` (`body/recipient`, `body/messageBody`) is read the same way.
 *
 * subscribe posts the flow's card with every Action.Submit / Action.Execute turned into an
 * Action.Execute the bot routes back to this step (cards/flow-response/answerable-card.ts). The
 * first answer completes the step with the connector's response shape: `responseTime`,
 * `responder { objectId, email, userPrincipalName, displayName }` (`tenantId` is not known to
 * the ports and is left out), `submitActionId`, and `data` (the card's input values). The answered
 * card becomes the flow's card without its actions plus the update message (`shouldUpdateCard`,
 * the default here), or the "Response recorded" card. In a chat only the person it was sent to can
 * answer (403 for anyone else); in a channel any member can. When the wait times out or the run
 * is cancelled, the posted cards say so.
 */

const DEFAULT_UPDATE_MESSAGE = 'Thanks for your response!';

const WaitBodySchema = z.object(
  {
    recipient: RecipientSchema,
    messageBody: z.union([z.string(), z.record(z.string(), z.unknown())], { error: 'expected the Adaptive Card (JSON)' }),
    updateMessage: z.string({ error: 'expected the update message as text' }).optional(),
    shouldUpdateCard: z.boolean({ error: 'expected true or false' }).optional(),
  },
  { error: 'expected body with recipient and messageBody' },
);

export const PostCardAndWaitForResponseParametersSchema = z.object({
  poster: PosterSchema,
  location: LocationSchema,
  body: z.preprocess(
    // `body/recipient` as well as the swagger's `body/body/recipient`: hand-written definitions drop the inner level.
    (value) => (isRecord(value) && !('body' in value) && ('recipient' in value || 'messageBody' in value) ? { body: value } : value),
    z.object({ body: WaitBodySchema }, { error: 'expected body/body with recipient and messageBody' }),
  ),
});
export type PostCardAndWaitForResponseParameters = z.infer<typeof PostCardAndWaitForResponseParametersSchema>;

const PostSchema = z.object({ label: z.string(), recipient: TeamsRecipientSchema, message: PostedMessageSchema });

export const CardWaitSubscriptionSchema = z.object({
  kind: z.literal('teams.cardWait'),
  /** The flow's card as it wrote it, for the answered version. */
  card: z.record(z.string(), z.unknown()),
  /** The card's first line, to name the request on an expired card. */
  title: z.string(),
  actionIds: z.array(z.string()),
  updateMessage: z.string(),
  shouldUpdateCard: z.boolean(),
  /** The people it was sent to (chat); empty for a channel, where any member may answer. */
  people: z.array(PersonSchema),
  posts: z.array(PostSchema),
});
export type CardWaitSubscription = z.infer<typeof CardWaitSubscriptionSchema>;

const OPERATION = 'PostCardAndWaitForResponse';

export const postCardAndWaitForResponse: WebhookOperation<PostCardAndWaitForResponseParameters, TeamsConnectorContext> = {
  kind: 'webhook',
  api: TEAMS_API,
  operationId: OPERATION,
  summary: 'Post adaptive card and wait for a response',
  parameters: PostCardAndWaitForResponseParametersSchema,

  async subscribe(parameters, context) {
    checkPoster(parameters.poster);
    const inner = parameters.body.body;
    const targets = postTargets(parameters.location, inner.recipient, 'body/body/recipient');
    const card = readAdaptiveCard(inner.messageBody, 'body/body/messageBody');
    const answerable = answerableCard(card, { verb: FLOW_RESPOND_VERB, waitToken: context.waitToken });
    if (answerable.actionIds.length === 0) throw badParameter('body/body/messageBody', 'the card has no Action.Submit or Action.Execute to answer with, so the wait could never end');
    checkCardSize(answerable.card, 'body/body/messageBody');
    const chats = targets.filter((t) => t.recipient.kind === 'user').map((t) => t.label);
    const people = await resolvePeople(context.directory, chats);
    const title = firstText(card);
    const posted = await postToEach(context.teams, targets, () => ({ card: answerable.card }), `${OPERATION}: posting`, { card: endedWaitCard('withdrawn', title) });
    const subscription: CardWaitSubscription = {
      kind: 'teams.cardWait',
      card,
      title,
      actionIds: [...answerable.actionIds],
      updateMessage: inner.updateMessage === undefined || inner.updateMessage.trim() === '' ? DEFAULT_UPDATE_MESSAGE : inner.updateMessage,
      shouldUpdateCard: inner.shouldUpdateCard ?? true,
      people,
      posts: posted.map((p) => ({ label: p.target.label, recipient: p.target.recipient, message: p.message })),
    };
    return { subscription };
  },

  async accept(stored, response, context) {
    const subscription = readSubscription(CardWaitSubscriptionSchema, stored, OPERATION);
    const person = subscription.people.find((p) => isSamePerson(p, response.responder));
    if (subscription.people.length > 0 && person === undefined) {
      const message = `${OPERATION}: ${response.responder.upn ?? response.responder.id} was not sent this card; only its recipients can answer it`;
      throw new ConnectorError(message, 403, errorOutputs(403, 'NotARecipient', message));
    }
    const { submitActionId, waitToken: _token, ...inputs } = response.data;
    if (typeof submitActionId !== 'string' || !subscription.actionIds.includes(submitActionId)) {
      throw badParameter('submitActionId', `the answer names no action of this card (expected one of ${subscription.actionIds.join(', ')})`);
    }
    const responder = await responderOf(response, person, context);
    const name = responder.displayName !== '' ? responder.displayName : responder.userPrincipalName !== '' ? responder.userPrincipalName : response.responder.id;
    const others = subscription.posts.filter((p) => person === undefined || p.label !== person.given);
    if (person !== undefined && others.length > 0) {
      // Sent to several people: the first answer is the answer, and the others' cards say whose it was.
      await updateAll(context.teams, others.map((p) => ({ message: p.message, content: { card: answeredCard(subscription.card, `Answered by ${name}.`) } })), `${OPERATION}: updating the other cards`);
    }
    const reply: CardJson = subscription.shouldUpdateCard
      ? answeredCard(subscription.card, subscription.updateMessage)
      : recordedResponseCard({ message: subscription.updateMessage, responder: name, at: response.at, answers: inputs });
    return { complete: { statusCode: 200, body: { responseTime: response.at, responder, submitActionId, data: inputs } }, reply };
  },

  async unsubscribe(stored, context, reason) {
    const subscription = readSubscription(CardWaitSubscriptionSchema, stored, OPERATION);
    const card = endedWaitCard(reason, subscription.title);
    await updateAll(context.teams, subscription.posts.map((p) => ({ message: p.message, content: { card } })), `${OPERATION}: marking the card ${reason === 'timeout' ? 'expired' : 'cancelled'}`);
  },
};

interface Responder {
  objectId: string;
  email: string;
  userPrincipalName: string;
  displayName: string;
}

/** The connector's `responder`: what the answer says, completed from the person the card was sent to or the directory. */
async function responderOf(response: WaitResponse, person: Person | undefined, context: TeamsConnectorContext): Promise<Responder> {
  const who = response.responder;
  let known: { upn?: string; mail?: string; displayName?: string; objectId?: string } | undefined = person;
  if (known?.upn === undefined) {
    const user = await withConnectorErrors(`${OPERATION}: looking up the responder`, () => context.directory.getUser(who.upn ?? who.id));
    if (user !== undefined) known = user;
  }
  const upn = (who.upn ?? known?.upn ?? '').toLowerCase();
  return {
    objectId: who.id,
    email: (known?.mail ?? upn).toLowerCase(),
    userPrincipalName: upn,
    displayName: who.name ?? known?.displayName ?? '',
  };
}

/** The first TextBlock's text, to name the request on cards that replace it. */
function firstText(card: unknown): string {
  const stack: unknown[] = [card];
  while (stack.length > 0) {
    const next = stack.shift();
    if (Array.isArray(next)) stack.unshift(...(next as unknown[]));
    else if (isRecord(next)) {
      if (next.type === 'TextBlock' && typeof next.text === 'string' && next.text.trim() !== '') return next.text.trim().slice(0, 200);
      const children = [next.body, next.items, next.columns].filter((c) => c !== undefined);
      stack.unshift(...children);
    }
  }
  return '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
