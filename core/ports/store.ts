import type { DirectoryUser } from '../directory/directory-user';
import type { DomainEvent, OutboxEntry } from '../events/domain-event';
import type { Activity } from '../ingest/activity';
import type { IngestionBatch } from '../ingest/ingestion-batch';
import type { CollectionDefinition, DocumentCollection } from './document-collection';

/**
 * The storage port. Two adapters implement it (infra/sqlite, the embedded default, and
 * infra/cosmos) and both pass one contract suite (test/contract/store.contract.ts).
 *
 * Data about a user (activities, and later aggregates, alerts, cases and their events) is
 * partitioned by the subject user's lower-case UPN; organization-wide data (settings, policies,
 * audit, batches) lives in its own partitions.
 */
export interface Store {
  readonly kind: 'sqlite' | 'cosmos';
  /**
   * Runs `work` as one unit of work and returns its result.
   *
   * SQLite: one database transaction; if `work` throws, nothing it wrote is kept. Units of work
   * in one process run one at a time.
   * Cosmos: there are no cross-partition transactions; every write in the port is idempotent
   * (deterministic ids, insert-if-absent, ETag-checked replaces), so a unit of work that fails
   * half-way is safe to run again and converges to the same state.
   *
   * Errors: ConflictError (stale ETag), ThrottledError (after the adapter's own retries),
   * OperationalError (store unreachable), ValidationError (a stored document fails its schema).
   */
  transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T>;
  /** Flushes and releases connections. The store is unusable afterwards. */
  close(): Promise<void>;
}

export interface StoreTransaction {
  readonly users: UserRepository;
  readonly activities: ActivityRepository;
  readonly ingestion: IngestionRepository;
  readonly outbox: OutboxRepository;
  /**
   * A typed document collection (see document-collection.ts). Collections need no migration:
   * the adapter stores every collection in one generic shape.
   */
  documents<T>(collection: CollectionDefinition<T>): DocumentCollection<T>;
}

/** A stored value with the opaque version token that a conditional write must present. */
export interface Versioned<T> {
  readonly value: T;
  readonly etag: string;
}

/** The directory: people the organization has, keyed by lower-case UPN. */
export interface UserRepository {
  /**
   * Inserts new users and replaces changed ones (by UPN), unconditionally: the directory source
   * is the authority. Returns how many were created, updated (content differed) and unchanged.
   */
  upsertMany(users: readonly DirectoryUser[]): Promise<{ created: number; updated: number; unchanged: number }>;
  /** `undefined` when no user has this UPN (case-insensitive). */
  get(upn: string): Promise<Versioned<DirectoryUser> | undefined>;
  /** The users among `upns` that exist, keyed by lower-case UPN. Absent ones are simply missing. */
  getMany(upns: readonly string[]): Promise<Map<string, DirectoryUser>>;
  /**
   * Replaces a user only if `etag` is still current. ConflictError when it is stale,
   * NotFoundError when the user does not exist.
   */
  replace(user: DirectoryUser, etag: string): Promise<Versioned<DirectoryUser>>;
  /** Users ordered by UPN, starting after `after` (exclusive), at most `limit` (default 100). */
  list(options?: { readonly after?: string; readonly limit?: number }): Promise<DirectoryUser[]>;
  count(): Promise<number>;
}

export interface ActivityRepository {
  /**
   * Stores each activity whose id is not stored yet; an id already stored (or repeated within
   * the call) is a duplicate and leaves the stored one untouched. Idempotent.
   * Returns the activities actually inserted, in input order, and the duplicate count.
   */
  insertMany(activities: readonly Activity[]): Promise<{ inserted: Activity[]; duplicates: number }>;
  /** `undefined` when absent. */
  get(userId: string, id: string): Promise<Activity | undefined>;
  /**
   * A user's activities with `from <= time < to` (either bound optional), ordered by time then
   * id, at most `limit` (default 1000).
   */
  listByUser(
    userId: string,
    options?: { readonly from?: string; readonly to?: string; readonly limit?: number },
  ): Promise<Activity[]>;
  /** How many activities are stored, optionally for one user. */
  count(userId?: string): Promise<number>;
}

export interface IngestionRepository {
  /**
   * Records keys of input records that produced no activity (unscored operations), so a
   * re-ingest can tell them apart from new ones. Returns the keys that were not seen before.
   * Idempotent.
   */
  markSeen(keys: readonly string[]): Promise<Set<string>>;
  /** Inserts or replaces a batch record (by id). */
  saveBatch(batch: IngestionBatch): Promise<void>;
  /** `undefined` when absent. */
  getBatch(id: string): Promise<IngestionBatch | undefined>;
  /** Most recently started first, at most `limit` (default 50). */
  listBatches(options?: { readonly limit?: number }): Promise<IngestionBatch[]>;
}

/**
 * Domain events written in the same unit of work as the state they describe, delivered later by
 * a dispatcher at least once.
 */
export interface OutboxRepository {
  /** Appends events; an event whose id is already in the outbox is ignored. */
  append(events: readonly DomainEvent[]): Promise<void>;
  /** Undelivered events, oldest first, at most `limit`. */
  pending(limit: number): Promise<OutboxEntry[]>;
  /** Marks events delivered; unknown ones are ignored. Idempotent. */
  markDelivered(events: readonly Pick<DomainEvent, 'id' | 'subject'>[], at: string): Promise<void>;
}
