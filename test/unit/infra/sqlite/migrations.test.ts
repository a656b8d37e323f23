import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { OperationalError } from '../../../../core/errors';
import { MIGRATIONS, migrate, SCHEMA_VERSION, SchemaTooNewError, type Migration } from '../../../../infra/sqlite/migrations';
import { createSqliteStore } from '../../../../infra/sqlite/sqlite-store';

function appliedVersions(file: string): number[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare<[], number>('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
  } finally {
    db.close();
  }
}

describe('SQLite migrations', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irm-sqlite-migrations-'));
    file = path.join(dir, 'irm.db');
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
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
});
