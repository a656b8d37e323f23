import type { z } from 'zod';
import { ValidationError } from '../../core/errors';

/**
 * Document shape shared by every container: the Cosmos `id`, the partition key value `pk` and the
 * `type` discriminator. Domain fields sit beside them (flat), so queries can filter on them.
 */
export interface CosmosDocument {
  readonly id: string;
  readonly pk: string;
  readonly type: DocumentType;
}

export type DocumentType = 'user' | 'activity' | 'batch' | 'seen' | 'event' | 'document';

/** Properties that Cosmos adds or that this adapter adds for its own bookkeeping. */
const SYSTEM_PROPERTIES = ['_rid', '_self', '_etag', '_ts', '_attachments', 'pk', 'type'] as const;

/** Cosmos caps `id` at 1,023 bytes (service quotas, per-item limits). */
const MAX_ID_BYTES = 1023;

/**
 * Characters kept as they are in a document id. Everything else is escaped, because Cosmos
 * forbids `/ \ # ?` in ids and the SDK puts the id into the request path without encoding it
 * (so `%`, spaces and non-ASCII would be reinterpreted by URL handling). Guest UPNs contain `#EXT#`.
 */
const SAFE_ID_CHARACTER = /^[A-Za-z0-9._:@-]$/;

/**
 * Escapes a domain key for use in a Cosmos id: each UTF-8 byte of an unsafe character becomes
 * `~HH`. Reversible, and `~` itself is escaped so the mapping is injective.
 */
export function encodeKey(key: string): string {
  let out = '';
  for (const character of key) {
    if (SAFE_ID_CHARACTER.test(character)) {
      out += character;
    } else {
      for (const byte of Buffer.from(character, 'utf8')) out += `~${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return out;
}

/** Inverse of {@link encodeKey}. */
export function decodeKey(encoded: string): string {
  // The escaped form holds no `%` (it is escaped itself), so `~HH` maps onto URI escapes exactly.
  return decodeURIComponent(encoded.replaceAll('~', '%'));
}

/**
 * The Cosmos id of a domain key. The type prefix keeps kinds that share a partition (a user's
 * activities, and later their alerts, cases and events) from colliding on the same key.
 */
export function documentId(type: DocumentType, key: string): string {
  const id = `${type}:${encodeKey(key)}`;
  if (Buffer.byteLength(id, 'utf8') > MAX_ID_BYTES) {
    throw new ValidationError(`a ${type} key is too long to store in Cosmos DB`, [
      { field: 'id', reason: `the encoded id exceeds ${MAX_ID_BYTES} bytes` },
    ]);
  }
  return id;
}

/** The domain key a Cosmos id was made from, or `undefined` when it is not an id of `type`. */
export function keyOfDocumentId(type: DocumentType, id: string): string | undefined {
  const prefix = `${type}:`;
  if (!id.startsWith(prefix)) return undefined;
  try {
    return decodeKey(id.slice(prefix.length));
  } catch {
    return undefined;
  }
}

/** Partition key value for data about a subject: the lower-case UPN, or `system`. */
export function subjectPartition(subject: string): string {
  return subject.toLowerCase();
}

/** Where a stored document came from, for error messages. */
export interface DocumentSource {
  readonly container: string;
  readonly id: string;
}

/**
 * Removes Cosmos system properties and this adapter's bookkeeping fields (`pk`, `type`, plus
 * `extra`), returning a fresh object.
 */
export function stripSystemProperties(document: Record<string, unknown>, extra: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = { ...document };
  for (const name of SYSTEM_PROPERTIES) delete out[name];
  for (const name of extra) delete out[name];
  return out;
}

/** The `id` of a raw document, for error messages; `?` when it has none. */
export function rawDocumentId(document: unknown): string {
  if (typeof document === 'object' && document !== null) {
    const id = (document as Record<string, unknown>).id;
    if (typeof id === 'string') return id;
  }
  return '?';
}

/**
 * Parses a value read from Cosmos with its schema. Stored documents are a boundary: a document
 * written by an older version or edited by hand must fail loudly, naming where it is.
 */
export function parseStored<T>(schema: z.ZodType<T>, value: unknown, source: DocumentSource): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(
    `stored document ${source.container}/${source.id} does not match its schema`,
    result.error.issues.map((issue) => ({
      file: `${source.container}/${source.id}`,
      field: issue.path.map(String).join('.') || undefined,
      reason: issue.message,
    })),
    { cause: result.error },
  );
}

/** Reads a document as a plain object, or fails as corrupt when it is not one. */
export function asRecord(document: unknown, source: DocumentSource): Record<string, unknown> {
  if (typeof document === 'object' && document !== null && !Array.isArray(document)) {
    return document as Record<string, unknown>;
  }
  throw new ValidationError(`stored document ${source.container}/${source.id} is not an object`, [
    { file: `${source.container}/${source.id}`, reason: 'expected a JSON object' },
  ]);
}

/** The `_etag` Cosmos keeps on every document; a document without one is not from Cosmos. */
export function storedEtag(document: Record<string, unknown>, source: DocumentSource): string {
  const etag = document._etag;
  if (typeof etag === 'string' && etag.length > 0) return etag;
  throw new ValidationError(`stored document ${source.container}/${source.id} has no ETag`, [
    { file: `${source.container}/${source.id}`, field: '_etag', reason: 'expected a string' },
  ]);
}

/**
 * Validates a value before it is written, so that nothing we store can later fail its schema on
 * read (which would make a whole partition's listing fail).
 */
export function parseForWrite<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(
    `${what} is not valid`,
    result.error.issues.map((issue) => ({ field: issue.path.map(String).join('.') || undefined, reason: issue.message })),
    { cause: result.error },
  );
}

/** JSON with object keys sorted, so that content comparison ignores key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) return inner;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(inner).sort()) sorted[key] = (inner as Record<string, unknown>)[key];
    return sorted;
  });
}
