import { z } from 'zod';
import type { CollectionDefinition } from '../ports/document-collection';
import { AuditEntrySchema, AuditHashSchema, type AuditEntry } from './audit-entry';

/**
 * Where the audit log is stored: every audit document in one place, in its own partition
 * `audit` (not `system`), so that on Cosmos the log's writes and queries never contend with
 * settings and policies.
 *
 * - `audit`        the entries; id = sequence zero-padded to 12 digits (audit-entry.ts).
 * - `audit-head`   id `head`: the last appended sequence and its hash, where the next append
 *                  starts. Moved with ETag-checked replaces (audit-log.ts).
 * - `audit-anchor` id `anchor`: the last purged sequence and its hash, where verification
 *                  starts once retention has removed the oldest entries; and a record of purges.
 */
export const AUDIT_PARTITION = 'audit';
export const AUDIT_HEAD_ID = 'head';
export const AUDIT_ANCHOR_ID = 'anchor';

/** Indexed for the queries audit-log.ts makes: order and page by sequence, filter by category and time. */
const ENTRY_FIELDS = ['sequence', 'time', 'category'] as const;

export const auditEntriesCollection: CollectionDefinition<AuditEntry> = {
  name: 'audit',
  schema: AuditEntrySchema,
  indexed: ENTRY_FIELDS,
};

/**
 * The same stored documents, unvalidated. Only verification reads through this: it checks each
 * document against AuditEntrySchema itself, so that a tampered document is reported at its
 * place in the chain instead of failing the whole read.
 */
export const auditEntriesUncheckedCollection: CollectionDefinition<unknown> = {
  name: 'audit',
  schema: z.unknown(),
  indexed: ENTRY_FIELDS,
};

export const AuditHeadSchema = z.strictObject({
  /** The last entry appended; 0 before the first. */
  sequence: z.number().int().min(0),
  /** That entry's hash; GENESIS_HASH before the first. */
  hash: AuditHashSchema,
  updatedAt: z.iso.datetime(),
});
export type AuditHead = z.infer<typeof AuditHeadSchema>;
export const auditHeadCollection: CollectionDefinition<AuditHead> = { name: 'audit-head', schema: AuditHeadSchema, indexed: [] };

export const AuditPurgeSchema = z.strictObject({
  at: z.iso.datetime(),
  /** Entries older than this were removed. */
  cutoff: z.iso.datetime(),
  throughSequence: z.number().int().min(1),
  removed: z.number().int().min(1),
});
export type AuditPurge = z.infer<typeof AuditPurgeSchema>;

/** How many purge records the anchor keeps (a daily purge: about three months of them). */
export const MAX_PURGE_RECORDS = 100;

export const AuditAnchorSchema = z.strictObject({
  /** The last purged entry: verification expects entry `sequence + 1` to follow `hash`. */
  sequence: z.number().int().min(1),
  hash: AuditHashSchema,
  /** That entry's time. */
  time: z.iso.datetime(),
  /** Entries removed by retention since the log began. */
  totalRemoved: z.number().int().min(0),
  /** The most recent purges, oldest first, at most MAX_PURGE_RECORDS. */
  purges: z.array(AuditPurgeSchema).max(MAX_PURGE_RECORDS),
});
export type AuditAnchor = z.infer<typeof AuditAnchorSchema>;
export const auditAnchorCollection: CollectionDefinition<AuditAnchor> = { name: 'audit-anchor', schema: AuditAnchorSchema, indexed: [] };
