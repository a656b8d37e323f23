import { expireAlerts, runMaintenance } from '../../../core/alerts/alert-retention';
import type { Alert } from '../../../core/alerts/alert';
import type { Activity } from '../../../core/ingest/activity';
import { alertsCollection, policyScopesCollection } from '../../../core/persistence/collections';
import type { Clock } from '../../../core/ports/clock';
import type { Store } from '../../../core/ports/store';
import { prepareScoring } from '../../../core/scoring/engine/prepare-scoring';
import { scoreActivities } from '../../../core/scoring/engine/scoring-engine';
import { createMemoryStore } from '../../support/memory-store';

const ADA = 'ada@contoso.com';
const POLICY = 'data-theft-by-departing-users';
const clock: Clock = { now: () => new Date('2026-03-01T00:00:00.000Z') };
const DAY_MS = 86_400_000;

function resignation(): Activity {
  return { id: 'hr:resign-ada', source: 'hr', kind: 'hr.resignation', userId: ADA, time: '2026-03-02T09:00:00.000Z', operation: 'Resignation', details: { lastWorkingDate: '2026-03-20T00:00:00.000Z' } };
}

function usbCopies(day: string, count: number): Activity[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `audit:usb-${day}-${i}`,
    source: 'audit' as const,
    kind: 'device.copied-to-usb' as const,
    userId: ADA,
    time: `${day}T10:${String(i).padStart(2, '0')}:00.000Z`,
    operation: 'FileCopiedToRemovableMedia',
    workload: 'Endpoint',
    fileName: `file ${day} ${i}.docx`,
  }));
}

async function ingest(store: Store, activities: Activity[]): Promise<void> {
  await store.transaction(async (tx) => {
    const { inserted } = await tx.activities.insertMany(activities);
    await scoreActivities(tx, inserted, clock);
  });
}

const alertsOf = (store: Store) => store.transaction(async (tx) => (await tx.documents(alertsCollection).query({ partition: ADA })).map((d) => d.value));
const theftAlerts = async (store: Store): Promise<Alert[]> => (await alertsOf(store)).filter((a) => a.policyId === POLICY);
const scopeOf = async (store: Store) => (await store.transaction((tx) => tx.documents(policyScopesCollection).get(ADA, POLICY)))?.value;
const after = (alert: Alert, days: number): Date => new Date(Date.parse(alert.createdAt) + days * DAY_MS);

async function change(store: Store, alert: Alert, patch: Partial<Alert>): Promise<void> {
  await store.transaction(async (tx) => {
    const docs = tx.documents(alertsCollection);
    const stored = await docs.get(ADA, alert.id);
    if (stored === undefined) throw new Error('alert missing');
    await docs.replace(ADA, alert.id, { ...stored.value, ...patch }, stored.etag);
  });
}

describe('expireAlerts', () => {
  let store: Store;
  let alert: Alert;
  beforeEach(async () => {
    store = createMemoryStore();
    await prepareScoring(store, clock.now());
    await ingest(store, [resignation(), ...usbCopies('2026-03-05', 12)]);
    [alert] = await theftAlerts(store);
    expect(alert.status).toBe('NeedsReview');
  });

  it('keeps a needs-review alert for 120 days and removes it after, with its event, once', async () => {
    expect((await store.transaction((tx) => expireAlerts(tx, after(alert, 120)))).expired).toEqual([]);
    expect(await theftAlerts(store)).toHaveLength(1);

    const now = after(alert, 121);
    const report = await store.transaction((tx) => expireAlerts(tx, now));
    expect(report.expired).toEqual([{ alertId: alert.id, userId: ADA, policyId: POLICY, createdAt: alert.createdAt }]);
    expect(await theftAlerts(store)).toEqual([]);

    const events = (await store.transaction((tx) => tx.outbox.pending(10_000))).map((e) => e.event).filter((e) => e.type === 'alert.triaged');
    expect(events).toEqual([
      {
        id: `alert.triaged:${alert.id}:Expired`,
        type: 'alert.triaged',
        subject: ADA,
        time: now.toISOString(),
        data: expect.objectContaining({ alertId: alert.id, status: 'Expired', previousStatus: 'NeedsReview', by: 'system:retention', score: alert.score, createdAt: alert.createdAt }),
      },
    ]);
    expect((await store.transaction((tx) => expireAlerts(tx, now))).expired).toEqual([]);
  });

  it('clears the scope\'s open alert and remembers what it showed, so the same activity is not raised again', async () => {
    await store.transaction((tx) => expireAlerts(tx, after(alert, 121)));
    const scope = await scopeOf(store);
    expect(scope?.openAlertId).toBeUndefined();
    expect(scope?.alerts).toBe(1);
    expect(Object.keys(scope?.triaged ?? {})).toEqual(alert.insights.map((i) => i.key));

    // New activity below every threshold re-evaluates the user: the expired insight stays gone.
    await ingest(store, usbCopies('2026-03-07', 1));
    expect(await theftAlerts(store)).toEqual([]);
    // New significant activity opens the next alert, with only what is new.
    await ingest(store, usbCopies('2026-03-09', 12));
    const [next] = await theftAlerts(store);
    expect(next.id).toBe(`${POLICY}:${ADA}:2`);
    expect(next.insights.map((i) => i.key)).toEqual(['indicator:CopyToUSB:2026-03-09']);
  });

  it('keeps an alert a case holds, and alerts already triaged', async () => {
    await change(store, alert, { caseId: 'C-000000000001' });
    const report = await store.transaction((tx) => expireAlerts(tx, after(alert, 400)));
    expect(report).toEqual({ expired: [], keptForCases: 1 });

    await change(store, alert, { caseId: undefined, status: 'Dismissed', triage: { by: 'analyst', at: '2026-03-06T00:00:00.000Z', reason: 'Activity is expected for this user' } });
    expect((await store.transaction((tx) => expireAlerts(tx, after(alert, 400)))).expired).toEqual([]);
    expect(await theftAlerts(store)).toHaveLength(1);
  });

  it('runs as the daily maintenance with the clock it is given', async () => {
    const report = await runMaintenance(store, { now: () => after(alert, 200) });
    // Every alert of the user (each policy that scored her) is past retention by then.
    expect(report.expired.map((e) => e.alertId)).toContain(alert.id);
    expect(await alertsOf(store)).toEqual([]);
    expect(report.directory).toEqual({ users: 0, changed: 0, highImpact: 0 });
  });
});
