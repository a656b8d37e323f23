import Database from 'better-sqlite3';
import { ValidationError } from '../../../../core/errors';
import type { Activity } from '../../../../core/ingest/activity';
import { boundMsOf, timeMsOf, userKeyOf } from '../../../../infra/sqlite/activity-keys';
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
