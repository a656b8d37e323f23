import { ValidationError, type ValidationIssue } from '../../../core/errors';
import type { Activity } from '../../../core/ingest/activity';
import { alertsCollection, policyScopesCollection } from '../../../core/persistence/collections';
import { applyManualScoping, type ManualScopingRequest } from '../../../core/policies/manual-scoping.service';
import { getPolicy, savePolicy } from '../../../core/policies/policy.repository';
import type { Clock } from '../../../core/ports/clock';
import type { Store } from '../../../core/ports/store';
import { prepareScoring } from '../../../core/scoring/engine/prepare-scoring';
import { scoreActivities } from '../../../core/scoring/engine/scoring-engine';
import { createMemoryStore } from '../../support/memory-store';

const NOW = new Date('2026-03-20T12:00:00.000Z');
const clock: Clock = { now: () => NOW };
const ADA = 'ada@contoso.com';
const BOB = 'bob@contoso.com';
const ACTOR = 'cli:admin';

/** SharePoint downloads: scored activity that triggers no default policy, so only manual scoping scores it. */
function downloads(userId: string, day: string, count: number): Activity[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `audit:dl-${userId}-${day}-${i}`,
    source: 'audit' as const,
    kind: 'file.downloaded' as const,
    userId,
    time: `${day}T09:${String(i % 60).padStart(2, '0')}:00.000Z`,
    operation: 'FileDownloaded',
    workload: 'SharePoint',
    fileName: `report ${day} ${i}.xlsx`,
  }));
}

async function ingest(store: Store, activities: Activity[]): Promise<void> {
  await store.transaction(async (tx) => {
    const { inserted } = await tx.activities.insertMany(activities);
    await scoreActivities(tx, inserted, clock);
  });
}

function apply(store: Store, request: ManualScopingRequest) {
  return store.transaction((tx) => applyManualScoping(tx, request, { now: NOW, actor: ACTOR }));
}

async function issuesOf(run: Promise<unknown>): Promise<readonly ValidationIssue[]> {
  try {
    await run;
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues;
  }
  throw new Error('expected a ValidationError');
}

const scopesOf = (store: Store, userId: string) => store.transaction((tx) => tx.documents(policyScopesCollection).query({ partition: userId }));
const alertsOf = (store: Store, userId: string) => store.transaction(async (tx) => (await tx.documents(alertsCollection).query({ partition: userId })).map((d) => d.value));
const scopedEvents = (store: Store) => store.transaction(async (tx) => (await tx.outbox.pending(10_000)).filter((e) => e.event.type === 'user.scoped').map((e) => e.event));

describe('applyManualScoping', () => {
  let store: Store;
  beforeEach(async () => {
    store = createMemoryStore();
    await prepareScoring(store, NOW);
    await store.transaction((tx) => tx.users.upsertMany([ADA, BOB, 'carol@contoso.com'].map((upn) => ({ upn, displayName: upn.split('@')[0] }))));
    // Ada's heavy downloads of the last weeks, and one day older than the 90 days scored.
    await ingest(store, [...downloads(ADA, '2026-03-10', 60), ...downloads(ADA, '2026-03-11', 60), ...downloads(ADA, '2026-03-12', 60), ...downloads(ADA, '2025-12-01', 60)]);
  });

  it('brings the users into each policy for the chosen days, back-scores the last 90 days and raises the alert at once', async () => {
    expect(await alertsOf(store, ADA)).toEqual([]);
    const result = await apply(store, { policies: ['Data leaks'], users: ['Ada@Contoso.com', BOB], reason: 'Reported by her manager', durationDays: 14 });

    expect(result.scoped.map((s) => [s.userId, s.policyId, s.from, s.to])).toEqual([
      [ADA, 'data-leaks', '2025-12-20T12:00:00.000Z', '2026-04-03T12:00:00.000Z'],
      [BOB, 'data-leaks', '2025-12-20T12:00:00.000Z', '2026-04-03T12:00:00.000Z'],
    ]);
    const [scope] = (await scopesOf(store, ADA)).map((d) => d.value);
    expect(scope.windows).toEqual([expect.objectContaining({ reason: 'manual', manualReason: 'Reported by her manager', addedBy: ACTOR, triggeredAt: NOW.toISOString() })]);

    const [alert] = await alertsOf(store, ADA);
    expect(alert).toMatchObject({ id: `data-leaks:${ADA}:1`, policyId: 'data-leaks', status: 'NeedsReview' });
    expect(alert.insights.map((i) => i.key).sort()).toEqual(['indicator:SpoDownload:2026-03-10', 'indicator:SpoDownload:2026-03-11', 'indicator:SpoDownload:2026-03-12']);
    expect(alert.triggeringEvent).toEqual({ kind: 'manual', time: NOW.toISOString(), summary: `added by ${ACTOR}: Reported by her manager` });
    // Event time, not wall time: the alert is dated by the activity that raised it.
    expect(alert.createdAt.slice(0, 10)).toBe('2026-03-12');
    expect(scope.openAlertId).toBe(alert.id);
    expect(result.alerts.map((c) => [c.type, c.alert.id])).toEqual([['created', alert.id]]);
    expect(await alertsOf(store, BOB)).toEqual([]);

    const events = await scopedEvents(store);
    expect(events.map((e) => [e.subject, e.data.policyId, e.data.reason, e.data.trigger, e.data.manualReason, e.data.addedBy])).toEqual([
      [ADA, 'data-leaks', 'manual', 'manual', 'Reported by her manager', ACTOR],
      [BOB, 'data-leaks', 'manual', 'manual', 'Reported by her manager', ACTOR],
    ]);
  });

  it('adds nothing when the same request is applied again', async () => {
    const request: ManualScopingRequest = { policies: ['data-leaks', 'Security policy violations'], users: [ADA], reason: 'Investigation 42', durationDays: 5 };
    await apply(store, request);
    const scopesBefore = await scopesOf(store, ADA);
    const alertsBefore = await alertsOf(store, ADA);
    const eventsBefore = await store.transaction((tx) => tx.outbox.pending(10_000));

    const again = await apply(store, request);
    expect(again.scoped).toEqual([]);
    expect(again.unchanged).toEqual([
      { policyId: 'data-leaks', userId: ADA },
      { policyId: 'security-policy-violations', userId: ADA },
    ]);
    expect(again.alerts).toEqual([]);
    expect(await scopesOf(store, ADA)).toEqual(scopesBefore);
    expect(await alertsOf(store, ADA)).toEqual(alertsBefore);
    expect(await store.transaction((tx) => tx.outbox.pending(10_000))).toEqual(eventsBefore);
  });

  it('does not score activity older than the 90 days, and later activity in the window is scored by ingestion', async () => {
    await apply(store, { policies: ['Data leaks'], users: [ADA], reason: 'r', durationDays: 10 });
    const [first] = await alertsOf(store, ADA);
    expect(first.insights.some((i) => i.day === '2025-12-01')).toBe(false);

    await ingest(store, downloads(ADA, '2026-03-22', 60));
    const [updated] = await alertsOf(store, ADA);
    expect(updated.id).toBe(first.id);
    expect(updated.insights.map((i) => i.day)).toContain('2026-03-22');
    expect(updated.score).toBeGreaterThan(first.score);
  });

  it('reports every problem at once — unknown policy, user not in the directory, days out of range — and applies nothing', async () => {
    const issues = await issuesOf(apply(store, { policies: ['Data leaks', 'Data leak'], users: [ADA, 'zed@contoso.com', 'not a upn'], reason: 'r', durationDays: 31 }));
    expect(issues).toEqual([
      { field: 'policies[1]', reason: 'no policy named "Data leak"; did you mean "Data leaks"?' },
      { field: 'users[2]', reason: 'expected a user principal name such as ada@contoso.com; got "not a upn"' },
      { field: 'durationDays', reason: 'must be a whole number from 5 to 30; got 31' },
      { field: 'users[1]', reason: 'zed@contoso.com is not in the directory; import the directory (users) first or check the spelling' },
    ]);
    expect(await scopesOf(store, ADA)).toEqual([]);
    expect(await scopedEvents(store)).toEqual([]);
  });

  it('refuses a turned-off policy and a user the policy excludes', async () => {
    await store.transaction(async (tx) => {
      const leaks = await getPolicy(tx, 'Data leaks');
      await savePolicy(tx, { ...leaks.value, scope: { ...leaks.value.scope, excludedUsers: [BOB] } }, leaks.etag);
      const spv = await getPolicy(tx, 'Security policy violations');
      await savePolicy(tx, { ...spv.value, enabled: false }, spv.etag);
    });
    const issues = await issuesOf(apply(store, { policies: ['Data leaks', 'Security policy violations'], users: [ADA, BOB], reason: 'r', durationDays: 5 }));
    expect(issues).toEqual([
      { field: 'policies[1]', reason: 'policy "Security policy violations" is turned off' },
      { field: 'users[1]', reason: 'bob@contoso.com is excluded from policy "Data leaks"; remove the exclusion first' },
    ]);
  });

  it('takes the users from the CSV, naming the row of each bad or unknown one', async () => {
    const text = 'user principal name\nada@contoso.com\nzed@contoso.com\nnot-a-upn\nbob@contoso.com\n';
    const issues = await issuesOf(apply(store, { policies: ['Data leaks'], csv: { file: 'people.csv', text }, reason: 'r', durationDays: 5 }));
    expect(issues).toEqual([
      { file: 'people.csv', row: 4, field: 'user principal name', reason: 'expected a user principal name such as ada@contoso.com; got "not-a-upn"' },
      { file: 'people.csv', row: 3, field: 'user principal name', reason: 'zed@contoso.com is not in the directory; import the directory (users) first or check the spelling' },
    ]);

    const result = await apply(store, { policies: ['Data leaks'], csv: { file: 'people.csv', text: 'User Principal Name\r\nada@contoso.com\r\ncarol@contoso.com\r\n' }, reason: 'r', durationDays: 5 });
    expect(result.scoped.map((s) => s.userId)).toEqual([ADA, 'carol@contoso.com']);
  });

  it('refuses users and a CSV together', async () => {
    await expect(apply(store, { policies: ['Data leaks'], users: [ADA], csv: { file: 'x.csv', text: 'user principal name\nbob@contoso.com' }, reason: 'r', durationDays: 5 })).rejects.toThrow(ValidationError);
  });

  it('keeps a trigger window and the manual window side by side, and keeps the alert count', async () => {
    // A High DLP alert brings Ada into Data leaks by trigger first.
    await ingest(store, [
      { id: 'dlp:1', source: 'dlp', kind: 'dlp.alert', userId: ADA, time: '2026-03-15T08:00:00.000Z', operation: 'DlpAlert', severity: 'High', title: 'Exfiltration' },
    ]);
    const [triggered] = (await scopesOf(store, ADA)).filter((d) => d.value.policyId === 'data-leaks').map((d) => d.value);
    expect(triggered.windows.map((w) => w.reason)).toEqual(['trigger']);

    const result = await apply(store, { policies: ['Data leaks'], users: [ADA], reason: 'keep watching', durationDays: 30 });
    const [scope] = (await scopesOf(store, ADA)).filter((d) => d.value.policyId === 'data-leaks').map((d) => d.value);
    // Each keeps what only it knows: the triggering alert, and the admin's reason.
    expect(scope.windows.map((w) => [w.reason, w.triggerActivityId ?? w.manualReason, w.from, w.to])).toEqual([
      ['manual', 'keep watching', '2025-12-20T12:00:00.000Z', '2026-04-19T12:00:00.000Z'],
      ['trigger', 'dlp:1', triggered.windows[0].from, triggered.windows[0].to],
    ]);
    expect(result.scoped[0].to).toBe('2026-04-19T12:00:00.000Z');
    expect(scope.alerts).toBe(triggered.alerts);
  });

  it('does not give a user added by hand to a departure policy the departing-window factor', async () => {
    await apply(store, { policies: ['Data theft by departing users'], users: [ADA], reason: 'r', durationDays: 5 });
    const [alert] = (await alertsOf(store, ADA)).filter((a) => a.policyId === 'data-theft-by-departing-users');
    expect(alert.insights.length).toBeGreaterThan(0);
    for (const insight of alert.insights) expect(insight.explanation).not.toContain('departingWindow');
  });
});
