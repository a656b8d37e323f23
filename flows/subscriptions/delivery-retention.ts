import type { Store } from '../../core/ports/store';
import { DELIVERY_STATES, FLOW_DELIVERIES_PARTITION, flowDeliveriesCollection } from './flow-delivery';

/** Finished deliveries are kept as long as run history (Power Automate's 28 days), then removed. */
export const DELIVERY_HISTORY_DAYS = 28;

/**
 * Deletes deliveries that finished (delivered, dead-lettered, gone, cancelled) before `before`
 * (ISO). They are kept that long so an event the outbox redelivers finds its delivery and is not
 * posted twice; redeliveries come within minutes, not weeks. Pending ones are never removed.
 * Returns how many were removed (at most `limit` per state per call).
 */
export async function purgeFinishedDeliveries(store: Store, before: string, limit = 1_000): Promise<number> {
  let removed = 0;
  for (const state of DELIVERY_STATES) {
    if (state === 'pending') continue;
    await store.transaction(async (tx) => {
      const docs = tx.documents(flowDeliveriesCollection);
      const old = await docs.query({ partition: FLOW_DELIVERIES_PARTITION, where: { state }, range: { field: 'nextAttemptAt', to: before }, limit });
      for (const { value, etag } of old) {
        if ((value.finishedAt ?? value.nextAttemptAt) >= before) continue;
        await docs.delete(FLOW_DELIVERIES_PARTITION, value.id, etag);
        removed++;
      }
    });
  }
  return removed;
}
