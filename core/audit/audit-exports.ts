import { z } from 'zod';
import { NotFoundError } from '../errors';
import type { CollectionDefinition } from '../ports/document-collection';
import type { StoreTransaction } from '../ports/store';

/**
 * A one-time download: the audit log as CSV (`audit export`) or a case's evidence package
 * (`case escalate`). A bot cannot attach a file to a channel reply, so the command answers with a
 * link carrying a random token: valid for 10 minutes, once, for what was asked. The token is the
 * only secret; it is long and unguessable.
 */
export const AuditExportSchema = z.object({
  token: z.string().min(32),
  kind: z.enum(['audit', 'evidence']).default('audit'),
  /** For an evidence package: the case. */
  caseId: z.string().optional(),
  requestedBy: z.object({ id: z.string(), name: z.string().optional() }),
  requestedAt: z.string(),
  expiresAt: z.string(),
  usedAt: z.string().optional(),
  filters: z.object({ category: z.string().optional(), from: z.string().optional(), to: z.string().optional() }),
});
export type AuditExport = z.infer<typeof AuditExportSchema>;
export const auditExportsCollection: CollectionDefinition<AuditExport> = { name: 'audit-exports', schema: AuditExportSchema, indexed: [] };
const PARTITION = 'system';
export const EXPORT_LINK_MINUTES = 10;

export async function createAuditExport(tx: StoreTransaction, request: AuditExport): Promise<void> {
  await tx.documents(auditExportsCollection).create(PARTITION, request.token, request);
}

/** Claims the export for download: NotFoundError for an unknown, used or expired token (one answer for all, on purpose). */
export async function claimAuditExport(tx: StoreTransaction, token: string, now: Date): Promise<AuditExport> {
  const docs = tx.documents(auditExportsCollection);
  const found = /^[A-Za-z0-9_-]{32,128}$/.test(token) ? await docs.get(PARTITION, token) : undefined;
  if (found === undefined || found.value.usedAt !== undefined || Date.parse(found.value.expiresAt) <= now.getTime()) {
    throw new NotFoundError('this export link is unknown, already used or expired; run audit export again');
  }
  const claimed = { ...found.value, usedAt: now.toISOString() };
  await docs.replace(PARTITION, token, claimed, found.etag);
  return claimed;
}
