import { ConflictError, NotFoundError } from '../../core/errors';
import type { DirectoryUser } from '../../core/directory/directory-user';
import type { DomainEvent } from '../../core/events/domain-event';
import type { Activity } from '../../core/ingest/activity';
import type { IngestionBatch } from '../../core/ingest/ingestion-batch';
import { dailyStepsCollection, stepSegmentKey, type DailySteps } from '../../core/persistence/collections';
import type { Store } from '../../core/ports/store';
import type { CollectionDefinition, DocumentQuery } from '../../core/ports/document-collection';
import { z } from 'zod';

/**
 * The Store port's contract. Every adapter runs this same suite; `open` returns a fresh, empty
 * store and `dispose` releases it.
 */
export interface StoreHarness {
  open(): Promise<Store>;
  dispose(store: Store): Promise<void>;
}

const NoteSchema = z.object({ title: z.string(), status: z.string(), rank: z.number(), at: z.string() });
type Note = z.infer<typeof NoteSchema>;
const notes: CollectionDefinition<Note> = { name: 'contract-notes', schema: NoteSchema, indexed: ['status', 'rank', 'at'] };
const note = (title: string, status: string, rank: number, at: string): Note => ({ title, status, rank, at });

function user(upn: string, extra: Partial<DirectoryUser> = {}): DirectoryUser {
  return { upn, displayName: upn.split('@')[0], department: 'Sales', ...extra };
}

function activity(id: string, userId: string, time: string, extra: Partial<Activity> = {}): Activity {
  return { id, source: 'audit', kind: 'file.downloaded', userId, time, operation: 'FileDownloaded', ...extra };
}

function event(id: string, subject: string, time: string): DomainEvent {
  return { id, type: 'ingest.completed', subject, time, data: { n: 1 } };
}

function batch(id: string, startedAt: string): IngestionBatch {
  return {
    id,
    format: 'audit-json',
    file: `${id}.json`,
    contentHash: 'ab'.repeat(32),
    status: 'running',
    startedAt,
    records: 0,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    unscored: 0,
  };
}

export function describeStoreContract(name: string, harness: StoreHarness): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await harness.open();
    });
    afterEach(async () => {
      await harness.dispose(store);
    });

    describe('users', () => {
      it('creates, then reports unchanged and updated users on re-upsert', async () => {
        const first = await store.transaction((tx) =>
          tx.users.upsertMany([user('ada@contoso.com'), user('bob@contoso.com')]),
        );
        expect(first).toEqual({ created: 2, updated: 0, unchanged: 0 });
        const second = await store.transaction((tx) =>
          tx.users.upsertMany([user('ada@contoso.com'), user('bob@contoso.com', { department: 'Legal' })]),
        );
        expect(second).toEqual({ created: 0, updated: 1, unchanged: 1 });
        const bob = await store.transaction((tx) => tx.users.get('bob@contoso.com'));
        expect(bob?.value.department).toBe('Legal');
      });

      it('finds users by UPN regardless of case and returns undefined for strangers', async () => {
        await store.transaction((tx) => tx.users.upsertMany([user('ada@contoso.com', { managerUpn: 'eve@contoso.com' })]));
        const found = await store.transaction((tx) => tx.users.get('Ada@Contoso.COM'));
        expect(found?.value).toEqual(user('ada@contoso.com', { managerUpn: 'eve@contoso.com' }));
        expect(await store.transaction((tx) => tx.users.get('nobody@contoso.com'))).toBeUndefined();
        const many = await store.transaction((tx) => tx.users.getMany(['ADA@contoso.com', 'nobody@contoso.com']));
        expect([...many.keys()]).toEqual(['ada@contoso.com']);
      });

      it('lists users in UPN order with paging and counts them', async () => {
        const upns = ['dan@contoso.com', 'ada@contoso.com', 'cy@contoso.com', 'bob@contoso.com'];
        await store.transaction((tx) => tx.users.upsertMany(upns.map((u) => user(u))));
        const page1 = await store.transaction((tx) => tx.users.list({ limit: 2 }));
        expect(page1.map((u) => u.upn)).toEqual(['ada@contoso.com', 'bob@contoso.com']);
        const page2 = await store.transaction((tx) => tx.users.list({ limit: 2, after: 'bob@contoso.com' }));
        expect(page2.map((u) => u.upn)).toEqual(['cy@contoso.com', 'dan@contoso.com']);
        expect(await store.transaction((tx) => tx.users.count())).toBe(4);
      });

      it('replaces with a current ETag and refuses a stale one with ConflictError', async () => {
        await store.transaction((tx) => tx.users.upsertMany([user('ada@contoso.com')]));
        const read = await store.transaction((tx) => tx.users.get('ada@contoso.com'));
        if (!read) throw new Error('user missing');
        const replaced = await store.transaction((tx) =>
          tx.users.replace({ ...read.value, jobTitle: 'Engineer' }, read.etag),
        );
        expect(replaced.etag).not.toBe(read.etag);
        expect(replaced.value.jobTitle).toBe('Engineer');
        await expect(
          store.transaction((tx) => tx.users.replace({ ...read.value, jobTitle: 'Manager' }, read.etag)),
        ).rejects.toBeInstanceOf(ConflictError);
        const after = await store.transaction((tx) => tx.users.get('ada@contoso.com'));
        expect(after?.value.jobTitle).toBe('Engineer');
      });

      it('upserts by lower-case UPN, whatever case the input uses', async () => {
        await store.transaction((tx) => tx.users.upsertMany([user('Ada@Contoso.com', { displayName: 'ada' })]));
        const again = await store.transaction((tx) => tx.users.upsertMany([user('ada@contoso.com', { displayName: 'ada' })]));
        expect(again).toEqual({ created: 0, updated: 0, unchanged: 1 });
        expect((await store.transaction((tx) => tx.users.list())).map((u) => u.upn)).toEqual(['ada@contoso.com']);
      });

      it('refuses to replace a user that does not exist with NotFoundError', async () => {
        await expect(
          store.transaction((tx) => tx.users.replace(user('ghost@contoso.com'), '1')),
        ).rejects.toBeInstanceOf(NotFoundError);
      });
    });

    describe('activities', () => {
      it('inserts new activities once and counts repeats as duplicates', async () => {
        const a = activity('audit:1', 'ada@contoso.com', '2026-03-01T10:00:00.000Z');
        const b = activity('audit:2', 'ada@contoso.com', '2026-03-01T11:00:00.000Z');
        const first = await store.transaction((tx) => tx.activities.insertMany([a, b, a]));
        expect(first.inserted.map((x) => x.id)).toEqual(['audit:1', 'audit:2']);
        expect(first.duplicates).toBe(1);
        const second = await store.transaction((tx) =>
          tx.activities.insertMany([{ ...a, fileName: 'changed.docx' }, b]),
        );
        expect(second).toEqual({ inserted: [], duplicates: 2 });
        const stored = await store.transaction((tx) => tx.activities.get('ada@contoso.com', 'audit:1'));
        expect(stored?.fileName).toBeUndefined();
        expect(await store.transaction((tx) => tx.activities.count())).toBe(2);
      });

      it('round-trips every field of an activity', async () => {
        const full = activity('audit:full', 'ada@contoso.com', '2026-03-02T08:30:00.123Z', {
          kind: 'device.copied-to-usb',
          source: 'audit',
          operation: 'FileCopiedToRemovableMedia',
          workload: 'Endpoint',
          fileName: 'roadmap.xlsx',
          filePath: 'C:\\Users\\ada\\roadmap.xlsx',
          fileExtension: 'xlsx',
          targetDomains: ['gmail.com'],
          recipients: ['x@gmail.com'],
          destination: 'SanDisk Ultra',
          deviceName: 'LAPTOP-1',
          sensitivityLabel: 'Confidential',
          previousSensitivityLabel: 'Highly Confidential',
          sensitiveInfoTypes: ['Credit Card Number'],
          severity: 'High',
          details: { rating: '2', lastWorkingDate: '2026-04-01T00:00:00.000Z', n: 3, ok: true, none: null },
        });
        await store.transaction((tx) => tx.activities.insertMany([full]));
        expect(await store.transaction((tx) => tx.activities.get('ada@contoso.com', 'audit:full'))).toEqual(full);
        expect(await store.transaction((tx) => tx.activities.get('bob@contoso.com', 'audit:full'))).toBeUndefined();
      });

      it("lists one user's activities in time order within [from, to) and limits them", async () => {
        await store.transaction((tx) =>
          tx.activities.insertMany([
            activity('audit:c', 'ada@contoso.com', '2026-03-03T00:00:00.000Z'),
            activity('audit:a', 'ada@contoso.com', '2026-03-01T00:00:00.000Z'),
            activity('audit:b', 'ada@contoso.com', '2026-03-02T00:00:00.000Z'),
            activity('audit:x', 'bob@contoso.com', '2026-03-02T00:00:00.000Z'),
          ]),
        );
        const all = await store.transaction((tx) => tx.activities.listByUser('ada@contoso.com'));
        expect(all.map((x) => x.id)).toEqual(['audit:a', 'audit:b', 'audit:c']);
        const window = await store.transaction((tx) =>
          tx.activities.listByUser('ada@contoso.com', {
            from: '2026-03-02T00:00:00.000Z',
            to: '2026-03-03T00:00:00.000Z',
          }),
        );
        expect(window.map((x) => x.id)).toEqual(['audit:b']);
        const limited = await store.transaction((tx) => tx.activities.listByUser('ada@contoso.com', { limit: 2 }));
        expect(limited.map((x) => x.id)).toEqual(['audit:a', 'audit:b']);
        expect(await store.transaction((tx) => tx.activities.count('bob@contoso.com'))).toBe(1);
      });
      it('orders activities at the same time by id', async () => {
        await store.transaction((tx) =>
          tx.activities.insertMany([
            activity('audit:b', 'ada@contoso.com', '2026-03-02T00:00:00.000Z'),
            activity('audit:a', 'ada@contoso.com', '2026-03-02T00:00:00.000Z'),
            activity('audit:c', 'ada@contoso.com', '2026-03-01T00:00:00.000Z'),
          ]),
        );
        const listed = await store.transaction((tx) => tx.activities.listByUser('ada@contoso.com'));
        expect(listed.map((x) => x.id)).toEqual(['audit:c', 'audit:a', 'audit:b']);
      });
    });

    describe('ingestion', () => {
      it('marks record keys seen and returns only the new ones', async () => {
        const first = await store.transaction((tx) => tx.ingestion.markSeen(['k1', 'k2', 'k2']));
        expect([...first].sort()).toEqual(['k1', 'k2']);
        const second = await store.transaction((tx) => tx.ingestion.markSeen(['k2', 'k3']));
        expect([...second]).toEqual(['k3']);
      });

      it('saves, replaces and lists batches newest first', async () => {
        await store.transaction(async (tx) => {
          await tx.ingestion.saveBatch(batch('b1', '2026-03-01T00:00:00.000Z'));
          await tx.ingestion.saveBatch(batch('b2', '2026-03-02T00:00:00.000Z'));
        });
        const done: IngestionBatch = {
          ...batch('b1', '2026-03-01T00:00:00.000Z'),
          status: 'completed',
          completedAt: '2026-03-01T00:01:00.000Z',
          records: 10,
          accepted: 7,
          duplicates: 1,
          rejected: 1,
          unscored: 1,
        };
        await store.transaction((tx) => tx.ingestion.saveBatch(done));
        expect(await store.transaction((tx) => tx.ingestion.getBatch('b1'))).toEqual(done);
        expect(await store.transaction((tx) => tx.ingestion.getBatch('nope'))).toBeUndefined();
        const list = await store.transaction((tx) => tx.ingestion.listBatches());
        expect(list.map((b) => b.id)).toEqual(['b2', 'b1']);
        const newest = await store.transaction((tx) => tx.ingestion.listBatches({ limit: 1 }));
        expect(newest.map((b) => b.id)).toEqual(['b2']);
      });
    });

    describe('outbox', () => {
      it('appends events once, hands them out oldest first, and forgets delivered ones', async () => {
        await store.transaction((tx) =>
          tx.outbox.append([event('e1', 'ada@contoso.com', '2026-03-01T00:00:00.000Z'), event('e2', 'system', '2026-03-01T00:00:01.000Z')]),
        );
        await store.transaction((tx) =>
          tx.outbox.append([event('e1', 'ada@contoso.com', '2026-03-01T00:00:00.000Z'), event('e3', 'bob@contoso.com', '2026-03-01T00:00:02.000Z')]),
        );
        const pending = await store.transaction((tx) => tx.outbox.pending(10));
        expect(pending.map((p) => p.event.id)).toEqual(['e1', 'e2', 'e3']);
        expect(pending[0].event).toEqual(event('e1', 'ada@contoso.com', '2026-03-01T00:00:00.000Z'));
        expect(pending[0].sequence).toBeLessThan(pending[1].sequence);
        await store.transaction((tx) =>
          tx.outbox.markDelivered([{ id: 'e1', subject: 'ada@contoso.com' }, { id: 'zz', subject: 'system' }], '2026-03-01T00:00:05.000Z'),
        );
        const rest = await store.transaction((tx) => tx.outbox.pending(1));
        expect(rest.map((p) => p.event.id)).toEqual(['e2']);
      });
      it('hands out at most `limit` pending events and takes a repeated delivery report calmly', async () => {
        await store.transaction((tx) =>
          tx.outbox.append([
            event('e1', 'ada@contoso.com', '2026-03-01T00:00:00.000Z'),
            event('e2', 'ada@contoso.com', '2026-03-01T00:00:01.000Z'),
            event('e3', 'ada@contoso.com', '2026-03-01T00:00:02.000Z'),
          ]),
        );
        expect((await store.transaction((tx) => tx.outbox.pending(2))).map((p) => p.event.id)).toEqual(['e1', 'e2']);
        const delivered = [{ id: 'e1', subject: 'ada@contoso.com' }];
        await store.transaction((tx) => tx.outbox.markDelivered(delivered, '2026-03-01T00:00:05.000Z'));
        await store.transaction((tx) => tx.outbox.markDelivered(delivered, '2026-03-01T00:00:06.000Z'));
        expect((await store.transaction((tx) => tx.outbox.pending(10))).map((p) => p.event.id)).toEqual(['e2', 'e3']);
      });
    });

    describe('documents', () => {
      it('creates, reads, replaces with a current ETag and refuses a stale one', async () => {
        const created = await store.transaction((tx) => tx.documents(notes).create('ada@contoso.com', 'n1', note('a', 'open', 1, '2026-03-01T00:00:00.000Z')));
        expect(created.value.title).toBe('a');
        await expect(
          store.transaction((tx) => tx.documents(notes).create('ada@contoso.com', 'n1', note('b', 'open', 1, '2026-03-01T00:00:00.000Z'))),
        ).rejects.toBeInstanceOf(ConflictError);
        const replaced = await store.transaction((tx) =>
          tx.documents(notes).replace('ada@contoso.com', 'n1', note('a2', 'closed', 1, '2026-03-01T00:00:00.000Z'), created.etag),
        );
        expect(replaced.etag).not.toBe(created.etag);
        await expect(
          store.transaction((tx) => tx.documents(notes).replace('ada@contoso.com', 'n1', note('a3', 'open', 1, '2026-03-01T00:00:00.000Z'), created.etag)),
        ).rejects.toBeInstanceOf(ConflictError);
        await expect(
          store.transaction((tx) => tx.documents(notes).replace('ada@contoso.com', 'missing', note('x', 'open', 1, '2026-03-01T00:00:00.000Z'), '1')),
        ).rejects.toBeInstanceOf(NotFoundError);
        const read = await store.transaction((tx) => tx.documents(notes).get('ada@contoso.com', 'n1'));
        expect(read).toEqual(replaced);
        expect(await store.transaction((tx) => tx.documents(notes).get('bob@contoso.com', 'n1'))).toBeUndefined();
      });

      it('upserts and deletes, honouring an ETag on delete', async () => {
        const first = await store.transaction((tx) => tx.documents(notes).upsert('system', 'cfg', note('v1', 'open', 1, '2026-03-01T00:00:00.000Z')));
        const second = await store.transaction((tx) => tx.documents(notes).upsert('system', 'cfg', note('v2', 'open', 1, '2026-03-01T00:00:00.000Z')));
        expect(second.value.title).toBe('v2');
        await expect(store.transaction((tx) => tx.documents(notes).delete('system', 'cfg', first.etag))).rejects.toBeInstanceOf(ConflictError);
        await store.transaction((tx) => tx.documents(notes).delete('system', 'cfg', second.etag));
        expect(await store.transaction((tx) => tx.documents(notes).get('system', 'cfg'))).toBeUndefined();
        await store.transaction((tx) => tx.documents(notes).delete('system', 'cfg'));
      });

      it('queries by partition, equality, range and order, with a limit, and counts', async () => {
        await store.transaction(async (tx) => {
          const c = tx.documents(notes);
          await c.create('ada@contoso.com', 'a1', note('a1', 'open', 3, '2026-03-03T00:00:00.000Z'));
          await c.create('ada@contoso.com', 'a2', note('a2', 'closed', 1, '2026-03-01T00:00:00.000Z'));
          await c.create('ada@contoso.com', 'a3', note('a3', 'open', 2, '2026-03-02T00:00:00.000Z'));
          await c.create('bob@contoso.com', 'b1', note('b1', 'open', 5, '2026-03-04T00:00:00.000Z'));
        });
        const ids = async (query: DocumentQuery) => (await store.transaction((tx) => tx.documents(notes).query(query))).map((d) => d.value.title);
        expect(await ids({ partition: 'ada@contoso.com' })).toEqual(['a1', 'a2', 'a3']);
        expect(await ids({ where: { status: 'open' }, orderBy: { field: 'rank' } })).toEqual(['a3', 'a1', 'b1']);
        expect(await ids({ where: { status: 'open' }, orderBy: { field: 'rank', direction: 'desc' }, limit: 2 })).toEqual(['b1', 'a1']);
        expect(await ids({ range: { field: 'at', from: '2026-03-02T00:00:00.000Z', to: '2026-03-04T00:00:00.000Z' }, orderBy: { field: 'at' } })).toEqual(['a3', 'a1']);
        expect(await ids({ partition: 'ada@contoso.com', where: { status: 'open', rank: 2 } })).toEqual(['a3']);
        expect(await store.transaction((tx) => tx.documents(notes).count({ where: { status: 'open' } }))).toBe(3);
        expect(await store.transaction((tx) => tx.documents(notes).count({ partition: 'bob@contoso.com' }))).toBe(1);
      });

      it('answers a range on the id field in key order, paged from just after the last key (as step segments are read)', async () => {
        const segment = (userId: string, day: string, n: number): DailySteps => ({
          userId,
          day,
          key: stepSegmentKey(day, n),
          segment: n,
          steps: [{ activityId: `audit:${day}-${n}`, time: `${day}T10:00:00.000Z`, role: 'exfiltrate', fileName: `f${n}.docx`, indicatorId: 'CopyToUSB' }],
        });
        const wanted = [
          ...[1, 2, 3, 4, 5, 10, 11].map((n) => segment('ada@contoso.com', '2026-03-04', n)),
          ...[1, 2].map((n) => segment('ada@contoso.com', '2026-03-05', n)),
        ];
        await store.transaction(async (tx) => {
          const c = tx.documents(dailyStepsCollection);
          // Written out of order, with neighbours outside the range and in another partition.
          for (const d of [...wanted].reverse()) await c.upsert(d.userId, d.key, d);
          await c.upsert('ada@contoso.com', stepSegmentKey('2026-03-03', 9), segment('ada@contoso.com', '2026-03-03', 9));
          await c.upsert('ada@contoso.com', stepSegmentKey('2026-03-06', 1), segment('ada@contoso.com', '2026-03-06', 1));
          await c.upsert('bob@contoso.com', stepSegmentKey('2026-03-04', 1), segment('bob@contoso.com', '2026-03-04', 1));
        });
        const keys: string[] = [];
        let from = '2026-03-04';
        for (let pages = 0; pages < 10; pages++) {
          const page = await store.transaction((tx) =>
            tx.documents(dailyStepsCollection).query({ partition: 'ada@contoso.com', range: { field: 'key', from, to: '2026-03-06' }, orderBy: { field: 'key' }, limit: 4 }),
          );
          keys.push(...page.map((d) => d.value.key));
          if (page.length < 4) break;
          from = `${page[page.length - 1].value.key}\u0000`;
        }
        expect(keys).toEqual(wanted.map((d) => d.key));
      });

      it('keeps collections apart', async () => {
        const other: CollectionDefinition<Note> = { ...notes, name: 'contract-other' };
        await store.transaction((tx) => tx.documents(notes).create('system', 'x', note('x', 'open', 1, '2026-03-01T00:00:00.000Z')));
        expect(await store.transaction((tx) => tx.documents(other).get('system', 'x'))).toBeUndefined();
        expect(await store.transaction((tx) => tx.documents(other).count())).toBe(0);
      });
    });

    describe('transactions', () => {
      it('returns the value of the unit of work and propagates its error', async () => {
        await expect(store.transaction(async () => 42)).resolves.toBe(42);
        await expect(
          store.transaction(async () => {
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
      });

      it('runs concurrent units of work without losing writes', async () => {
        await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            store.transaction((tx) =>
              tx.activities.insertMany([activity(`audit:p${i}`, 'ada@contoso.com', `2026-03-01T00:00:0${i}.000Z`)]),
            ),
          ),
        );
        expect(await store.transaction((tx) => tx.activities.count('ada@contoso.com'))).toBe(10);
      });
    });
  });
}
