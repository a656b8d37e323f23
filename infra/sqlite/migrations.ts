import type Database from 'better-sqlite3';
import { OperationalError } from '../../core/errors';
import { registerActivityKeyFunctions } from './activity-keys';

/**
 * Schema migrations of the SQLite store.
 *
 * Each migration runs in its own transaction on open, and records its version in
 * `schema_migrations` in that same transaction, so a crash mid-upgrade leaves the database at the
 * previous version, never half-way. Migrations are append-only: never edit one that has shipped,
 * add the next version instead.
 *
 * Adding storage for a new feature:
 * 1. Most features (settings, policies, alerts, cases, scopes, aggregates, audit, flow runs,
 *    conversation references …) need no migration: they declare a CollectionDefinition in core
 *    and use `tx.documents(definition)`, which stores them in the generic `documents` table and
 *    indexes the declared fields on first use (document.repository.ts).
 * 2. A high-volume stream that needs its own shape (like activities: range scans over millions
 *    of rows, insert-if-absent at ingestion speed) gets a migration appended here with its table
 *    and indexes, a `<name>.repository.ts` beside the others (statements prepared once per store
 *    in `prepare…Statements`, the repository bound per transaction to its UnitOfWork), an entry
 *    in StoreTransaction (core/ports/store.ts) and in sqlite-store.ts, and contract tests.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'activities, users, ingestion, outbox, documents',
    sql: `
      -- Append-only, the hot path of ingestion. A rowid table (not WITHOUT ROWID): rows are ~1 KB,
      -- and appending them in rowid order measured 2-3x faster than clustering them by id or by
      -- (user_id, time). body is the whole Activity as compact JSON; the columns beside it are copies
      -- for lookups. time is ISO-8601 UTC text, which sorts as time does.
      CREATE TABLE activities (
        id      TEXT NOT NULL PRIMARY KEY,
        user_id TEXT NOT NULL,
        time    TEXT NOT NULL,
        kind    TEXT NOT NULL,
        body    TEXT NOT NULL
      );
      CREATE INDEX activities_by_user_time ON activities (user_id, time, id);

      -- The directory. version is the optimistic-concurrency counter; the ETag is its decimal string.
      CREATE TABLE users (
        upn     TEXT NOT NULL PRIMARY KEY,
        version INTEGER NOT NULL,
        body    TEXT NOT NULL
      );

      -- Keys of input records that produced no activity; only ever probed by key.
      CREATE TABLE records_seen (
        key TEXT NOT NULL PRIMARY KEY
      ) WITHOUT ROWID;

      CREATE TABLE ingestion_batches (
        id         TEXT NOT NULL PRIMARY KEY,
        started_at TEXT NOT NULL,
        body       TEXT NOT NULL
      );
      CREATE INDEX ingestion_batches_by_start ON ingestion_batches (started_at, id);

      -- AUTOINCREMENT so a sequence is never reused, even after the newest rows are pruned: the
      -- dispatcher delivers oldest first by sequence.
      CREATE TABLE outbox (
        sequence     INTEGER PRIMARY KEY AUTOINCREMENT,
        id           TEXT NOT NULL UNIQUE,
        subject      TEXT NOT NULL,
        type         TEXT NOT NULL,
        time         TEXT NOT NULL,
        body         TEXT NOT NULL,
        delivered_at TEXT
      );
      -- Delivered events pile up; the dispatcher only ever looks at the few that are not.
      CREATE INDEX outbox_pending ON outbox (sequence) WHERE delivered_at IS NULL;

      -- Every DocumentCollection (core/ports/document-collection.ts) lives here: settings, policies,
      -- alerts, cases, aggregates, audit … partition mirrors the Cosmos partition key, so both
      -- adapters address a document the same way. version is the optimistic-concurrency counter.
      -- Queried fields are read with json_extract; the adapter adds one partial expression index
      -- per (collection, indexed field) when a collection is first used (document.repository.ts),
      -- so a new collection or field needs no migration.
      CREATE TABLE documents (
        collection TEXT NOT NULL,
        partition  TEXT NOT NULL,
        id         TEXT NOT NULL,
        version    INTEGER NOT NULL,
        body       TEXT NOT NULL,
        PRIMARY KEY (collection, partition, id)
      );
    `,
  },
  {
    version: 2,
    name: 'activities indexed by integer user key and time',
    // The text index (user_id, time, id) made each insert cost about twice what the row did;
    // see activity-keys.ts. Existing rows get their keys from the functions migrate() registers.
    sql: `
      ALTER TABLE activities ADD COLUMN user_key INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE activities ADD COLUMN time_ms INTEGER NOT NULL DEFAULT 0;
      UPDATE activities SET user_key = irm_user_key(user_id), time_ms = irm_time_ms(time);
      DROP INDEX activities_by_user_time;
      CREATE INDEX activities_by_user_key_time ON activities (user_key, time_ms);
    `,
  },
  {
    version: 3,
    name: 'activities keyed by an integer id bucket',
    // The primary key on the id text was the costliest index of an insert (random ~42-character
    // keys); a unique integer key in buckets of 8 replaces it (activity-keys.ts). SQLite cannot
    // drop a primary key, so the table is rebuilt, in rowid order (append order is what keeps
    // inserts cheap), and the unused ISO time text goes with it (time_ms orders, body holds it).
    // Ids sharing a bucket take its slots in order of arrival.
    sql: `
      CREATE TABLE activities_v3 (
        id_key   INTEGER NOT NULL,
        id       TEXT NOT NULL,
        user_id  TEXT NOT NULL,
        user_key INTEGER NOT NULL,
        time_ms  INTEGER NOT NULL,
        kind     TEXT NOT NULL,
        body     TEXT NOT NULL
      );
      INSERT INTO activities_v3 (id_key, id, user_id, user_key, time_ms, kind, body)
        SELECT bucket + slot, id, user_id, user_key, time_ms, kind, body FROM (
          SELECT rowid AS rid, id, user_id, user_key, time_ms, kind, body, irm_id_bucket(id) AS bucket,
                 row_number() OVER (PARTITION BY irm_id_bucket(id) ORDER BY rowid) - 1 AS slot
          FROM activities
        )
        ORDER BY rid;
      DROP TABLE activities;
      ALTER TABLE activities_v3 RENAME TO activities;
      CREATE UNIQUE INDEX activities_by_id_key ON activities (id_key);
      CREATE INDEX activities_by_user_key_time ON activities (user_key, time_ms);
    `,
  },
];

/** The schema version this build writes and understands. */
export const SCHEMA_VERSION: number = MIGRATIONS[MIGRATIONS.length - 1].version;

/** The database was written by a newer build; opening it with this one could corrupt it. */
export class SchemaTooNewError extends OperationalError {
  override readonly code = 'schema_too_new';
  constructor(
    readonly databaseVersion: number,
    readonly supportedVersion: number,
    location: string,
  ) {
    super(
      `The SQLite database at ${location} has schema version ${databaseVersion}, but this build of the app ` +
        `understands versions up to ${supportedVersion}. It was written by a newer version: run that version, ` +
        'or point IRM_SQLITE_PATH at another file.',
    );
  }
}

function currentVersion(db: Database.Database): number {
  const row = db.prepare<[], { version: number | null }>('SELECT max(version) AS version FROM schema_migrations').get();
  return row?.version ?? 0;
}

/**
 * Brings the database up to the latest schema. Safe to call on every open and from several
 * processes at once: each step re-reads the version under the write lock (BEGIN IMMEDIATE) before
 * applying, so a migration another process applied first is skipped, not applied twice.
 */
export function migrate(
  db: Database.Database,
  location: string,
  migrations: readonly Migration[] = MIGRATIONS,
): { readonly from: number; readonly to: number } {
  const latest = migrations.length > 0 ? migrations[migrations.length - 1].version : 0;
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER NOT NULL PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  registerActivityKeyFunctions(db);
  const from = currentVersion(db);
  if (from > latest) throw new SchemaTooNewError(from, latest, location);
  if (from === latest) return { from, to: from };

  const record = db.prepare<[number, string, string]>(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  );
  for (const migration of migrations) {
    if (migration.version <= from) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      const now = currentVersion(db);
      if (now > latest) throw new SchemaTooNewError(now, latest, location);
      if (now < migration.version) {
        db.exec(migration.sql);
        record.run(migration.version, migration.name, new Date().toISOString());
      }
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
  }
  return { from, to: latest };
}
