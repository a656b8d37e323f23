import { readFileSync } from 'node:fs';
import path from 'node:path';
import { postCardToConversation } from '../../../../../flows/connectors/teams';
import { ConnectorError } from '../../../../../flows/engine/contracts';
import { unflattenParameters } from '../../../../../flows/engine/runner/unflatten-parameters';
import { FakeFlowTeams, testContext } from './teams-fakes';

const FIXTURES = path.resolve(__dirname, '../../../../../../shared/fixtures/flows/pnp-powerautomate-samples');

/** The parameters of the first action calling `operationId` in a real exported flow. */
function exportedParameters(file: string, operationId: string): Record<string, unknown> {
  const found: Record<string, unknown>[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value === null || typeof value !== 'object') return;
    const record = value as { inputs?: { host?: { operationId?: string }; parameters?: Record<string, unknown> } };
    if (record.inputs?.host?.operationId === operationId && record.inputs.parameters !== undefined) found.push(record.inputs.parameters);
    Object.values(value).forEach(visit);
  };
  visit(JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8')));
  if (found[0] === undefined) throw new Error(`${file} has no ${operationId}`);
  return found[0];
}

async function failure(run: Promise<unknown>): Promise<ConnectorError> {
  const error: unknown = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ConnectorError)) throw new Error(`expected a ConnectorError, got ${String(error)}`);
  return error;
}

const CARD = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Hello' }] };

describe('PostCardToConversation', () => {
  it("posts the card of a real exported flow (the card's JSON text) into the person's chat, answering 201", async () => {
    const flat = exportedParameters('teams-adaptive-card-reminders-from-lists--definition.json', 'PostCardToConversation');
    // The recipient is an expression in the export; here it has been evaluated.
    const teams = new FakeFlowTeams();
    const result = await postCardToConversation.execute(postCardToConversation.parameters.parse(unflattenParameters({ ...flat, 'body/recipient': 'ann@contoso.com;' })), testContext(teams));
    expect(result.statusCode).toBe(201);
    expect(result.body).toMatchObject({ id: 'activity-1', conversationId: 'a:chat-with-ann@contoso.com' });
    const posted = teams.posts[0].message.card as { type: string; version: string; actions: { type: string }[] };
    expect(teams.posts[0].recipient).toEqual({ kind: 'user', upnOrId: 'ann@contoso.com' });
    expect(posted.type).toBe('AdaptiveCard');
    expect(posted.version).toBe('1.3');
    expect(posted.actions[0].type).toBe('Action.OpenUrl');
  });

  it('takes the card as an object too, and posts into a channel', async () => {
    const teams = new FakeFlowTeams();
    await postCardToConversation.execute(
      postCardToConversation.parameters.parse(unflattenParameters({ poster: 'Flow bot', location: 'Channel', 'body/recipient/groupId': 'team-1', 'body/recipient/channelId': '19:c@thread.tacv2', 'body/messageBody': CARD })),
      testContext(teams),
    );
    expect(teams.posts[0]).toMatchObject({ recipient: { kind: 'channel', teamId: 'team-1', channelId: '19:c@thread.tacv2' }, message: { card: CARD } });
  });

  it('answers 400 naming body/messageBody for text that is not JSON or JSON that is not an Adaptive Card', async () => {
    const params = (messageBody: unknown) =>
      postCardToConversation.parameters.parse(unflattenParameters({ poster: 'Flow bot', location: 'Chat with Flow bot', 'body/recipient': 'ann@contoso.com', 'body/messageBody': messageBody }));
    const notJson = await failure(postCardToConversation.execute(params('{"type": "AdaptiveCard",'), testContext(new FakeFlowTeams())));
    expect(notJson.statusCode).toBe(400);
    expect(notJson.message).toMatch(/^body\/messageBody: expected the Adaptive Card as JSON/);
    const notCard = await failure(postCardToConversation.execute(params({ type: 'MessageCard', text: 'hi' }), testContext(new FakeFlowTeams())));
    expect(notCard.message).toMatch(/^body\/messageBody: not an Adaptive Card at type/);
    const untyped = await failure(postCardToConversation.execute(params({ type: 'AdaptiveCard', body: [{ text: 'no type' }] }), testContext(new FakeFlowTeams())));
    expect(untyped.message).toContain('at body/0/type');
  });

  it('answers 413 for a card over 28 KB and posts nothing', async () => {
    const teams = new FakeFlowTeams();
    const big = { ...CARD, body: [{ type: 'TextBlock', text: 'x'.repeat(29 * 1024) }] };
    const error = await failure(
      postCardToConversation.execute(postCardToConversation.parameters.parse(unflattenParameters({ poster: 'Flow bot', location: 'Chat with Flow bot', 'body/recipient': 'ann@contoso.com', 'body/messageBody': big })), testContext(teams)),
    );
    expect(error.statusCode).toBe(413);
    expect(teams.posts).toHaveLength(0);
  });

  it('fails validation naming body/recipient when the recipient is missing', () => {
    const checked = postCardToConversation.parameters.safeParse(unflattenParameters({ poster: 'Flow bot', location: 'Chat with Flow bot', 'body/messageBody': CARD }));
    expect(checked.error?.issues.map((i) => i.path.join('/'))).toEqual(['body/recipient']);
  });
});
