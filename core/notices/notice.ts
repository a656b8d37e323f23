import { z } from 'zod';
import type { CollectionDefinition } from '../ports/document-collection';

/**
 * One notice sent (or being sent) from a case: the record that makes sending idempotent. Its id is
 * derived from the case, the template and the request that asked for it, so a redelivered request
 * finds the record and does not mail again (send-notice.ts explains the states).
 * Partition = the case's user (beside the case), id = notice id.
 */
export const NOTICE_STATES = ['sending', 'sent', 'failed'] as const;

export const NoticeRecordSchema = z.object({
  id: z.string().min(1),
  caseId: z.string(),
  userId: z.string(),
  templateId: z.string(),
  templateName: z.string(),
  requestId: z.string(),
  state: z.enum(NOTICE_STATES),
  subject: z.string(),
  /** How many times sending was started (a failed send may be retried with the same request). */
  attempts: z.number().int().positive(),
  startedAt: z.iso.datetime(),
  sentAt: z.iso.datetime().optional(),
  by: z.object({ id: z.string(), name: z.string().optional() }),
  /** The error code of the last failed attempt. */
  failure: z.string().optional(),
  /** Whether a Teams chat message went with the mail. */
  teams: z.enum(['not requested', 'sent', 'no conversation', 'failed']).optional(),
});
export type NoticeRecord = z.infer<typeof NoticeRecordSchema>;

export const noticesCollection: CollectionDefinition<NoticeRecord> = {
  name: 'notices',
  schema: NoticeRecordSchema,
  indexed: ['caseId', 'state'],
};
