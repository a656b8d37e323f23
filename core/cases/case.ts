import { z } from 'zod';
import type { CollectionDefinition } from '../ports/document-collection';

export const CASE_STATUSES = ['Active', 'Closed'] as const;
export const CaseStatusSchema = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof CaseStatusSchema>;

/** At most 100 active cases (irm-reference §4.6). */
export const MAX_ACTIVE_CASES = 100;
export const CASE_NAME_MAX = 100;
export const CASE_NOTE_MAX = 4_000;

const PersonSchema = z.object({ id: z.string(), name: z.string().optional() });
export type Person = z.infer<typeof PersonSchema>;

/** Notes are permanent (never edited or deleted); `kind` tells people's notes from automatic ones. */
export const CaseNoteSchema = z.object({
  id: z.string(),
  time: z.string(),
  author: PersonSchema,
  kind: z.enum(['comment', 'system']),
  text: z.string().max(CASE_NOTE_MAX),
});
export type CaseNote = z.infer<typeof CaseNoteSchema>;

export const CaseSchema = z.object({
  /** `C-` + 12 hex digits: a keyed hash of the alert that opened it, so it carries no identity and a retried confirm finds the same case. */
  id: z.string(),
  name: z.string().min(1).max(CASE_NAME_MAX),
  userId: z.string(),
  status: CaseStatusSchema,
  alertIds: z.array(z.string()).min(1),
  createdAt: z.string(),
  createdBy: PersonSchema,
  updatedAt: z.string(),
  updatedBy: PersonSchema,
  notes: z.array(CaseNoteSchema),
  contributors: z.array(PersonSchema.extend({ addedBy: z.string(), addedAt: z.string() })),
  resolution: z
    .object({ as: z.enum(['Benign', 'ConfirmedPolicyViolation']), actionTaken: z.string(), by: PersonSchema, at: z.string() })
    .optional(),
});
export type Case = z.infer<typeof CaseSchema>;

/** Cases, partition = subject user, id = case id. */
export const casesCollection: CollectionDefinition<Case> = {
  name: 'cases',
  schema: CaseSchema,
  indexed: ['status', 'userId', 'createdAt'],
};
