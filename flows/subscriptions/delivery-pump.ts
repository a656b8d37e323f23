import type { Clock } from '../../core/ports/clock';
import type { FlowDeliveryConsumer } from './flow-delivery.consumer';

export interface DeliveryPump {
  /** Finishes the round in flight and stops. */
  stop(): Promise<void>;
}

/**
 * Runs `deliverDue` every `intervalMs` (default 15 s), one round at a time, so retries go out
 * when due. A failing round (the store unreachable) is logged and the next one tries again; the
 * timer does not keep the process alive.
 */
export function startDeliveryPump(consumer: FlowDeliveryConsumer, options: { readonly clock: Clock; readonly intervalMs?: number; readonly log?: (line: string) => void }): DeliveryPump {
  const intervalMs = options.intervalMs ?? 15_000;
  const log = options.log ?? ((): void => undefined);
  let round: Promise<void> | undefined;
  let stopped = false;
  const tick = (): void => {
    if (stopped || round !== undefined) return;
    round = consumer
      .deliverDue(options.clock.now())
      .then(
        () => undefined,
        (error: unknown) => log(`flow notifications: delivery round failed (next in ${Math.round(intervalMs / 1000)} s): ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => {
        round = undefined;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref?.();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await round;
    },
  };
}
