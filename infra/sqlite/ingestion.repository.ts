import type Database from 'better-sqlite3';
import { ValidationError } from '../../core/errors';
import { IngestionBatchSchema, type IngestionBatch } from '../../core/ingest/ingestion-batch';
import type { IngestionRepository } from '../../core/ports/store';
import { checkStoredKey, pageLimit, parseStoredRow } from './row-codec';
import type { UnitOfWork } from './unit-of-work';

const TABLE = 'ingestion_batches';

export interface IngestionStatements {
  readonly markSeen: Database.Statement<[string]>;
  readonly saveBatch: Database.Statement<[string, string, string]>;
  readonly getBatch: Database.Statement<[string], string>;
  readonly listBatches: Database.Statement<[number], { id: string; body: string }>;
}

export function prepareIngestionStatements(db: Database.Database): IngestionStatements {
  return {
    markSeen: db.prepare('INSERT OR IGNORE INTO records_seen (key) VALUES (?)'),
    saveBatch: db.prepare(
      `INSERT INTO ingestion_batches (id, started_at, body) VALUES (?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET started_at = excluded.started_at, body = excluded.body`,
    ),
    getBatch: db.prepare<[string], string>('SELECT body FROM ingestion_batches WHERE id = ?').pluck(),
    listBatches: db.prepare('SELECT id, body FROM ingestion_batches ORDER BY started_at DESC, id DESC LIMIT ?'),
  };
}

function readBatch(id: string, body: string): IngestionBatch {
  const batch = parseStoredRow(IngestionBatchSchema, TABLE, id, body);
  checkStoredKey(TABLE, id, 'id', batch.id);
  return batch;
}

export function createIngestionRepository(s: IngestionStatements, unit: UnitOfWork): IngestionRepository {
  return {
    markSeen(keys) {
      return unit.step('marking records seen', () => {
        const fresh = new Set<string>();
        // A key repeated within the call is ignored by the second INSERT, so it is reported once.
        for (const key of keys) if (s.markSeen.run(key).changes === 1) fresh.add(key);
        return fresh;
      });
    },

    saveBatch(batch) {
      return unit.step('saving an ingestion batch', () => {
        const parsed = IngestionBatchSchema.safeParse(batch);
        if (!parsed.success) {
          const issues = parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.'), reason: i.message }));
          throw new ValidationError(`ingestion batch ${batch.id} is not valid: ${issues.map((i) => `${i.field} ${i.reason}`).join('; ')}`, issues);
        }
        s.saveBatch.run(parsed.data.id, parsed.data.startedAt, JSON.stringify(parsed.data));
      });
    },

    getBatch(id) {
      return unit.step('reading an ingestion batch', () => {
        const body = s.getBatch.get(id);
        return body === undefined ? undefined : readBatch(id, body);
      });
    },

    listBatches(options = {}) {
      return unit.step('listing ingestion batches', () =>
        s.listBatches.all(pageLimit(options.limit, 50)).map((row) => readBatch(row.id, row.body)),
      );
    },
  };
}
