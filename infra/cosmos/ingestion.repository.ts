import type { Container } from '@azure/cosmos';
import { IngestionBatchSchema, type IngestionBatch } from '../../core/ingest/ingestion-batch';
import type { IngestionRepository } from '../../core/ports/store';
import {
  asRecord,
  documentId,
  keyOfDocumentId,
  parseForWrite,
  parseStored,
  rawDocumentId,
  stripSystemProperties,
  type CosmosDocument,
} from './cosmos-documents';
import { cosmosStatus, translateCosmosError } from './cosmos-errors';
import { queryDocuments, topOf } from './cosmos-queries';
import { writeAll, type WriteSettings } from './cosmos-writes';

/**
 * Ingestion bookkeeping in the organization container.
 *
 * - Batches share one logical partition, `batches`: one document per ingested file, so it stays
 *   far below the 20 GB partition limit, and "newest first" is a single-partition query.
 * - Seen keys (records that produced no activity) are the bulk of an audit log: each key is its
 *   own logical partition (`pk` = its id). They are only ever created and never queried, so
 *   spreading them costs nothing and keeps any one partition from running hot during an import.
 */
type BatchDocument = Omit<IngestionBatch, 'id'> & CosmosDocument & { readonly type: 'batch' };
type SeenDocument = CosmosDocument & { readonly type: 'seen'; readonly key: string };

export const BATCHES_PARTITION = 'batches';
const DEFAULT_LIST_LIMIT = 50;

export function createCosmosIngestionRepository(container: Container, settings: WriteSettings): IngestionRepository {
  const fromDocument = (document: unknown): IngestionBatch => {
    const id = rawDocumentId(document);
    const source = { container: container.id, id };
    const record = stripSystemProperties(asRecord(document, source));
    return parseStored(IngestionBatchSchema, { ...record, id: keyOfDocumentId('batch', id) }, source);
  };

  return {
    async markSeen(keys) {
      const unique = [...new Set(keys)];
      const documents = unique.map((key): SeenDocument => {
        const id = documentId('seen', key);
        return { id, pk: id, type: 'seen', key };
      });
      const outcomes = await writeAll(
        container,
        documents.map((document) => ({ kind: 'create', document })),
        settings,
        'mark record keys seen',
      );
      return new Set(unique.filter((_, index) => outcomes[index] === 'written'));
    },

    async saveBatch(batch) {
      const value = parseForWrite(IngestionBatchSchema, batch, `ingestion batch ${batch.id}`);
      const document: BatchDocument = { ...value, id: documentId('batch', value.id), pk: BATCHES_PARTITION, type: 'batch' };
      await writeAll(container, [{ kind: 'upsert', document }], settings, 'save ingestion batch');
    },

    async getBatch(id) {
      const cosmosId = documentId('batch', id);
      try {
        const response = await container.item(cosmosId, BATCHES_PARTITION).read();
        if (response.statusCode === 404 || response.resource === undefined) return undefined;
        return fromDocument(response.resource);
      } catch (error) {
        if (cosmosStatus(error) === 404) return undefined;
        throw translateCosmosError(error, { action: 'read ingestion batch', container: container.id, id: cosmosId });
      }
    },

    async listBatches(options = {}) {
      const limit = topOf(options.limit ?? DEFAULT_LIST_LIMIT);
      if (limit === 0) return [];
      const documents = await queryDocuments(
        container,
        {
          query: 'SELECT TOP @limit * FROM c WHERE c.pk = @pk AND c.type = @type ORDER BY c.startedAt DESC',
          parameters: [
            { name: '@limit', value: limit },
            { name: '@pk', value: BATCHES_PARTITION },
            { name: '@type', value: 'batch' },
          ],
        },
        { action: 'list ingestion batches', partitionKey: BATCHES_PARTITION, limit },
      );
      return documents.map(fromDocument);
    },
  };
}
