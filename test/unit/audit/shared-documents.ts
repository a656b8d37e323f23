import { ConflictError, NotFoundError } from '../../../core/errors';
import type { AuditTransaction } from '../../../core/audit/audit-log';
import type { CollectionDefinition, DocumentCollection, DocumentQuery } from '../../../core/ports/document-collection';
import type { Versioned } from '../../../core/ports/store';

/**
 * Document collections the way Cosmos DB behaves for the audit log: no transactions, every call
 * a separate round trip. Each call yields to the event loop before it acts, so appends started
 * together really interleave (read head, another writer creates, this one conflicts …). Hooks let
 * a test fail one call, to stand for a process that stopped half-way.
 */
export interface SharedDocuments {
  readonly tx: AuditTransaction;
  /** Calls made, by `collection.operation`, and how many ended in ConflictError. */
  readonly calls: Map<string, number>;
  conflicts: number;
  /** Runs before every call; throwing from it fails that call. */
  beforeCall?: (collection: string, operation: string, id?: string) => void;
}

interface Stored {
  readonly partition: string;
  readonly id: string;
  readonly body: unknown;
  readonly version: number;
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function createSharedDocuments(): SharedDocuments {
  const all = new Map<string, Map<string, Stored>>();
  const shared: SharedDocuments = {
    calls: new Map(),
    conflicts: 0,
    tx: { documents: <T>(definition: CollectionDefinition<T>) => collection(definition) },
  };

  function collection<T>(definition: CollectionDefinition<T>): DocumentCollection<T> {
    let docs = all.get(definition.name);
    if (docs === undefined) {
      docs = new Map();
      all.set(definition.name, docs);
    }
    const store = docs;
    const key = (partition: string, id: string): string => `${partition}\u0000${id}`;
    const out = (d: Stored): Versioned<T> => ({ value: definition.schema.parse(structuredClone(d.body)), etag: String(d.version) });
    const enter = async (operation: string, id?: string): Promise<void> => {
      await turn();
      const name = `${definition.name}.${operation}`;
      shared.calls.set(name, (shared.calls.get(name) ?? 0) + 1);
      shared.beforeCall?.(definition.name, operation, id);
    };
    const conflict = (message: string): never => {
      shared.conflicts++;
      throw new ConflictError(message);
    };
    const field = (d: Stored, name: string): string | number => (d.body as Record<string, string | number>)[name];
    const select = (query: DocumentQuery): Stored[] =>
      [...store.values()].filter((d) => {
        if (query.partition !== undefined && d.partition !== query.partition) return false;
        for (const [name, value] of Object.entries(query.where ?? {})) if (field(d, name) !== value) return false;
        if (query.range !== undefined) {
          const v = field(d, query.range.field);
          if (query.range.from !== undefined && !(v >= query.range.from)) return false;
          if (query.range.to !== undefined && !(v < query.range.to)) return false;
        }
        return true;
      });
    return {
      async get(partition, id) {
        await enter('get', id);
        const d = store.get(key(partition, id));
        return d === undefined ? undefined : out(d);
      },
      async create(partition, id, value) {
        await enter('create', id);
        if (store.has(key(partition, id))) return conflict(`${definition.name} ${id} exists`);
        const d = { partition, id, body: structuredClone(definition.schema.parse(value)), version: 1 };
        store.set(key(partition, id), d);
        return out(d);
      },
      async replace(partition, id, value, etag) {
        await enter('replace', id);
        const found = store.get(key(partition, id));
        if (found === undefined) throw new NotFoundError(`${definition.name} ${id} not found`);
        if (String(found.version) !== etag) return conflict(`${definition.name} ${id} changed`);
        const d = { partition, id, body: structuredClone(definition.schema.parse(value)), version: found.version + 1 };
        store.set(key(partition, id), d);
        return out(d);
      },
      async upsert(partition, id, value) {
        await enter('upsert', id);
        const found = store.get(key(partition, id));
        const d = { partition, id, body: structuredClone(definition.schema.parse(value)), version: (found?.version ?? 0) + 1 };
        store.set(key(partition, id), d);
        return out(d);
      },
      async delete(partition, id, etag) {
        await enter('delete', id);
        const found = store.get(key(partition, id));
        if (found === undefined) return;
        if (etag !== undefined && String(found.version) !== etag) conflict(`${definition.name} ${id} changed`);
        store.delete(key(partition, id));
      },
      async query(query = {}) {
        await enter('query');
        const order = query.orderBy;
        const rows = select(query).sort((a, b) => {
          if (order !== undefined) {
            const va = field(a, order.field);
            const vb = field(b, order.field);
            if (va !== vb) return (va < vb ? -1 : 1) * (order.direction === 'desc' ? -1 : 1);
          }
          return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
        });
        return rows.slice(0, query.limit ?? 100).map(out);
      },
      async count(query = {}) {
        await enter('count');
        return select(query).length;
      },
    };
  }
  return shared;
}
