import type { Container, FeedOptions, SqlQuerySpec } from '@azure/cosmos';
import { translateCosmosError } from './cosmos-errors';

/** The largest page we ask for; Cosmos caps a page by size (4 MB) regardless. */
const MAX_PAGE_ITEMS = 1000;

export interface QueryOptions {
  /** For error messages. */
  readonly action: string;
  /**
   * Scopes the query to one logical partition. The SQL must also filter on `c.pk`: the test
   * server ignores this option, and on Azure the filter costs nothing.
   */
  readonly partitionKey?: string;
  /** Stop after this many results (the SQL should say `TOP` as well, so the server stops too). */
  readonly limit?: number;
}

/**
 * Runs a query page by page (the iterator carries the continuation token between pages) and
 * returns the raw documents, at most `limit`.
 */
export async function queryDocuments(container: Container, query: SqlQuerySpec, options: QueryOptions): Promise<unknown[]> {
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const feedOptions: FeedOptions = { maxItemCount: Math.min(MAX_PAGE_ITEMS, limit) };
  if (options.partitionKey !== undefined) feedOptions.partitionKey = options.partitionKey;
  const out: unknown[] = [];
  try {
    const iterator = container.items.query<unknown>(query, feedOptions);
    while (out.length < limit && iterator.hasMoreResults()) {
      const page = await iterator.fetchNext();
      for (const resource of page.resources) {
        if (out.length >= limit) break;
        out.push(resource);
      }
    }
  } catch (error) {
    throw translateCosmosError(error, { action: options.action, container: container.id });
  }
  return out;
}

/** Runs a `SELECT VALUE COUNT(1)` query; the SDK combines the per-partition counts. */
export async function queryCount(container: Container, query: SqlQuerySpec, options: QueryOptions): Promise<number> {
  const values = await queryDocuments(container, query, { action: options.action, partitionKey: options.partitionKey });
  return values.reduce<number>((sum, value) => sum + (typeof value === 'number' ? value : 0), 0);
}

/** A `TOP` value: a whole number of at least zero. */
export function topOf(limit: number): number {
  return Number.isFinite(limit) ? Math.max(0, Math.floor(limit)) : 0;
}
