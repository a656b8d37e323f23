import type { BulkOperationResult, Container, OperationInput } from '@azure/cosmos';
import type { AppError } from '../../core/errors';
import type { CosmosDocument } from './cosmos-documents';
import { cosmosStatus, translateCosmosError } from './cosmos-errors';

/** How many writes go out at once, and when to switch to the SDK's bulk executor. */
export interface WriteSettings {
  /** Point writes in flight at once (bounded so a 4,000-record chunk does not open 4,000 sockets). */
  readonly concurrency: number;
  /**
   * From this many operations on, use `items.executeBulkOperations`. The bulk executor flushes
   * partial batches on a 1 s timer, so below a few hundred operations parallel point writes
   * finish sooner; above it, bulk wins (measured against the test server: 150 ops 0.34 s vs 1.0 s,
   * 1,000 ops 2.0 s vs 1.1 s, 4,000 ops 5.8 s vs 1.4 s) and costs fewer round trips on Azure.
   */
  readonly bulkThreshold: number;
}

export const DEFAULT_WRITE_SETTINGS: WriteSettings = { concurrency: 32, bulkThreshold: 500 };

/**
 * `create` is insert-if-absent: an existing id (409) is reported as `exists`, not thrown.
 * `upsert` always writes.
 */
export interface WriteOperation {
  readonly kind: 'create' | 'upsert';
  readonly document: CosmosDocument;
}

export type WriteOutcome = 'written' | 'exists';

/**
 * Runs `task` for every item with at most `limit` in flight. After the first failure no new task
 * starts; the ones in flight finish, then the first failure is thrown.
 */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        await task(items[index], index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure !== undefined) throw failure.error;
}

/**
 * Writes documents to one container and reports, per operation and in input order, whether it
 * wrote or found the id already there (creates only). Every other failure is translated and
 * thrown after the writes in flight have settled; the writes that succeeded stay (each is
 * idempotent, so the caller's retry converges).
 */
export async function writeAll(
  container: Container,
  operations: readonly WriteOperation[],
  settings: WriteSettings,
  action: string,
): Promise<WriteOutcome[]> {
  if (operations.length === 0) return [];
  return operations.length >= settings.bulkThreshold
    ? writeInBulk(container, operations, action)
    : writeInParallel(container, operations, settings.concurrency, action);
}

async function writeInParallel(
  container: Container,
  operations: readonly WriteOperation[],
  concurrency: number,
  action: string,
): Promise<WriteOutcome[]> {
  const outcomes: WriteOutcome[] = new Array<WriteOutcome>(operations.length);
  await forEachLimited(operations, concurrency, async (operation, index) => {
    try {
      if (operation.kind === 'create') await container.items.create(operation.document);
      else await container.items.upsert(operation.document);
      outcomes[index] = 'written';
    } catch (error) {
      if (operation.kind === 'create' && cosmosStatus(error) === 409) {
        outcomes[index] = 'exists';
        return;
      }
      throw translateCosmosError(error, { action, container: container.id, id: operation.document.id });
    }
  });
  return outcomes;
}

async function writeInBulk(container: Container, operations: readonly WriteOperation[], action: string): Promise<WriteOutcome[]> {
  // Each operation names its partition key: the SDK refuses bulk operations without one.
  const inputs: OperationInput[] = operations.map((operation) => ({
    operationType: operation.kind === 'create' ? 'Create' : 'Upsert',
    partitionKey: operation.document.pk,
    resourceBody: { ...operation.document },
  }));
  let results: BulkOperationResult[];
  try {
    results = await container.items.executeBulkOperations(inputs);
  } catch (error) {
    throw translateCosmosError(error, { action, container: container.id });
  }
  const outcomes: WriteOutcome[] = [];
  let firstFailure: AppError | undefined;
  operations.forEach((operation, index) => {
    const result = results[index];
    const status = result?.error !== undefined ? cosmosStatus(result.error) : result?.response?.statusCode;
    if (status !== undefined && status >= 200 && status < 300) {
      outcomes.push('written');
    } else if (operation.kind === 'create' && status === 409) {
      outcomes.push('exists');
    } else {
      outcomes.push('written');
      firstFailure ??= translateCosmosError(result?.error ?? { code: status }, {
        action,
        container: container.id,
        id: operation.document.id,
      });
    }
  });
  if (firstFailure !== undefined) throw firstFailure;
  return outcomes;
}
