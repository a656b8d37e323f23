import { z } from 'zod';
import type { ActionOperation } from '../../engine/contracts';
import { badParameter } from '../connector-errors';
import { checkCardSize, readAdaptiveCard } from './adaptive-card-parameter';
import type { TeamsConnectorContext } from './teams-context';
import { LocationSchema, PosterSchema, RecipientSchema, TEAMS_API, checkPoster, postResponseBody, postTargets, postToEach } from './teams-targets';

/**
 * Post card in a chat or channel, `shared_teams` `PostCardToConversation`
 * (`POST …/adaptivecard/poster/{poster}/location/{location}`, 201 PostToConversationResponse).
 * Flows write `poster`, `location`, `body/recipient` (chat) or `body/recipient/groupId` +
 * `body/recipient/channelId` (channel), and `body/messageBody`: the card's JSON text.
 *
 * The card is posted as the flow wrote it (its buttons are the flow's business; to collect an
 * answer a flow uses PostCardAndWaitForResponse). It must be an Adaptive Card of at most 28 KB.
 */
export const PostCardToConversationParametersSchema = z.object({
  poster: PosterSchema,
  location: LocationSchema,
  body: z.object(
    {
      recipient: RecipientSchema,
      messageBody: z.union([z.string(), z.record(z.string(), z.unknown())], { error: 'expected the Adaptive Card (JSON)' }),
      replyToId: z.string().optional(),
    },
    { error: 'expected body with recipient and messageBody' },
  ),
});
export type PostCardToConversationParameters = z.infer<typeof PostCardToConversationParametersSchema>;

export const postCardToConversation: ActionOperation<PostCardToConversationParameters, TeamsConnectorContext> = {
  kind: 'action',
  api: TEAMS_API,
  operationId: 'PostCardToConversation',
  summary: 'Post card in a chat or channel',
  parameters: PostCardToConversationParametersSchema,
  async execute(parameters, context) {
    checkPoster(parameters.poster);
    const { body } = parameters;
    if (body.replyToId !== undefined && body.replyToId.trim() !== '') throw badParameter('body/replyToId', 'replies into a thread are not supported here; the card starts a new thread');
    const targets = postTargets(parameters.location, body.recipient, 'body/recipient');
    const card = readAdaptiveCard(body.messageBody, 'body/messageBody');
    checkCardSize(card, 'body/messageBody');
    const posted = await postToEach(context.teams, targets, () => ({ card }), 'PostCardToConversation: posting');
    const first = postResponseBody(posted[0]);
    return { statusCode: 201, body: posted.length === 1 ? first : { ...first, messages: posted.map(postResponseBody) } };
  },
};
