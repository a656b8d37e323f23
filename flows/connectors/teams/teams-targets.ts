import { z } from 'zod';
import type { OutgoingMessage, PostedMessage } from '../../../core/ports/messenger';
import { ConnectorError } from '../../engine/contracts';
import { badParameter, errorOutputs, withConnectorErrors } from '../connector-errors';
import type { FlowTeams, TeamsRecipient } from './flow-teams.port';
import { splitPeople } from './people';

/**
 * The parts every Teams "post" operation shares: who posts (`poster`), where (`location`) and to
 * whom (`recipient`), in the swagger's names and values (fixtures/connectors/shared_teams.swagger.json;
 * the recipient's shape comes from the connector's dynamic schema, as exported flows write it:
 * `body/recipient` = `a@contoso.com;` for a chat, `body/recipient/groupId` + `body/recipient/channelId`
 * for a channel).
 */

export const TEAMS_API = 'shared_teams';

export const PosterSchema = z.enum(['Flow bot', 'User', 'Power Virtual Agents', 'Power Apps'], { error: "expected poster 'Flow bot'" });
export const LocationSchema = z.enum(['Chat with Flow bot', 'Channel', 'Group chat', 'Chat with bot'], {
  error: "expected location 'Chat with Flow bot' or 'Channel'",
});
export type Location = z.infer<typeof LocationSchema>;

/** A chat recipient (UPN list), or a channel (`groupId` is the team's group id). Which one must match `location`. */
export const RecipientSchema = z.union(
  [
    z.string(),
    z.looseObject({
      to: z.string().optional(),
      groupId: z.string().optional(),
      channelId: z.string().optional(),
    }),
  ],
  { error: 'expected the recipient: UPNs or e-mail addresses for a chat, { groupId, channelId } for a channel' },
);
export type Recipient = z.infer<typeof RecipientSchema>;

/** This server posts only as its bot: the user's own identity is not delegated to it. */
export function checkPoster(poster: string): void {
  if (poster !== 'Flow bot') throw badParameter('poster', 'this server posts as its bot; use poster "Flow bot"');
}

export interface PostTarget {
  readonly recipient: TeamsRecipient;
  /** For messages and errors: the UPN as written, or the channel id. */
  readonly label: string;
}

/**
 * Where to post, checked against `location`: one personal chat per person named, or the one
 * channel. `parameter` is the recipient's flattened name (`body/recipient`, `body/body/recipient`).
 */
export function postTargets(location: Location, recipient: Recipient, parameter: string): PostTarget[] {
  switch (location) {
    case 'Chat with Flow bot': {
      const text = typeof recipient === 'string' ? recipient : recipient.to;
      if (text === undefined) throw badParameter(parameter, "expected the UPN or e-mail address of the person to chat with (location 'Chat with Flow bot')");
      const people = splitPeople(text);
      if (people.length === 0) throw badParameter(parameter, 'expected at least one UPN or e-mail address');
      return people.map((upnOrId) => ({ recipient: { kind: 'user', upnOrId }, label: upnOrId }));
    }
    case 'Channel': {
      const groupId = typeof recipient === 'string' ? undefined : recipient.groupId?.trim();
      const channelId = typeof recipient === 'string' ? undefined : recipient.channelId?.trim();
      if (groupId === undefined || groupId === '') throw badParameter(`${parameter}/groupId`, "expected the team (its group id) for location 'Channel'");
      if (channelId === undefined || channelId === '') throw badParameter(`${parameter}/channelId`, "expected the channel id (19:…@thread.tacv2) for location 'Channel'");
      return [{ recipient: { kind: 'channel', teamId: groupId, channelId }, label: channelId }];
    }
    case 'Group chat':
    case 'Chat with bot':
      throw badParameter('location', `'${location}' is not supported here; use 'Chat with Flow bot' (a person's chat with the app) or 'Channel'`);
  }
}

export interface Posted {
  readonly target: PostTarget;
  readonly message: PostedMessage;
}

/**
 * Posts to every target in order. The port cannot make a post idempotent, so a failure stops the
 * round: the step fails naming who was already reached (a retry of the step posts to them again). When `withdraw` is given (a card that waits for
 * an answer), the cards already posted are replaced by it first, so nobody answers a request the
 * step gave up on; that clean-up is best effort — the failure being reported is the post's.
 */
export async function postToEach(
  teams: FlowTeams,
  targets: readonly PostTarget[],
  message: (target: PostTarget) => OutgoingMessage,
  what: string,
  withdraw?: OutgoingMessage,
): Promise<Posted[]> {
  const posted: Posted[] = [];
  for (const target of targets) {
    try {
      posted.push({ target, message: await withConnectorErrors(`${what} to ${target.label}`, () => teams.post(target.recipient, message(target))) });
    } catch (error) {
      if (withdraw !== undefined) await Promise.allSettled(posted.map((p) => teams.update(p.message, withdraw)));
      if (posted.length === 0 || !(error instanceof ConnectorError)) throw error;
      const message = `${error.message} (already posted to ${posted.map((p) => p.target.label).join(', ')})`;
      throw new ConnectorError(message, error.statusCode, errorOutputs(error.statusCode, errorCode(error.body), message), error.retryAfterMs);
    }
  }
  return posted;
}

function errorCode(body: unknown): string {
  const code = (body as { body?: { error?: { code?: unknown } } } | undefined)?.body?.error?.code;
  return typeof code === 'string' ? code : 'PostFailed';
}

/** The Teams link to a posted message, as the connector's `messageLink` output. */
export function messageLink(recipient: TeamsRecipient, message: PostedMessage): string {
  const id = encodeURIComponent(message.activityId);
  if (recipient.kind === 'channel') {
    return `https://teams.microsoft.com/l/message/${encodeURIComponent(recipient.channelId)}/${id}?groupId=${encodeURIComponent(recipient.teamId)}&parentMessageId=${id}`;
  }
  return `https://teams.microsoft.com/l/message/${encodeURIComponent(message.conversationId)}/${id}?context=${encodeURIComponent('{"contextType":"chat"}')}`;
}

/** The swagger's PostToConversationResponse. */
export function postResponseBody(posted: Posted): { id: string; messageLink: string; conversationId: string } {
  return { id: posted.message.activityId, messageLink: messageLink(posted.target.recipient, posted.message), conversationId: posted.message.conversationId };
}

/** Teams' cap on a message's size (text or card), in UTF-8 bytes. */
export const MAX_MESSAGE_BYTES = 28 * 1024;

export function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}
