import { z } from 'zod';
import type { CollectionDefinition } from '../../../core/ports/document-collection';
import type { StoreTransaction } from '../../../core/ports/store';

/**
 * Side effects a flow step made inside our own store, keyed by the step's idempotency key and
 * written in the same unit of work as the effect: a step retried or resumed after a crash finds
 * its effect already done and returns the same result instead of writing a second note.
 */
const FlowEffectSchema = z.object({ key: z.string(), at: z.string(), result: z.unknown() });
type FlowEffect = z.infer<typeof FlowEffectSchema>;

export const flowEffectsCollection: CollectionDefinition<FlowEffect> = { name: 'flow-effects', schema: FlowEffectSchema, indexed: [] };
const PARTITION = 'flow-effects';

/** Runs `effect` once per key; later calls return the first result. */
export async function onceInTransaction<T>(tx: StoreTransaction, key: string, now: string, effect: () => Promise<T>): Promise<T> {
  const docs = tx.documents(flowEffectsCollection);
  const done = await docs.get(PARTITION, key);
  if (done !== undefined) return done.value.result as T;
  const result = await effect();
  await docs.create(PARTITION, key, { key, at: now, result });
  return result;
}
