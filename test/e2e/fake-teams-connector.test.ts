import { CloudAdapter, MessageFactory, TeamsInfo } from 'botbuilder';
import { SingleAttemptBotFrameworkAuthentication } from '../../infra/teams/single-attempt-authentication';
import { startFakeTeamsConnector, type FakeMember, type FakeTeamsConnector } from '../support/fake-teams-connector';
import { cardTitle, postToChannel, threadReference, titledCard, updateInPlace } from '../support/teams-proactive';

/**
 * The fake Teams connector itself: the REST paths a real CloudAdapter produces, the state it
 * keeps, and the limits it enforces (checked with plain HTTP, independently of the sender).
 */

const CHANNEL = '19:general@thread.tacv2';
const MEMBERS: FakeMember[] = [
  { id: '29:ada', name: 'Ada Lovelace', aadObjectId: '00000000-0000-0000-0000-0000000000a1', userPrincipalName: 'ada@contoso.com', email: 'ada@contoso.com' },
  { id: '29:bob', name: 'Bob Smith', aadObjectId: '00000000-0000-0000-0000-0000000000b2', userPrincipalName: 'bob@contoso.com', email: 'bob@contoso.com' },
];

async function post(url: string, path: string, body: unknown): Promise<Response> {
  return fetch(new URL(path, url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe('fake Teams connector', () => {
  let fake: FakeTeamsConnector | undefined;
  const adapter = new CloudAdapter(new SingleAttemptBotFrameworkAuthentication({}));

  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it('creates a channel thread, takes replies and updates in place, decoding the ids CloudAdapter encodes', async () => {
    fake = await startFakeTeamsConnector();
    const connector = fake;
    const posted = await postToChannel(adapter, connector.url, CHANNEL, titledCard('v0'));
    expect(posted.conversationId).toBe(`${CHANNEL};messageid=${posted.activityId}`);

    await adapter.continueConversationAsync('', threadReference(connector.url, posted.conversationId), async (context) => {
      await context.sendActivity(MessageFactory.text('a reply'));
    });
    for (const v of [1, 2, 3]) await updateInPlace(adapter, connector.url, posted, titledCard(`v${v}`));

    const [create, reply, ...updates] = connector.requests();
    expect(create).toMatchObject({ method: 'POST', path: '/v3/conversations', route: 'createConversation', status: 201, threadKey: CHANNEL });
    expect(reply).toMatchObject({ route: 'replyToActivity', conversationId: posted.conversationId, threadKey: CHANNEL, status: 200 });
    expect(reply.path).toContain(encodeURIComponent(posted.conversationId)); // it arrived encoded …
    expect(reply.replyToId).toEqual(expect.any(String)); // … as a reply to the continuation's fresh id
    expect(updates.map((u) => [u.route, u.activityId, u.status])).toEqual([1, 2, 3].map(() => ['updateActivity', posted.activityId, 200]));

    const state = connector.activity(posted.activityId)!;
    expect(state).toMatchObject({ conversationId: posted.conversationId, threadKey: CHANNEL, updates: 3, deleted: false });
    expect(cardTitle(state.activity)).toBe('v3');
    expect(connector.posts()).toHaveLength(2);
    expect(connector.updates()).toHaveLength(3);
  });

  it('deletes an activity, and then answers 404 to updating it', async () => {
    fake = await startFakeTeamsConnector();
    const connector = fake;
    const posted = await postToChannel(adapter, connector.url, CHANNEL, titledCard('doomed'));
    await adapter.continueConversationAsync('', threadReference(connector.url, posted.conversationId), async (context) => {
      await context.deleteActivity(posted.activityId);
    });
    expect(connector.activity(posted.activityId)?.deleted).toBe(true);
    await expect(updateInPlace(adapter, connector.url, posted, titledCard('too late'))).rejects.toMatchObject({ statusCode: 404 });
  });

  it('answers members, one member and team channels as TeamsInfo reads them', async () => {
    const channels = [
      { id: CHANNEL, name: 'General' },
      { id: '19:alerts@thread.tacv2', name: 'IRM alerts' },
    ];
    fake = await startFakeTeamsConnector({ members: MEMBERS, channels });
    const connector = fake;
    let seen: unknown;
    await adapter.continueConversationAsync('', threadReference(connector.url, `${CHANNEL};messageid=1`), async (context) => {
      seen = {
        members: await TeamsInfo.getMembers(context),
        bob: await TeamsInfo.getMember(context, '29:bob'),
        paged: await TeamsInfo.getPagedMembers(context),
        channels: await TeamsInfo.getTeamChannels(context, '19:team@thread.tacv2'),
      };
    });
    expect(seen).toMatchObject({
      members: [{ id: '29:ada', aadObjectId: MEMBERS[0].aadObjectId, userPrincipalName: 'ada@contoso.com', email: 'ada@contoso.com' }, { id: '29:bob' }],
      bob: { name: 'Bob Smith', aadObjectId: MEMBERS[1].aadObjectId },
      paged: { members: [{ id: '29:ada' }, { id: '29:bob' }] },
      channels,
    });
    const channelRequest = connector.requests().find((r) => r.route === 'getChannels')!;
    expect(channelRequest).toMatchObject({ teamId: '19:team@thread.tacv2', path: `/v3/teams/${encodeURIComponent('19:team@thread.tacv2')}/conversations` });
    expect(connector.requests().find((r) => r.route === 'getMember')).toMatchObject({ memberId: '29:bob', conversationId: `${CHANNEL};messageid=1` });
  });

  it('enforces 7 sends per second per thread, counting replies against the channel, with whole-second Retry-After', async () => {
    // A stopped clock: every request arrives at the same instant, however slow this machine is.
    fake = await startFakeTeamsConnector({ now: () => 1_000 });
    const connector = fake;
    const activity = { type: 'message', text: 'x' };
    const statuses = await Promise.all(
      Array.from({ length: 9 }, (_, i) =>
        post(connector.url, `/v3/conversations/${encodeURIComponent(`${CHANNEL};messageid=${i}`)}/activities`, activity).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(7);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
    expect(connector.violations()).toBe(2);
    const throttled = connector.requests().filter((r) => r.status === 429);
    expect(throttled.every((r) => r.fault === 'throttled' && r.threadKey === CHANNEL)).toBe(true);
    expect(throttled.map((r) => r.responseHeaders)).toEqual([{ 'Retry-After': '1' }, { 'Retry-After': '1' }]);
    // Another thread is not affected.
    expect((await post(connector.url, '/v3/conversations/a%3Aother/activities', activity)).status).toBe(200);
  });

  it('enforces 30 requests per second for the app across threads', async () => {
    fake = await startFakeTeamsConnector({ now: () => 1_000 });
    const connector = fake;
    const statuses = await Promise.all(
      Array.from({ length: 33 }, (_, i) => post(connector.url, `/v3/conversations/a%3Auser${i}/activities`, { type: 'message' }).then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(30);
    expect(connector.violations()).toBe(3);
  });

  it('scales windows and Retry-After, also in injected faults, and answers a reset with no response', async () => {
    fake = await startFakeTeamsConnector({ scale: 1000 });
    const connector = fake;
    connector.failNext(1, 429, { 'Retry-After': '2', 'x-custom': 'kept' });
    connector.failNext(1, 'reset');
    const throttled = await post(connector.url, '/v3/conversations/a%3Ax/activities', { type: 'message' });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('0.002');
    expect(throttled.headers.get('x-custom')).toBe('kept');
    await expect(post(connector.url, '/v3/conversations/a%3Ax/activities', { type: 'message' })).rejects.toThrow();
    expect((await post(connector.url, '/v3/conversations/a%3Ax/activities', { type: 'message' })).status).toBe(200);
    expect(connector.requests().map((r) => [r.status, r.fault])).toEqual([
      [429, 'injected'],
      [0, 'injected'],
      [200, undefined],
    ]);
    expect(connector.violations()).toBe(0);
  });

  it('rejects malformed bodies and unknown routes like the connector would', async () => {
    fake = await startFakeTeamsConnector();
    const connector = fake;
    expect((await post(connector.url, '/v3/conversations', { channelData: { channel: { id: CHANNEL } } })).status).toBe(400);
    expect((await post(connector.url, '/v3/conversations/a%3Ax/activities', { text: 'no type' })).status).toBe(400);
    const notJson = await fetch(new URL('/v3/conversations/a%3Ax/activities', connector.url), { method: 'POST', body: '{' });
    expect(notJson.status).toBe(400);
    expect((await fetch(new URL('/v3/nothing/here', connector.url))).status).toBe(404);
    expect(connector.posts()).toHaveLength(0);
  });

  it('answers after the configured latency, and waitFor polls until a condition holds or times out', async () => {
    fake = await startFakeTeamsConnector({ latencyMs: 60 });
    const connector = fake;
    const started = Date.now();
    const pending = post(connector.url, '/v3/conversations/a%3Ax/activities', { type: 'message' });
    await connector.waitFor((c) => c.requests().length === 1, 2_000); // recorded on arrival …
    expect((await pending).status).toBe(200); // … answered later
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    await expect(connector.waitFor((c) => c.posts().length > 5, 50)).rejects.toThrow(/within 50 ms/);
  });
});
