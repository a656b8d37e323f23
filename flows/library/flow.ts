import { z } from 'zod';
import type { CollectionDefinition } from '../../core/ports/document-collection';

/**
 * A flow as stored: its WDL definition (exactly as loaded, so `flows show` gives back what the
 * admin imported), where it came from, the values of its parameters, and whether it is on.
 * Partition `flows`, id = the flow id (lower-case slug).
 */
export const FLOW_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

const PersonSchema = z.object({ id: z.string(), name: z.string().optional() });

export const StoredFlowSchema = z.object({
  id: z.string().regex(FLOW_ID_PATTERN),
  name: z.string().min(1).max(200),
  description: z.string().max(2_000).optional(),
  source: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('template'), template: z.string() }),
    z.object({ kind: z.literal('import'), file: z.string(), format: z.string() }),
  ]),
  definition: z.record(z.string(), z.unknown()),
  /** Values for the definition's `parameters` (by name), set when enabled. */
  parameters: z.record(z.string(), z.unknown()),
  enabled: z.boolean(),
  /** Bumped on every change, so a run records which definition it ran. */
  version: z.number().int().min(1),
  createdAt: z.string(),
  createdBy: PersonSchema,
  updatedAt: z.string(),
  updatedBy: PersonSchema,
});
export type StoredFlow = z.infer<typeof StoredFlowSchema>;

export const flowsCollection: CollectionDefinition<StoredFlow> = { name: 'flows', schema: StoredFlowSchema, indexed: ['enabled'] };
export const FLOWS_PARTITION = 'flows';

/** `Notify manager on alert` → `notify-manager-on-alert`. */
export function flowIdFromName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 63);
  return slug === '' ? 'flow' : slug;
}
