import type { z } from 'zod';
import type { Versioned } from './store';

/**
 * A named collection of JSON documents, the storage shape for everything that is not a
 * high-volume stream (settings, policies, alerts, cases, scopes, daily aggregates, audit,
 * conversation references, flow runs …). Each adapter implements it once, generically; typed
 * repositories are then written once, in core, on top of it — instead of once per adapter.
 */
export interface CollectionDefinition<T> {
  /** Lower-case, dotted or kebab (e.g. `alerts`, `policy-scopes`); unique per store. */
  readonly name: string;
  /** Validates stored documents on read; a document that fails is reported, never returned. */
  readonly schema: z.ZodType<T>;
  /**
   * Top-level fields queries may filter or order on. Adapters may index them; filtering on a
   * field not listed here is a programming error (UnexpectedError).
   */
  readonly indexed: readonly string[];
  /**
   * An indexed field whose value is always the document's id (a day document keyed by its day).
   * Adapters may answer filters, ranges and ordering on it from the id instead of an index of
   * their own; the SQLite adapter does, and refuses to write a document whose field differs.
   */
  readonly idField?: string;
}

/** Equality on indexed top-level fields, an optional range on one, one ordering, a limit. */
export interface DocumentQuery {
  /** Restrict to one partition (the subject user's UPN, or `system`). Omit for all. */
  readonly partition?: string;
  readonly where?: Readonly<Record<string, string | number | boolean>>;
  /** `from <= field < to`, strings compared as strings (ISO times sort correctly). */
  readonly range?: { readonly field: string; readonly from?: string | number; readonly to?: string | number };
  /** Ties are broken by document id, ascending. Default: by id. */
  readonly orderBy?: { readonly field: string; readonly direction?: 'asc' | 'desc' };
  /** Default 100, at most 10,000. */
  readonly limit?: number;
}

export interface DocumentCollection<T> {
  /** `undefined` when absent. */
  get(partition: string, id: string): Promise<Versioned<T> | undefined>;
  /** ConflictError when a document with this id already exists in the partition. */
  create(partition: string, id: string, value: T): Promise<Versioned<T>>;
  /** ConflictError when `etag` is stale; NotFoundError when absent. */
  replace(partition: string, id: string, value: T, etag: string): Promise<Versioned<T>>;
  /** Creates or replaces unconditionally. */
  upsert(partition: string, id: string, value: T): Promise<Versioned<T>>;
  /** Removes the document; with `etag`, only if still current (ConflictError otherwise). Absent: no-op. */
  delete(partition: string, id: string, etag?: string): Promise<void>;
  query(query?: DocumentQuery): Promise<Versioned<T>[]>;
  count(query?: Omit<DocumentQuery, 'orderBy' | 'limit'>): Promise<number>;
}
