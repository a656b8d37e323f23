import { dailyAggregatesCollection, dailyStepsCollection, stepSegmentKey, type DailyAggregate, type DailySteps } from '../../../../core/persistence/collections';
import { loadUserDays } from '../../../../core/scoring/engine/user-days';
import { createMemoryStore } from '../../../support/memory-store';

const ANN = 'ann@contoso.com';

function day(d: string, count: number, userId = ANN): DailyAggregate {
  return { userId, day: d, cells: { CopyToUSB: { count, priorityContent: false, unallowedDomain: false, top: [], first: `${d}T09:00:00.000Z`, last: `${d}T10:00:00.000Z` } }, steps: [] };
}

describe('loadUserDays', () => {
  it('reads the range in day order, taking the days just written from memory and the rest from the store', async () => {
    const store = createMemoryStore();
    await store.transaction(async (tx) => {
      const docs = tx.documents(dailyAggregatesCollection);
      for (const [d, n] of [['2026-03-01', 1], ['2026-03-02', 2], ['2026-03-03', 3], ['2026-03-05', 5], ['2026-03-09', 9]] as const) await docs.upsert(ANN, d, day(d, n));
      await docs.upsert('bob@contoso.com', '2026-03-04', day('2026-03-04', 4, 'bob@contoso.com'));
    });
    // As the aggregation leaves them: 03-02 changed in this unit of work, 03-04 new, and a
    // day of another user and one outside the range that must not be picked.
    const fresh = new Map<string, DailyAggregate>([
      ['2026-03-02', day('2026-03-02', 20)],
      ['2026-03-04', day('2026-03-04', 40)],
      ['2026-03-08', day('2026-03-08', 80)],
      ['2026-03-06', day('2026-03-06', 60, 'bob@contoso.com')],
    ]);
    const loaded = await store.transaction((tx) => loadUserDays(tx, ANN, { from: '2026-03-02', to: '2026-03-08' }, fresh));
    expect(loaded.aggregates.map((a) => [a.day, a.cells.CopyToUSB.count])).toEqual([
      ['2026-03-02', 20],
      ['2026-03-03', 3],
      ['2026-03-04', 40],
      ['2026-03-05', 5],
    ]);
    const plain = await store.transaction((tx) => loadUserDays(tx, ANN, { from: '2026-03-01', to: '2026-03-10' }));
    expect(plain.aggregates.map((a) => a.day)).toEqual(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-05', '2026-03-09']);
  });

  it('reads the steps of a day from all its counted segments in order, across query pages, taking this unit of work\'s own from memory and skipping orphans', async () => {
    const D = '2026-03-05';
    const segment = (n: number): DailySteps => ({
      userId: ANN,
      day: D,
      key: stepSegmentKey(D, n),
      segment: n,
      steps: [{ activityId: `audit:${n}`, time: `${D}T10:00:00.000Z`, role: 'exfiltrate', fileName: `f${n}.docx`, indicatorId: 'CopyToUSB' }],
    });
    const TOTAL = 2_051; // more than one page of 2,000
    const store = createMemoryStore();
    await store.transaction(async (tx) => {
      const steps = tx.documents(dailyStepsCollection);
      for (let n = 1; n < TOTAL; n++) await steps.upsert(ANN, stepSegmentKey(D, n), segment(n));
      // Beyond the day's count: left by a failed unit of work, not to be read.
      await steps.upsert(ANN, stepSegmentKey(D, TOTAL + 1), segment(TOTAL + 1));
      await tx.documents(dailyAggregatesCollection).upsert(ANN, '2026-03-04', { ...day('2026-03-04', 1), steps: [{ activityId: 'audit:legacy', time: '2026-03-04T10:00:00.000Z', role: 'exfiltrate', fileName: 'old.docx', indicatorId: 'CopyToUSB' }] });
    });
    // This unit of work wrote the last segment and the day document counting it.
    const own = segment(TOTAL);
    const fresh = new Map([[D, { ...day(D, 5), stepSegments: TOTAL }]]);
    const { byDay, narrower } = await store.transaction(async (tx) => {
      const loaded = await loadUserDays(tx, ANN, { from: '2026-03-01', to: '2026-03-08' }, fresh, new Map([[own.key, own]]));
      return { byDay: await loaded.steps('2026-03-01', '2026-03-08'), narrower: await loaded.steps(D, '2026-03-06') };
    });
    expect([...byDay.keys()]).toEqual(['2026-03-04', D]);
    expect(byDay.get('2026-03-04')?.map((s) => s.activityId)).toEqual(['audit:legacy']);
    expect(byDay.get(D)?.map((s) => s.activityId)).toEqual(Array.from({ length: TOTAL }, (_, i) => `audit:${i + 1}`));
    // A narrower range gives just its days.
    expect([...narrower.keys()]).toEqual([D]);
  });
});
