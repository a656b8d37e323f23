import { NotFoundError } from '../../../../../core/errors';
import { postCardAndWaitForResponse } from '../../../../../flows/connectors/teams';
import { ConnectorError, FLOW_RESPOND_VERB, type WaitOutcome, type WaitResponse } from '../../../../../flows/engine/contracts';
import { unflattenParameters } from '../../../../../flows/engine/runner/unflatten-parameters';
import { cardProblems } from '../../../../support/cards/validate-card';
import { ANN, BOB, EVE, FakeFlowTeams, testContext, walk, type TestContext } from './teams-fakes';

const CARD = {
  type: 'AdaptiveCard',
  version: '1.2',
  body: [
    { type: 'TextBlock', text: 'Does the user still need access?', wrap: true },
    { type: 'Input.Text', id: 'reason', label: 'Why' },
    { type: 'ActionSet', actions: [{ type: 'Action.Submit', title: 'Not sure', data: { choice: 'unsure', msteams: { type: 'messageBack' } } }] },
    { type: 'Container', items: [{ type: 'TextBlock', text: 'Tap here' }], selectAction: { type: 'Action.Submit', id: 'tapped' } },
  ],
  actions: [
    { type: 'Action.Submit', id: 'yes', title: 'Yes', data: { choice: 'yes', waitToken: 'forged' } },
    { type: 'Action.Execute', title: 'No', verb: 'something.else' },
    { type: 'Action.ShowCard', title: 'More', card: { type: 'AdaptiveCard', body: [{ type: 'Input.Text', id: 'note' }], actions: [{ type: 'Action.Submit', title: 'Send note' }] } },
    { type: 'Action.OpenUrl', title: 'Policy', url: 'https://contoso.example/policy' },
  ],
};

function chatParameters(extra: Record<string, unknown> = {}) {
  return postCardAndWaitForResponse.parameters.parse(
    unflattenParameters({ poster: 'Flow bot', location: 'Chat with Flow bot', 'body/body/recipient/to': 'ann@contoso.com;', 'body/body/messageBody': JSON.stringify(CARD), ...extra }),
  );
}

function answer(responder: WaitResponse['responder'], data: Record<string, unknown>): WaitResponse {
  return { responder, data, at: '2025-03-04T10:00:00.000Z' };
}

async function subscribed(context: TestContext, extra: Record<string, unknown> = {}): Promise<unknown> {
  const { subscription } = await postCardAndWaitForResponse.subscribe(chatParameters(extra), context);
  // The runner stores the subscription and hands it back later: it must survive JSON.
  return JSON.parse(JSON.stringify(subscription)) as unknown;
}

async function accept(subscription: unknown, response: WaitResponse, context: TestContext): Promise<Extract<WaitOutcome, { complete: unknown }>> {
  const outcome = await postCardAndWaitForResponse.accept?.(subscription, response, context);
  if (outcome === undefined || !('complete' in outcome)) throw new Error('expected the answer to complete the wait');
  return outcome;
}

async function failure(run: Promise<unknown> | undefined): Promise<ConnectorError> {
  const error: unknown = await run?.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ConnectorError)) throw new Error(`expected a ConnectorError, got ${String(error)}`);
  return error;
}

describe('PostCardAndWaitForResponse', () => {
  it('posts the card with every submit and execute action turned into an Action.Execute carrying the wait token', async () => {
    const teams = new FakeFlowTeams();
    await subscribed(testContext(teams));
    expect(teams.posts).toHaveLength(1);
    expect(teams.posts[0].recipient).toEqual({ kind: 'user', upnOrId: 'ann@contoso.com' });
    const card = teams.posts[0].message.card as Record<string, unknown>;
    const nodes = walk(card);
    expect(nodes.filter((n) => n.type === 'Action.Submit')).toEqual([]);
    const executes = nodes.filter((n) => n.type === 'Action.Execute');
    expect(executes.map((a) => (a.data as Record<string, unknown>).submitActionId)).toEqual(['Not sure', 'tapped', 'yes', 'No', 'Send note']);
    for (const action of executes) {
      expect(action.verb).toBe(FLOW_RESPOND_VERB);
      expect((action.data as Record<string, unknown>).waitToken).toBe('5f2c0a9e7b6d4c3a2f1e0d9c8b7a6f5e');
      expect(action.data).not.toHaveProperty('msteams');
    }
    expect(executes[0].data).toEqual({ choice: 'unsure', submitActionId: 'Not sure', waitToken: '5f2c0a9e7b6d4c3a2f1e0d9c8b7a6f5e' });
    // Action.Execute needs schema 1.4; the flow's 1.2 card is raised to it.
    expect(card.version).toBe('1.4');
    expect(nodes.find((n) => n.type === 'Action.OpenUrl')).toEqual({ type: 'Action.OpenUrl', title: 'Policy', url: 'https://contoso.example/policy' });
    expect(cardProblems(card)).toEqual([]);
  });

  it("completes with the connector's response shape and replies with the card, its actions gone and the update message added", async () => {
    const teams = new FakeFlowTeams();
    const context = testContext(teams);
    const subscription = await subscribed(context, { 'body/body/updateMessage': 'Thanks, noted.' });
    const outcome = await accept(subscription, answer({ id: ANN.objectId ?? '', upn: 'ann@contoso.com', name: 'Ann Approver' }, { submitActionId: 'yes', choice: 'yes', reason: 'still on the project' }), context);
    expect(outcome.complete).toEqual({
      statusCode: 200,
      body: {
        responseTime: '2025-03-04T10:00:00.000Z',
        responder: { objectId: ANN.objectId, email: 'ann@contoso.com', userPrincipalName: 'ann@contoso.com', displayName: 'Ann Approver' },
        submitActionId: 'yes',
        data: { choice: 'yes', reason: 'still on the project' },
      },
    });
    const reply = outcome.reply as Record<string, unknown>;
    const nodes = walk(reply);
    expect(nodes.some((n) => typeof n.type === 'string' && n.type.startsWith('Action.'))).toBe(false);
    expect(nodes.some((n) => 'selectAction' in n || n.type === 'ActionSet')).toBe(false);
    expect(nodes.filter((n) => n.type === 'TextBlock').map((n) => n.text)).toEqual(['Does the user still need access?', 'Tap here', 'Thanks, noted.']);
    expect(cardProblems(reply)).toEqual([]);
  });

  it('replies with the "Response recorded" card showing the answers when the flow does not update its card', async () => {
    const context = testContext(new FakeFlowTeams());
    const subscription = await subscribed(context, { 'body/body/shouldUpdateCard': false });
    const outcome = await accept(subscription, answer({ id: ANN.objectId ?? '' }, { submitActionId: 'yes', reason: 'needed' }), context);
    const reply = outcome.reply as Record<string, unknown>;
    expect(JSON.stringify(reply)).toContain('Response recorded');
    expect(JSON.stringify(reply)).toContain('Thanks for your response!');
    expect(walk(reply).filter((n) => n.type === 'FactSet').flatMap((n) => n.facts as unknown[])).toEqual([{ title: 'reason', value: 'needed' }]);
    expect(cardProblems(reply)).toEqual([]);
  });

  it('refuses (403) an answer from someone the card was not sent to', async () => {
    const context = testContext(new FakeFlowTeams());
    const subscription = await subscribed(context);
    const error = await failure(postCardAndWaitForResponse.accept?.(subscription, answer({ id: EVE.objectId ?? '', upn: EVE.upn }, { submitActionId: 'yes' }), context));
    expect(error.statusCode).toBe(403);
    expect(error.message).toContain('eve@contoso.com');
  });

  it('refuses (400) an answer that names no action of the card', async () => {
    const context = testContext(new FakeFlowTeams());
    const subscription = await subscribed(context);
    const error = await failure(postCardAndWaitForResponse.accept?.(subscription, answer({ id: ANN.objectId ?? '' }, { submitActionId: 'made-up' }), context));
    expect(error.statusCode).toBe(400);
  });

  it('in a channel takes any member and fills the responder from the directory', async () => {
    const teams = new FakeFlowTeams();
    const context = testContext(teams);
    const parameters = postCardAndWaitForResponse.parameters.parse(
      unflattenParameters({ poster: 'Flow bot', location: 'Channel', 'body/body/recipient/groupId': 'team-1', 'body/body/recipient/channelId': '19:c@thread.tacv2', 'body/body/messageBody': CARD }),
    );
    const { subscription } = await postCardAndWaitForResponse.subscribe(parameters, context);
    expect(teams.posts[0].recipient).toEqual({ kind: 'channel', teamId: 'team-1', channelId: '19:c@thread.tacv2' });
    const outcome = await accept(subscription, answer({ id: BOB.objectId ?? '' }, { submitActionId: 'No' }), context);
    expect((outcome.complete.body as { responder: unknown }).responder).toEqual({ objectId: BOB.objectId, email: 'bob.builder@contoso.com', userPrincipalName: 'bob@contoso.com', displayName: 'Bob Builder' });
  });

  it('sent to several people, the first answer completes it and the other cards say who answered', async () => {
    const teams = new FakeFlowTeams();
    const context = testContext(teams);
    const subscription = await subscribed(context, { 'body/body/recipient/to': 'ann@contoso.com;bob@contoso.com' });
    expect(teams.posts).toHaveLength(2);
    await accept(subscription, answer({ id: BOB.objectId ?? '' }, { submitActionId: 'yes' }), context);
    expect(teams.updates.map((u) => u.message.activityId)).toEqual(['activity-1']);
    const annCard = teams.updates[0].content.card;
    expect(JSON.stringify(annCard)).toContain('Answered by Bob Builder.');
    expect(walk(annCard).some((n) => n.type === 'Action.Execute')).toBe(false);
  });

  it('says on the posted card that the request expired when the wait times out', async () => {
    const teams = new FakeFlowTeams();
    const context = testContext(teams);
    const subscription = await subscribed(context);
    await postCardAndWaitForResponse.unsubscribe?.(subscription, context, 'timeout');
    expect(teams.updates).toHaveLength(1);
    expect(teams.updates[0].message).toEqual(teams.posts[0].posted);
    const card = teams.updates[0].content.card;
    expect(JSON.stringify(card)).toContain('This request expired');
    expect(JSON.stringify(card)).toContain('Does the user still need access?');
    expect(walk(card).some((n) => n.type === 'Action.Execute')).toBe(false);
    expect(cardProblems(card)).toEqual([]);
  });

  it('skips a posted card that is gone when unsubscribing', async () => {
    const teams = new FakeFlowTeams();
    const context = testContext(teams);
    const subscription = await subscribed(context);
    teams.failUpdate.set('activity-1', new NotFoundError('message deleted'));
    await expect(postCardAndWaitForResponse.unsubscribe?.(subscription, context, 'cancelled')).resolves.toBeUndefined();
  });

  it('withdraws the cards already posted when a later recipient cannot be reached', async () => {
    const teams = new FakeFlowTeams();
    teams.failPost.set('bob@contoso.com', new NotFoundError('bob has not installed the app'));
    const error = await failure(postCardAndWaitForResponse.subscribe(chatParameters({ 'body/body/recipient/to': 'ann@contoso.com;bob@contoso.com' }), testContext(teams)));
    expect(error.statusCode).toBe(404);
    expect(teams.updates).toHaveLength(1);
    expect(JSON.stringify(teams.updates[0].content.card)).toContain('This request was withdrawn');
  });

  it('answers 400 for a card with nothing to answer with', async () => {
    const error = await failure(
      postCardAndWaitForResponse.subscribe(chatParameters({ 'body/body/messageBody': { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'FYI' }] } }), testContext(new FakeFlowTeams())),
    );
    expect(error.statusCode).toBe(400);
    expect(error.message).toMatch(/^body\/body\/messageBody: /);
  });

  it('fails validation naming body/body/recipient when the recipient is missing', () => {
    const checked = postCardAndWaitForResponse.parameters.safeParse(unflattenParameters({ poster: 'Flow bot', location: 'Chat with Flow bot', 'body/body/messageBody': '{}' }));
    expect(checked.error?.issues.map((i) => i.path.join('/'))).toEqual(['body/body/recipient']);
  });

  it('reads body/recipient and body/messageBody without the inner body as well', async () => {
    const teams = new FakeFlowTeams();
    const parameters = postCardAndWaitForResponse.parameters.parse(unflattenParameters({ poster: 'Flow bot', location: 'Chat with Flow bot', 'body/recipient': 'bob@contoso.com', 'body/messageBody': CARD }));
    await postCardAndWaitForResponse.subscribe(parameters, testContext(teams));
    expect(teams.posts[0].recipient).toEqual({ kind: 'user', upnOrId: 'bob@contoso.com' });
  });

  it('refuses to post as the user', async () => {
    const checked = postCardAndWaitForResponse.parameters.parse(unflattenParameters({ poster: 'User', location: 'Chat with Flow bot', 'body/body/recipient/to': 'ann@contoso.com', 'body/body/messageBody': CARD }));
    const error = await failure(postCardAndWaitForResponse.subscribe(checked, testContext(new FakeFlowTeams())));
    expect(error.statusCode).toBe(400);
    expect(error.message).toContain('use poster "Flow bot"');
  });
});
