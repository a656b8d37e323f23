import { NotFoundError, ValidationError } from '../../../../core/errors';
import { IRM_EVENT_TRIGGERS } from '../../../../flows/connectors/irm/irm-triggers';
import { checkCallbackUrl } from '../../../../flows/subscriptions/callback-url';
import { FLOW_EVENT_TYPES, triggerOperationOf } from '../../../../flows/subscriptions/flow-subscription';
import {
  getSubscription,
  listSubscriptions,
  parseFlowEventType,
  parseSubscribeRequest,
  subscribe,
  unsubscribe,
} from '../../../../flows/subscriptions/flow-subscription.repository';
import { CALLBACK, CONNECTOR, KEY_ID, subscriptionWorld } from './subscription-world';

function failure(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('flow subscriptions', () => {
  it('offers exactly the event triggers of our own irm connector, under the same operation names', () => {
    expect([...FLOW_EVENT_TYPES].sort()).toEqual(Object.values(IRM_EVENT_TRIGGERS).sort());
    expect(triggerOperationOf('alert.created')).toBe('OnIrmAlertCreated');
    expect(triggerOperationOf('notice.sent')).toBe('OnIrmNoticeSent');
  });

  it('stores a subscription and audits it without the callback URL, whose query holds a secret', async () => {
    const world = await subscriptionWorld();
    const subscription = await world.subscribe('alert.created', { minSeverity: 'Medium' });
    expect(subscription).toEqual({
      id: 'sub-1',
      eventType: 'alert.created',
      callbackUrl: `${CALLBACK}&n=1`,
      createdAt: '2026-03-02T09:00:00.000Z',
      createdBy: KEY_ID,
      filter: { minSeverity: 'Medium' },
      registrations: 1,
    });
    expect((await world.store.transaction((tx) => getSubscription(tx, 'sub-1')))?.value).toEqual(subscription);
    const [entry] = await world.auditEntries();
    expect(entry).toMatchObject({
      category: 'Flows',
      activity: 'Added flow subscription',
      actor: CONNECTOR,
      target: 'sub-1',
      details: { eventType: 'alert.created', callbackHost: 'prod-12.westeurope.logic.azure.com', minSeverity: 'Medium', registrations: 1 },
    });
    expect(JSON.stringify(entry)).not.toContain('sig=');
  });

  it('shares one subscription between identical subscribe requests, each released by one unsubscribe', async () => {
    const world = await subscriptionWorld();
    const request = (id: string, eventType: 'case.created' | 'case.resolved', extra: { minSeverity?: 'High' } = {}) =>
      world.store.transaction((tx) =>
        subscribe(tx, { audit: world.audit }, { id, eventType, request: { callbackUrl: CALLBACK, ...extra }, createdBy: KEY_ID, actor: CONNECTOR, now: '2026-03-02T09:00:00.000Z' }),
      );
    const release = () => world.store.transaction((tx) => unsubscribe(tx, { audit: world.audit }, { id: 'a', actor: CONNECTOR, reason: 'unsubscribed by Power Automate' }));
    const first = await request('a', 'case.created');
    const again = await request('b', 'case.created');
    const otherEvent = await request('c', 'case.resolved');
    const otherFilter = await request('d', 'case.created', { minSeverity: 'High' });
    expect(first.created).toBe(true);
    expect(again).toEqual({ subscription: { ...first.subscription, registrations: 2 }, created: false });
    expect([otherEvent.created, otherFilter.created]).toEqual([true, true]);
    expect((await world.store.transaction((tx) => listSubscriptions(tx, 'case.created'))).map((s) => s.id)).toEqual(['a', 'd']);
    expect((await world.store.transaction((tx) => listSubscriptions(tx))).map((s) => s.id)).toEqual(['a', 'c', 'd']);

    expect(await release()).toMatchObject({ removed: false });
    expect((await world.store.transaction((tx) => getSubscription(tx, 'a')))?.value.registrations).toBe(1);
    expect(await release()).toMatchObject({ removed: true });
    expect(await world.store.transaction((tx) => getSubscription(tx, 'a'))).toBeUndefined();
    expect((await world.auditEntries()).map((e) => [e.activity, e.target, e.details?.registrations])).toEqual(
      expect.arrayContaining([
        ['Added flow subscription', 'a', 1],
        ['Added flow subscription', 'a', 2],
        ['Removed flow subscription', 'a', 1],
        ['Removed flow subscription', 'a', 0],
      ]),
    );
  });

  it('removes a subscription whatever its registrations when told to (a callback gone)', async () => {
    const world = await subscriptionWorld();
    await world.subscribe('case.created', {}, 'x');
    await world.subscribe('case.created', { callbackUrl: (await world.store.transaction((tx) => getSubscription(tx, 'x')))?.value.callbackUrl }, 'y');
    expect((await world.store.transaction((tx) => getSubscription(tx, 'x')))?.value.registrations).toBe(2);
    const result = await world.store.transaction((tx) => unsubscribe(tx, { audit: world.audit }, { id: 'x', actor: CONNECTOR, reason: 'the callback answered 410 Gone', everything: true }));
    expect(result.removed).toBe(true);
    expect(await world.store.transaction((tx) => getSubscription(tx, 'x'))).toBeUndefined();
  });

  it('removes a subscription, audited with the reason; an unknown id is NotFoundError', async () => {
    const world = await subscriptionWorld();
    await world.subscribe('case.created');
    const released = await world.store.transaction((tx) => unsubscribe(tx, { audit: world.audit }, { id: 'sub-1', actor: CONNECTOR, reason: 'unsubscribed by Power Automate' }));
    expect(released).toMatchObject({ subscription: { id: 'sub-1' }, removed: true });
    expect(await world.store.transaction((tx) => getSubscription(tx, 'sub-1'))).toBeUndefined();
    const entries = await world.auditEntries();
    expect(entries.map((e) => e.activity).sort()).toEqual(['Added flow subscription', 'Removed flow subscription']);
    expect(entries.find((e) => e.activity === 'Removed flow subscription')?.details).toEqual({
      eventType: 'case.created',
      callbackHost: 'prod-12.westeurope.logic.azure.com',
      reason: 'unsubscribed by Power Automate',
      registrations: 0,
    });
    await expect(world.store.transaction((tx) => unsubscribe(tx, { audit: world.audit }, { id: 'sub-1', actor: CONNECTOR, reason: 'again' }))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('names an unknown event type and lists the accepted ones', () => {
    expect(parseFlowEventType(' case.resolved ')).toBe('case.resolved');
    const error = failure(() => parseFlowEventType('alert.deleted'));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toBe(
      "unknown event type 'alert.deleted': expected one of alert.created, alert.updated, alert.triaged, case.created, case.updated, case.resolved, user.scoped, notice.sent",
    );
    expect((error as ValidationError).issues[0].field).toBe('eventType');
    // ingest.completed is a domain event, but not one a flow can subscribe to.
    expect(() => parseFlowEventType('ingest.completed')).toThrow(ValidationError);
  });

  it('validates the subscribe body: the callback URL is required, filters are typed, unknown fields are refused', () => {
    expect(parseSubscribeRequest({ callbackUrl: CALLBACK, minSeverity: 'High', policyId: 'data-leaks' })).toEqual({ callbackUrl: CALLBACK, minSeverity: 'High', policyId: 'data-leaks' });
    const missing = failure(() => parseSubscribeRequest({})) as ValidationError;
    expect(missing.issues.map((i) => i.field)).toEqual(['callbackUrl']);
    const typo = failure(() => parseSubscribeRequest({ callbackUrl: CALLBACK, minSeverty: 'High' })) as ValidationError;
    expect(typo).toBeInstanceOf(ValidationError);
    expect(typo.message).toContain('minSeverty');
    const severity = failure(() => parseSubscribeRequest({ callbackUrl: CALLBACK, minSeverity: 'Critical' })) as ValidationError;
    expect(severity.issues.map((i) => i.field)).toEqual(['minSeverity']);
    expect(failure(() => parseSubscribeRequest([]))).toBeInstanceOf(ValidationError);
    // A filter the maker cleared arrives blank: not set.
    expect(parseSubscribeRequest({ callbackUrl: CALLBACK, minSeverity: '', policyId: ' ' })).toEqual({ callbackUrl: CALLBACK });
  });
});

describe('callback URLs', () => {
  const reasonOf = (url: string, policy?: Parameters<typeof checkCallbackUrl>[1]): string => {
    const error = failure(() => checkCallbackUrl(url, policy)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues[0].field).toBe('callbackUrl');
    return error.issues[0].reason;
  };

  it('accepts an https URL of a host name, as Power Automate sends it', () => {
    expect(checkCallbackUrl(` ${CALLBACK} `)).toBe(CALLBACK);
  });

  it('refuses plain http, other schemes, IP literals, this machine, credentials and non-URLs', () => {
    expect(reasonOf('http://prod-12.westeurope.logic.azure.com/x')).toBe('expected an https URL (plain http is not accepted)');
    expect(reasonOf('ftp://example.org/x')).toBe('expected an https URL, got the ftp scheme');
    expect(reasonOf('https://169.254.169.254/metadata')).toBe('expected a public host name, got 169.254.169.254');
    expect(reasonOf('https://[fd00::1]/x')).toBe('expected a public host name, got [fd00::1]');
    expect(reasonOf('https://localhost:8443/x')).toBe('expected a public host name, got localhost');
    expect(reasonOf('https://user:pw@example.org/x')).toBe('expected a URL without user name or password');
    expect(reasonOf('not a url')).toBe('expected an absolute https URL');
    expect(reasonOf('')).toBe('expected an absolute https URL, got an empty string');
    expect(reasonOf(`https://example.org/${'x'.repeat(5000)}`)).toMatch(/^expected at most 4096 characters/);
  });

  it('accepts http on a loopback host only when the policy allows it (tests, one-machine development)', () => {
    expect(checkCallbackUrl('http://127.0.0.1:3999/cb', { allowHttpLoopback: true })).toBe('http://127.0.0.1:3999/cb');
    expect(checkCallbackUrl('http://localhost:3999/cb', { allowHttpLoopback: true })).toBe('http://localhost:3999/cb');
    expect(reasonOf('http://127.0.0.1:3999/cb')).toBe('expected an https URL (plain http is not accepted)');
    expect(reasonOf('http://10.0.0.5/cb', { allowHttpLoopback: true })).toBe('expected an https URL (plain http is not accepted)');
  });

  it('narrows to allowed hosts and their subdomains when configured', () => {
    const policy = { allowedHosts: ['logic.azure.com'] };
    expect(checkCallbackUrl(CALLBACK, policy)).toBe(CALLBACK);
    expect(reasonOf('https://logic.azure.com.evil.example/x', policy)).toBe('expected a host in logic.azure.com, got logic.azure.com.evil.example');
  });
});
