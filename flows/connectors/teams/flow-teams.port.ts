import type { OutgoingMessage, PostedMessage } from '../../../core/ports/messenger';

/**
 * Where a flow posts: a user's personal chat with the app (by UPN, e-mail or Entra object id), or
 * a new thread in a channel (the team's group id and the `19:…@thread.tacv2` channel id, as the
 * Teams connector's `body/recipient/groupId` and `body/recipient/channelId` name them).
 */
export type TeamsRecipient = { kind: 'user'; upnOrId: string } | { kind: 'channel'; teamId: string; channelId: string };

/**
 * What the Teams and Approvals connectors need of Teams. The lead implements it in bot/ over the
 * Messenger port and the stored conversation references; tests use an in-memory fake.
 *
 * Errors are core/errors classes, as the Messenger's: NotFoundError when the user has not
 * installed the app (no personal conversation is known) or the channel/message is gone;
 * PermissionDeniedError when the bot may not post there; ThrottledError / OperationalError when
 * Teams stays unavailable after the sender's retries. A call that returns has delivered.
 */
export interface FlowTeams {
  /** The bot posts: to a user's personal chat with the app (NotFoundError when the user has not installed it), or a new thread in a channel. */
  post(recipient: TeamsRecipient, message: OutgoingMessage): Promise<PostedMessage>;
  /** Replaces a posted message's content in place (the card of a finished or expired wait). */
  update(message: PostedMessage, content: OutgoingMessage): Promise<void>;
}
