import Database from 'better-sqlite3';
import { OperationalError } from '../../../../core/errors';
import { MIGRATIONS, migrate, SCHEMA_VERSION, SchemaTooNewError, type Migration } from '../../../../infra/sqlite/migrations';
import { createSqliteStore } from '../../../../infra/sqlite/sqlite-store';
import { useTempDir } from '../../../support/temp-dir';

function appliedVersions(file: string): number[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare<[], number>('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
  } finally {
    db.close();
  }
}

describe('SQLite migrations', () => {
  const temp = useTempDir('irm-sqlite-migrations');
  let file: string;
  beforeEach(() => {
    file = temp.file('irm.db');
  });

  it('numbers migrations 1, 2, 3 … with no gap', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });

  it('applies every migration on first open and nothing more on reopen, keeping the data', async () => {
    const first = await createSqliteStore({ path: file });
    await first.transaction((tx) => tx.ingestion.markSeen(['k1']));
    await first.close();
    expect(appliedVersions(file)).toEqual(MIGRATIONS.map((m) => m.version));

    const second = await createSqliteStore({ path: file });
    try {
      expect([...(await second.transaction((tx) => tx.ingestion.markSeen(['k1', 'k2'])))]).toEqual(['k2']);
    } finally {
      await second.close();
    }
    expect(appliedVersions(file)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('refuses a database written by a newer schema with a clear error and leaves it untouched', async () => {
    await (await createSqliteStore({ path: file })).close();
    const db = new Database(file);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
      SCHEMA_VERSION + 1,
      'from the future',
      '2030-01-01T00:00:00.000Z',
    );
    db.close();

    const error: unknown = await createSqliteStore({ path: file }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaTooNewError);
    expect(error).toBeInstanceOf(OperationalError);
    expect((error as SchemaTooNewError).code).toBe('schema_too_new');
    expect((error as Error).message).toContain(`schema version ${SCHEMA_VERSION + 1}`);
    expect((error as Error).message).toContain(`up to ${SCHEMA_VERSION}`);
    expect((error as Error).message).toContain(file);
    expect(appliedVersions(file)).toEqual([...MIGRATIONS.map((m) => m.version), SCHEMA_VERSION + 1]);
  });

  it('rolls back a migration that fails and keeps the ones before it', () => {
    const migrations: Migration[] = [
      { version: 1, name: 'one', sql: 'CREATE TABLE one (x INTEGER)' },
      { version: 2, name: 'two', sql: 'CREATE TABLE two (x INTEGER); INSERT INTO nowhere VALUES (1);' },
    ];
    const db = new Database(file);
    try {
      expect(() => migrate(db, file, migrations)).toThrow(/nowhere/);
      expect(db.inTransaction).toBe(false);
      const tables = db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('one', 'two')").pluck().all();
      expect(tables).toEqual(['one']);
      expect(db.prepare<[], number>('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(1);
      // Fixed, it resumes from where it stopped.
      expect(migrate(db, file, [migrations[0], { version: 2, name: 'two', sql: 'CREATE TABLE two (x INTEGER)' }])).toEqual({ from: 1, to: 2 });
    } finally {
      db.close();
    }
  });

  it('skips a migration another connection applied in the meantime', () => {
    const migrations: Migration[] = [{ version: 1, name: 'one', sql: 'CREATE TABLE one (x INTEGER)' }];
    const a = new Database(file);
    const b = new Database(file);
    try {
      expect(migrate(a, file, migrations)).toEqual({ from: 0, to: 1 });
      expect(migrate(b, file, migrations)).toEqual({ from: 1, to: 1 });
    } finally {
      a.close();
      b.close();
    }
  });

  it('moves a version-1 database to the integer activity indexes: old rows listed in order, counted, read by id, deduplicated', async () => {
    // A database as version 1 wrote it: the text index, no key columns, 4 KiB pages.
    const old = new Database(file);
    migrate(old, file, MIGRATIONS.slice(0, 1));
    const insert = old.prepare('INSERT INTO activities (id, user_id, time, kind, body) VALUES (?, ?, ?, ?, ?)');
    const row = (id: string, userId: string, time: string) =>
      insert.run(id, userId, time, 'file.downloaded', JSON.stringify({ id, source: 'audit', kind: 'file.downloaded', userId, time, operation: 'FileDownloaded' }));
    row('audit:b', 'ann@contoso.com', '2026-03-02T10:00:00.000Z');
    row('audit:a', 'ann@contoso.com', '2026-03-02T10:00:00.000Z');
    row('audit:c', 'ann@contoso.com', '2026-03-01T23:59:59.999Z');
    row('audit:d', 'bob@contoso.com', '2026-03-02T09:00:00.000Z');
    old.close();

    const store = await createSqliteStore({ path: file });
    try {
      expect(appliedVersions(file)).toEqual(MIGRATIONS.map((m) => m.version));
      const listed = await store.transaction((tx) => tx.activities.listByUser('ann@contoso.com'));
      expect(listed.map((a) => a.id)).toEqual(['audit:c', 'audit:a', 'audit:b']);
      const day = await store.transaction((tx) => tx.activities.listByUser('ann@contoso.com', { from: '2026-03-02', to: '2026-03-03' }));
      expect(day.map((a) => a.id)).toEqual(['audit:a', 'audit:b']);
      expect(await store.transaction((tx) => tx.activities.count('ann@contoso.com'))).toBe(3);
      expect(await store.transaction((tx) => tx.activities.count('bob@contoso.com'))).toBe(1);
      expect(await store.transaction((tx) => tx.activities.get('bob@contoso.com', 'audit:d'))).toMatchObject({ id: 'audit:d', time: '2026-03-02T09:00:00.000Z' });
      // An id stored before the migration is still a duplicate after it.
      const again = await store.transaction((tx) =>
        tx.activities.insertMany([{ id: 'audit:d', source: 'audit', kind: 'file.downloaded', userId: 'bob@contoso.com', time: '2026-03-02T09:00:00.000Z', operation: 'FileDownloaded' }]),
      );
      expect(again).toEqual({ inserted: [], duplicates: 1 });
      const indexes = await store.transaction(async () => {
        const db = new Database(file, { readonly: true });
        try {
          return db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'activities' AND sql IS NOT NULL").pluck().all();
        } finally {
          db.close();
        }
      });
      expect(indexes.sort()).toEqual(['activities_by_id_key', 'activities_by_user_key_time']);
    } finally {
      await store.close();
    }
  });

  it('gives ids that share a key bucket its slots in the order they were stored (migration 3)', () => {
    const db = new Database(file);
    try {
      migrate(db, file, MIGRATIONS.slice(0, 2));
      const insert = db.prepare('INSERT INTO activities (id, user_id, time, kind, body, user_key, time_ms) VALUES (?, ?, ?, ?, ?, ?, ?)');
      for (const id of ['audit:z', 'audit:y', 'audit:x']) insert.run(id, 'ann@contoso.com', '2026-03-02T10:00:00.000Z', 'file.downloaded', '{}', 1, 2);
      // Every id in one bucket, as if their hashes agreed: the real function cannot be made to collide.
      db.function('irm_id_bucket', { deterministic: true }, (_id: unknown) => 16);
      db.exec(MIGRATIONS[2].sql);
      const rows = db.prepare<[], { id: string; id_key: number }>('SELECT id, id_key FROM activities ORDER BY rowid').all();
      expect(rows).toEqual([
        { id: 'audit:z', id_key: 16 },
        { id: 'audit:y', id_key: 17 },
        { id: 'audit:x', id_key: 18 },
      ]);
    } finally {
      db.close();
    }
  });

  it('creates new databases with 16 KiB pages', async () => {
    await (await createSqliteStore({ path: file })).close();
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('page_size', { simple: true })).toBe(16384);
    } finally {
      db.close();
    }
  });
});
