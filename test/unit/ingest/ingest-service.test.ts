import { ValidationError } from '../../../core/errors';
import type { Activity } from '../../../core/ingest/activity';
import { ingestSignals } from '../../../core/ingest/ingest-service';
import type { RecordOutcome } from '../../../core/ingest/record-outcome';
import type { Clock } from '../../../core/ports/clock';
import { createMemoryStore } from '../../support/memory-store';

const clock: Clock = { now: () => new Date('2026-03-05T12:00:00.000Z') };

function act(n: number, userId = 'ada@contoso.com'): Activity {
  return {
    id: `audit:${n}`,
    source: 'audit',
    kind: 'file.downloaded',
    userId,
    time: new Date(Date.UTC(2026, 2, 1, 0, 0, n)).toISOString(),
    operation: 'FileDownloaded',
  };
}

function activities(count: number): RecordOutcome[] {
  return Array.from({ length: count }, (_, i) => ({ type: 'activity', row: i + 1, activity: act(i) }));
}

const request = (outcomes: Iterable<RecordOutcome>) => ({ file: 'f.json', format: 'audit-json' as const, contentHash: 'c'.repeat(64), outcomes });

describe('ingestSignals', () => {
  it('stores new activities, and a second run of the same input stores nothing and counts duplicates', async () => {
    const store = createMemoryStore();
    const first = await ingestSignals(store, request(activities(10)), { clock, chunkSize: 3 });
    expect(first).toMatchObject({ records: 10, accepted: 10, duplicates: 0, rejected: [], unscoredOperations: {} });
    const second = await ingestSignals(store, request(activities(10)), { clock, chunkSize: 3 });
    expect(second).toMatchObject({ records: 10, accepted: 0, duplicates: 10 });
    expect(await store.transaction((tx) => tx.activities.count())).toBe(10);
  });

  it('accounts for every record: accepted, duplicate, rejected or unscored per operation', async () => {
    const store = createMemoryStore();
    const outcomes: RecordOutcome[] = [
      { type: 'activity', row: 1, activity: act(1) },
      { type: 'unscored', row: 2, key: 'audit:u1', operation: 'UserLoggedIn' },
      { type: 'rejected', row: 3, field: 'CreationTime', reason: 'expected an ISO 8601 date-time' },
      { type: 'unscored', row: 4, key: 'audit:u2', operation: 'UserLoggedIn' },
      { type: 'unscored', row: 5, key: 'audit:u3', operation: 'PageViewed' },
      { type: 'activity', row: 6, activity: act(1) },
    ];
    const report = await ingestSignals(store, request(outcomes), { clock });
    expect(report).toEqual({
      batchId: `audit-json:${'c'.repeat(40)}`,
      file: 'f.json',
      format: 'audit-json',
      records: 6,
      accepted: 1,
      duplicates: 1,
      rejected: [{ row: 3, field: 'CreationTime', reason: 'expected an ISO 8601 date-time' }],
      unscoredOperations: { UserLoggedIn: 2, PageViewed: 1 },
    });
  });

  it('rejects records of users missing from the directory, naming the field, and keeps report rows in input order', async () => {
    const store = createMemoryStore();
    await store.transaction((tx) => tx.users.upsertMany([{ upn: 'ada@contoso.com', displayName: 'Ada' }]));
    const outcomes: RecordOutcome[] = [
      { type: 'activity', row: 2, activity: { ...act(1, 'eve@contoso.com'), source: 'hr', kind: 'hr.resignation', id: 'hr:1' }, requiresKnownUser: { field: 'EmailAddress' } },
      { type: 'rejected', row: 3, field: 'EffectiveDate', reason: 'bad date' },
      { type: 'activity', row: 4, activity: { ...act(2), source: 'hr', kind: 'hr.resignation', id: 'hr:2' }, requiresKnownUser: { field: 'EmailAddress' } },
    ];
    const report = await ingestSignals(store, request(outcomes), { clock });
    expect(report.accepted).toBe(1);
    expect(report.rejected).toEqual([
      { row: 2, field: 'EmailAddress', reason: "user 'eve@contoso.com' is not in the directory; import the directory (users) first" },
      { row: 3, field: 'EffectiveDate', reason: 'bad date' },
    ]);
    expect(await store.transaction((tx) => tx.activities.get('ada@contoso.com', 'hr:2'))).toBeDefined();
    expect(await store.transaction((tx) => tx.activities.get('eve@contoso.com', 'hr:1'))).toBeUndefined();
  });

  it('upserts directory users and counts unchanged ones as duplicates', async () => {
    const store = createMemoryStore();
    const users: RecordOutcome[] = [
      { type: 'user', row: 2, user: { upn: 'ada@contoso.com', displayName: 'Ada' } },
      { type: 'user', row: 3, user: { upn: 'bob@contoso.com', displayName: 'Bob' } },
    ];
    expect((await ingestSignals(store, { ...request(users), format: 'directory-csv' }, { clock })).accepted).toBe(2);
    const changed: RecordOutcome[] = [
      { type: 'user', row: 2, user: { upn: 'ada@contoso.com', displayName: 'Ada' } },
      { type: 'user', row: 3, user: { upn: 'bob@contoso.com', displayName: 'Bob Jones' } },
    ];
    const report = await ingestSignals(store, { ...request(changed), format: 'directory-csv' }, { clock });
    expect({ accepted: report.accepted, duplicates: report.duplicates }).toEqual({ accepted: 1, duplicates: 1 });
  });

  it('records the batch as completed and appends one ingest.completed event', async () => {
    const store = createMemoryStore();
    const report = await ingestSignals(store, request(activities(4)), { clock, chunkSize: 2 });
    const batch = await store.transaction((tx) => tx.ingestion.getBatch(report.batchId));
    expect(batch).toMatchObject({ status: 'completed', records: 4, accepted: 4, completedAt: '2026-03-05T12:00:00.000Z' });
    const events = await store.transaction((tx) => tx.outbox.pending(10));
    expect(events.map((e) => e.event.type)).toEqual(['ingest.completed']);
    expect(events[0].event.data).toMatchObject({ batchId: report.batchId, accepted: 4 });
  });

  it('reports progress after every stored chunk', async () => {
    const seen: number[] = [];
    await ingestSignals(createMemoryStore(), request(activities(5)), { clock, chunkSize: 2, onProgress: (n) => seen.push(n) });
    expect(seen).toEqual([2, 4, 5]);
  });

  it('opens no empty unit of work when the input ends on a chunk boundary', async () => {
    const seen: number[] = [];
    await ingestSignals(createMemoryStore(), request(activities(4)), { clock, chunkSize: 2, onProgress: (n) => seen.push(n) });
    expect(seen).toEqual([2, 4]);
  });

  it('stores a chunk larger than its slices as one unit: scoring sees each new activity once, rows stay in input order', async () => {
    const store = createMemoryStore();
    await store.transaction((tx) => tx.users.upsertMany([{ upn: 'ada@contoso.com', displayName: 'Ada' }]));
    // 450 records over several slices: activities, HR rows of an unknown user, rejected rows, unscored records.
    const outcomes: RecordOutcome[] = Array.from({ length: 450 }, (_, i): RecordOutcome => {
      const row = i + 1;
      if (i % 50 === 7) return { type: 'rejected', row, field: 'CreationTime', reason: `bad ${row}` };
      if (i % 50 === 3) {
        return { type: 'activity', row, activity: { ...act(i, 'eve@contoso.com'), id: `hr:${i}` }, requiresKnownUser: { field: 'EmailAddress' } };
      }
      if (i % 50 === 5) return { type: 'unscored', row, key: `audit:u${i}`, operation: 'UserLoggedIn' };
      return { type: 'activity', row, activity: act(i) };
    });
    const calls: string[][] = [];
    const report = await ingestSignals(store, request(outcomes), {
      clock,
      chunkSize: 400,
      afterStore: (_tx, inserted) => {
        calls.push(inserted.map((a) => a.id));
        return Promise.resolve();
      },
    });
    const activityIds = outcomes.flatMap((o) => (o.type === 'activity' && o.requiresKnownUser === undefined ? [o.activity.id] : []));
    expect(report).toMatchObject({ records: 450, accepted: activityIds.length, duplicates: 0, unscoredOperations: { UserLoggedIn: 9 } });
    // One call per unit of work (400 + 50 records), with the chunk's activities in input order.
    expect(calls.map((c) => c.length)).toEqual([activityIds.filter((id) => Number(id.split(':')[1]) < 400).length, activityIds.filter((id) => Number(id.split(':')[1]) >= 400).length]);
    expect(calls.flat()).toEqual(activityIds);
    expect(report.rejected.map((r) => r.row)).toEqual(outcomes.flatMap((o) => (o.type === 'rejected' || (o.type === 'activity' && o.requiresKnownUser) ? [o.row] : [])));
    expect(report.rejected.find((r) => r.row === 4)).toEqual({ row: 4, field: 'EmailAddress', reason: "user 'eve@contoso.com' is not in the directory; import the directory (users) first" });
  });

  it('keeps nothing of a chunk whose input fails after some of its slices were stored', async () => {
    const store = createMemoryStore();
    const all = activities(900);
    function* failing(): Generator<RecordOutcome> {
      for (let i = 0; i < 750; i++) yield all[i];
      throw new Error('read error');
    }
    await expect(ingestSignals(store, request(failing()), { clock, chunkSize: 500 })).rejects.toThrow('read error');
    // The first chunk committed; of the second, 250 records in three slices were written and rolled back.
    expect(await store.transaction((tx) => tx.activities.count())).toBe(500);
    const rerun = await ingestSignals(store, request(all), { clock, chunkSize: 500 });
    expect(rerun).toMatchObject({ accepted: 400, duplicates: 500 });
  });

  it('stores nothing when the input fails before its first record', async () => {
    const store = createMemoryStore();
    const failing: Iterable<RecordOutcome> = {
      [Symbol.iterator]: () => ({
        next: () => {
          throw new ValidationError('f.csv: missing column EmailAddress');
        },
      }),
    };
    await expect(ingestSignals(store, request(failing), { clock })).rejects.toThrow('missing column EmailAddress');
    expect(await store.transaction((tx) => tx.ingestion.listBatches())).toEqual([]);
  });

  it('after a run interrupted mid-file, a second run stores every record exactly once', async () => {
    const store = createMemoryStore();
    const all = activities(25);
    function* interrupted(): Generator<RecordOutcome> {
      for (let i = 0; i < 17; i++) yield all[i];
      throw new Error('killed');
    }
    await expect(ingestSignals(store, request(interrupted()), { clock, chunkSize: 5 })).rejects.toThrow('killed');
    // Whole chunks committed before the interruption; the chunk in flight was not.
    expect(await store.transaction((tx) => tx.activities.count())).toBe(15);
    const rerun = await ingestSignals(store, request(all), { clock, chunkSize: 5 });
    expect(rerun).toMatchObject({ accepted: 10, duplicates: 15 });
    const stored = await store.transaction((tx) => tx.activities.listByUser('ada@contoso.com', { limit: 100 }));
    expect(stored.map((a) => a.id)).toEqual(all.map((o) => (o.type === 'activity' ? o.activity.id : '')));
  });
});
