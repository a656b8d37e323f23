import { CardFactory, MessageFactory, type Activity, type CloudAdapter, type ConversationReference } from 'botbuilder';
import { rootMessageIdOf } from '../../infra/teams/throttled-sender';

/**
 * The two proactive calls the bot makes, written the way the bot makes them, for tests that
 * drive a real CloudAdapter against the fake Teams connector. Each is exactly one connector
 * request, so each fits one throttled-sender `run`.
 */

export const TEST_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const BOT = { id: 'bot', name: 'IRM' };

export interface PostedCard {
  readonly conversationId: string;
  readonly activityId: string;
}

/** A message carrying a one-line adaptive card whose text is `title`. */
export function titledCard(title: string): Partial<Activity> {
  return MessageFactory.attachment(
    CardFactory.adaptiveCard({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: title }] }),
  );
}

/** The title of a card built by {@link titledCard}, from an activity or a create-conversation body. */
export function cardTitle(body: unknown): string {
  const activity = ((body as { activity?: unknown }).activity ?? body) as Activity;
  return (activity.attachments?.[0]?.content as { body: { text: string }[] }).body[0].text;
}

/**
 * Starts a new thread in `channelId` whose root is `activity` (POST /v3/conversations). The
 * callback only learns the new conversation id; the root message id is its `;messageid=` part.
 */
export async function postToChannel(adapter: CloudAdapter, serviceUrl: string, channelId: string, activity: Partial<Activity>): Promise<PostedCard> {
  let conversationId: string | undefined;
  await adapter.createConversationAsync(
    '',
    'msteams',
    serviceUrl,
    'https://api.botframework.com',
    {
      isGroup: true,
      channelData: { channel: { id: channelId }, tenant: { id: TEST_TENANT } },
      // ConversationParameters types `activity` as a full Activity, but MessageFactory builds a
      // Partial<Activity>, and a partial one is all the connector needs.
      activity: activity as Activity,
      tenantId: TEST_TENANT,
      bot: BOT,
      members: [],
    },
    async (context) => {
      conversationId = context.activity.conversation.id;
    },
  );
  const activityId = conversationId === undefined ? undefined : rootMessageIdOf(conversationId);
  if (conversationId === undefined || activityId === undefined) {
    throw new Error(`createConversationAsync gave no thread id: ${String(conversationId)}`);
  }
  return { conversationId, activityId };
}

/** A reference to an existing channel thread, for continueConversationAsync. */
export function threadReference(serviceUrl: string, conversationId: string): Partial<ConversationReference> {
  return {
    channelId: 'msteams',
    serviceUrl,
    conversation: { id: conversationId, isGroup: true, conversationType: 'channel', tenantId: TEST_TENANT, name: '' },
    bot: BOT,
  };
}

/** Replaces a posted card in place (PUT /v3/conversations/:id/activities/:activityId). */
export async function updateInPlace(adapter: CloudAdapter, serviceUrl: string, posted: PostedCard, activity: Partial<Activity>): Promise<void> {
  await adapter.continueConversationAsync('', threadReference(serviceUrl, posted.conversationId), async (context) => {
    await context.updateActivity({ ...activity, id: posted.activityId });
  });
}
