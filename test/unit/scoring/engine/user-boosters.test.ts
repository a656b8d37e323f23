import { ValidationError } from '../../../../core/errors';
import type { Activity } from '../../../../core/ingest/activity';
import { alertsCollection, USER_FACTS_ID, userFactsCollection } from '../../../../core/persistence/collections';
import type { Clock } from '../../../../core/ports/clock';
import type { Store } from '../../../../core/ports/store';
import { prepareScoring } from '../../../../core/scoring/engine/prepare-scoring';
import { scoreActivities } from '../../../../core/scoring/engine/scoring-engine';
import { recordConfirmedViolation, refreshDirectoryFacts } from '../../../../core/scoring/user-facts.repository';
import { createMemoryStore } from '../../../support/memory-store';

// The potential-high-impact and previous-case boosters, wired through the engine: same
// activity, same policy, different people — the boosted insight shows the factor and why.
const clock: Clock = { now: () => new Date('2026-03-01T00:00:00.000Z') };
const POLICY = 'data-theft-by-departing-users';
const BOSS = 'lidia@contoso.com';
const BOB = 'bob@contoso.com';

function resignation(userId: string): Activity {
  return { id: `hr:resign-${userId}`, source: 'hr', kind: 'hr.resignation', userId, time: '2026-03-02T09:00:00.000Z', operation: 'Resignation', details: { lastWorkingDate: '2026-03-20T00:00:00.000Z' } };
}

function usbCopies(userId: string, day: string, count: number): Activity[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `audit:usb-${userId}-${day}-${i}`,
    source: 'audit' as const,
    kind: 'device.copied-to-usb' as const,
    userId,
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

async function insight(store: Store, userId: string, key: string) {
  const alerts = (await store.transaction((tx) => tx.documents(alertsCollection).query({ partition: userId }))).map((d) => d.value);
  const found = alerts.find((a) => a.policyId === POLICY)?.insights.find((i) => i.key === key);
  if (found === undefined) throw new Error(`no insight ${key} for ${userId}`);
  return found;
}

describe('user boosters in the engine', () => {
  let store: Store;
  beforeEach(async () => {
    store = createMemoryStore();
    await prepareScoring(store, clock.now());
    await store.transaction(async (tx) => {
      await tx.users.upsertMany([
        { upn: BOSS, displayName: 'Lidia', jobTitle: 'Finance Director' },
        { upn: BOB, displayName: 'Bob', jobTitle: 'Analyst', managerUpn: BOSS },
      ]);
      await refreshDirectoryFacts(tx);
    });
  });

  it('boosts a potential high-impact user × 1.2 and says why', async () => {
    await ingest(store, [resignation(BOSS), resignation(BOB), ...usbCopies(BOSS, '2026-03-05', 12), ...usbCopies(BOB, '2026-03-05', 12)]);
    const ordinary = await insight(store, BOB, 'indicator:CopyToUSB:2026-03-05');
    const boss = await insight(store, BOSS, 'indicator:CopyToUSB:2026-03-05');
    expect(ordinary.explanation).toBe('12 events (level 2): 30 × 1.5 × 1.25 (departingWindow) = 56.25');
    expect(boss.explanation).toBe('12 events (level 2): 30 × 1.5 × 1.2 (potentialHighImpactUser) × 1.25 (departingWindow) = 67.5 (potential high-impact user: manager at level 0 of the hierarchy (≤ 2); job title "Finance Director" (director))');
    expect(boss.score).toBe(67.5);
  });

  it('boosts activity after a case resolved as a confirmed violation × 1.5, not the activity before', async () => {
    await store.transaction((tx) => recordConfirmedViolation(tx, BOB, 'C-1', '2026-03-05T12:00:00Z'));
    // The resignation writes the last working day into the same facts document; the case stays.
    await ingest(store, [resignation(BOB), ...usbCopies(BOB, '2026-03-05', 12), ...usbCopies(BOB, '2026-03-06', 12)]);
    const facts = await store.transaction((tx) => tx.documents(userFactsCollection).get(BOB, USER_FACTS_ID));
    expect(facts?.value).toMatchObject({ lastWorkingDate: '2026-03-20', confirmedViolations: [{ caseId: 'C-1', resolvedAt: '2026-03-05T12:00:00.000Z' }] });

    expect((await insight(store, BOB, 'indicator:CopyToUSB:2026-03-05')).score).toBe(56.25);
    const afterCase = await insight(store, BOB, 'indicator:CopyToUSB:2026-03-06');
    expect(afterCase.explanation).toBe('12 events (level 2): 30 × 1.5 × 1.5 (previousConfirmedCase) × 1.25 (departingWindow) = 84.38 (case resolved as a confirmed violation on 2026-03-05)');
  });

  it('records a confirmed violation once, keeping the first resolution, and refuses bad arguments', async () => {
    await store.transaction(async (tx) => {
      await recordConfirmedViolation(tx, 'Bob@Contoso.com', 'C-1', '2026-03-05T12:00:00.000Z');
      await recordConfirmedViolation(tx, BOB, 'C-1', '2026-04-01T00:00:00.000Z');
      await recordConfirmedViolation(tx, BOB, 'C-2', '2026-02-01T00:00:00.000Z');
    });
    const facts = await store.transaction((tx) => tx.documents(userFactsCollection).get(BOB, USER_FACTS_ID));
    expect(facts?.value.confirmedViolations).toEqual([
      { caseId: 'C-2', resolvedAt: '2026-02-01T00:00:00.000Z' },
      { caseId: 'C-1', resolvedAt: '2026-03-05T12:00:00.000Z' },
    ]);

    const refused = store.transaction((tx) => recordConfirmedViolation(tx, BOB, '', 'yesterday'));
    await expect(refused).rejects.toBeInstanceOf(ValidationError);
    await expect(refused).rejects.toMatchObject({ issues: [expect.objectContaining({ field: 'caseId' }), expect.objectContaining({ field: 'resolvedAt' })] });
  });

  it('derives the directory facts from reporting lines and keeps them when nothing changed', async () => {
    const reports = Array.from({ length: 25 }, (_, i) => ({ upn: `r${i}@contoso.com`, displayName: `R${i}`, managerUpn: BOB }));
    const second = await store.transaction(async (tx) => {
      await tx.users.upsertMany(reports);
      return refreshDirectoryFacts(tx);
    });
    // Bob now manages 25 people and Lidia 26: both change; the 25 reports get no document.
    expect(second).toEqual({ users: 27, changed: 2, highImpact: 2 });
    const bob = await store.transaction((tx) => tx.documents(userFactsCollection).get(BOB, USER_FACTS_ID));
    expect(bob?.value.directory).toEqual({
      directReports: 25,
      indirectReports: 0,
      hierarchyLevel: 1,
      highImpactReasons: ['25 direct and indirect reports (≥ 25)', 'manager at level 1 of the hierarchy (≤ 2)'],
    });
    expect(await store.transaction((tx) => refreshDirectoryFacts(tx))).toEqual({ users: 27, changed: 0, highImpact: 2 });
  });
});
