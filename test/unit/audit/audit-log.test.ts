import { createHash } from 'node:crypto';
import {
  AUDIT_ANCHOR_ID,
  AUDIT_HEAD_ID,
  AUDIT_PARTITION,
  auditAnchorCollection,
  auditEntriesCollection,
  auditEntriesUncheckedCollection,
  auditHeadCollection,
} from '../../../core/audit/audit-collections';
import { type AuditEntry, type AuditInput, GENESIS_HASH, auditEntryId } from '../../../core/audit/audit-entry';
import {
  appendAudit,
  appendAuditMany,
  listAudit,
  purgeExpiredAudit,
  readAuditPage,
  verifyAuditChain,
} from '../../../core/audit/audit-log';
import { ConflictError, OperationalError, ValidationError } from '../../../core/errors';
import type { Clock } from '../../../core/ports/clock';
import type { Store } from '../../../core/ports/store';
import { nodeHasher } from '../../../infra/crypto/node-hasher';
import { createMemoryStore } from '../../support/memory-store';
import { createSharedDocuments } from './shared-documents';

const DAY = 24 * 60 * 60 * 1000;

/** A clock the test moves by hand. */
function manualClock(start: string): Clock & { advance(ms: number): void } {
  let t = Date.parse(start);
  return {
    now: () => new Date(t),
    advance(ms) {
      t += ms;
    },
  };
}

function change(n: number, extra: Partial<AuditInput> = {}): AuditInput {
  return {
    category: 'Settings',
    activity: 'Edited settings',
    actor: { id: 'cli:ada' },
    target: `timeframes.setting${n}`,
    details: { setting: `timeframes.setting${n}`, before: n, after: n + 1 },
    ...extra,
  };
}

async function appendMany(store: Store, clock: Clock, count: number, extra: Partial<AuditInput> = {}): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for (let n = 1; n <= count; n++) entries.push(await store.transaction((tx) => appendAudit(tx, nodeHasher, clock, change(n, extra))));
  return entries;
}

const verify = (store: Store) => store.transaction((tx) => verifyAuditChain(tx, nodeHasher));

/** Rewrites a stored entry document directly, bypassing the log (what a tamperer with store access does). */
async function tamper(store: Store, sequence: number, edit: (body: Record<string, unknown>) => unknown): Promise<void> {
  await store.transaction(async (tx) => {
    const raw = tx.documents(auditEntriesUncheckedCollection);
    const stored = await raw.get(AUDIT_PARTITION, auditEntryId(sequence));
    if (stored === undefined) throw new Error(`no entry ${sequence}`);
    await raw.replace(AUDIT_PARTITION, auditEntryId(sequence), edit(structuredClone(stored.value) as Record<string, unknown>), stored.etag);
  });
}

/** An independent hash: sorted keys at every level, no whitespace, SHA-256 hex. */
function expectedHash(entry: AuditEntry): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sorted) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])])) : v;
  const { hash: _hash, ...rest } = entry;
  return createHash('sha256').update(JSON.stringify(sorted(rest))).digest('hex');
}

describe('appending to the audit log', () => {
  it('chains entries 1, 2, 3 from 64 zeros, each hash over the canonical entry, stored under zero-padded ids', async () => {
    const store = createMemoryStore();
    const clock = manualClock('2026-03-01T09:00:00Z');
    const [first] = await appendMany(store, clock, 1);
    clock.advance(1000);
    const [, second, third] = [first, ...(await store.transaction((tx) => appendAuditMany(tx, nodeHasher, clock, [change(2), change(3)])))];

    expect(first).toMatchObject({ sequence: 1, prevHash: GENESIS_HASH, time: '2026-03-01T09:00:00.000Z', category: 'Settings', actor: { id: 'cli:ada' } });
    expect(second).toMatchObject({ sequence: 2, prevHash: first.hash, time: '2026-03-01T09:00:01.000Z' });
    expect(third).toMatchObject({ sequence: 3, prevHash: second.hash });
    for (const entry of [first, second, third]) expect(entry.hash).toBe(expectedHash(entry));

    const stored = await store.transaction(async (tx) => ({
      entry2: await tx.documents(auditEntriesCollection).get(AUDIT_PARTITION, '000000000002'),
      head: await tx.documents(auditHeadCollection).get(AUDIT_PARTITION, AUDIT_HEAD_ID),
    }));
    expect(stored.entry2?.value).toEqual(second);
    expect(stored.head?.value).toMatchObject({ sequence: 3, hash: third.hash });
  });

  it('stores only what was given: no undefined optionals, details reduced to plain JSON', async () => {
    const store = createMemoryStore();
    const clock = manualClock('2026-03-01T09:00:00Z');
    const entry = await store.transaction((tx) =>
      appendAudit(tx, nodeHasher, clock, {
        category: 'Alerts',
        activity: 'Dismissed alert',
        actor: { id: '8f14e45f-ceea-467f-a0e6-1b2c3d4e5f60', name: 'Ada Lovelace' },
        target: undefined,
        details: { reason: 'benign', note: undefined, tags: ['a', 'b'] },
      }),
    );
    expect(Object.keys(entry).sort()).toEqual(['activity', 'actor', 'category', 'details', 'hash', 'prevHash', 'sequence', 'time']);
    expect(entry.details).toEqual({ reason: 'benign', tags: ['a', 'b'] });
    expect((await verify(store)).intact).toBe(true);
  });

  it('refuses an invalid entry with issues naming the field and what was expected', async () => {
    const store = createMemoryStore();
    const clock = manualClock('2026-03-01T09:00:00Z');
    const attempt = (input: AuditInput) => store.transaction((tx) => appendAudit(tx, nodeHasher, clock, input));

    const badCategory = await attempt({ ...change(1), category: 'Setting' as AuditInput['category'] }).catch((e: unknown) => e);
    expect(badCategory).toBeInstanceOf(ValidationError);
    expect((badCategory as ValidationError).issues.map((i) => i.field)).toEqual(['category']);

    const upnActor = await attempt({ ...change(1), actor: { id: 'ada@contoso.com' } }).catch((e: unknown) => e);
    expect((upnActor as ValidationError).issues).toEqual([{ field: 'actor.id', reason: 'must be an Entra object id (GUID), cli:<os user> or system' }]);

    const notJson = await attempt({ ...change(1), details: { when: new Date() as unknown as string } }).catch((e: unknown) => e);
    expect(notJson).toBeInstanceOf(ValidationError);
    expect((notJson as ValidationError).issues[0].field).toBe('details.when');

    expect((await verify(store)).entries).toBe(0);
  });

  it('gives sequences 1..N with an intact chain to many appends started together', async () => {
    const store = createMemoryStore();
    const clock = manualClock('2026-03-01T09:00:00Z');
    const entries = await Promise.all(Array.from({ length: 30 }, (_, i) => store.transaction((tx) => appendAudit(tx, nodeHasher, clock, change(i + 1)))));
    expect(entries.map((e) => e.sequence).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(await verify(store)).toMatchObject({ intact: true, entries: 30, firstSequence: 1, lastSequence: 30 });
  });
});

describe('appending without transactions (Cosmos DB semantics)', () => {
  it('keeps sequences unique and the chain intact when writers race, retrying on conflicts', async () => {
    const shared = createSharedDocuments();
    const clock = manualClock('2026-03-01T09:00:00Z');
    const entries = await Promise.all(Array.from({ length: 6 }, (_, i) => appendAudit(shared.tx, nodeHasher, clock, change(i + 1))));
    expect(entries.map((e) => e.sequence).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    // The race really happened: some writers lost a create or a head move and went round again.
    expect(shared.conflicts).toBeGreaterThan(0);
    expect(await verifyAuditChain(shared.tx, nodeHasher)).toMatchObject({ intact: true, entries: 6, lastSequence: 6 });
  });

  it('gives up with ConflictError after the bounded number of attempts', async () => {
    const shared = createSharedDocuments();
    const clock = manualClock('2026-03-01T09:00:00Z');
    // Another writer that always gets there first: each entry id is taken just before our create.
    shared.beforeCall = (collection, operation) => {
      if (collection === 'audit' && operation === 'create') throw new ConflictError('taken');
    };
    const failure = await appendAudit(shared.tx, nodeHasher, clock, change(1), { maxAttempts: 4 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ConflictError);
    expect(shared.calls.get('audit.create')).toBe(4);
  });

  it('heals a head left behind by a writer that stopped after creating its entry', async () => {
    const shared = createSharedDocuments();
    const clock = manualClock('2026-03-01T09:00:00Z');
    await appendAudit(shared.tx, nodeHasher, clock, change(1));
    shared.beforeCall = (collection, operation) => {
      if (collection === 'audit-head' && operation === 'replace') throw new OperationalError('process killed');
    };
    await expect(appendAudit(shared.tx, nodeHasher, clock, change(2))).rejects.toBeInstanceOf(OperationalError);
    shared.beforeCall = undefined;

    const head = async () => (await shared.tx.documents(auditHeadCollection).get(AUDIT_PARTITION, AUDIT_HEAD_ID))?.value.sequence;
    expect(await head()).toBe(1);
    // Entry 2 is stored and chained; the lagging head is a state verification accepts.
    expect(await verifyAuditChain(shared.tx, nodeHasher)).toMatchObject({ intact: true, entries: 2 });

    const third = await appendAudit(shared.tx, nodeHasher, clock, change(3));
    expect(third.sequence).toBe(3);
    expect(await head()).toBe(3);
    expect(await verifyAuditChain(shared.tx, nodeHasher)).toMatchObject({ intact: true, entries: 3, lastSequence: 3 });
  });
});

describe('verifying the audit log', () => {
  let store: Store;
  let entries: AuditEntry[];
  beforeEach(async () => {
    store = createMemoryStore();
    entries = await appendMany(store, manualClock('2026-03-01T09:00:00Z'), 4);
  });

  it('reports an intact log with its range and last hash', async () => {
    expect(await verify(store)).toEqual({ intact: true, entries: 4, firstSequence: 1, lastSequence: 4, lastHash: entries[3].hash });
  });

  it('reports an empty log as intact with no entries', async () => {
    expect(await verify(createMemoryStore())).toEqual({ intact: true, entries: 0 });
  });

  it('detects a changed field', async () => {
    await tamper(store, 2, (body) => ({ ...body, details: { setting: 'timeframes.setting2', before: 2, after: 30 } }));
    expect(await verify(store)).toMatchObject({ intact: false, entries: 1, lastSequence: 1, problem: { sequence: 2, reason: 'entry 2 was altered: its content no longer matches its hash' } });
  });

  it('detects a changed entry whose hash was recomputed, at the next entry', async () => {
    await tamper(store, 2, (body) => {
      const edited = { ...(body as AuditEntry), actor: { id: 'system' } };
      return { ...edited, hash: expectedHash(edited) };
    });
    expect((await verify(store)).problem).toEqual({ sequence: 3, reason: 'the chain is broken before entry 3: its previous hash is not the hash of entry 2' });
  });

  it('detects a deleted entry in the middle', async () => {
    await store.transaction((tx) => tx.documents(auditEntriesUncheckedCollection).delete(AUDIT_PARTITION, auditEntryId(2)));
    expect((await verify(store)).problem).toEqual({ sequence: 2, reason: 'entry 2 is missing (the next stored entry is 3)' });
  });

  it('detects a deleted first entry', async () => {
    await store.transaction((tx) => tx.documents(auditEntriesUncheckedCollection).delete(AUDIT_PARTITION, auditEntryId(1)));
    expect((await verify(store)).problem).toEqual({ sequence: 1, reason: 'entry 1 is missing (the next stored entry is 2)' });
  });

  it('detects a deleted newest entry through the head', async () => {
    await store.transaction((tx) => tx.documents(auditEntriesUncheckedCollection).delete(AUDIT_PARTITION, auditEntryId(4)));
    expect(await verify(store)).toMatchObject({
      intact: false,
      entries: 3,
      problem: { sequence: 4, reason: 'entry 4 is missing: the head records 4 entries but the log ends at 3' },
    });
  });

  it('detects reordered entries (two documents swapped)', async () => {
    await tamper(store, 2, () => entries[2]);
    await tamper(store, 3, () => entries[1]);
    expect((await verify(store)).problem).toEqual({ sequence: 2, reason: 'entries are out of order: the document of entry 2 holds entry 3' });
  });

  it('detects entries renumbered into another order', async () => {
    // Entry 3's content moved to position 2 and back, with sequences and links rewritten but not the hashes.
    await tamper(store, 2, () => ({ ...entries[2], sequence: 2, prevHash: entries[0].hash }));
    await tamper(store, 3, () => ({ ...entries[1], sequence: 3 }));
    expect((await verify(store)).problem).toEqual({ sequence: 2, reason: 'entry 2 was altered: its content no longer matches its hash' });
  });

  it('detects a field added to a stored entry', async () => {
    await tamper(store, 3, (body) => ({ ...body, approvedBy: 'mallory' }));
    const report = await verify(store);
    expect(report.problem?.sequence).toBe(3);
    expect(report.problem?.reason).toMatch(/^entry 3 is not a valid audit entry: .*approvedBy/);
  });
});

describe('listing the audit log', () => {
  it('filters by category, actor and time, newest first, up to the limit', async () => {
    const store = createMemoryStore();
    const clock = manualClock('2026-03-01T00:00:00Z');
    const inputs: AuditInput[] = [
      change(1),
      { category: 'Policies', activity: 'Created policy', actor: { id: 'cli:bob' }, target: 'leaks' },
      change(3, { actor: { id: 'cli:bob' } }),
      { category: 'Alerts', activity: 'Confirmed alert', actor: { id: 'system' }, target: 'alert-1' },
      change(5),
    ];
    for (const input of inputs) {
      await store.transaction((tx) => appendAudit(tx, nodeHasher, clock, input));
      clock.advance(DAY);
    }
    const list = (filters: Parameters<typeof listAudit>[1]) => store.transaction(async (tx) => (await listAudit(tx, filters)).map((e) => e.sequence));

    expect(await list({})).toEqual([5, 4, 3, 2, 1]);
    expect(await list({ category: 'Settings' })).toEqual([5, 3, 1]);
    expect(await list({ actorId: 'cli:bob' })).toEqual([3, 2]);
    expect(await list({ actorId: 'cli:bob', category: 'Settings' })).toEqual([3]);
    expect(await list({ from: '2026-03-02T00:00:00Z', to: '2026-03-04T00:00:00Z' })).toEqual([3, 2]);
    expect(await list({ from: '2026-03-02T01:00:00+01:00', actorId: 'cli:ada' })).toEqual([5]);
    expect(await list({ limit: 2 })).toEqual([5, 4]);
    expect(await list({ category: 'Cases' })).toEqual([]);
    await expect(list({ from: 'yesterday' })).rejects.toBeInstanceOf(ValidationError);

    expect(await store.transaction(async (tx) => (await readAuditPage(tx, 2, 2)).map((e) => e.sequence))).toEqual([3, 4]);
  });
});

describe('purging entries past retention', () => {
  it('removes entries older than 180 days from the oldest end, records the purge in the anchor, and stays verifiable', async () => {
    const store = createMemoryStore();
    const clock = manualClock('2026-01-01T00:00:00Z');
    const entries = await appendMany(store, clock, 3); // day 0
    clock.advance(10 * DAY);
    entries.push(...(await appendMany(store, clock, 2))); // day 10

    const day185 = new Date(Date.parse('2026-01-01T00:00:00Z') + 185 * DAY);
    const removed = await store.transaction((tx) => purgeExpiredAudit(tx, day185));
    expect(removed).toBe(3);

    const anchor = await store.transaction((tx) => tx.documents(auditAnchorCollection).get(AUDIT_PARTITION, AUDIT_ANCHOR_ID));
    expect(anchor?.value).toEqual({
      sequence: 3,
      hash: entries[2].hash,
      time: entries[2].time,
      totalRemoved: 3,
      purges: [{ at: day185.toISOString(), cutoff: '2026-01-06T00:00:00.000Z', throughSequence: 3, removed: 3 }],
    });
    expect(await verify(store)).toEqual({ intact: true, entries: 2, firstSequence: 4, lastSequence: 5, lastHash: entries[4].hash, purgedThrough: 3 });

    // Nothing more is due; appending continues the chain from the head.
    expect(await store.transaction((tx) => purgeExpiredAudit(tx, day185))).toBe(0);
    clock.advance(200 * DAY);
    const [sixth] = await appendMany(store, clock, 1);
    expect(sixth).toMatchObject({ sequence: 6, prevHash: entries[4].hash });

    // Everything but the newest expires: the anchor moves to 5 and the chain still verifies.
    const later = new Date(clock.now().getTime() + 10 * DAY);
    expect(await store.transaction((tx) => purgeExpiredAudit(tx, later))).toBe(2);
    expect(await verify(store)).toMatchObject({ intact: true, entries: 1, firstSequence: 6, purgedThrough: 5 });
  });

  it('verifies a log whose every entry was purged, and chains the next entry from the anchor', async () => {
    const store = createMemoryStore();
    const clock = manualClock('2026-01-01T00:00:00Z');
    const entries = await appendMany(store, clock, 2);
    clock.advance(181 * DAY);
    expect(await store.transaction((tx) => purgeExpiredAudit(tx, clock.now()))).toBe(2);
    expect(await verify(store)).toEqual({ intact: true, entries: 0, purgedThrough: 2 });
    const [next] = await appendMany(store, clock, 1);
    expect(next).toMatchObject({ sequence: 3, prevHash: entries[1].hash });
    expect(await verify(store)).toMatchObject({ intact: true, entries: 1, firstSequence: 3, lastSequence: 3 });
  });

  it('detects an anchor moved to hide entries that were not purged', async () => {
    const store = createMemoryStore();
    const clock = manualClock('2026-01-01T00:00:00Z');
    const entries = await appendMany(store, clock, 3);
    // Forged: claims entries 1-2 were purged, but with a hash that is not entry 2's.
    await store.transaction((tx) =>
      tx.documents(auditAnchorCollection).create(AUDIT_PARTITION, AUDIT_ANCHOR_ID, { sequence: 2, hash: entries[0].hash, time: entries[1].time, totalRemoved: 2, purges: [] }),
    );
    expect((await verify(store)).problem).toEqual({
      sequence: 3,
      reason: 'the chain is broken before entry 3: its previous hash is not the hash of the last purged entry (2)',
    });
  });

  it('finishes a purge that stopped after moving the anchor', async () => {
    const shared = createSharedDocuments();
    const clock = manualClock('2026-01-01T00:00:00Z');
    for (let n = 1; n <= 3; n++) await appendAudit(shared.tx, nodeHasher, clock, change(n));
    clock.advance(181 * DAY);
    await appendAudit(shared.tx, nodeHasher, clock, change(4));

    let deletes = 0;
    shared.beforeCall = (collection, operation) => {
      if (collection === 'audit' && operation === 'delete' && ++deletes === 2) throw new OperationalError('process killed');
    };
    await expect(purgeExpiredAudit(shared.tx, clock.now())).rejects.toBeInstanceOf(OperationalError);
    shared.beforeCall = undefined;
    // Anchor at 3, entry 1 gone, entries 2 and 3 left behind: still a verifiable log.
    expect(await verifyAuditChain(shared.tx, nodeHasher)).toMatchObject({ intact: true, entries: 1, firstSequence: 4, purgedThrough: 3 });

    expect(await purgeExpiredAudit(shared.tx, clock.now())).toBe(2);
    const left = await shared.tx.documents(auditEntriesCollection).query({ partition: AUDIT_PARTITION });
    expect(left.map((e) => e.value.sequence)).toEqual([4]);
  });
});
