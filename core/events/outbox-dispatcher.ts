import type { DomainEvent, OutboxEntry } from './domain-event';
import type { Clock } from '../ports/clock';
import type { Store } from '../ports/store';

/**
 * Delivers outbox events to their consumers at least once (ARCHITECTURE "Outbox"). Consumers must
 * be idempotent: an event is delivered again after a crash between handling it and marking it,
 * and to every consumer again when one of them failed.
 *
 * Order: the events of one subject (a user's alerts and cases) reach consumers in the order they
 * were appended; a failure holds back that subject's later events (a card update must not overtake
 * the post it updates) while other subjects go on. Failed events are retried with exponential
 * backoff, in memory: a restart retries at once, which is what an operator fixing the cause wants.
 */
export interface EventConsumer {
  readonly name: string;
  readonly handles: readonly DomainEvent['type'][];
  handle(event: DomainEvent): Promise<void>;
}

export interface OutboxDispatcherOptions {
  readonly store: Store;
  readonly consumers: readonly EventConsumer[];
  readonly clock: Clock;
  /** Idle polling interval; `kick()` wakes the loop sooner. Default 250 ms. */
  readonly pollIntervalMs?: number;
  /** Events read per round. Default 500. */
  readonly batchSize?: number;
  /** Subjects handled at once. Default 8. */
  readonly concurrency?: number;
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  readonly log?: (line: string) => void;
}

export interface OutboxDispatcher {
  start(): void;
  /** Finishes the round in flight and stops. */
  stop(): Promise<void>;
  /** New events were committed: deliver soon rather than at the next poll. */
  kick(): void;
  /** Delivers until nothing deliverable is pending (events in backoff are left). For tests and shutdown. */
  drain(): Promise<void>;
  /** Events that failed and wait for a retry, with their last error. */
  failing(): readonly { readonly eventId: string; readonly attempts: number; readonly error: string }[];
}

export function createOutboxDispatcher(options: OutboxDispatcherOptions): OutboxDispatcher {
  const pollMs = options.pollIntervalMs ?? 250;
  const batchSize = options.batchSize ?? 500;
  const concurrency = options.concurrency ?? 8;
  const baseMs = options.retryBaseMs ?? 1_000;
  const maxMs = options.retryMaxMs ?? 300_000;
  const log = options.log ?? ((): void => undefined);
  const retries = new Map<string, { attempts: number; notBefore: number; error: string }>();

  let running = false;
  let round: Promise<number> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wake: (() => void) | undefined;
  let loop: Promise<void> | undefined;

  const deliver = async (event: DomainEvent): Promise<void> => {
    for (const consumer of options.consumers) {
      if (!consumer.handles.includes(event.type)) continue;
      try {
        await consumer.handle(event);
      } catch (error) {
        throw new ConsumerFailure(consumer.name, error);
      }
    }
  };

  /** One round: read pending, deliver per subject, mark. Returns how many were delivered. */
  const runRound = async (): Promise<number> => {
    const pending: OutboxEntry[] = await options.store.transaction((tx) => tx.outbox.pending(batchSize));
    if (pending.length === 0) return 0;
    const now = Date.now();
    const bySubject = new Map<string, DomainEvent[]>();
    for (const entry of pending) {
      const list = bySubject.get(entry.event.subject) ?? [];
      list.push(entry.event);
      bySubject.set(entry.event.subject, list);
    }
    const delivered: DomainEvent[] = [];
    const subjects = [...bySubject.values()];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < subjects.length) {
        const events = subjects[next++];
        for (const event of events) {
          const retry = retries.get(event.id);
          if (retry !== undefined && retry.notBefore > now) break;
          try {
            await deliver(event);
            retries.delete(event.id);
            delivered.push(event);
          } catch (error) {
            const attempts = (retry?.attempts ?? 0) + 1;
            const wait = Math.min(maxMs, baseMs * 2 ** Math.min(attempts - 1, 20));
            const message = error instanceof ConsumerFailure ? `${error.consumer}: ${describe(error.cause)}` : describe(error);
            retries.set(event.id, { attempts, notBefore: Date.now() + wait, error: message });
            log(`outbox: ${event.type} ${event.id} failed (attempt ${attempts}, next in ${Math.round(wait / 1000)} s): ${message}`);
            break;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, subjects.length) }, () => worker()));
    if (delivered.length > 0) {
      const at = options.clock.now().toISOString();
      await options.store.transaction((tx) => tx.outbox.markDelivered(delivered, at));
    }
    return delivered.length;
  };

  const oneRound = (): Promise<number> => {
    // Rounds never overlap: drain() and the loop share the one in flight.
    round ??= runRound().finally(() => {
      round = undefined;
    });
    return round;
  };

  const sleep = (ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      wake = () => resolve();
      timer = setTimeout(resolve, ms);
      timer.unref?.();
    }).then(() => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      wake = undefined;
    });

  const run = async (): Promise<void> => {
    while (running) {
      let delivered = 0;
      try {
        delivered = await oneRound();
      } catch (error) {
        log(`outbox: reading or marking events failed: ${describe(error)}`);
      }
      if (!running) break;
      // A full round suggests more are waiting; go again at once.
      if (delivered < batchSize) await sleep(pollMs);
    }
  };

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
      await round;
    },
    kick() {
      wake?.();
    },
    async drain() {
      for (;;) {
        const delivered = await oneRound();
        if (delivered === 0) return;
      }
    },
    failing() {
      return [...retries].map(([eventId, r]) => ({ eventId, attempts: r.attempts, error: r.error }));
    },
  };
}

class ConsumerFailure extends Error {
  constructor(
    readonly consumer: string,
    override readonly cause: unknown,
  ) {
    super(`${consumer} failed`);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
