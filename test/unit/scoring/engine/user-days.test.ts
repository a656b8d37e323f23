import { dailyAggregatesCollection, type DailyAggregate } from '../../../../core/persistence/collections';
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
});
