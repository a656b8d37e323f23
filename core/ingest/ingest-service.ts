import type { Clock } from '../ports/clock';
import type { Store, StoreTransaction } from '../ports/store';
import type { DirectoryUser } from '../directory/directory-user';
import type { Activity } from './activity';
import type { IngestionBatch } from './ingestion-batch';
import type { IngestReport, RecordOutcome, SignalFormat } from './record-outcome';

export interface IngestRequest {
  /** The name error messages and the report use for the input. */
  readonly file: string;
  readonly format: SignalFormat;
  /** sha256 hex of the input's bytes; with the format it names the batch. */
  readonly contentHash: string;
  /** The parser's outcomes, consumed lazily, one per input record, in input order. */
  readonly outcomes: Iterable<RecordOutcome>;
}

export interface IngestOptions {
  readonly clock: Clock;
  /** Records per unit of work. Each chunk is stored whole or not at all. */
  readonly chunkSize?: number;
  /**
   * Runs inside each chunk's unit of work with the activities that chunk newly stored (scoring
   * plugs in here), so state and what it causes commit together.
   */
  readonly afterStore?: (tx: StoreTransaction, inserted: readonly Activity[]) => Promise<void>;
  /** Called after each stored chunk with the number of records processed so far. */
  readonly onProgress?: (processed: number) => void;
}

// Larger units of work amortize commit and index cost (measured: ratio to raw JSON.parse 0.18 at
// 10,000, 0.25 at 25,000); the chunk redone after a crash stays a few seconds of work.
const DEFAULT_CHUNK_SIZE = 25_000;
/** Outcomes parsed and stored at a time inside a chunk's unit of work (see ingestSignals). */
const SLICE_SIZE = 100;

interface RejectedRow {
  readonly row: number;
  readonly field: string;
  readonly reason: string;
}

interface StoredSlice {
  readonly accepted: number;
  readonly duplicates: number;
  readonly inserted: readonly Activity[];
}

/** Stores one slice of outcomes in the open unit of work; rejected rows are appended to `rejected`. */
async function storeSlice(tx: StoreTransaction, outcomes: readonly RecordOutcome[], rejected: RejectedRow[]): Promise<StoredSlice> {
  const activities: Activity[] = [];
  const needsUser: Extract<RecordOutcome, { type: 'activity' }>[] = [];
  const users: DirectoryUser[] = [];
  const unscoredKeys: string[] = [];
  for (const outcome of outcomes) {
    switch (outcome.type) {
      case 'activity':
        if (outcome.requiresKnownUser) needsUser.push(outcome);
        else activities.push(outcome.activity);
        break;
      case 'user':
        users.push(outcome.user);
        break;
      case 'unscored':
        unscoredKeys.push(outcome.key);
        break;
      case 'rejected':
        rejected.push({ row: outcome.row, field: outcome.field, reason: outcome.reason });
        break;
    }
  }
  if (needsUser.length > 0) {
    const known = await tx.users.getMany([...new Set(needsUser.map((n) => n.activity.userId))]);
    for (const outcome of needsUser) {
      if (known.has(outcome.activity.userId)) {
        activities.push(outcome.activity);
      } else {
        rejected.push({
          row: outcome.row,
          field: outcome.requiresKnownUser?.field ?? 'user',
          reason: `user '${outcome.activity.userId}' is not in the directory; import the directory (users) first`,
        });
      }
    }
  }
  let accepted = 0;
  let duplicates = 0;
  let inserted: readonly Activity[] = [];
  if (activities.length > 0) {
    const stored = await tx.activities.insertMany(activities);
    inserted = stored.inserted;
    accepted += stored.inserted.length;
    duplicates += stored.duplicates;
  }
  if (users.length > 0) {
    const upserted = await tx.users.upsertMany(users);
    accepted += upserted.created + upserted.updated;
    duplicates += upserted.unchanged;
  }
  if (unscoredKeys.length > 0) await tx.ingestion.markSeen(unscoredKeys);
  return { accepted, duplicates, inserted };
}

/**
 * Stores what a parser made of one input, chunk by chunk.
 *
 * Idempotency: activities are keyed by their stable id and inserted only when absent, directory
 * users are upserted by UPN, and unscored records are remembered by key; so re-ingesting a file
 * stores nothing new, and a run killed mid-file and started again ends with every record stored
 * exactly once (each chunk commits as one unit; the chunk in flight at the kill is redone).
 *
 * Records that must name a known user (HR, badging) are rejected when the user is not in the
 * directory, with the field that named them. Every record ends up in exactly one of: accepted,
 * duplicates, rejected, unscoredOperations.
 */
export async function ingestSignals(store: Store, request: IngestRequest, options: IngestOptions): Promise<IngestReport> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const startedAt = options.clock.now().toISOString();
  const batchId = `${request.format}:${request.contentHash.slice(0, 40)}`;
  const batch: IngestionBatch = {
    id: batchId,
    format: request.format,
    file: request.file,
    contentHash: request.contentHash,
    status: 'running',
    startedAt,
    records: 0,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    unscored: 0,
  };

  const rejected: RejectedRow[] = [];
  const unscoredOperations: Record<string, number> = {};
  let records = 0;
  let accepted = 0;
  let duplicates = 0;
  let unscored = 0;

  const iterator = request.outcomes[Symbol.iterator]();
  let exhausted = false;
  let batchSaved = false;

  /** The next outcomes of the input, at most `max`; counts records and unscored operations as they pass. */
  const pull = (max: number): RecordOutcome[] => {
    const taken: RecordOutcome[] = [];
    while (taken.length < max) {
      const next = iterator.next();
      if (next.done === true) {
        exhausted = true;
        break;
      }
      const outcome = next.value;
      records++;
      if (outcome.type === 'unscored') {
        unscored++;
        unscoredOperations[outcome.operation] = (unscoredOperations[outcome.operation] ?? 0) + 1;
      }
      taken.push(outcome);
    }
    return taken;
  };

  while (!exhausted || !batchSaved) {
    // The chunk's first slice is read before its unit of work opens, so an input that fails on
    // its first record (a missing column) leaves nothing behind, even on a store without
    // rollback (Cosmos), and an input that ends on a chunk boundary opens no empty unit.
    const first = pull(Math.min(SLICE_SIZE, chunkSize));
    if (first.length === 0 && batchSaved) break;
    // One unit of work per chunk, filled from the input while it is open: the chunk is stored
    // in slices, so each slice's records are garbage by the time the next is parsed (holding a
    // whole chunk of outcomes until commit had them promoted to the old generation, measured as
    // ~10 % of an import in GC), and the commit still amortizes over the whole chunk.
    const result = await store.transaction(async (tx) => {
      if (!batchSaved) await tx.ingestion.saveBatch(batch);
      // Kept only when something runs on them at the end of the unit of work.
      const inserted: Activity[] = [];
      const chunkRejected: RejectedRow[] = [];
      let chunkAccepted = 0;
      let chunkDuplicates = 0;
      let slice = first;
      let taken = first.length;
      for (;;) {
        const stored = await storeSlice(tx, slice, chunkRejected);
        chunkAccepted += stored.accepted;
        chunkDuplicates += stored.duplicates;
        if (options.afterStore !== undefined) for (const a of stored.inserted) inserted.push(a);
        if (taken >= chunkSize || exhausted) break;
        slice = pull(Math.min(SLICE_SIZE, chunkSize - taken));
        taken += slice.length;
      }
      if (options.afterStore !== undefined && inserted.length > 0) await options.afterStore(tx, inserted);
      return { chunkAccepted, chunkDuplicates, chunkRejected };
    });
    batchSaved = true;
    accepted += result.chunkAccepted;
    duplicates += result.chunkDuplicates;
    // Rows come back grouped by outcome type; keep the report in input order.
    result.chunkRejected.sort((a, b) => a.row - b.row);
    rejected.push(...result.chunkRejected);
    options.onProgress?.(records);
  }

  const completedAt = options.clock.now().toISOString();
  const completed: IngestionBatch = {
    ...batch,
    status: 'completed',
    completedAt,
    records,
    accepted,
    duplicates,
    rejected: rejected.length,
    unscored,
  };
  await store.transaction(async (tx) => {
    await tx.ingestion.saveBatch(completed);
    await tx.outbox.append([
      {
        id: `ingest.completed:${batchId}:${startedAt}`,
        type: 'ingest.completed',
        subject: 'system',
        time: completedAt,
        data: { batchId, format: request.format, file: request.file, records, accepted, duplicates, rejected: rejected.length, unscored },
      },
    ]);
  });

  return {
    batchId,
    file: request.file,
    format: request.format,
    records,
    accepted,
    duplicates,
    rejected,
    unscoredOperations,
  };
}
