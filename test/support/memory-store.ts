import { AsyncLocalStorage } from 'node:async_hooks';
import { ConflictError, NotFoundError, UnexpectedError } from '../../core/errors';
import type { DirectoryUser } from '../../core/directory/directory-user';
import type { DomainEvent, OutboxEntry } from '../../core/events/domain-event';
import type { Activity } from '../../core/ingest/activity';
import type { IngestionBatch } from '../../core/ingest/ingestion-batch';
import type { CollectionDefinition, DocumentCollection, DocumentQuery } from '../../core/ports/document-collection';
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
  /** collection → `partition\u0000id` → stored document */
  documents: Map<string, Map<string, { partition: string; id: string; body: unknown; version: number }>>;
}

function copy(state: State): State {
  return {
    users: new Map(state.users),
    activities: new Map(state.activities),
    seen: new Set(state.seen),
    batches: new Map(state.batches),
    outbox: new Map([...state.outbox].map(([k, v]) => [k, { ...v }])),
    sequence: state.sequence,
    documents: new Map([...state.documents].map(([k, v]) => [k, new Map(v)])),
  };
}

const clone = <T>(value: T): T => structuredClone(value);

export function createMemoryStore(): Store {
  let state: State = { users: new Map(), activities: new Map(), seen: new Set(), batches: new Map(), outbox: new Map(), sequence: 0, documents: new Map() };
  let queue: Promise<unknown> = Promise.resolve();
  const unitOfWork = new AsyncLocalStorage<boolean>();

  const open = (s: State): StoreTransaction => ({
    documents: <T>(definition: CollectionDefinition<T>): DocumentCollection<T> => documentCollection(s, definition),
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
      // As in the SQLite adapter: a unit of work started inside another is a bug; one started
      // concurrently from elsewhere (a background pump) waits its turn.
      if (unitOfWork.getStore() === true) return Promise.reject(new UnexpectedError('nested unit of work'));
      const run = (): Promise<T> =>
        unitOfWork.run(true, async () => {
          const draft = copy(state);
          const result = await work(open(draft));
          state = draft;
          return result;
        });
      const result = queue.then(run, run);
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      return undefined;
    },
  };
}

function documentCollection<T>(s: State, definition: CollectionDefinition<T>): DocumentCollection<T> {
  let docs = s.documents.get(definition.name);
  if (!docs) {
    docs = new Map();
    s.documents.set(definition.name, docs);
  }
  const all = docs;
  const key = (partition: string, id: string): string => `${partition}\u0000${id}`;
  const out = (d: { body: unknown; version: number }): Versioned<T> => ({ value: definition.schema.parse(clone(d.body)), etag: String(d.version) });
  const checkField = (field: string): void => {
    if (!definition.indexed.includes(field)) throw new UnexpectedError(`${definition.name}: ${field} is not an indexed field`);
  };
  const select = (query: DocumentQuery = {}) => {
    for (const f of Object.keys(query.where ?? {})) checkField(f);
    if (query.range) checkField(query.range.field);
    return [...all.values()].filter((d) => {
      if (query.partition !== undefined && d.partition !== query.partition) return false;
      const body = d.body as Record<string, unknown>;
      for (const [f, v] of Object.entries(query.where ?? {})) if (body[f] !== v) return false;
      if (query.range) {
        const v = body[query.range.field] as string | number;
        if (query.range.from !== undefined && v < query.range.from) return false;
        if (query.range.to !== undefined && v >= query.range.to) return false;
      }
      return true;
    });
  };
  return {
    async get(partition, id) {
      const d = all.get(key(partition, id));
      return d ? out(d) : undefined;
    },
    async create(partition, id, value) {
      if (all.has(key(partition, id))) throw new ConflictError(`${definition.name} ${id} already exists`);
      const d = { partition, id, body: clone(definition.schema.parse(value)), version: 1 };
      all.set(key(partition, id), d);
      return out(d);
    },
    async replace(partition, id, value, etag) {
      const found = all.get(key(partition, id));
      if (!found) throw new NotFoundError(`${definition.name} ${id} not found`);
      if (String(found.version) !== etag) throw new ConflictError(`${definition.name} ${id} changed since it was read`);
      const d = { partition, id, body: clone(definition.schema.parse(value)), version: found.version + 1 };
      all.set(key(partition, id), d);
      return out(d);
    },
    async upsert(partition, id, value) {
      const found = all.get(key(partition, id));
      const d = { partition, id, body: clone(definition.schema.parse(value)), version: (found?.version ?? 0) + 1 };
      all.set(key(partition, id), d);
      return out(d);
    },
    async delete(partition, id, etag) {
      const found = all.get(key(partition, id));
      if (!found) return;
      if (etag !== undefined && String(found.version) !== etag) throw new ConflictError(`${definition.name} ${id} changed since it was read`);
      all.delete(key(partition, id));
    },
    async query(query = {}) {
      const rows = select(query);
      const order = query.orderBy;
      if (order) checkField(order.field);
      rows.sort((a, b) => {
        if (order) {
          const va = (a.body as Record<string, string | number>)[order.field];
          const vb = (b.body as Record<string, string | number>)[order.field];
          if (va !== vb) return (va < vb ? -1 : 1) * (order.direction === 'desc' ? -1 : 1);
        }
        return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
      });
      return rows.slice(0, Math.min(query.limit ?? 100, 10_000)).map(out);
    },
    async count(query = {}) {
      return select(query).length;
    },
  };
}
