import type { Container, SqlParameter } from '@azure/cosmos';
import { z } from 'zod';
import { UnexpectedError } from '../../core/errors';
import type { CollectionDefinition, DocumentCollection, DocumentQuery } from '../../core/ports/document-collection';
import type { Versioned } from '../../core/ports/store';
import {
  asRecord,
  encodeKey,
  parseForWrite,
  parseStored,
  rawDocumentId,
  storedEtag,
  subjectPartition,
  type CosmosDocument,
} from './cosmos-documents';
import { cosmosStatus, translateCosmosError } from './cosmos-errors';
import { queryCount, queryDocuments } from './cosmos-queries';

/**
 * Generic document collections (alerts, cases, settings, policies, audit …) in the subjects
 * container, in the partition the caller names (a user's lower-case UPN, or `system`, or any
 * other name core chooses such as `audit:2026-03`). Sharing the container and partition with
 * that user's activities and outbox events is what lets one transactional batch cover a state
 * change and its events.
 *
 * The value is nested under `body`: it is arbitrary JSON and may itself have `id`, `type` or `pk`.
 * `docId` keeps the caller's id as given (the Cosmos id is escaped) for ordering by id.
 */
type CollectionDocument = CosmosDocument & {
  readonly type: 'document';
  readonly collection: string;
  readonly docId: string;
  readonly body: unknown;
};

const StoredCollectionDocumentSchema = z.object({
  collection: z.string(),
  docId: z.string(),
  body: z.unknown(),
});

const DEFAULT_QUERY_LIMIT = 100;
const MAX_QUERY_LIMIT = 10_000;
/** Names as the port describes them; no `:` so `document:<name>:<id>` stays unambiguous. */
const COLLECTION_NAME = /^[a-z0-9][a-z0-9.-]*$/;
/** Field names go into the SQL text (quoted); keep them to plain identifiers. */
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

type Scalar = string | number | boolean;

function isScalar(value: unknown): value is Scalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

export function createCosmosDocumentCollection<T>(container: Container, definition: CollectionDefinition<T>): DocumentCollection<T> {
  if (!COLLECTION_NAME.test(definition.name)) {
    throw new UnexpectedError(`collection name '${definition.name}' must be lower-case letters, digits, dots and dashes`);
  }
  const name = definition.name;
  const cosmosId = (id: string): string => `document:${name}:${encodeKey(id)}`;

  const field = (fieldName: string): string => {
    if (!definition.indexed.includes(fieldName)) throw new UnexpectedError(`${name}: ${fieldName} is not an indexed field`);
    if (!FIELD_NAME.test(fieldName)) throw new UnexpectedError(`${name}: indexed field '${fieldName}' is not a plain identifier`);
    return `c.body["${fieldName}"]`;
  };

  /** A stored document as the caller's value, plus what ordering needs: its id and raw body. */
  const read = (document: unknown): Row<T> => {
    const id = rawDocumentId(document);
    const source = { container: container.id, id };
    const record = asRecord(document, source);
    const stored = parseStored(StoredCollectionDocumentSchema, record, source);
    return {
      versioned: { value: parseStored(definition.schema, stored.body, source), etag: storedEtag(record, source) },
      docId: stored.docId,
      body: stored.body,
    };
  };

  const toDocument = (partition: string, id: string, value: T): CollectionDocument => ({
    id: cosmosId(id),
    pk: subjectPartition(partition),
    type: 'document',
    collection: name,
    docId: id,
    body: parseForWrite(definition.schema, value, `${name} document ${id}`),
  });

  /** The WHERE clause shared by query and count. */
  const filter = (query: Omit<DocumentQuery, 'orderBy' | 'limit'>): { conditions: string[]; parameters: SqlParameter[] } => {
    const conditions = ['c.type = @type', 'c.collection = @collection'];
    const parameters: SqlParameter[] = [
      { name: '@type', value: 'document' },
      { name: '@collection', value: name },
    ];
    if (query.partition !== undefined) {
      conditions.push('c.pk = @pk');
      parameters.push({ name: '@pk', value: subjectPartition(query.partition) });
    }
    Object.entries(query.where ?? {}).forEach(([fieldName, value], index) => {
      conditions.push(`${field(fieldName)} = @w${index}`);
      parameters.push({ name: `@w${index}`, value });
    });
    if (query.range) {
      const path = field(query.range.field);
      if (query.range.from !== undefined) {
        conditions.push(`${path} >= @from`);
        parameters.push({ name: '@from', value: query.range.from });
      }
      if (query.range.to !== undefined) {
        conditions.push(`${path} < @to`);
        parameters.push({ name: '@to', value: query.range.to });
      }
    }
    return { conditions, parameters };
  };

  const partitionOption = (query: { readonly partition?: string }): string | undefined =>
    query.partition === undefined ? undefined : subjectPartition(query.partition);

  const pointFailure = (error: unknown, action: string, id: string): never => {
    throw translateCosmosError(error, { action: `${action} ${name} document`, container: container.id, id: cosmosId(id) });
  };

  return {
    async get(partition, id) {
      try {
        const response = await container.item(cosmosId(id), subjectPartition(partition)).read();
        if (response.statusCode === 404 || response.resource === undefined) return undefined;
        return read(response.resource).versioned;
      } catch (error) {
        if (cosmosStatus(error) === 404) return undefined;
        return pointFailure(error, 'read', id);
      }
    },

    async create(partition, id, value) {
      const document = toDocument(partition, id, value);
      try {
        const response = await container.items.create(document);
        return read(response.resource).versioned;
      } catch (error) {
        return pointFailure(error, 'create', id);
      }
    },

    async replace(partition, id, value, etag) {
      const document = toDocument(partition, id, value);
      try {
        const response = await container
          .item(document.id, document.pk)
          .replace<CollectionDocument>(document, { accessCondition: { type: 'IfMatch', condition: etag } });
        return read(response.resource).versioned;
      } catch (error) {
        return pointFailure(error, 'replace', id);
      }
    },

    async upsert(partition, id, value) {
      const document = toDocument(partition, id, value);
      try {
        const response = await container.items.upsert(document);
        return read(response.resource).versioned;
      } catch (error) {
        return pointFailure(error, 'upsert', id);
      }
    },

    async delete(partition, id, etag) {
      try {
        await container
          .item(cosmosId(id), subjectPartition(partition))
          .delete(etag === undefined ? undefined : { accessCondition: { type: 'IfMatch', condition: etag } });
      } catch (error) {
        // Absent is a no-op by contract; a stale ETag is a ConflictError (412 via the mapping).
        if (cosmosStatus(error) === 404) return;
        pointFailure(error, 'delete', id);
      }
    },

    async query(query = {}) {
      const limit = Math.min(Math.max(0, Math.floor(query.limit ?? DEFAULT_QUERY_LIMIT)), MAX_QUERY_LIMIT);
      const orderField = query.orderBy?.field;
      const orderPath = orderField === undefined ? 'c.docId' : field(orderField);
      const direction = query.orderBy?.direction === 'desc' ? 'DESC' : 'ASC';
      const { conditions, parameters } = filter(query);
      if (limit === 0) return [];
      const partitionKey = partitionOption(query);
      const select = async (extra: readonly string[], extraParameters: readonly SqlParameter[], top: number, order: string): Promise<Row<T>[]> => {
        const documents = await queryDocuments(
          container,
          {
            query: `SELECT TOP @limit * FROM c WHERE ${[...conditions, ...extra].join(' AND ')} ORDER BY ${order}`,
            parameters: [{ name: '@limit', value: top }, ...parameters, ...extraParameters],
          },
          { action: `query ${name} documents`, partitionKey, limit: top },
        );
        return documents.map(read);
      };

      // ORDER BY on one field needs no composite index; ties are broken by id here instead.
      let rows = await select([], [], limit, `${orderPath} ${direction}`);
      if (orderField === undefined) return rows.map((row) => row.versioned);
      const sortValue = (row: Row<T>): unknown => fieldOf(row.body, orderField);
      if (rows.length === limit) {
        // TOP may have cut the last run of equal values anywhere: refill it with that run's lowest ids.
        const boundary = sortValue(rows[rows.length - 1]);
        if (isScalar(boundary)) {
          const before = rows.filter((row) => sortValue(row) !== boundary);
          const ties = await select([`${orderPath} = @boundary`], [{ name: '@boundary', value: boundary }], limit - before.length, 'c.docId ASC');
          rows = [...before, ...ties];
        }
      }
      return sortRunsById(rows, sortValue).map((row) => row.versioned);
    },

    async count(query = {}) {
      const { conditions, parameters } = filter(query);
      return queryCount(
        container,
        { query: `SELECT VALUE COUNT(1) FROM c WHERE ${conditions.join(' AND ')}`, parameters },
        { action: `count ${name} documents`, partitionKey: partitionOption(query) },
      );
    },
  };
}

interface Row<T> {
  readonly versioned: Versioned<T>;
  readonly docId: string;
  readonly body: unknown;
}

function fieldOf(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

/**
 * Keeps the server's order between different values of the ordering field and sorts each run of
 * equal values by id, the port's tie-break.
 */
function sortRunsById<R extends { readonly docId: string }>(rows: readonly R[], sortValue: (row: R) => unknown): R[] {
  const out: R[] = [];
  let run: R[] = [];
  const flush = (): void => {
    out.push(...run.sort((a, b) => (a.docId < b.docId ? -1 : a.docId > b.docId ? 1 : 0)));
    run = [];
  };
  for (const row of rows) {
    if (run.length > 0 && sortValue(run[0]) !== sortValue(row)) flush();
    run.push(row);
  }
  flush();
  return out;
}
