import { FLOW_DELIVERIES_PARTITION, type FlowDelivery, flowDeliveriesCollection } from '../../../../flows/subscriptions/flow-delivery';
import { getSubscription, unsubscribe } from '../../../../flows/subscriptions/flow-subscription.repository';
import { alertCreated, caseNoted, CONNECTOR, networkError, status, subscriptionWorld, type SubscriptionWorld } from './subscription-world';

async function deliveries(world: SubscriptionWorld): Promise<FlowDelivery[]> {
  const found = await world.store.transaction((tx) => tx.documents(flowDeliveriesCollection).query({ partition: FLOW_DELIVERIES_PARTITION }));
  return found.map((d) => d.value);
}

/** Moves the clock and runs the pump, as the timer would. */
async function after(world: SubscriptionWorld, ms: number) {
  world.clock.advance(ms);
  return world.consumer.deliverDue(world.clock.now());
}

describe('flow notification delivery', () => {
  it('posts the notification to every subscription of the event type, and to no other', async () => {
    const world = await subscriptionWorld();
    const first = await world.subscribe('alert.created');
    const second = await world.subscribe('alert.created');
    await world.subscribe('case.updated');
    await world.consumer.handle(alertCreated(world.alert));

    expect(world.http.requests.map((r) => r.url)).toEqual([first.callbackUrl, second.callbackUrl]);
    const [request] = world.http.requests;
    expect(request).toMatchObject({ method: 'POST', timeoutMs: 10_000 });
    const body = world.posted()[0];
    expect(request.headers).toEqual({
      'content-type': 'application/json; charset=utf-8',
      'x-irm-event-id': body.eventId,
      'x-irm-event-type': 'alert.created',
      'x-irm-delivery-attempt': '1',
    });
    expect(body).toMatchObject({ eventType: 'alert.created', alertId: world.pseudonymizer.reference('alert', world.alert.id), severity: 'High', status: 'NeedsReview' });
    expect(world.posted()[1]).toEqual(body);
    expect((await deliveries(world)).map((d) => d.state)).toEqual(['delivered', 'delivered']);
  });

  it('posts once per event and subscription even when the outbox delivers the event again', async () => {
    const world = await subscriptionWorld();
    await world.subscribe('alert.created');
    const event = alertCreated(world.alert);
    await world.consumer.handle(event);
    await world.consumer.handle(event);
    await world.consumer.handle({ ...event });
    expect(world.http.requests).toHaveLength(1);
    expect(await deliveries(world)).toHaveLength(1);
  });

  it('does not post again on redelivery while a failed attempt waits for its retry', async () => {
    const world = await subscriptionWorld();
    await world.subscribe('alert.created');
    world.http.answer(status(503));
    const event = alertCreated(world.alert);
    await world.consumer.handle(event);
    await world.consumer.handle(event);
    expect(world.http.requests).toHaveLength(1);
    expect((await deliveries(world))[0]).toMatchObject({ state: 'pending', attempts: 1, lastStatus: 503 });
  });

  it('retries 5xx and network failures with exponential backoff, posting the same body, until one succeeds', async () => {
    const world = await subscriptionWorld();
    await world.subscribe('alert.created');
    world.http.answer(status(503), status(500), networkError(), status(202));
    await world.consumer.handle(alertCreated(world.alert));
    expect(world.http.requests).toHaveLength(1);

    // Base 1 s, doubled after each failure: due at +1 s, then +2 s, then +4 s.
    expect((await after(world, 0)).attempted).toBe(0);
    expect((await after(world, 999)).attempted).toBe(0);
    expect(await after(world, 1)).toMatchObject({ attempted: 1, retrying: 1 });
    expect((await after(world, 1_999)).attempted).toBe(0);
    expect(await after(world, 1)).toMatchObject({ attempted: 1, retrying: 1 });
    expect((await deliveries(world))[0]).toMatchObject({ attempts: 3, lastError: 'OperationalError: connect ECONNREFUSED 203.0.113.9:443' });
    expect((await after(world, 3_999)).attempted).toBe(0);
    expect(await after(world, 1)).toEqual({ attempted: 1, delivered: 1, retrying: 0, deadLettered: 0, gone: 0, cancelled: 0 });

    expect(world.http.requests.map((r) => r.headers?.['x-irm-delivery-attempt'])).toEqual(['1', '2', '3', '4']);
    expect(new Set(world.http.requests.map((r) => r.body)).size).toBe(1);
    expect((await deliveries(world))[0]).toMatchObject({ state: 'delivered', attempts: 4, lastStatus: 202 });
    expect((await after(world, 3_600_000)).attempted).toBe(0);
  });

  it('retries 408 and 429 too', async () => {
    const world = await subscriptionWorld();
    await world.subscribe('alert.created');
    world.http.answer(status(408), status(429));
    await world.consumer.handle(alertCreated(world.alert));
    expect(await after(world, 1_000)).toMatchObject({ retrying: 1 });
    expect(await after(world, 2_000)).toMatchObject({ delivered: 1 });
  });

  it('waits as long as Retry-After says, in seconds or as an HTTP date, rather than the shorter backoff', async () => {
    const world = await subscriptionWorld();
    await world.subscribe('alert.created');
    world.http.answer(status(429, { 'retry-after': '120' }));
    await world.consumer.handle(alertCreated(world.alert));
    expect((await after(world, 119_999)).attempted).toBe(0);

    const inThirtySeconds = new Date(world.clock.now().getTime() + 1 + 30_000).toUTCString();
    world.http.answer(status(503, { 'retry-after': inThirtySeconds }));
    expect(await after(world, 1)).toMatchObject({ attempted: 1, retrying: 1 });
    const [pending] = await deliveries(world);
    expect(pending.nextAttemptAt).toBe(new Date(Date.parse(inThirtySeconds)).toISOString());
    expect((await after(world, 29_000)).attempted).toBe(0);
    expect(await after(world, 1_000)).toMatchObject({ delivered: 1 });
  });

  it('dead-letters a delivery after 10 failed attempts and records it in the audit log', async () => {
    const world = await subscriptionWorld();
    const subscription = await world.subscribe('alert.created');
    world.http.answer(...Array.from({ length: 10 }, () => status(503)));
    await world.consumer.handle(alertCreated(world.alert));
    let dead = 0;
    for (let round = 0; round < 20 && dead === 0; round++) dead = (await after(world, 600_000)).deadLettered;

    expect(dead).toBe(1);
    expect(world.http.requests).toHaveLength(10);
    const [delivery] = await deliveries(world);
    expect(delivery).toMatchObject({ state: 'dead', attempts: 10, lastStatus: 503, lastError: 'HTTP 503' });
    const entry = (await world.auditEntries()).find((e) => e.activity === 'Dead-lettered flow notification');
    expect(entry).toMatchObject({ category: 'Flows', actor: { id: 'system' }, target: subscription.id, details: { attempts: 10, lastStatus: 503, eventType: 'alert.created', deliveryId: delivery.id } });
    expect(JSON.stringify(entry)).not.toContain('ada.lovelace');
    expect((await after(world, 3_600_000)).attempted).toBe(0);
    expect(world.http.requests).toHaveLength(10);
  });

  it('dead-letters at once a refusal that a retry would get again (400), audited', async () => {
    const world = await subscriptionWorld();
    await world.subscribe('alert.created');
    world.http.answer(status(400));
    await world.consumer.handle(alertCreated(world.alert));
    expect((await deliveries(world))[0]).toMatchObject({ state: 'dead', attempts: 1, lastStatus: 400 });
    expect((await world.auditEntries()).map((e) => e.activity)).toContain('Dead-lettered flow notification');
    expect((await after(world, 600_000)).attempted).toBe(0);
  });

  it('removes the subscription when the callback answers 410 Gone, audited, and posts nothing more to it', async () => {
    const world = await subscriptionWorld();
    const gone = await world.subscribe('alert.created');
    const kept = await world.subscribe('alert.created');
    world.http.answer(status(410), status(202));
    await world.consumer.handle(alertCreated(world.alert));

    expect(await world.store.transaction((tx) => getSubscription(tx, gone.id))).toBeUndefined();
    expect(await world.store.transaction((tx) => getSubscription(tx, kept.id))).toBeDefined();
    const removal = (await world.auditEntries()).find((e) => e.activity === 'Removed flow subscription');
    expect(removal).toMatchObject({ category: 'Flows', actor: { id: 'system' }, target: gone.id, details: { reason: 'the callback answered 410 Gone', callbackHost: 'prod-12.westeurope.logic.azure.com' } });

    await world.consumer.handle({ ...alertCreated(world.alert), id: `alert.created:${world.alert.id}:again` });
    expect(world.http.requests.map((r) => r.url)).toEqual([gone.callbackUrl, kept.callbackUrl, kept.callbackUrl]);
  });

  it('cancels, without posting, a retry whose subscription was removed meanwhile', async () => {
    const world = await subscriptionWorld();
    const subscription = await world.subscribe('alert.created');
    world.http.answer(status(503));
    await world.consumer.handle(alertCreated(world.alert));
    await world.store.transaction((tx) => unsubscribe(tx, { audit: world.audit }, { id: subscription.id, actor: CONNECTOR, reason: 'unsubscribed by Power Automate' }));

    expect(await after(world, 1_000)).toEqual({ attempted: 0, delivered: 0, retrying: 0, deadLettered: 0, gone: 0, cancelled: 1 });
    expect(world.http.requests).toHaveLength(1);
    expect((await deliveries(world))[0].state).toBe('cancelled');
  });

  it('never posts one delivery twice at once when two pumps run together (the claim is ETag-checked)', async () => {
    const world = await subscriptionWorld();
    await world.subscribe('alert.created');
    world.http.answer(status(503));
    await world.consumer.handle(alertCreated(world.alert));
    world.clock.advance(1_000);
    const [a, b] = await Promise.all([world.consumer.deliverDue(world.clock.now()), world.consumer.deliverDue(world.clock.now())]);
    expect(a.attempted + b.attempted).toBe(1);
    expect(world.http.requests).toHaveLength(2);
  });

  it('after a crash mid-POST, tries again once the attempt lease runs out, counting the lost attempt', async () => {
    const world = await subscriptionWorld();
    await world.subscribe('alert.created');
    world.http.answer(new Error('process killed'));
    await expect(world.consumer.handle(alertCreated(world.alert))).rejects.toThrow('process killed');
    expect((await deliveries(world))[0]).toMatchObject({ state: 'pending', attempts: 1 });

    // The lease is twice the 10 s request timeout (longer than the 1 s backoff).
    expect((await after(world, 19_999)).attempted).toBe(0);
    expect(await after(world, 1)).toMatchObject({ delivered: 1 });
    expect(world.http.requests.map((r) => r.headers?.['x-irm-delivery-attempt'])).toEqual(['1', '2']);
  });

  it('filters by minimum severity and policy before recording a delivery', async () => {
    const world = await subscriptionWorld();
    const high = await world.subscribe('alert.created', { minSeverity: 'High' });
    await world.subscribe('alert.created', { minSeverity: 'High', policyId: 'another-policy' });
    await world.consumer.handle(alertCreated(world.alert));
    await world.consumer.handle(alertCreated({ ...world.alert, id: `data-leaks:${world.alert.userId}:2`, severity: 'Medium' }));
    expect(world.http.requests.map((r) => r.url)).toEqual([high.callbackUrl]);
    expect(await deliveries(world)).toHaveLength(1);
  });

  it('ignores events no flow can subscribe to, and events nobody subscribed to', async () => {
    const world = await subscriptionWorld();
    await world.subscribe('alert.created');
    await world.consumer.handle({ id: 'ingest.completed:b1:t', type: 'ingest.completed', subject: 'system', time: '2026-03-02T09:00:00.000Z', data: {} });
    await world.consumer.handle(caseNoted(world.case));
    expect(world.http.requests).toEqual([]);
    expect(world.consumer.handles).not.toContain('ingest.completed');
  });
});
