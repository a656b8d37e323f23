import { z } from 'zod';
import type { Hasher } from '../ports/hasher';
import { canonicalJson, JsonObjectSchema } from './canonical-json';

/**
 * The product's own audit log (irm-reference §9.3): who did what to which object, when, with the
 * change itself. Always on; entries are appended, never edited, and hash-chained so that an edit,
 * a deletion or a reordering of stored entries is detected by verification (audit-log.ts).
 */

/** Purview's audit categories, spelled as Purview shows them. */
export const AUDIT_CATEGORIES = ['Policies', 'Cases', 'Alerts', 'Settings', 'Users', 'Notice templates', 'Flows'] as const;
export const AuditCategorySchema = z.enum(AUDIT_CATEGORIES);
export type AuditCategory = z.infer<typeof AuditCategorySchema>;

/**
 * Activity names used by the product. Activity is free text (Purview adds new ones over time);
 * these constants keep the spelling of the ones we write identical everywhere.
 */
export const AUDIT_ACTIVITIES = {
  editedSettings: 'Edited settings',
  createdPolicy: 'Created policy',
  deletedPolicy: 'Deleted policy',
  editedPolicy: 'Edited policy',
  confirmedAlert: 'Confirmed alert',
  dismissedAlert: 'Dismissed alert',
  permissionDenied: 'Permission denied',
  addedRoleMember: 'Added role member',
  removedRoleMember: 'Removed role member',
} as const;

/** The first entry's `prevHash`: there is nothing before it. */
export const GENESIS_HASH = '0'.repeat(64);

export const AuditHashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits (a SHA-256)');

const ENTRA_OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Who did it: an Entra object id (a GUID; the name is the display name at the time), `cli:<os
 * user>` for the command line, or `system` for the product itself (retention, scheduled work).
 * A UPN or a free-form name is refused: UPNs change on rename, object ids do not.
 */
export const AuditActorSchema = z.strictObject({
  id: z
    .string()
    .max(256)
    .refine((id) => id === 'system' || /^cli:\S+$/.test(id) || ENTRA_OBJECT_ID.test(id), {
      message: 'must be an Entra object id (GUID), cli:<os user> or system',
    }),
  name: z.string().min(1).max(256).optional(),
});
export type AuditActor = z.infer<typeof AuditActorSchema>;

/**
 * What a caller records. `details` is plain JSON: the change (before/after values), reasons,
 * the names of what was touched. No transforms here (no trimming, no defaults): what is stored
 * must read back identical, or its hash would no longer match.
 */
export const AuditInputSchema = z.strictObject({
  category: AuditCategorySchema,
  activity: z.string().min(1).max(200),
  actor: AuditActorSchema,
  /** The id of what it was done to (a policy id, a setting name, an alert id …). */
  target: z.string().min(1).max(1024).optional(),
  details: JsonObjectSchema.optional(),
});
export type AuditInput = z.infer<typeof AuditInputSchema>;

/**
 * A stored entry. Strict: a field added to a stored document is a change like any other, and
 * reading it is refused rather than the field silently dropped.
 */
export const AuditEntrySchema = z.strictObject({
  ...AuditInputSchema.shape,
  /** 1, 2, 3 … with no gaps; the order of the log. */
  sequence: z.number().int().min(1),
  /** When it was recorded, ISO 8601 UTC from the Clock port (`2026-03-01T09:15:49.123Z`). */
  time: z.iso.datetime(),
  /** The previous entry's `hash`; GENESIS_HASH for entry 1. */
  prevHash: AuditHashSchema,
  /** SHA-256 (hex) of the canonical JSON of every other field, prevHash included. */
  hash: AuditHashSchema,
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export type UnsignedAuditEntry = Omit<AuditEntry, 'hash'>;

/**
 * The hash of an entry: SHA-256 over its canonical JSON (canonical-json.ts) without `hash`.
 * Reproducible outside the product: `sha256(canonical(entry minus hash))`, hex, lower case.
 */
export function auditEntryHash(hasher: Hasher, entry: UnsignedAuditEntry): string {
  return hasher.sha256Hex(canonicalJson(entry));
}

/** Document id of an entry: its sequence zero-padded to 12 digits, so ids sort in log order. */
export function auditEntryId(sequence: number): string {
  return String(sequence).padStart(12, '0');
}
