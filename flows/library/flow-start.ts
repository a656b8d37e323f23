import { z } from 'zod';
import type { CollectionDefinition } from '../../core/ports/document-collection';

/**
 * A run that an event (or a person) asked for and that has not been handed to the runner yet.
 * The event consumer only writes this document — quickly, inside the outbox's delivery — and a
 * pump starts the run outside it, so a flow that waits for days never holds up event delivery,
 * and a crash between the two loses nothing (the document stays until the run exists).
 * Partition `flow-starts`, id = the run id.
 */
export const FlowStartSchema = z.object({
  runId: z.string(),
  flowId: z.string(),
  flowVersion: z.number().int(),
  triggerName: z.string(),
  triggerOutputs: z.object({ headers: z.record(z.string(), z.string()).optional(), body: z.unknown() }),
  /** What caused it: the event id, or `manual:<object id>`. */
  cause: z.string(),
  createdAt: z.string(),
});
export type FlowStart = z.infer<typeof FlowStartSchema>;

export const flowStartsCollection: CollectionDefinition<FlowStart> = { name: 'flow-starts', schema: FlowStartSchema, indexed: ['createdAt'] };
export const FLOW_STARTS_PARTITION = 'flow-starts';

/** One run per event and flow: the id is a hash of both, so a redelivered event finds its run. */
export function eventRunId(sha256Hex: (text: string) => string, flowId: string, eventId: string): string {
  return `R-${sha256Hex(`flow-run:${flowId}:${eventId}`).slice(0, 20).toUpperCase()}`;
}
