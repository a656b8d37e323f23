import { z } from 'zod';
import { SIGNAL_FORMATS } from './record-outcome';

/** One file (or request) being ingested; kept so a run can be reported and audited later. */
export const IngestionBatchSchema = z.object({
  /** Derived from the content hash and format, so the same file gets the same batch id. */
  id: z.string().min(1),
  format: z.enum(SIGNAL_FORMATS),
  file: z.string(),
  /** sha256 hex of the file's bytes. */
  contentHash: z.string(),
  status: z.enum(['running', 'completed']),
  startedAt: z.iso.datetime(),
  completedAt: z.iso.datetime().optional(),
  records: z.number().int().nonnegative(),
  accepted: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
  unscored: z.number().int().nonnegative(),
});
export type IngestionBatch = z.infer<typeof IngestionBatchSchema>;
