import type { Alert } from '../../../core/alerts/alert';
import { userRiskLevel } from '../../../core/alerts/user-risk';
import { alertsCollection } from '../../../core/persistence/collections';
import type { Store } from '../../../core/ports/store';
import { createMemoryStore } from '../../support/memory-store';

function alert(policyId: string, userId: string, overrides: Partial<Alert>): Alert {
  const at = '2026-03-05T10:00:00.000Z';
  return {
    id: `${policyId}:${userId}:1`,
    policyId,
    policyName: policyId,
    template: 'LeakOfInformation',
    userId,
    status: 'NeedsReview',
    severity: 'Low',
    score: 25,
    createdAt: at,
    updatedAt: at,
    triggeringEvent: { kind: 'dlp.alert', time: at, summary: 'DLP alert' },
    riskFactors: [],
    insights: [],
    topActivities: [],
    scoreHistory: [],
    firstActivityAt: at,
    lastActivityAt: at,
    ...overrides,
  };
}

describe('userRiskLevel', () => {
  let store: Store;
  beforeAll(async () => {
    store = createMemoryStore();
    await store.transaction(async (tx) => {
      const docs = tx.documents(alertsCollection);
      const alerts = [
        alert('data-leaks', 'ada@contoso.com', { severity: 'Low', score: 25 }),
        alert('departing', 'ada@contoso.com', { status: 'Confirmed', severity: 'Medium', score: 48.5, caseId: 'C-1' }),
        // Triaged as harmless: no longer a risk, however high it scored.
        alert('spv', 'ada@contoso.com', { status: 'Dismissed', severity: 'High', score: 90 }),
        alert('data-leaks', 'bob@contoso.com', { status: 'Resolved', severity: 'High', score: 80 }),
        alert('data-leaks', 'eve@contoso.com', { severity: 'High', score: 71 }),
      ];
      for (const a of alerts) await docs.create(a.userId, a.id, a);
    });
  });

  it('takes the highest severity and score among the active (open or confirmed) alerts', async () => {
    expect(await store.transaction((tx) => userRiskLevel(tx, 'Ada@Contoso.com'))).toEqual({ userId: 'ada@contoso.com', level: 'moderate', score: 48.5, activeAlerts: 2 });
    expect(await store.transaction((tx) => userRiskLevel(tx, 'eve@contoso.com'))).toEqual({ userId: 'eve@contoso.com', level: 'elevated', score: 71, activeAlerts: 1 });
  });

  it('is none for a user whose alerts are all triaged, and for a user without alerts', async () => {
    expect(await store.transaction((tx) => userRiskLevel(tx, 'bob@contoso.com'))).toEqual({ userId: 'bob@contoso.com', level: 'none', score: 0, activeAlerts: 0 });
    expect(await store.transaction((tx) => userRiskLevel(tx, 'nobody@contoso.com'))).toEqual({ userId: 'nobody@contoso.com', level: 'none', score: 0, activeAlerts: 0 });
  });
});
