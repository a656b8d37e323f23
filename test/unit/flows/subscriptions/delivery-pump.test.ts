import { startDeliveryPump } from '../../../../flows/subscriptions/delivery-pump';
import type { DeliveryReport, FlowDeliveryConsumer } from '../../../../flows/subscriptions/flow-delivery.consumer';

const EMPTY: DeliveryReport = { attempted: 0, delivered: 0, retrying: 0, deadLettered: 0, gone: 0, cancelled: 0 };

function fakeConsumer(deliverDue: (now: Date) => Promise<DeliveryReport>): FlowDeliveryConsumer {
  return { name: 'flow-subscriptions', handles: [], handle: async () => undefined, deliverDue };
}

describe('the delivery pump', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs deliverDue with the clock’s time on every interval, one round at a time, and stops after the round in flight', async () => {
    const calls: Date[] = [];
    let finish: (() => void) | undefined;
    const consumer = fakeConsumer(async (now) => {
      calls.push(now);
      await new Promise<void>((resolve) => {
        finish = resolve;
      });
      return EMPTY;
    });
    const at = new Date('2026-03-02T09:00:00.000Z');
    const pump = startDeliveryPump(consumer, { clock: { now: () => at }, intervalMs: 1_000 });
    jest.advanceTimersByTime(999);
    expect(calls).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(calls).toEqual([at]);
    // The round is still in flight: the next tick does not start a second one.
    jest.advanceTimersByTime(1_000);
    expect(calls).toHaveLength(1);

    let stopped = false;
    const stopping = pump.stop().then(() => {
      stopped = true;
    });
    await Promise.resolve();
    expect(stopped).toBe(false);
    finish?.();
    await stopping;
    expect(stopped).toBe(true);
    jest.advanceTimersByTime(5_000);
    expect(calls).toHaveLength(1);
  });

  it('logs a failed round and tries again at the next interval', async () => {
    const lines: string[] = [];
    let n = 0;
    const consumer = fakeConsumer(async () => {
      n++;
      if (n === 1) throw new Error('store unreachable');
      return EMPTY;
    });
    const pump = startDeliveryPump(consumer, { clock: { now: () => new Date() }, intervalMs: 1_000, log: (line) => lines.push(line) });
    await jest.advanceTimersByTimeAsync(1_000);
    expect(lines).toEqual(['flow notifications: delivery round failed (next in 1 s): store unreachable']);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(n).toBe(2);
    await pump.stop();
  });
});
