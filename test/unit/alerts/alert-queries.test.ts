import type { Alert } from '../../../core/alerts/alert';
import { listAlerts } from '../../../core/alerts/alert-queries';
import { alertsCollection } from '../../../core/persistence/collections';
import type { Store } from '../../../core/ports/store';
import { createMemoryStore } from '../../support/memory-store';

function alert(n: number, overrides: Partial<Alert>): Alert {
  const userId = overrides.userId ?? 'ada@contoso.com';
  const policyId = overrides.policyId ?? 'data-leaks';
  const createdAt = overrides.createdAt ?? `2026-03-0${n}T10:00:00.000Z`;
  return {
    id: `${policyId}:${userId}:${n}`,
    policyId,
    policyName: policyId,
    template: 'LeakOfInformation',
    userId,
    status: 'NeedsReview',
    severity: 'Medium',
    score: 50,
    createdAt,
    updatedAt: createdAt,
    triggeringEvent: { kind: 'dlp.alert', time: createdAt, summary: 'DLP alert' },
    riskFactors: [],
    insights: [],
    topActivities: [],
    scoreHistory: [],
    firstActivityAt: createdAt,
    lastActivityAt: createdAt,
    ...overrides,
  };
}

describe('listAlerts', () => {
  let store: Store;
  beforeAll(async () => {
    store = createMemoryStore();
    const alerts = [
      alert(1, {}),
      alert(2, { severity: 'High', userId: 'bob@contoso.com' }),
      alert(3, { status: 'Confirmed', policyId: 'departing' }),
      alert(4, { severity: 'High', policyId: 'departing', userId: 'bob@contoso.com' }),
    ];
    await store.transaction(async (tx) => {
      for (const a of alerts) await tx.documents(alertsCollection).create(a.userId, a.id, a);
    });
  });

  const ids = async (filters: Parameters<typeof listAlerts>[1]): Promise<string[]> =>
    (await store.transaction((tx) => listAlerts(tx, filters))).map((a) => a.id);

  it('lists every alert newest first without filters', async () => {
    expect(await ids({})).toEqual(['departing:bob@contoso.com:4', 'departing:ada@contoso.com:3', 'data-leaks:bob@contoso.com:2', 'data-leaks:ada@contoso.com:1']);
  });

  it('combines status, severity, policy and user filters', async () => {
    expect(await ids({ status: 'Confirmed' })).toEqual(['departing:ada@contoso.com:3']);
    expect(await ids({ severity: 'High' })).toEqual(['departing:bob@contoso.com:4', 'data-leaks:bob@contoso.com:2']);
    expect(await ids({ policyId: 'departing', severity: 'High' })).toEqual(['departing:bob@contoso.com:4']);
    expect(await ids({ userId: 'ADA@contoso.com' })).toEqual(['departing:ada@contoso.com:3', 'data-leaks:ada@contoso.com:1']);
    expect(await ids({ userId: 'carol@contoso.com' })).toEqual([]);
  });

  it('returns at most `limit` alerts', async () => {
    expect(await ids({ limit: 2 })).toEqual(['departing:bob@contoso.com:4', 'departing:ada@contoso.com:3']);
  });
});
