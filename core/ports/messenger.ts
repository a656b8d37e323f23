/**
 * Posting into Teams, proactively (not as a reply to a turn). Implemented in infra/teams over the
 * Bot Framework connector, behind a sender that keeps to Teams' rate limits and retries throttled
 * calls; so a method that returns has delivered, and one that throws has not (nothing half-sent).
 *
 * Errors: ThrottledError / OperationalError when Teams stays unavailable after the retries (the
 * outbox redelivers later); NotFoundError when the conversation or message is gone (the app was
 * removed from the team, the message deleted); PermissionDeniedError when the bot may not post.
 */

/** Where a channel lives, as learnt from the installation or a message in it. */
export interface ChannelAddress {
  readonly serviceUrl: string;
  readonly tenantId?: string;
  readonly teamId?: string;
  /** `19:…@thread.tacv2` */
  readonly channelId: string;
}

/** An existing conversation (personal chat, group chat, channel, or thread in one). */
export interface ConversationAddress {
  readonly serviceUrl: string;
  readonly tenantId?: string;
  /** For a channel thread `19:…@thread.tacv2;messageid=…`. */
  readonly conversationId: string;
}

export interface PostedMessage {
  readonly serviceUrl: string;
  readonly conversationId: string;
  readonly activityId: string;
}

/** An expanded Adaptive Card (JSON object with `type: 'AdaptiveCard'`). */
export type CardJson = Readonly<Record<string, unknown>>;

export interface OutgoingMessage {
  readonly card?: CardJson;
  /** Plain text, or the notification preview that goes with a card. */
  readonly text?: string;
}

export interface Messenger {
  /** Starts a new thread in a channel; the message is its root. */
  postToChannel(channel: ChannelAddress, message: OutgoingMessage): Promise<PostedMessage>;
  /** Sends into an existing conversation (in a channel thread: as a reply). */
  sendToConversation(conversation: ConversationAddress, message: OutgoingMessage): Promise<PostedMessage>;
  /** Replaces a message's content in place. */
  updateMessage(message: PostedMessage, content: OutgoingMessage): Promise<void>;
}
