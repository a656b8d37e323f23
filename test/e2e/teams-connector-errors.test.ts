import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, MessageFactory } from 'botbuilder';
import { NotFoundError, PayloadTooLargeError } from '../../core/errors';
import { SingleAttemptBotFrameworkAuthentication } from '../../infra/teams/single-attempt-authentication';
import { classifyTeamsSendError, translateTeamsSendError } from '../../infra/teams/teams-send-errors';
import { startFakeTeamsConnector, type FakeTeamsConnector } from '../support/fake-teams-connector';
import { postToChannel, threadReference, titledCard, updateInPlace } from '../support/teams-proactive';

/**
 * What botbuilder 4.23.3's connector client really throws, classified: a real CloudAdapter
 * (auth disabled) against the fake connector, so teams-send-errors.ts rests on observation.
 */

const CHANNEL = '19:general@thread.tacv2';
const call = { threadKey: CHANNEL, label: 'test call' };

/** What `operation` threw (fails the test if it did not throw). */
async function thrownBy(operation: () => Promise<unknown>): Promise<unknown> {
  try {
    await operation();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('connector errors from a real CloudAdapter', () => {
  let fake: FakeTeamsConnector;
  const adapter = new CloudAdapter(new SingleAttemptBotFrameworkAuthentication({}));
  const send = (text: string) =>
    adapter.continueConversationAsync('', threadReference(fake.url, `${CHANNEL};messageid=1`), async (context) => {
      await context.sendActivity(MessageFactory.text(text));
    });

  beforeEach(async () => {
    fake = await startFakeTeamsConnector({ scale: 1000 });
  });

  afterEach(async () => {
    await fake.close();
  });

  it('classifies a 429 with its (scaled, fractional) Retry-After, after exactly one request', async () => {
    fake.failNext(1, 429, { 'Retry-After': '3' });
    const error = await thrownBy(() => send('x'));
    expect(error).toMatchObject({ name: 'RestError', statusCode: 429 });
    expect(classifyTeamsSendError(error)).toEqual({ origin: 'response', status: 429, code: 'Injected429', retryable: true, retryAfterMs: 3 });
    expect(fake.requests()).toHaveLength(1);
  });

  it.each([412, 502, 504])('classifies %p as retryable, after exactly one request', async (status) => {
    fake.failNext(1, status);
    const error = await thrownBy(() => send('x'));
    expect(classifyTeamsSendError(error)).toMatchObject({ origin: 'response', status, retryable: true });
    expect(fake.requests()).toHaveLength(1);
  });

  it('classifies a 413 from a create as non-retryable and translates it to PayloadTooLargeError', async () => {
    fake.failNext(1, 413);
    const error = await thrownBy(() => postToChannel(adapter, fake.url, CHANNEL, titledCard('big')));
    const failure = classifyTeamsSendError(error);
    expect(failure).toMatchObject({ origin: 'response', status: 413, retryable: false });
    expect(translateTeamsSendError(error, failure, call)).toBeInstanceOf(PayloadTooLargeError);
  });

  it("classifies the fake's own 404 for a missing activity, with Teams' error code", async () => {
    const error = await thrownBy(() =>
      updateInPlace(adapter, fake.url, { conversationId: `${CHANNEL};messageid=404`, activityId: '404' }, titledCard('x')),
    );
    const failure = classifyTeamsSendError(error);
    expect(failure).toEqual({ origin: 'response', status: 404, code: 'NotFound', retryable: false });
    expect(translateTeamsSendError(error, failure, call)).toBeInstanceOf(NotFoundError);
  });

  it('classifies a reset socket as a retryable network failure', async () => {
    fake.failNext(1, 'reset');
    const error = await thrownBy(() => send('x'));
    expect(classifyTeamsSendError(error)).toEqual({ origin: 'network', code: 'ECONNRESET', retryable: true });
    expect(fake.requests()).toHaveLength(1);
  });

  it('classifies a refused connection as a retryable network failure', async () => {
    // A port that was just free: listen, note it, close.
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await thrownBy(() =>
      adapter.continueConversationAsync('', threadReference(`http://127.0.0.1:${port}/`, CHANNEL), async (context) => {
        await context.sendActivity('x');
      }),
    );
    expect(classifyTeamsSendError(error)).toEqual({ origin: 'network', code: 'ECONNREFUSED', retryable: true });
  });

  it("shows why the retry policy is removed: botbuilder's default client repeats a 429 itself", async () => {
    const defaultAdapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    fake.failNext(1, 429, { 'Retry-After': '1' });
    await defaultAdapter.continueConversationAsync('', threadReference(fake.url, `${CHANNEL};messageid=1`), async (context) => {
      await context.sendActivity('hidden retry');
    });
    // One sendActivity, two requests: the first 429 never reached the caller.
    expect(fake.requests().map((r) => r.status)).toEqual([429, 200]);
  });
});
