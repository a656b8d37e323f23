import { z } from 'zod';
import { ConnectorError, type ActionOperation } from '../../engine/contracts';
import { badParameter, errorOutputs } from '../connector-errors';
import { htmlToTeamsMarkdown } from './html-to-teams-markdown';
import type { TeamsConnectorContext } from './teams-context';
import {
  LocationSchema,
  MAX_MESSAGE_BYTES,
  PosterSchema,
  RecipientSchema,
  TEAMS_API,
  checkPoster,
  postResponseBody,
  postTargets,
  postToEach,
  utf8Bytes,
} from './teams-targets';

/**
 * Post message in a chat or channel, `shared_teams` `PostMessageToConversation`
 * (`POST …/message/poster/{poster}/location/{location}`, body `DynamicPostMessageRequest`).
 * Flows write it flattened: `poster`, `location`, `body/recipient` (or `body/recipient/groupId` and
 * `body/recipient/channelId` for a channel), `body/messageBody` (HTML), `body/isAlert`.
 *
 * The HTML becomes Teams markdown (see html-to-teams-markdown.ts). Several `;`-separated chat
 * recipients each get the message in their own chat; the answer is the first post's
 * PostToConversationResponse (`id`, `messageLink`, `conversationId`), with every post listed under
 * `messages` when there was more than one. `isAlert` (activity-feed notification) is accepted and
 * not conveyed: the Teams port posts plain messages. `body/replyToId` (a reply in a thread) and
 * group chats are refused (400): the port starts new threads and knows personal chats and channels.
 */
export const PostMessageToConversationParametersSchema = z.object({
  poster: PosterSchema,
  location: LocationSchema,
  body: z.object(
    {
      recipient: RecipientSchema,
      messageBody: z.string({ error: 'expected the message (HTML)' }),
      isAlert: z.boolean({ error: 'expected true or false' }).optional(),
      subject: z.string({ error: 'expected the subject as text' }).optional(),
      replyToId: z.string().optional(),
    },
    { error: 'expected body with recipient and messageBody' },
  ),
});
export type PostMessageToConversationParameters = z.infer<typeof PostMessageToConversationParametersSchema>;

export const postMessageToConversation: ActionOperation<PostMessageToConversationParameters, TeamsConnectorContext> = {
  kind: 'action',
  api: TEAMS_API,
  operationId: 'PostMessageToConversation',
  summary: 'Post message in a chat or channel',
  parameters: PostMessageToConversationParametersSchema,
  async execute(parameters, context) {
    checkPoster(parameters.poster);
    const { body } = parameters;
    if (body.replyToId !== undefined && body.replyToId.trim() !== '') throw badParameter('body/replyToId', 'replies into a thread are not supported here; the message starts a new thread');
    const targets = postTargets(parameters.location, body.recipient, 'body/recipient');
    const text = messageText(body.messageBody, body.subject);
    const posted = await postToEach(context.teams, targets, () => ({ text }), 'PostMessageToConversation: posting');
    const first = postResponseBody(posted[0]);
    return { statusCode: 200, body: posted.length === 1 ? first : { ...first, messages: posted.map(postResponseBody) } };
  },
};

function messageText(html: string, subject: string | undefined): string {
  const message = htmlToTeamsMarkdown(html);
  const heading = subject === undefined ? '' : htmlToTeamsMarkdown(subject);
  const text = heading === '' ? message : `**${heading}**\n\n${message}`;
  if (text === '') throw badParameter('body/messageBody', 'the message has no text to post');
  const bytes = utf8Bytes(text);
  if (bytes > MAX_MESSAGE_BYTES) {
    const tooLarge = `body/messageBody: the message is ${bytes} bytes; Teams takes at most ${MAX_MESSAGE_BYTES}`;
    throw new ConnectorError(tooLarge, 413, errorOutputs(413, 'RequestEntityTooLarge', tooLarge));
  }
  return text;
}
