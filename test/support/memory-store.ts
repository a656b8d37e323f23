import { ConflictError, NotFoundError, UnexpectedError } from '../../core/errors';
import type { DirectoryUser } from '../../core/directory/directory-user';
import type { DomainEvent, OutboxEntry } from '../../core/events/domain-event';
import type { Activity } from '../../core/ingest/activity';
import type { IngestionBatch } from '../../core/ingest/ingestion-batch';
import type { Store, StoreTransaction, Versioned } from '../../core/ports/store';

/**
 * An in-memory Store for unit tests of core services. It passes the same contract suite as the
 * real adapters, and rolls back a unit of work that throws (by working on a copy), so tests of
 * services see the same semantics as with SQLite.
 */
interface State {
  users: Map<string, { user: DirectoryUser; version: number }>;
  activities: Map<string, Activity>;
  seen: Set<string>;
  batches: Map<string, IngestionBatch>;
  outbox: Map<string, { event: DomainEvent; sequence: number; deliveredAt?: string }>;
  sequence: number;
}

function copy(state: State): State {
  return {
    users: new Map(state.users),
    activities: new Map(state.activities),
    seen: new Set(state.seen),
    batches: new Map(state.batches),
    outbox: new Map([...state.outbox].map(([k, v]) => [k, { ...v }])),
    sequence: state.sequence,
  };
}

const clone = <T>(value: T): T => structuredClone(value);

export function createMemoryStore(): Store {
  let state: State = { users: new Map(), activities: new Map(), seen: new Set(), batches: new Map(), outbox: new Map(), sequence: 0 };
  let queue: Promise<unknown> = Promise.resolve();
  let inTransaction = false;

  const open = (s: State): StoreTransaction => ({
    users: {
      async upsertMany(users) {
        let created = 0;
        let updated = 0;
        let unchanged = 0;
        for (const u of users) {
          const key = u.upn.toLowerCase();
          const existing = s.users.get(key);
          if (!existing) {
            created++;
            s.users.set(key, { user: clone({ ...u, upn: key }), version: 1 });
          } else if (JSON.stringify(existing.user) !== JSON.stringify({ ...u, upn: key })) {
            updated++;
            s.users.set(key, { user: clone({ ...u, upn: key }), version: existing.version + 1 });
          } else unchanged++;
        }
        return { created, updated, unchanged };
      },
      async get(upn): Promise<Versioned<DirectoryUser> | undefined> {
        const found = s.users.get(upn.toLowerCase());
        return found ? { value: clone(found.user), etag: String(found.version) } : undefined;
      },
      async getMany(upns) {
        const result = new Map<string, DirectoryUser>();
        for (const upn of upns) {
          const found = s.users.get(upn.toLowerCase());
          if (found) result.set(found.user.upn, clone(found.user));
        }
        return result;
      },
      async replace(user, etag) {
        const key = user.upn.toLowerCase();
        const found = s.users.get(key);
        if (!found) throw new NotFoundError(`user ${key} not found`);
        if (String(found.version) !== etag) throw new ConflictError(`user ${key} changed since it was read`);
        const next = { user: clone({ ...user, upn: key }), version: found.version + 1 };
        s.users.set(key, next);
        return { value: clone(next.user), etag: String(next.version) };
      },
      async list(options = {}) {
        return [...s.users.keys()]
          .sort()
          .filter((k) => options.after === undefined || k > options.after)
          .slice(0, options.limit ?? 100)
          .map((k) => clone(s.users.get(k)!.user));
      },
      async count() {
        return s.users.size;
      },
    },
    activities: {
      async insertMany(activities) {
        const inserted: Activity[] = [];
        let duplicates = 0;
        for (const a of activities) {
          if (s.activities.has(a.id)) duplicates++;
          else {
            s.activities.set(a.id, clone(a));
            inserted.push(a);
          }
        }
        return { inserted, duplicates };
      },
      async get(userId, id) {
        const a = s.activities.get(id);
        return a && a.userId === userId ? clone(a) : undefined;
      },
      async listByUser(userId, options = {}) {
        return [...s.activities.values()]
          .filter((a) => a.userId === userId && (options.from === undefined || a.time >= options.from) && (options.to === undefined || a.time < options.to))
          .sort((a, b) => (a.time === b.time ? (a.id < b.id ? -1 : 1) : a.time < b.time ? -1 : 1))
          .slice(0, options.limit ?? 1000)
          .map(clone);
      },
      async count(userId) {
        return userId === undefined ? s.activities.size : [...s.activities.values()].filter((a) => a.userId === userId).length;
      },
    },
    ingestion: {
      async markSeen(keys) {
        const fresh = new Set<string>();
        for (const k of keys) {
          if (!s.seen.has(k)) {
            s.seen.add(k);
            fresh.add(k);
          }
        }
        return fresh;
      },
      async saveBatch(batch) {
        s.batches.set(batch.id, clone(batch));
      },
      async getBatch(id) {
        const b = s.batches.get(id);
        return b ? clone(b) : undefined;
      },
      async listBatches(options = {}) {
        return [...s.batches.values()].sort((a, b) => (a.startedAt < b.startedAt ? 1 : -1)).slice(0, options.limit ?? 50).map(clone);
      },
    },
    outbox: {
      async append(events) {
        for (const e of events) {
          if (!s.outbox.has(e.id)) s.outbox.set(e.id, { event: clone(e), sequence: ++s.sequence });
        }
      },
      async pending(limit): Promise<OutboxEntry[]> {
        return [...s.outbox.values()]
          .filter((e) => e.deliveredAt === undefined)
          .sort((a, b) => a.sequence - b.sequence)
          .slice(0, limit)
          .map((e) => ({ event: clone(e.event), sequence: e.sequence }));
      },
      async markDelivered(events, at) {
        for (const e of events) {
          const entry = s.outbox.get(e.id);
          if (entry) entry.deliveredAt = at;
        }
      },
    },
  });

  return {
    kind: 'sqlite',
    transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
      if (inTransaction) return Promise.reject(new UnexpectedError('nested unit of work'));
      const run = async (): Promise<T> => {
        inTransaction = true;
        const draft = copy(state);
        try {
          const result = await work(open(draft));
          state = draft;
          return result;
        } finally {
          inTransaction = false;
        }
      };
      const result = queue.then(run, run);
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      return undefined;
    },
  };
}
