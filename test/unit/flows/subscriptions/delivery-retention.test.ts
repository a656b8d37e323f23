import { FLOW_DELIVERIES_PARTITION, flowDeliveriesCollection, type FlowDelivery } from '../../../../flows/subscriptions/flow-delivery';
import { purgeFinishedDeliveries } from '../../../../flows/subscriptions/delivery-retention';
import { createMemoryStore } from '../../../support/memory-store';

function delivery(id: string, state: FlowDelivery['state'], at: string): FlowDelivery {
  return {
    id,
    subscriptionId: 'sub-1',
    eventType: 'alert.created',
    eventId: `event-${id}`,
    body: '{}',
    state,
    attempts: 1,
    createdAt: at,
    nextAttemptAt: at,
    ...(state === 'pending' ? {} : { finishedAt: at }),
  };
}

describe('delivery retention', () => {
  it('removes finished deliveries older than the cut-off and keeps pending and newer ones', async () => {
    const store = createMemoryStore();
    const rows = [delivery('old-delivered', 'delivered', '2026-01-01T00:00:00.000Z'), delivery('old-dead', 'dead', '2026-01-02T00:00:00.000Z'), delivery('old-pending', 'pending', '2026-01-01T00:00:00.000Z'), delivery('new-delivered', 'delivered', '2026-03-01T00:00:00.000Z')];
    await store.transaction(async (tx) => {
      for (const d of rows) await tx.documents(flowDeliveriesCollection).create(FLOW_DELIVERIES_PARTITION, d.id, parsed(d));
    });
    expect(await purgeFinishedDeliveries(store, '2026-02-01T00:00:00.000Z')).toBe(2);
    const left = await store.transaction((tx) => tx.documents(flowDeliveriesCollection).query({ partition: FLOW_DELIVERIES_PARTITION }));
    expect(left.map((d) => d.value.id).sort()).toEqual(['new-delivered', 'old-pending']);
  });
});

/** The stored shape is checked on read; a sample that does not fit the schema fails here, loudly. */
function parsed(d: FlowDelivery): FlowDelivery {
  return flowDeliveriesCollection.schema.parse(d);
}
