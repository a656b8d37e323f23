import type { Container, SqlParameter } from '@azure/cosmos';
import { ActivitySchema, type Activity } from '../../core/ingest/activity';
import type { ActivityRepository } from '../../core/ports/store';
import {
  asRecord,
  documentId,
  keyOfDocumentId,
  parseForWrite,
  parseStored,
  rawDocumentId,
  stripSystemProperties,
  subjectPartition,
  type CosmosDocument,
} from './cosmos-documents';
import { cosmosStatus, translateCosmosError } from './cosmos-errors';
import { queryCount, queryDocuments, topOf } from './cosmos-queries';
import { writeAll, type WriteOperation, type WriteSettings } from './cosmos-writes';

/**
 * Activities in the subjects container, in their user's partition (`pk` = lower-case UPN), so a
 * user's timeline is a single-partition query and, later, scoring can write aggregates, the alert
 * and its events for that user in one transactional batch.
 *
 * Ids are unique per partition in Cosmos. An activity id names one record of one user
 * (`<source>:<natural key>`), so the same id never legitimately arrives for two users; if it did,
 * each user's partition would keep its own copy.
 */
type ActivityDocument = Omit<Activity, 'id'> &
  CosmosDocument & {
    readonly type: 'activity';
    /**
     * `<time>|<id>`: the listing order (time, then id) as one field, because ORDER BY on two fields
     * needs a composite index and a tie on time would otherwise be cut arbitrarily by TOP.
     * Times are fixed-width ISO strings, so string order is time order.
     */
    readonly sortKey: string;
  };

const DEFAULT_LIST_LIMIT = 1000;

function toDocument(activity: Activity): ActivityDocument {
  const value = parseForWrite(ActivitySchema, activity, `activity ${activity.id}`);
  return {
    ...value,
    id: documentId('activity', value.id),
    pk: subjectPartition(value.userId),
    type: 'activity',
    sortKey: `${value.time}|${value.id}`,
  };
}

export function createCosmosActivityRepository(container: Container, settings: WriteSettings): ActivityRepository {
  const fromDocument = (document: unknown): Activity => {
    const id = rawDocumentId(document);
    const source = { container: container.id, id };
    const record = stripSystemProperties(asRecord(document, source), ['sortKey']);
    return parseStored(ActivitySchema, { ...record, id: keyOfDocumentId('activity', id) }, source);
  };

  return {
    async insertMany(activities) {
      // A repeated id within the call is a duplicate of its first occurrence and is not sent.
      const firstSeen = new Set<string>();
      const operations: WriteOperation[] = [];
      const operationOf: (number | undefined)[] = [];
      for (const activity of activities) {
        if (firstSeen.has(activity.id)) {
          operationOf.push(undefined);
          continue;
        }
        firstSeen.add(activity.id);
        operationOf.push(operations.length);
        operations.push({ kind: 'create', document: toDocument(activity) });
      }
      const outcomes = await writeAll(container, operations, settings, 'insert activities');
      const inserted: Activity[] = [];
      let duplicates = 0;
      activities.forEach((activity, index) => {
        const operation = operationOf[index];
        if (operation !== undefined && outcomes[operation] === 'written') inserted.push(activity);
        else duplicates++;
      });
      return { inserted, duplicates };
    },

    async get(userId, id) {
      const cosmosId = documentId('activity', id);
      try {
        const response = await container.item(cosmosId, subjectPartition(userId)).read();
        if (response.statusCode === 404 || response.resource === undefined) return undefined;
        return fromDocument(response.resource);
      } catch (error) {
        if (cosmosStatus(error) === 404) return undefined;
        throw translateCosmosError(error, { action: 'read activity', container: container.id, id: cosmosId });
      }
    },

    async listByUser(userId, options = {}) {
      const limit = topOf(options.limit ?? DEFAULT_LIST_LIMIT);
      if (limit === 0) return [];
      const pk = subjectPartition(userId);
      const conditions = ['c.pk = @pk', 'c.type = @type'];
      const parameters: SqlParameter[] = [
        { name: '@limit', value: limit },
        { name: '@pk', value: pk },
        { name: '@type', value: 'activity' },
      ];
      if (options.from !== undefined) {
        conditions.push('c.time >= @from');
        parameters.push({ name: '@from', value: options.from });
      }
      if (options.to !== undefined) {
        conditions.push('c.time < @to');
        parameters.push({ name: '@to', value: options.to });
      }
      const documents = await queryDocuments(
        container,
        { query: `SELECT TOP @limit * FROM c WHERE ${conditions.join(' AND ')} ORDER BY c.sortKey`, parameters },
        { action: 'list activities', partitionKey: pk, limit },
      );
      return documents.map(fromDocument);
    },

    async count(userId) {
      if (userId === undefined) {
        return queryCount(
          container,
          { query: 'SELECT VALUE COUNT(1) FROM c WHERE c.type = @type', parameters: [{ name: '@type', value: 'activity' }] },
          { action: 'count activities' },
        );
      }
      const pk = subjectPartition(userId);
      return queryCount(
        container,
        {
          query: 'SELECT VALUE COUNT(1) FROM c WHERE c.pk = @pk AND c.type = @type',
          parameters: [
            { name: '@pk', value: pk },
            { name: '@type', value: 'activity' },
          ],
        },
        { action: 'count activities', partitionKey: pk },
      );
    },
  };
}
