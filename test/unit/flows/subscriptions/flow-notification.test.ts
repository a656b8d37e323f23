import type { DomainEvent } from '../../../../core/events/domain-event';
import { alertsCollection } from '../../../../core/persistence/collections';
import { resolveReference } from '../../../../core/persistence/references';
import { matchesFilter } from '../../../../flows/subscriptions/flow-notification';
import { ADA, alertCreated, ANALYST, subscriptionWorld, type SubscriptionWorld } from './subscription-world';

/** The notification one subscription receives for `event`. */
async function notificationFor(world: SubscriptionWorld, event: DomainEvent): Promise<Record<string, unknown>> {
  await world.subscribe(event.type as Parameters<SubscriptionWorld['subscribe']>[0]);
  await world.consumer.handle(event);
  const posted = world.posted();
  expect(posted).toHaveLength(1);
  return posted[0];
}

describe('flow notifications', () => {
  it('pseudonymizes the user everywhere by default, alert body included, and says so', async () => {
    const world = await subscriptionWorld();
    const body = await notificationFor(world, alertCreated(world.alert));
    const pseudonym = world.pseudonymizer.pseudonym(ADA);
    expect(body).toMatchObject({
      eventType: 'alert.created',
      time: '2026-03-02T10:14:00.000Z',
      userPrincipalName: pseudonym,
      pseudonymized: true,
      alertId: world.pseudonymizer.reference('alert', world.alert.id),
      severity: 'High',
      score: 82.4,
      status: 'NeedsReview',
      policyId: 'data-leaks',
    });
    expect(body.alert).toMatchObject({
      id: body.alertId,
      severity: 'High',
      violatedPolicy: { policyId: 'data-leaks', policyName: 'Data leaks (exfiltration activity)' },
      assignedCase: { caseId: 'C-0123456789AB', name: 'Roadmap copied to USB', status: 'Active' },
      riskyUser: { riskyUserId: pseudonym, userPrincipalName: pseudonym },
    });
    expect(JSON.stringify(body).toLowerCase()).not.toContain('ada.lovelace');
  });

  it('drops the free text of a manually scoped alert while pseudonymizing (the card shows only kind and time)', async () => {
    const world = await subscriptionWorld();
    const manual = {
      ...world.alert,
      triggeringEvent: { kind: 'manual', time: '2026-03-02T08:00:00.000Z', summary: 'added by Grace Analyst: Ada Lovelace resigned yesterday' },
    };
    await world.store.transaction((tx) => tx.documents(alertsCollection).upsert(ADA, manual.id, manual));
    const body = await notificationFor(world, alertCreated(manual));
    expect(body.alert).toMatchObject({
      name: 'Data leaks (exfiltration activity): manual at 2026-03-02T08:00:00.000Z',
      triggeringEvent: { kind: 'manual', time: '2026-03-02T08:00:00.000Z', summary: 'manual at 2026-03-02T08:00:00.000Z' },
    });
    expect(JSON.stringify(body)).not.toContain('resigned');
  });

  it('shows the UPN when the privacy setting is off', async () => {
    const world = await subscriptionWorld({ pseudonymize: false });
    const body = await notificationFor(world, alertCreated(world.alert));
    expect(body).toMatchObject({ userPrincipalName: ADA, pseudonymized: false, alert: { riskyUser: { userPrincipalName: ADA } } });
  });

  it('carries an opaque event id: stable for one event, different for another, and not the internal id', async () => {
    const world = await subscriptionWorld();
    await world.subscribe('alert.created');
    await world.subscribe('alert.created');
    await world.consumer.handle(alertCreated(world.alert));
    await world.consumer.handle({ ...alertCreated(world.alert), id: `alert.created:${world.alert.id}:b` });
    const ids = world.posted().map((b) => b.eventId);
    expect(ids[0]).toMatch(/^E-[0-9A-F]{32}$/);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it('records the alert reference it sends, so Get alert finds it', async () => {
    const world = await subscriptionWorld();
    const body = await notificationFor(world, alertCreated(world.alert));
    const target = await world.store.transaction((tx) => resolveReference(tx, body.alertId as string, 'alert'));
    expect(target).toEqual({ kind: 'alert', userId: ADA, id: world.alert.id });
  });

  it('copies only the listed event fields: never free text such as a manual-scoping reason', async () => {
    const world = await subscriptionWorld();
    const body = await notificationFor(world, {
      id: `user.scoped:data-leaks:${ADA}:manual:2026-03-02T08:00:00.000Z`,
      type: 'user.scoped',
      subject: ADA,
      time: '2026-03-02T08:00:00.000Z',
      data: {
        policyId: 'data-leaks',
        policyName: 'Data leaks',
        userId: ADA,
        from: '2026-03-02T08:00:00.000Z',
        to: '2026-03-31T08:00:00.000Z',
        reason: 'manual',
        trigger: 'manual',
        manualReason: 'Ada Lovelace resigned yesterday',
        addedBy: ANALYST.id,
      },
    });
    expect(Object.keys(body).sort()).toEqual(['eventId', 'eventType', 'from', 'policyId', 'policyName', 'pseudonymized', 'reason', 'time', 'to', 'trigger', 'userPrincipalName']);
    expect(JSON.stringify(body)).not.toContain('resigned');
  });

  it('leaves out the mail subject of a notice, which may name the user', async () => {
    const world = await subscriptionWorld();
    const body = await notificationFor(world, {
      id: 'notice.sent:n-1',
      type: 'notice.sent',
      subject: ADA,
      time: '2026-03-02T12:00:00.000Z',
      data: { noticeId: 'n-1', caseId: world.case.id, userId: ADA, templateId: 'nt-1', templateName: 'Policy reminder', subject: 'Ada, please review the policy', by: ANALYST.id, teams: 'not requested' },
    });
    expect(body).toMatchObject({ noticeId: 'n-1', caseId: world.case.id, templateName: 'Policy reminder', teams: 'not requested', by: ANALYST.id, case: { id: world.case.id, name: 'Roadmap copied to USB' } });
    expect(body).not.toHaveProperty('subject');
    expect(JSON.stringify(body)).not.toContain('please review');
  });

  it('sends an expired alert from the event alone (the alert is gone)', async () => {
    const world = await subscriptionWorld();
    const body = await notificationFor(world, {
      id: `alert.triaged:${ADA}-gone:Expired`,
      type: 'alert.triaged',
      subject: ADA,
      time: '2026-07-01T00:00:00.000Z',
      data: { alertId: `data-leaks:${ADA}:9`, userId: ADA, policyId: 'data-leaks', status: 'Expired', previousStatus: 'NeedsReview', by: 'system:retention', severity: 'Low', score: 21, createdAt: '2026-03-01T00:00:00.000Z' },
    });
    expect(body).toMatchObject({ status: 'Expired', previousStatus: 'NeedsReview', severity: 'Low', by: 'system:retention', alertId: world.pseudonymizer.reference('alert', `data-leaks:${ADA}:9`) });
    expect(body).not.toHaveProperty('alert');
  });

  it('filters on severity and policy, from the event or the alert body; events without them do not match', () => {
    const alert = { severity: 'Medium', policyId: 'data-leaks' };
    expect(matchesFilter(undefined, {})).toBe(true);
    expect(matchesFilter({ minSeverity: 'Medium' }, alert)).toBe(true);
    expect(matchesFilter({ minSeverity: 'High' }, alert)).toBe(false);
    expect(matchesFilter({ minSeverity: 'Low' }, { alert: { severity: 'High' } })).toBe(true);
    expect(matchesFilter({ minSeverity: 'Low' }, { change: 'note' })).toBe(false);
    expect(matchesFilter({ policyId: 'data-leaks' }, alert)).toBe(true);
    expect(matchesFilter({ policyId: 'data-leaks' }, { alert: { violatedPolicy: { policyId: 'data-leaks' } } })).toBe(true);
    expect(matchesFilter({ policyId: 'other' }, alert)).toBe(false);
  });
});
