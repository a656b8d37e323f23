import { type Activity, type CloudAdapter, type ConversationParameters, type ConversationReference, CardFactory } from 'botbuilder';
import { UnexpectedError } from '../../core/errors';
import type { ChannelAddress, ConversationAddress, Messenger, OutgoingMessage, PostedMessage } from '../../core/ports/messenger';
import { rootMessageIdOf, threadKeyOf, type ThrottledSender } from './throttled-sender';

/** The part of botframework-connector's ConnectorClient we use (botbuilder does not re-export its type). */
interface ConnectorClient {
  readonly conversations: {
    createConversation(parameters: ConversationParameters): Promise<{ id?: string; activityId?: string }>;
    sendToConversation(conversationId: string, activity: Partial<Activity>): Promise<{ id?: string }>;
    updateActivity(conversationId: string, activityId: string, activity: Partial<Activity>): Promise<{ id?: string }>;
  };
}

export interface TeamsMessengerOptions {
  readonly adapter: CloudAdapter;
  /** The bot's app id ('' without authentication). */
  readonly botAppId: string;
  readonly sender: ThrottledSender;
}

/**
 * The Messenger port over the Bot Framework connector. Every request goes through the throttled
 * sender (Teams' per-thread and per-app limits, retries with Retry-After), one request per
 * attempt. The connector client is borrowed from a continuation turn, so it carries the bot's
 * credentials for that service URL exactly as replies do.
 */
export function createTeamsMessenger(options: TeamsMessengerOptions): Messenger {
  const { adapter, botAppId, sender } = options;

  const withConnector = async <T>(serviceUrl: string, conversationId: string, tenantId: string | undefined, use: (client: ConnectorClient) => Promise<T>): Promise<T> => {
    const reference: Partial<ConversationReference> = {
      channelId: 'msteams',
      serviceUrl,
      conversation: { id: conversationId, isGroup: true, conversationType: 'channel', name: '', ...(tenantId === undefined ? {} : { tenantId }) },
    };
    let result: { value: T } | undefined;
    await adapter.continueConversationAsync(botAppId, reference, async (context) => {
      const client = context.turnState.get<ConnectorClient | undefined>(context.adapter.ConnectorClientKey);
      if (client === undefined) throw new UnexpectedError('the bot adapter gave no connector client for a proactive message');
      result = { value: await use(client) };
    });
    if (result === undefined) throw new UnexpectedError('the proactive turn ended without running');
    return result.value;
  };

  return {
    async postToChannel(channel: ChannelAddress, message: OutgoingMessage): Promise<PostedMessage> {
      const created = await sender.run(
        threadKeyOf(channel.channelId),
        () =>
          withConnector(channel.serviceUrl, channel.channelId, channel.tenantId, (client) =>
            client.conversations.createConversation({
              isGroup: true,
              bot: { id: botAppId, name: '' },
              members: [],
              channelData: { channel: { id: channel.channelId }, ...(channel.tenantId === undefined ? {} : { tenant: { id: channel.tenantId } }) },
              activity: toActivity(message) as Activity,
              ...(channel.tenantId === undefined ? {} : { tenantId: channel.tenantId }),
            }),
          ),
        'post into a channel',
      );
      // Teams names the new thread `<channel>;messageid=<root>`; the root is the message we posted.
      const activityId = created.activityId ?? rootMessageIdOf(created.id ?? '');
      if (created.id === undefined || activityId === undefined) throw new UnexpectedError('Teams created the thread but did not say its ids');
      return { serviceUrl: channel.serviceUrl, conversationId: created.id, activityId };
    },

    async sendToConversation(conversation: ConversationAddress, message: OutgoingMessage): Promise<PostedMessage> {
      const sent = await sender.run(
        threadKeyOf(conversation.conversationId),
        () => withConnector(conversation.serviceUrl, conversation.conversationId, conversation.tenantId, (client) => client.conversations.sendToConversation(conversation.conversationId, toActivity(message))),
        'send a message',
      );
      if (sent.id === undefined) throw new UnexpectedError('Teams accepted the message but gave no id');
      return { serviceUrl: conversation.serviceUrl, conversationId: conversation.conversationId, activityId: sent.id };
    },

    async updateMessage(message: PostedMessage, content: OutgoingMessage): Promise<void> {
      await sender.run(
        threadKeyOf(message.conversationId),
        () =>
          withConnector(message.serviceUrl, message.conversationId, undefined, (client) =>
            client.conversations.updateActivity(message.conversationId, message.activityId, { ...toActivity(content), id: message.activityId }),
          ),
        'update a message',
      );
    },
  };
}

function toActivity(message: OutgoingMessage): Partial<Activity> {
  if (message.card !== undefined) {
    return {
      type: 'message',
      attachments: [CardFactory.adaptiveCard(message.card)],
      // Shown in notifications and the activity feed instead of "sent a card".
      ...(message.text === undefined ? {} : { summary: message.text }),
    };
  }
  return { type: 'message', text: message.text ?? '', textFormat: 'markdown' };
}
