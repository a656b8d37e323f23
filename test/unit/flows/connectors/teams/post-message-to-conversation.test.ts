import { NotFoundError, ThrottledError } from '../../../../../core/errors';
import { postMessageToConversation } from '../../../../../flows/connectors/teams';
import { ConnectorError } from '../../../../../flows/engine/contracts';
import { unflattenParameters } from '../../../../../flows/engine/runner/unflatten-parameters';
import { FakeFlowTeams, testContext } from './teams-fakes';

/** The parameters as a flow writes them (flattened), through the runner's un-flattening and the operation's schema. */
function parameters(flat: Record<string, unknown>) {
  return postMessageToConversation.parameters.parse(unflattenParameters(flat));
}

async function failure(run: Promise<unknown>): Promise<ConnectorError> {
  const error: unknown = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ConnectorError)) throw new Error(`expected a ConnectorError, got ${String(error)}`);
  return error;
}

describe('PostMessageToConversation', () => {
  it("posts the HTML as Teams markdown into the person's chat and answers with the message id and link", async () => {
    const teams = new FakeFlowTeams();
    const result = await postMessageToConversation.execute(
      parameters({ poster: 'Flow bot', location: 'Chat with Flow bot', 'body/recipient': 'ann@contoso.com;', 'body/messageBody': '<p>New <b>High</b> alert</p>', 'body/isAlert': true }),
      testContext(teams),
    );
    expect(teams.posts).toHaveLength(1);
    expect(teams.posts[0].recipient).toEqual({ kind: 'user', upnOrId: 'ann@contoso.com' });
    expect(teams.posts[0].message).toEqual({ text: 'New **High** alert' });
    expect(result.statusCode).toBe(200);
    expect(result.body).toEqual({
      id: 'activity-1',
      conversationId: 'a:chat-with-ann@contoso.com',
      messageLink: expect.stringMatching(/^https:\/\/teams\.microsoft\.com\/l\/message\/a%3Achat-with-ann%40contoso\.com\/activity-1\?/),
    });
  });

  it('posts a new thread into a channel named by body/recipient/groupId and body/recipient/channelId', async () => {
    const teams = new FakeFlowTeams();
    const result = await postMessageToConversation.execute(
      parameters({ poster: 'Flow bot', location: 'Channel', 'body/recipient/groupId': 'team-1', 'body/recipient/channelId': '19:abc@thread.tacv2', 'body/messageBody': '<p>Case C-1 created</p>' }),
      testContext(teams),
    );
    expect(teams.posts[0].recipient).toEqual({ kind: 'channel', teamId: 'team-1', channelId: '19:abc@thread.tacv2' });
    expect(result.body).toMatchObject({ id: 'activity-1', messageLink: expect.stringContaining('groupId=team-1') });
  });

  it('posts to each of several ;-separated people and lists every message', async () => {
    const teams = new FakeFlowTeams();
    const result = await postMessageToConversation.execute(
      parameters({ poster: 'Flow bot', location: 'Chat with Flow bot', 'body/recipient': 'ann@contoso.com; bob@contoso.com;ANN@contoso.com', 'body/messageBody': 'Hello' }),
      testContext(teams),
    );
    expect(teams.posts.map((p) => p.recipient)).toEqual([
      { kind: 'user', upnOrId: 'ann@contoso.com' },
      { kind: 'user', upnOrId: 'bob@contoso.com' },
    ]);
    expect((result.body as { messages: unknown[] }).messages).toHaveLength(2);
  });

  it('fails validation naming body/recipient when the recipient is missing', () => {
    const checked = postMessageToConversation.parameters.safeParse(unflattenParameters({ poster: 'Flow bot', location: 'Chat with Flow bot', 'body/messageBody': 'Hi' }));
    expect(checked.success).toBe(false);
    expect(checked.error?.issues.map((i) => i.path.join('/'))).toEqual(['body/recipient']);
  });

  it('answers 400 naming body/recipient when a chat has nobody to post to', async () => {
    const error = await failure(postMessageToConversation.execute(parameters({ poster: 'Flow bot', location: 'Chat with Flow bot', 'body/recipient': ' ; ', 'body/messageBody': 'Hi' }), testContext(new FakeFlowTeams())));
    expect(error.statusCode).toBe(400);
    expect(error.message).toMatch(/^body\/recipient: /);
  });

  it('answers 400 naming the missing channel part', async () => {
    const error = await failure(
      postMessageToConversation.execute(parameters({ poster: 'Flow bot', location: 'Channel', 'body/recipient/groupId': 'team-1', 'body/messageBody': 'Hi' }), testContext(new FakeFlowTeams())),
    );
    expect(error.statusCode).toBe(400);
    expect(error.message).toMatch(/^body\/recipient\/channelId: /);
  });

  it('refuses to post as the user (400): this server posts as its bot', async () => {
    const teams = new FakeFlowTeams();
    const error = await failure(postMessageToConversation.execute(parameters({ poster: 'User', location: 'Channel', 'body/recipient/groupId': 't', 'body/recipient/channelId': 'c', 'body/messageBody': 'Hi' }), testContext(teams)));
    expect(error.statusCode).toBe(400);
    expect(error.message).toBe('poster: this server posts as its bot; use poster "Flow bot"');
    expect(teams.posts).toHaveLength(0);
  });

  it('refuses group chats and thread replies, which the Teams port cannot do', async () => {
    const group = await failure(postMessageToConversation.execute(parameters({ poster: 'Flow bot', location: 'Group chat', 'body/recipient': '19:chat@thread.v2', 'body/messageBody': 'Hi' }), testContext(new FakeFlowTeams())));
    expect(group.statusCode).toBe(400);
    expect(group.message).toMatch(/^location: /);
    const reply = await failure(
      postMessageToConversation.execute(
        parameters({ poster: 'Flow bot', location: 'Channel', 'body/recipient/groupId': 't', 'body/recipient/channelId': 'c', 'body/messageBody': 'Hi', 'body/replyToId': '123' }),
        testContext(new FakeFlowTeams()),
      ),
    );
    expect(reply.message).toMatch(/^body\/replyToId: /);
  });

  it('answers 400 when the HTML has no text and 413 when the text is over 28 KB', async () => {
    const empty = await failure(postMessageToConversation.execute(parameters({ poster: 'Flow bot', location: 'Chat with Flow bot', 'body/recipient': 'ann@contoso.com', 'body/messageBody': '<p> </p>' }), testContext(new FakeFlowTeams())));
    expect(empty.statusCode).toBe(400);
    const big = await failure(
      postMessageToConversation.execute(parameters({ poster: 'Flow bot', location: 'Chat with Flow bot', 'body/recipient': 'ann@contoso.com', 'body/messageBody': `<p>${'x'.repeat(29 * 1024)}</p>` }), testContext(new FakeFlowTeams())),
    );
    expect(big.statusCode).toBe(413);
  });

  it('fails 404 when the person has not installed the app, and 429 with Retry-After when Teams throttles', async () => {
    const teams = new FakeFlowTeams();
    teams.failPost.set('ann@contoso.com', new NotFoundError('ann@contoso.com has not installed the app'));
    teams.failPost.set('bob@contoso.com', new ThrottledError('slow down', 2000));
    const notInstalled = await failure(postMessageToConversation.execute(parameters({ poster: 'Flow bot', location: 'Chat with Flow bot', 'body/recipient': 'ann@contoso.com', 'body/messageBody': 'Hi' }), testContext(teams)));
    expect(notInstalled.statusCode).toBe(404);
    expect(notInstalled.message).toContain('ann@contoso.com');
    const throttled = await failure(postMessageToConversation.execute(parameters({ poster: 'Flow bot', location: 'Chat with Flow bot', 'body/recipient': 'bob@contoso.com', 'body/messageBody': 'Hi' }), testContext(teams)));
    expect(throttled.statusCode).toBe(429);
    expect(throttled.retryAfterMs).toBe(2000);
  });

  it('names who was already reached when a later recipient fails', async () => {
    const teams = new FakeFlowTeams();
    teams.failPost.set('bob@contoso.com', new NotFoundError('not installed'));
    const error = await failure(postMessageToConversation.execute(parameters({ poster: 'Flow bot', location: 'Chat with Flow bot', 'body/recipient': 'ann@contoso.com;bob@contoso.com', 'body/messageBody': 'Hi' }), testContext(teams)));
    expect(error.statusCode).toBe(404);
    expect(error.message).toContain('already posted to ann@contoso.com');
    expect(teams.updates).toHaveLength(0);
  });
});
