import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CosmosClient } from '@azure/cosmos';
import { createHttpServer } from '@vercel/cosmosdb-server';
import type { Activity } from '../../../../core/ingest/activity';
import {
  alertsCollection,
  dailyAggregatesCollection,
  dailyStepsCollection,
  stepSegmentKey,
  type DailyAggregate,
  type DailySteps,
} from '../../../../core/persistence/collections';
import type { Store } from '../../../../core/ports/store';
import { prepareScoring } from '../../../../core/scoring/engine/prepare-scoring';
import { scoreActivities } from '../../../../core/scoring/engine/scoring-engine';
import { createCosmosStore } from '../../../../infra/cosmos/cosmos-store';
import { createSqliteStore } from '../../../../infra/sqlite/sqlite-store';
import { createMemoryStore } from '../../../support/memory-store';
import { exfiltrationChain } from '../scoring-fixtures';

// The unit of work that creates a user's day document keeps its sequence steps in it; each later
// unit of that day writes a segment of its own (`daily-steps`) instead of rewriting them all.

const NOW = new Date('2026-03-01T00:00:00.000Z');
const clock = { now: () => NOW };
const BO = 'bo@contoso.com';
const DAY = '2026-03-04';

const resignation: Activity = {
  id: 'hr:resign-bo',
  source: 'hr',
  kind: 'hr.resignation',
  userId: BO,
  time: '2026-03-02T09:00:00.000Z',
  operation: 'Resignation',
  details: { lastWorkingDate: '2026-03-20T00:00:00.000Z' },
};

function chain(file: string, minute: number): Activity[] {
  return exfiltrationChain(BO, DAY, file, minute);
}

const FILES = ['budget', 'roadmap', 'pricing', 'salaries', 'designs'];
const CHAINS = FILES.map((f, i) => chain(f, i));

// Every store these tests open, closed at the end; Cosmos (no transactions: segments are written
// as they are made, and its queries see them within the unit) against the in-process server.
const opened: Store[] = [];
let cosmosServer: Server | undefined;
let cosmosEndpoint = '';
let cosmosDatabases = 0;
const connectionPolicy = { enableEndpointDiscovery: false };

const ADAPTERS: Record<string, () => Promise<Store>> = {
  memory: async () => createMemoryStore(),
  sqlite: () => createSqliteStore({ path: ':memory:' }),
  cosmos: async () => {
    if (cosmosServer === undefined) {
      const server = createHttpServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      cosmosServer = server;
      cosmosEndpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }
    return createCosmosStore({ endpoint: cosmosEndpoint, key: 'any-key', databaseId: `step-segments-${++cosmosDatabases}`, connectionPolicy });
  },
};

afterAll(async () => {
  for (const store of opened) await store.close();
  if (cosmosServer !== undefined) {
    const admin = new CosmosClient({ endpoint: cosmosEndpoint, key: 'any-key', connectionPolicy });
    for (let n = 1; n <= cosmosDatabases; n++) await admin.database(`step-segments-${n}`).delete();
    admin.dispose();
    const server = cosmosServer;
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  }
});

let open: () => Promise<Store> = ADAPTERS.memory;

async function newStore(): Promise<Store> {
  const store = await open();
  opened.push(store);
  await prepareScoring(store, NOW);
  return store;
}

async function ingest(store: Store, activities: readonly Activity[]): Promise<void> {
  await store.transaction(async (tx) => {
    const { inserted } = await tx.activities.insertMany(activities);
    await scoreActivities(tx, inserted, clock);
  });
}

async function alerts(store: Store): Promise<unknown[]> {
  const found = await store.transaction((tx) => tx.documents(alertsCollection).query({ partition: BO, limit: 100 }));
  return found.map(({ value: a }) => [a.id, a.score, a.insights.map((i) => [i.key, i.score]), a.topActivities.map((t) => t.id), a.firstActivityAt, a.lastActivityAt]);
}

async function segments(store: Store): Promise<DailySteps[]> {
  return (await store.transaction((tx) => tx.documents(dailyStepsCollection).query({ partition: BO, limit: 1000 }))).map((d) => d.value);
}

async function dayDocument(store: Store): Promise<DailyAggregate> {
  const found = await store.transaction((tx) => tx.documents(dailyAggregatesCollection).get(BO, DAY));
  if (found === undefined) throw new Error(`no day document for ${DAY}`);
  return found.value;
}

describe.each(Object.keys(ADAPTERS))('sequence step segments (%s store)', (adapter) => {
  beforeAll(() => {
    open = ADAPTERS[adapter];
  });

  it('keeps the first unit of work\'s steps in the day document, writes each later one a numbered segment of its own, and finds the same sequence as one unit', async () => {
    const whole = await newStore();
    await ingest(whole, [resignation, ...CHAINS.flat()]);
    const expected = await alerts(whole);
    expect(JSON.stringify(expected)).toContain('sequence:');

    const split = await newStore();
    await ingest(split, [resignation]);
    await ingest(split, CHAINS.slice(0, 2).flat());
    await ingest(split, CHAINS.slice(2).flat());
    const day = await dayDocument(split);
    const idsOf = (steps: DailySteps['steps']): string[] => [...new Set(steps.map((st) => st.activityId))].sort();
    expect(idsOf(day.steps ?? [])).toEqual(CHAINS.slice(0, 2).flat().map((a) => a.id).sort());
    expect(day.stepSegments).toBe(1);
    const written = await segments(split);
    expect(written.map((s) => [s.key, s.segment])).toEqual([[stepSegmentKey(DAY, 1), 1]]);
    expect(idsOf(written[0].steps)).toEqual(CHAINS.slice(2).flat().map((a) => a.id).sort());
    expect(await alerts(split)).toEqual(expected);
  });

  it('reads day documents of earlier builds, which held all the day\'s steps themselves', async () => {
    const expectedStore = await newStore();
    await ingest(expectedStore, [resignation, ...CHAINS.flat()]);
    const expected = await alerts(expectedStore);

    // Four chains scored in two units of work, then the segment's steps moved into the day
    // document as builds before 2026-12 kept them, and the segment removed.
    const legacy = await newStore();
    await ingest(legacy, [resignation, ...CHAINS.slice(0, 2).flat()]);
    await ingest(legacy, CHAINS.slice(2, 4).flat());
    await legacy.transaction(async (tx) => {
      const days = tx.documents(dailyAggregatesCollection);
      const stepDocs = tx.documents(dailyStepsCollection);
      const stored = await days.get(BO, DAY);
      const own = await stepDocs.query({ partition: BO, limit: 100 });
      const { stepSegments: _n, ...old } = stored?.value as DailyAggregate;
      expect(own).toHaveLength(1);
      await days.upsert(BO, DAY, { ...old, steps: [...(old.steps ?? []), ...own.flatMap((d) => d.value.steps)] });
      for (const d of own) await stepDocs.delete(BO, d.value.key);
    });
    await ingest(legacy, CHAINS[4]);
    expect(await alerts(legacy)).toEqual(expected);
    const day = await dayDocument(legacy);
    expect(new Set(day.steps?.map((st) => st.activityId))).toEqual(new Set(CHAINS.slice(0, 4).flat().map((a) => a.id)));
    expect(day.stepSegments).toBe(1);
  });

  it('ignores a segment its day document does not count (left by a unit of work that failed without rollback) and overwrites it', async () => {
    // A later copy on the next day re-evaluates the day of the chains without adding to it.
    const nextDay: Activity = { ...CHAINS[0][2], id: 'audit:usb-next-day', time: '2026-03-05T10:00:00.000Z', fileName: 'notes.docx' };
    const units = [[resignation, ...CHAINS.slice(0, 2).flat()], CHAINS.slice(2, 4).flat(), [nextDay], CHAINS[4]];
    const expectedStore = await newStore();
    const expected: unknown[][] = [];
    for (const unit of units) {
      await ingest(expectedStore, unit);
      expected.push(await alerts(expectedStore));
    }

    const store = await newStore();
    await ingest(store, units[0]);
    await ingest(store, units[1]);
    // Segment 2 from a failed unit: steps of files never stored, enough for a sequence of their own.
    const roleOf = (kind: string): 'download' | 'archive' | 'exfiltrate' => (kind === 'file.downloaded' ? 'download' : kind === 'device.file.archived' ? 'archive' : 'exfiltrate');
    const orphanSteps = ['x1', 'x2', 'x3', 'x4', 'x5'].flatMap((f, i) =>
      chain(f, 30 + i).map((a) => ({ activityId: a.id, time: a.time, role: roleOf(a.kind), fileName: a.fileName as string, ...(a.kind === 'device.file.archived' ? { targetFileName: a.destination } : {}), indicatorId: 'CopyToUSB' })),
    );
    const orphan: DailySteps = { userId: BO, day: DAY, key: stepSegmentKey(DAY, 2), segment: 2, steps: orphanSteps };
    await store.transaction((tx) => tx.documents(dailyStepsCollection).upsert(BO, orphan.key, orphan));
    await ingest(store, units[2]);
    expect(await alerts(store)).toEqual(expected[2]);
    await ingest(store, units[3]);
    expect(await alerts(store)).toEqual(expected[3]);
    const overwritten = (await segments(store)).find((s) => s.segment === 2);
    expect([...new Set(overwritten?.steps.map((st) => st.activityId))].sort()).toEqual(CHAINS[4].map((a) => a.id).sort());
  });

  it('links a step made six days before the first day in scope (the earliest a sequence in scope reaches) to one in scope', async () => {
    // Resigned on 10 April: with 30 days of past activity detection, in scope from 11 March.
    const resigned: Activity = { ...resignation, id: 'hr:resign-bo-april', time: '2026-04-10T09:00:00.000Z', details: { lastWorkingDate: '2026-04-24T00:00:00.000Z' } };
    const moved = (a: Activity): Activity => ({ ...a, time: `${a.kind === 'device.file.archived' ? '2026-03-05' : '2026-03-11'}${a.time.slice(10)}` });
    const store = await newStore();
    await ingest(store, [resigned, ...CHAINS.flat().map(moved)]);
    const found = await store.transaction((tx) => tx.documents(alertsCollection).query({ partition: BO, limit: 100 }));
    const departing = found.map((d) => d.value).filter((a) => a.policyId === 'data-theft-by-departing-users');
    const sequences = departing.flatMap((a) => a.insights).filter((i) => i.kind === 'sequence');
    expect(sequences.length).toBeGreaterThan(0);
    for (const insight of sequences) expect(insight.explanation).toMatch(/steps archive /);
  });
});
