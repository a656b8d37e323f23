import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { isAppError, OperationalError, UnexpectedError } from '../../core/errors';
import type { Store, StoreTransaction } from '../../core/ports/store';
import { createActivityRepository, prepareActivityStatements, type ActivityStatements } from './activity.repository';
import { createDocumentCollection, prepareDocumentStatements, type DocumentStatements } from './document.repository';
import { createIngestionRepository, prepareIngestionStatements, type IngestionStatements } from './ingestion.repository';
import { migrate } from './migrations';
import { createOutboxRepository, prepareOutboxStatements, type OutboxStatements } from './outbox.repository';
import { translateSqliteError } from './sqlite-errors';
import { UnitOfWork } from './unit-of-work';
import { createUserRepository, prepareUserStatements, type UserStatements } from './user.repository';

export interface SqliteStoreOptions {
  /** The database file (its folder is created when missing), or ':memory:' for a private one. */
  readonly path: string;
  /**
   * How long a unit of work waits for another process's write lock before failing with
   * ThrottledError. better-sqlite3 waits synchronously, so this also bounds how long the event
   * loop can stall on a contended file. Default 5000 ms.
   */
  readonly busyTimeoutMs?: number;
}

export interface SqliteStore extends Store {
  readonly kind: 'sqlite';
  /** The file in use, resolved; ':memory:' for an in-memory database. */
  readonly path: string;
}

interface Statements {
  readonly users: UserStatements;
  readonly activities: ActivityStatements;
  readonly ingestion: IngestionStatements;
  readonly outbox: OutboxStatements;
  readonly documents: DocumentStatements;
  readonly begin: Database.Statement<[]>;
  readonly commit: Database.Statement<[]>;
  readonly rollback: Database.Statement<[]>;
}

const MEMORY = ':memory:';

/**
 * Opens (creating and migrating as needed) the embedded SQLite store.
 *
 * Durability: WAL journal with `synchronous=NORMAL`. A commit appends to the WAL and returns
 * without an fsync; the WAL is fsynced when it is checkpointed into the database. A committed
 * transaction is in the operating system's file cache the moment COMMIT returns, so it survives
 * the process being killed (kill -9, a crash, an OOM kill): the next open replays the WAL. What
 * a power loss or kernel crash can lose is the last transactions committed since the previous
 * checkpoint; the database itself stays consistent (it rolls back to an earlier commit, never to
 * a torn state). For this product that is acceptable: ingestion is idempotent and is simply run
 * again, and every consumer of the outbox is idempotent. It buys one fsync per checkpoint instead
 * of one per commit, which is what lets a chunked import run at full speed.
 *
 * Units of work are serialized in-process (see `transaction`); other processes on the same file
 * are kept out by SQLite's write lock, waited on for `busyTimeoutMs`.
 */
export function createSqliteStore(options: SqliteStoreOptions): Promise<SqliteStore> {
  try {
    return Promise.resolve(openSqliteStore(options));
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new UnexpectedError(String(error)));
  }
}

function openDatabase(options: SqliteStoreOptions): { db: Database.Database; location: string } {
  const location = options.path === MEMORY ? MEMORY : path.resolve(options.path);
  if (location !== MEMORY) {
    try {
      fs.mkdirSync(path.dirname(location), { recursive: true });
    } catch (error) {
      throw new OperationalError(`cannot create the folder for the SQLite database ${location}`, { cause: error });
    }
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(location, { timeout: options.busyTimeoutMs ?? 5000 });
    // 16 KiB pages (SQLite's default is 4 KiB): fewer, fuller index pages per 1 KB activity row,
    // which measured inserts 25-35% cheaper (activity-keys.ts). It only takes effect on a new
    // file, before the first table; an existing database keeps the page size it was created with.
    db.pragma('page_size = 16384');
    const journal = db.pragma('journal_mode = WAL', { simple: true });
    // WAL is refused on some network file systems; without it NORMAL could lose a commit to a
    // crash or tear the file on power loss, so fall back to FULL there (slower, safe).
    db.pragma(journal === 'wal' || location === MEMORY ? 'synchronous = NORMAL' : 'synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Measured with 1 KB activities in 4,000-row units of work (figures in infra/sqlite/README.md):
    // random activity ids dirty about one page of the id index per row once the index outgrows
    // the cache, so a 64 MiB cache (default 2 MiB; memory is only taken as the file grows) and a
    // checkpoint every ~40 MB of WAL instead of ~4 MB cut the read and write system calls of an
    // import by 40-45% and the fsyncs by two thirds (2,500 pages of 16 KiB; on an older 4 KiB-page
    // file that is ~10 MB). The WAL file is trimmed back after checkpoints.
    db.pragma('cache_size = -65536');
    db.pragma('wal_autocheckpoint = 2500');
    db.pragma('journal_size_limit = 67108864');
    migrate(db, location);
    return { db, location };
  } catch (error) {
    db?.close();
    if (isAppError(error)) throw error;
    const translated = translateSqliteError(error, `opening ${location}`);
    if (isAppError(translated)) throw translated;
    throw new OperationalError(`cannot open the SQLite database ${location}`, { cause: error });
  }
}

function openSqliteStore(options: SqliteStoreOptions): SqliteStore {
  const { db, location } = openDatabase(options);
  let statements: Statements;
  try {
    statements = {
      users: prepareUserStatements(db),
      activities: prepareActivityStatements(db),
      ingestion: prepareIngestionStatements(db),
      outbox: prepareOutboxStatements(db),
      documents: prepareDocumentStatements(db),
      // IMMEDIATE takes the write lock up front: a unit of work that reads and then writes cannot
      // fail half-way with SQLITE_BUSY because another process started writing in between.
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
    };
  } catch (error) {
    db.close();
    throw translateSqliteError(error, `preparing statements on ${location}`);
  }

  // The unit of work whose callback is running, in the async context of that callback, so that a
  // nested store.transaction() can be told apart from a concurrent one from elsewhere.
  const current = new AsyncLocalStorage<UnitOfWork>();
  let tail: Promise<unknown> = Promise.resolve();
  let closing = false;
  let closed: Promise<void> | undefined;

  async function closeWhenIdle(): Promise<void> {
    closing = true;
    // Units of work already queued finish first; new ones are refused.
    await tail;
    try {
      db.pragma('optimize');
      // Closing the last connection checkpoints the WAL into the database and removes it.
      db.close();
    } catch (error) {
      throw translateSqliteError(error, `closing ${location}`);
    }
  }

  async function runUnit<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    if (!db.open) throw new UnexpectedError(`the SQLite store at ${location} is closed`);
    const unit = new UnitOfWork(db);
    const tx: StoreTransaction = {
      users: createUserRepository(statements.users, unit),
      activities: createActivityRepository(statements.activities, unit),
      ingestion: createIngestionRepository(statements.ingestion, unit),
      outbox: createOutboxRepository(statements.outbox, unit),
      documents: (collection) => createDocumentCollection(statements.documents, unit, collection),
    };
    try {
      statements.begin.run();
    } catch (error) {
      unit.end();
      throw translateSqliteError(error, 'starting a transaction');
    }
    try {
      const result = await current.run(unit, () => work(tx));
      unit.end();
      if (!db.inTransaction) {
        throw new OperationalError('SQLite rolled this transaction back after an error inside it; run the unit of work again');
      }
      statements.commit.run();
      unit.commit();
      return result;
    } catch (error) {
      unit.end();
      if (db.inTransaction) {
        try {
          statements.rollback.run();
        } catch (rollbackError) {
          throw new OperationalError('rolling back a failed transaction failed too', {
            cause: new AggregateError([error, rollbackError]),
          });
        }
      }
      throw translateSqliteError(error, 'committing a transaction');
    }
  }

  return {
    kind: 'sqlite',
    path: location,

    /**
     * better-sqlite3 is synchronous and one connection has one transaction, but `work` is async:
     * while it awaits, another caller could issue statements that would land in its transaction.
     * So units of work queue on a promise chain and run one at a time (one writer is also what
     * SQLite wants). A transaction() call from inside a running unit of work would wait on itself
     * forever; it is refused instead.
     */
    transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
      if (current.getStore()?.isOpen === true) {
        return Promise.reject(
          new UnexpectedError(
            'store.transaction() was called inside a running unit of work; it would wait for itself forever. ' +
              'Use the tx the outer transaction was given instead.',
          ),
        );
      }
      if (closing) return Promise.reject(new UnexpectedError(`the SQLite store at ${location} is closed`));
      const result = tail.then(() => runUnit(work));
      tail = result.catch(() => undefined);
      return result;
    },

    close(): Promise<void> {
      if (current.getStore()?.isOpen === true) {
        return Promise.reject(new UnexpectedError('store.close() was called inside a running unit of work'));
      }
      closed ??= closeWhenIdle();
      return closed;
    },
  };
}
