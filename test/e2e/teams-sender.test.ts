import { CloudAdapter } from 'botbuilder';
import { PayloadTooLargeError } from '../../core/errors';
import { TEAMS_APP_LIMITS, TEAMS_THREAD_LIMITS, scaleLimits } from '../../infra/teams/rate-limits';
import { SingleAttemptBotFrameworkAuthentication } from '../../infra/teams/single-attempt-authentication';
import { createThrottledSender, threadKeyOf, type ThrottledSender } from '../../infra/teams/throttled-sender';
import { startFakeTeamsConnector, type FakeTeamsConnector } from '../support/fake-teams-connector';
import { cardTitle, postToChannel, titledCard, updateInPlace, type PostedCard } from '../support/teams-proactive';

/**
 * The throttled sender driving a real CloudAdapter (auth disabled) against the fake Teams
 * connector, with Teams time scaled. The 2,000-post burst lives in teams-sender-burst.test.ts.
 */

const ALERTS = '19:alerts@thread.tacv2';

describe('throttled sender through CloudAdapter into the fake Teams connector', () => {
  let fake: FakeTeamsConnector | undefined;
  const adapter = new CloudAdapter(new SingleAttemptBotFrameworkAuthentication({}));

  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  function senderAt(scale: number, maxAttempts = 8): ThrottledSender {
    return createThrottledSender({
      threadLimits: scaleLimits(TEAMS_THREAD_LIMITS, scale),
      appLimits: scaleLimits(TEAMS_APP_LIMITS, scale),
      backoff: { baseMs: 2_000 / scale, capMs: 20_000 / scale, jitter: 0.2 },
      maxAttempts,
    });
  }

  it('when Teams is stricter than the sender: 429s happen, yet every card is posted once and updated in order', async () => {
    const scale = 100;
    // Teams here allows 5 posts per 30 s per thread; the sender plans for 60. A count over a long
    // window bites however fast or slow this machine is (a 1-second limit might never be reached).
    fake = await startFakeTeamsConnector({ scale, threadLimits: [{ limit: 5, windowMs: 30_000 }] });
    const connector = fake;
    const sender = senderAt(scale);
    const channels = ['19:alpha@thread.tacv2', '19:beta@thread.tacv2', '19:gamma@thread.tacv2'];
    const work: Promise<unknown>[] = [];
    const postsByAlert = new Map<string, Promise<PostedCard>>();
    for (const channel of channels) {
      for (let i = 0; i < 8; i++) {
        const alert = `${channel.slice(3, 8)}-${i}`;
        const post = sender.run(channel, () => postToChannel(adapter, connector.url, channel, titledCard(`${alert} v0`)), `post ${alert}`);
        postsByAlert.set(alert, post);
        work.push(post);
        // Queued at once, behind the post: FIFO per thread guarantees the post has resolved first.
        for (let v = 1; v <= 3; v++) {
          work.push(sender.run(threadKeyOf(channel), async () => updateInPlace(adapter, connector.url, await post, titledCard(`${alert} v${v}`)), `update ${alert}`));
        }
      }
    }
    await Promise.all(work);

    expect(connector.violations()).toBeGreaterThan(0);
    expect(connector.requests().filter((r) => r.status === 429).length).toBe(connector.violations());
    expect(sender.stats().throttled).toBe(connector.violations());
    expect(connector.posts()).toHaveLength(24);
    // After every 429 the thread's next request waited at least the Retry-After it was given.
    const requests = connector.requests();
    requests.forEach((r, i) => {
      if (r.status !== 429) return;
      const next = requests.slice(i + 1).find((later) => later.threadKey === r.threadKey);
      expect(next!.at - r.at).toBeGreaterThanOrEqual(Number(r.responseHeaders!['Retry-After']) * 1000 - 1);
    });
    for (const [alert, post] of postsByAlert) {
      const { activityId } = await post;
      const state = connector.activity(activityId)!;
      expect(state.history.map((a) => cardTitle(a))).toEqual([`${alert} v0`, `${alert} v1`, `${alert} v2`, `${alert} v3`]);
      expect(state.updates).toBe(3);
      expect(cardTitle(state.activity)).toBe(`${alert} v3`);
    }
    // Per thread, the served requests are in exactly the order they were queued.
    for (const channel of channels) {
      const served = connector
        .requests()
        .filter((r) => r.threadKey === channel && r.status >= 200 && r.status < 300)
        .map((r) => cardTitle(r.body));
      const expected = Array.from({ length: 8 }, (_, i) => [0, 1, 2, 3].map((v) => `${channel.slice(3, 8)}-${i} v${v}`)).flat();
      expect(served).toEqual(expected);
    }
  });

  it('retries injected 429s after their Retry-After without reordering the thread', async () => {
    const scale = 1000;
    fake = await startFakeTeamsConnector({ scale });
    const connector = fake;
    const sender = senderAt(scale);
    // Teams says "10 s" (10 ms scaled): longer than the sender's first backoffs (2, 4, 8 ms scaled).
    connector.failNext(3, 429, { 'Retry-After': '10' });
    const first = sender.run(ALERTS, () => postToChannel(adapter, connector.url, ALERTS, titledCard('first')));
    const update = sender.run(ALERTS, async () => updateInPlace(adapter, connector.url, await first, titledCard('first, updated')));
    const second = sender.run(ALERTS, () => postToChannel(adapter, connector.url, ALERTS, titledCard('second')));
    await Promise.all([first, update, second]);

    const requests = connector.requests();
    expect(requests.map((r) => [r.route, r.status])).toEqual([
      ['createConversation', 429],
      ['createConversation', 429],
      ['createConversation', 429],
      ['createConversation', 201],
      ['updateActivity', 200],
      ['createConversation', 201],
    ]);
    expect(requests[0].responseHeaders).toEqual({ 'Retry-After': '0.01' });
    for (let i = 1; i <= 3; i++) expect(requests[i].at - requests[i - 1].at).toBeGreaterThanOrEqual(10);
    expect(connector.posts().map((p) => cardTitle(p.body))).toEqual(['first', 'second']);
    expect(cardTitle(connector.activity((await first).activityId)!.activity)).toBe('first, updated');
    expect(connector.violations()).toBe(0); // injected 429s are not limit violations
  });

  it('retries a reset socket and a 502 with exactly one request per attempt, and rejects a 413 at once', async () => {
    fake = await startFakeTeamsConnector({ scale: 1000 });
    const connector = fake;
    const sender = senderAt(1000);
    connector.failNext(1, 'reset');
    connector.failNext(1, 502);
    const posted = await sender.run(ALERTS, () => postToChannel(adapter, connector.url, ALERTS, titledCard('resilient')));
    expect(connector.requests().map((r) => r.status)).toEqual([0, 502, 201]);
    expect(connector.activity(posted.activityId)?.history).toHaveLength(1);

    connector.failNext(1, 413);
    const tooBig = sender.run(ALERTS, () => postToChannel(adapter, connector.url, ALERTS, titledCard('huge')), 'post huge card');
    await expect(tooBig).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(connector.requests()).toHaveLength(4);
  });
});
