import Database from 'better-sqlite3';
import { OperationalError, ValidationError } from '../../../../core/errors';
import type { Activity } from '../../../../core/ingest/activity';
import { boundMsOf, ID_SLOTS, idBucketOf, timeMsOf, userKeyOf } from '../../../../infra/sqlite/activity-keys';
import { createSqliteStore } from '../../../../infra/sqlite/sqlite-store';
import { defaultUsers } from '../../../support/synthetic/audit-records';
import { useTempDir } from '../../../support/temp-dir';

describe('activity index keys', () => {
  const temp = useTempDir('irm-activity-keys');

  it('keeps the persisted user key of a name stable (a change needs a migration)', () => {
    expect(userKeyOf('ann@contoso.com')).toBe(2653192442495994);
    expect(userKeyOf('bob@contoso.com')).toBe(8029969582939176);
  });

  it('gives 20,000 directory names distinct, safe-integer keys', () => {
    const keys = defaultUsers(20_000).map(userKeyOf);
    expect(new Set(keys).size).toBe(20_000);
    expect(keys.every((k) => Number.isSafeInteger(k) && k >= 0)).toBe(true);
  });

  it('keeps the persisted id buckets stable: multiples of the slot count, safe integers', () => {
    expect(idBucketOf('audit:3d6bbcab-8da6-4f2d-aad5-9ed84200335b')).toBe(idBucketOf('audit:3d6bbcab-8da6-4f2d-aad5-9ed84200335b'));
    expect(idBucketOf('audit:1')).toBe(4371085201746904);
    const buckets = Array.from({ length: 20_000 }, (_, i) => idBucketOf(`audit:${i}`));
    expect(new Set(buckets).size).toBe(20_000);
    expect(buckets.every((b) => Number.isSafeInteger(b + ID_SLOTS - 1) && b % ID_SLOTS === 0)).toBe(true);
  });

  it('reads canonical times and refuses what is not a date, naming the bound', () => {
    expect(timeMsOf('2026-03-02T10:00:00.000Z')).toBe(Date.UTC(2026, 2, 2, 10));
    expect(boundMsOf('2026-03-02', 'from')).toBe(Date.UTC(2026, 2, 2));
    const error = (() => {
      try {
        boundMsOf('yesterday', 'to');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toBe("activities to 'yesterday' is not an ISO 8601 date or date-time");
    expect((error as ValidationError).issues).toEqual([{ field: 'to', reason: 'expected ISO 8601, e.g. 2026-03-01T00:00:00Z' }]);
  });

  describe('ids sharing a key bucket', () => {
    const activity = (id: string): Activity => ({ id, source: 'audit', kind: 'file.downloaded', userId: 'ann@contoso.com', time: '2026-03-02T10:00:00.000Z', operation: 'FileDownloaded' });
    /** Stores `ids`, then moves them into the first slots of `target`'s bucket, as if their hashes agreed with its. */
    async function occupy(file: string, ids: string[], target: string): Promise<void> {
      const store = await createSqliteStore({ path: file });
      await store.transaction((tx) => tx.activities.insertMany(ids.map(activity)));
      await store.close();
      const db = new Database(file);
      const bucket = idBucketOf(target);
      ids.forEach((id, slot) => db.prepare('UPDATE activities SET id_key = ? WHERE id = ?').run(bucket + slot, id));
      db.close();
    }

    it('stores a new id in the next free slot, reads it by id, and still knows it for a duplicate', async () => {
      const file = temp.file('irm.db');
      await occupy(file, ['audit:other-1', 'audit:other-2'], 'audit:new');
      const store = await createSqliteStore({ path: file });
      try {
        expect((await store.transaction((tx) => tx.activities.insertMany([activity('audit:new')]))).inserted.map((a) => a.id)).toEqual(['audit:new']);
        expect(await store.transaction((tx) => tx.activities.get('ann@contoso.com', 'audit:new'))).toMatchObject({ id: 'audit:new' });
        // Slot 0 is another id's, so only the range read can tell that this one is already stored.
        expect(await store.transaction((tx) => tx.activities.insertMany([activity('audit:new'), activity('audit:new')]))).toEqual({ inserted: [], duplicates: 2 });
        expect(await store.transaction((tx) => tx.activities.count())).toBe(3);
      } finally {
        await store.close();
      }
      const db = new Database(file, { readonly: true });
      expect(db.prepare('SELECT id_key FROM activities WHERE id = ?').pluck().get('audit:new')).toBe(idBucketOf('audit:new') + 2);
      db.close();
    });

    it('refuses, storing nothing of the unit, an id whose bucket is full', async () => {
      const file = temp.file('irm.db');
      const others = Array.from({ length: ID_SLOTS }, (_, i) => `audit:other-${i}`);
      await occupy(file, others, 'audit:ninth');
      const store = await createSqliteStore({ path: file });
      try {
        const attempt = store.transaction((tx) => tx.activities.insertMany([activity('audit:fine'), activity('audit:ninth')]));
        await expect(attempt).rejects.toBeInstanceOf(OperationalError);
        await expect(attempt).rejects.toThrow(`cannot store activity audit:ninth: all 8 keys of its id bucket ${idBucketOf('audit:ninth')} are taken by other ids`);
        expect(await store.transaction((tx) => tx.activities.count())).toBe(ID_SLOTS);
      } finally {
        await store.close();
      }
    });
  });

  it('never lists another user whose key collides: user_id decides', async () => {
    const file = temp.file('irm.db');
    const store = await createSqliteStore({ path: file });
    const activity = (id: string, userId: string): Activity => ({ id, source: 'audit', kind: 'file.downloaded', userId, time: '2026-03-02T10:00:00.000Z', operation: 'FileDownloaded' });
    await store.transaction((tx) => tx.activities.insertMany([activity('audit:1', 'ann@contoso.com'), activity('audit:2', 'eve@contoso.com')]));
    await store.close();
    // Forge a collision: eve's row gets ann's key.
    const db = new Database(file);
    db.prepare('UPDATE activities SET user_key = ? WHERE user_id = ?').run(userKeyOf('ann@contoso.com'), 'eve@contoso.com');
    db.close();
    const reopened = await createSqliteStore({ path: file });
    try {
      expect((await reopened.transaction((tx) => tx.activities.listByUser('ann@contoso.com'))).map((a) => a.id)).toEqual(['audit:1']);
      expect(await reopened.transaction((tx) => tx.activities.count('ann@contoso.com'))).toBe(1);
    } finally {
      await reopened.close();
    }
  });
});
