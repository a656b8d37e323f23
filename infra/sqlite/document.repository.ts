import type Database from 'better-sqlite3';
import { ConflictError, NotFoundError, UnexpectedError, ValidationError } from '../../core/errors';
import type { CollectionDefinition, DocumentCollection, DocumentQuery } from '../../core/ports/document-collection';
import type { Versioned } from '../../core/ports/store';
import { pageLimit, parseStoredRow } from './row-codec';
import type { UnitOfWork } from './unit-of-work';

/**
 * Every DocumentCollection, stored generically in the `documents` table: one row per document,
 * keyed by (collection, partition, id), the value as JSON, `version` as the ETag.
 *
 * Queries filter and order on top-level fields through json_extract. For each collection, on its
 * first use by this process, every field it declares as indexed gets a partial expression index
 * (`WHERE collection = '<name>'`), so a query on one collection's field reads only that
 * collection's index. Collection names and field names become SQL literals for that (SQLite uses
 * an expression or partial index only when the query repeats the same literal expression), so
 * both are checked against a strict pattern first.
 */

const COLLECTION_NAME = /^[a-z0-9][a-z0-9.-]{0,63}$/;
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 10_000;
/** Query shapes come from code, so they are few; the cap only guards against a runaway caller. */
const MAX_CACHED_QUERIES = 500;

interface DocumentRow {
  readonly partition: string;
  readonly id: string;
  readonly version: number;
  readonly body: string;
}

type Key = [collection: string, partition: string, id: string];
type Bindable = string | number;

export interface DocumentStatements {
  readonly db: Database.Database;
  readonly get: Database.Statement<Key, { version: number; body: string }>;
  readonly create: Database.Statement<[...Key, string]>;
  readonly replace: Database.Statement<[string, ...Key, number], { version: number }>;
  readonly upsert: Database.Statement<[...Key, string], { version: number }>;
  readonly delete: Database.Statement<Key>;
  readonly deleteIfVersion: Database.Statement<[...Key, number]>;
  /** Query statements by SQL text, prepared once per shape. */
  readonly queries: Map<string, Database.Statement<Bindable[], unknown>>;
  /** Collections whose indexes are known to exist (created and committed). */
  readonly indexed: Set<string>;
}

export function prepareDocumentStatements(db: Database.Database): DocumentStatements {
  const key = 'collection = ? AND partition = ? AND id = ?';
  return {
    db,
    get: db.prepare(`SELECT version, body FROM documents WHERE ${key}`),
    // OR IGNORE + the change count: "already exists" without a constraint error.
    create: db.prepare('INSERT OR IGNORE INTO documents (collection, partition, id, version, body) VALUES (?, ?, ?, 1, ?)'),
    replace: db.prepare(`UPDATE documents SET version = version + 1, body = ? WHERE ${key} AND version = ? RETURNING version`),
    upsert: db.prepare(
      `INSERT INTO documents (collection, partition, id, version, body) VALUES (?, ?, ?, 1, ?)
       ON CONFLICT (collection, partition, id) DO UPDATE SET version = version + 1, body = excluded.body
       RETURNING version`,
    ),
    delete: db.prepare(`DELETE FROM documents WHERE ${key}`),
    deleteIfVersion: db.prepare(`DELETE FROM documents WHERE ${key} AND version = ?`),
    queries: new Map(),
    indexed: new Set(),
  };
}

/** ETags are decimal strings of `version`; anything else cannot be current. */
function versionOf(etag: string): number {
  return /^[0-9]{1,15}$/.test(etag) ? Number(etag) : -1;
}

/** The JSON path expression of a top-level field, identical in indexes and queries. */
function fieldExpression(field: string): string {
  return `json_extract(body, '$.${field}')`;
}

/** json_extract yields 1/0 for JSON booleans, and better-sqlite3 cannot bind booleans anyway. */
function bindable(value: string | number | boolean): Bindable {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

export function createDocumentCollection<T>(
  s: DocumentStatements,
  unit: UnitOfWork,
  definition: CollectionDefinition<T>,
): DocumentCollection<T> {
  const name = definition.name;
  // Checked here, every time, not only when the indexes are first made: names become SQL text.
  if (!COLLECTION_NAME.test(name)) {
    throw new UnexpectedError(`collection name '${name}' must be lower-case letters, digits, dots and dashes`);
  }
  for (const field of definition.indexed) {
    if (!FIELD_NAME.test(field)) throw new UnexpectedError(`${name}: indexed field '${field}' is not a plain top-level field name`);
  }
  const table = `documents(${name})`;

  const idField = definition.idField;
  if (idField !== undefined && !definition.indexed.includes(idField)) {
    throw new UnexpectedError(`${name}: idField '${idField}' must be one of the indexed fields`);
  }
  // Every write evaluates each matching partial index's expression, and json_extract parses the
  // whole body: a field that equals the id is served by the primary key (collection, partition, id)
  // instead, which costs nothing extra to write and answers a partition's range directly.
  const jsonIndexed = definition.indexed.filter((field) => field !== idField);

  /** The SQL expression of a field a query names; only declared (and so checked) fields pass. */
  const column = (field: string): string => {
    if (!definition.indexed.includes(field)) {
      throw new UnexpectedError(`${name}: '${field}' is not an indexed field of this collection (indexed: ${definition.indexed.join(', ')})`);
    }
    return field === idField ? 'id' : fieldExpression(field);
  };

  /** Creates the collection's indexes once; remembered only when the unit of work commits. */
  const ensureIndexes = (): void => {
    // Until the unit that created them commits, once per unit is enough (a rollback undoes them,
    // so the next unit checks again); repeating the catalogue read on every call of a
    // 25,000-record import's first unit measured ~2 % of it.
    if (s.indexed.has(name) || !unit.firstInUnit(`indexes:${name}`)) return;
    const wanted = new Set(jsonIndexed.map((field) => `documents.${name}.${field}`));
    // An index the collection no longer declares (a field dropped, or now answered from the id)
    // would still cost a json_extract of every body written: remove it.
    // Found by their WHERE clause, not their name: a dotted name ('a.b') must not match 'a'.
    const existing = s.db
      .prepare<[], { name: string; sql: string | null }>("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'documents'")
      .all()
      .filter((index) => index.sql?.endsWith(`WHERE collection = '${name}'`) === true);
    for (const index of existing) if (!wanted.has(index.name)) s.db.exec(`DROP INDEX "${index.name}"`);
    for (const field of jsonIndexed) {
      s.db.exec(
        `CREATE INDEX IF NOT EXISTS "documents.${name}.${field}" ON documents (${fieldExpression(field)}, id, partition) ` +
          `WHERE collection = '${name}'`,
      );
    }
    unit.afterCommit(() => s.indexed.add(name));
  };

  const encode = (id: string, value: T): { readonly value: T; readonly body: string } => {
    const parsed = definition.schema.safeParse(value);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.') || undefined, reason: i.message }));
      throw new ValidationError(`${name} ${id} is not valid: ${issues.map((i) => `${i.field ?? ''} ${i.reason}`.trim()).join('; ')}`, issues);
    }
    if (idField !== undefined && (parsed.data as Record<string, unknown>)[idField] !== id) {
      const actual = JSON.stringify((parsed.data as Record<string, unknown>)[idField]);
      throw new ValidationError(`${name} ${id}: ${idField} must equal the document id '${id}', got ${actual}`, [{ field: idField, reason: `expected '${id}' (the document id)` }]);
    }
    return { value: parsed.data, body: JSON.stringify(parsed.data) };
  };

  const decode = (partition: string, id: string, version: number, body: string): Versioned<T> => ({
    value: parseStoredRow(definition.schema, table, `${partition}/${id}`, body),
    etag: String(version),
  });

  const select = (query: Omit<DocumentQuery, 'orderBy' | 'limit'>): { clauses: string[]; params: Bindable[] } => {
    const clauses = [`collection = '${name}'`];
    const params: Bindable[] = [];
    if (query.partition !== undefined) {
      clauses.push('partition = ?');
      params.push(query.partition);
    }
    for (const [field, value] of Object.entries(query.where ?? {})) {
      clauses.push(`${column(field)} = ?`);
      params.push(bindable(value));
    }
    if (query.range !== undefined) {
      const ranged = column(query.range.field);
      if (query.range.from !== undefined) {
        clauses.push(`${ranged} >= ?`);
        params.push(query.range.from);
      }
      if (query.range.to !== undefined) {
        clauses.push(`${ranged} < ?`);
        params.push(query.range.to);
      }
    }
    return { clauses, params };
  };

  const prepared = (sql: string): Database.Statement<Bindable[], unknown> => {
    let statement = s.queries.get(sql);
    if (statement === undefined) {
      if (s.queries.size >= MAX_CACHED_QUERIES) s.queries.clear();
      statement = s.db.prepare<Bindable[], unknown>(sql);
      s.queries.set(sql, statement);
    }
    return statement;
  };

  return {
    get(partition, id) {
      return unit.step(`reading ${name} ${id}`, () => {
        ensureIndexes();
        const row = s.get.get(name, partition, id);
        return row === undefined ? undefined : decode(partition, id, row.version, row.body);
      });
    },

    create(partition, id, value) {
      return unit.step(`creating ${name} ${id}`, (): Versioned<T> => {
        ensureIndexes();
        const next = encode(id, value);
        if (s.create.run(name, partition, id, next.body).changes === 0) {
          throw new ConflictError(`${name} ${id} already exists in partition ${partition}`);
        }
        return { value: next.value, etag: '1' };
      });
    },

    replace(partition, id, value, etag) {
      return unit.step(`replacing ${name} ${id}`, (): Versioned<T> => {
        ensureIndexes();
        const next = encode(id, value);
        const replaced = s.replace.get(next.body, name, partition, id, versionOf(etag));
        if (replaced !== undefined) return { value: next.value, etag: String(replaced.version) };
        if (s.get.get(name, partition, id) === undefined) throw new NotFoundError(`${name} ${id} does not exist in partition ${partition}`);
        throw new ConflictError(`${name} ${id} was changed by someone else since it was read (ETag ${etag} is stale)`);
      });
    },

    upsert(partition, id, value) {
      return unit.step(`upserting ${name} ${id}`, (): Versioned<T> => {
        ensureIndexes();
        const next = encode(id, value);
        const row = s.upsert.get(name, partition, id, next.body);
        if (row === undefined) throw new UnexpectedError(`upserting ${name} ${id} returned no version`);
        return { value: next.value, etag: String(row.version) };
      });
    },

    delete(partition, id, etag) {
      return unit.step(`deleting ${name} ${id}`, () => {
        ensureIndexes();
        if (etag === undefined) {
          s.delete.run(name, partition, id);
          return;
        }
        if (s.deleteIfVersion.run(name, partition, id, versionOf(etag)).changes === 0 && s.get.get(name, partition, id) !== undefined) {
          throw new ConflictError(`${name} ${id} was changed by someone else since it was read (ETag ${etag} is stale)`);
        }
      });
    },

    query(query = {}) {
      return unit.step(`querying ${name}`, () => {
        ensureIndexes();
        const { clauses, params } = select(query);
        let order = 'id, partition';
        if (query.orderBy !== undefined) {
          order = `${column(query.orderBy.field)} ${query.orderBy.direction === 'desc' ? 'DESC' : 'ASC'}, ${order}`;
        }
        const limit = Math.min(pageLimit(query.limit, DEFAULT_LIMIT), MAX_LIMIT);
        const sql = `SELECT partition, id, version, body FROM documents WHERE ${clauses.join(' AND ')} ORDER BY ${order} LIMIT ?`;
        const rows = prepared(sql).all(...params, limit) as DocumentRow[];
        return rows.map((row) => decode(row.partition, row.id, row.version, row.body));
      });
    },

    count(query = {}) {
      return unit.step(`counting ${name}`, () => {
        ensureIndexes();
        const { clauses, params } = select(query);
        const sql = `SELECT count(*) AS n FROM documents WHERE ${clauses.join(' AND ')}`;
        return (prepared(sql).get(...params) as { n: number }).n;
      });
    },
  };
}
