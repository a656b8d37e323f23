import { AppError, ConflictError, ValidationError } from '../../core/errors';
import type { DomainEvent } from '../../core/events/domain-event';
import type { EventConsumer } from '../../core/events/outbox-dispatcher';
import type { AuditRecord, RecordAudit } from '../../core/ports/audit-trail';
import type { Clock } from '../../core/ports/clock';
import type { Hasher } from '../../core/ports/hasher';
import type { HttpClient } from '../../core/ports/http-client';
import type { Store, StoreTransaction, Versioned } from '../../core/ports/store';
import type { Pseudonymizer } from '../../core/privacy/pseudonymizer';
import type { IrmPorts } from '../connectors/irm/irm-ports';
import { pseudonymizing } from './external-views';
import {
  type AttemptOutcome,
  backoffMs,
  classifyResponse,
  DEFAULT_RETRY_POLICY,
  FLOW_DELIVERIES_PARTITION,
  type FlowDelivery,
  flowDeliveriesCollection,
  type RetryPolicy,
} from './flow-delivery';
import { buildFlowNotification, matchesFilter } from './flow-notification';
import { callbackHostOf, FLOW_EVENT_TYPES, type FlowEventType, isFlowEventType } from './flow-subscription';
import { getSubscription, listSubscriptions, unsubscribe } from './flow-subscription.repository';

export interface FlowDeliveryDeps {
  readonly store: Store;
  readonly clock: Clock;
  /** Outbound HTTP (core/ports/http-client.ts): every notification is one POST through it. */
  readonly http: HttpClient;
  readonly audit: RecordAudit;
  readonly hasher: Hasher;
  readonly pseudonymizer: Pseudonymizer;
  /**
   * Secret for the opaque event ids notifications carry (a keyed hash: internal event ids contain
   * UPNs, which an unkeyed hash would let anyone confirm by guessing). The pseudonymization key
   * serves; rotating it changes the ids of events not yet delivered, nothing else.
   */
  readonly referenceKey: string;
  /** For the `tenantId` fields of the alert and case bodies, when known. */
  readonly tenantId?: string;
  readonly retry?: Partial<RetryPolicy>;
  /** Per POST. Default 10 s (Power Automate answers a callback at once with 202). */
  readonly timeoutMs?: number;
  /** Deliveries `deliverDue` takes per call. Default 100. */
  readonly batchSize?: number;
  readonly log?: (line: string) => void;
}

export interface DeliveryReport {
  readonly attempted: number;
  readonly delivered: number;
  /** Failed and scheduled again. */
  readonly retrying: number;
  readonly deadLettered: number;
  /** The callback answered 410 and its subscription was removed. */
  readonly gone: number;
  /** Their subscription had been removed; nothing was sent. */
  readonly cancelled: number;
}

/**
 * Delivers domain events to Power Automate flows subscribed through the custom connector.
 *
 * As an outbox consumer, `handle` records one delivery document per matching subscription and
 * makes the first attempt at once. HTTP failures never fail `handle` (the documents hold the retry
 * state, so the outbox does not redeliver the event and hold back the subject's later events);
 * only a store failure does, and the outbox's redelivery then finds the documents already written.
 *
 * Failed POSTs (no answer, 408, 429, 5xx) are retried by `deliverDue`, which the caller runs on a
 * timer (see delivery-pump.ts): exponential backoff, Retry-After honoured, at most `maxAttempts`,
 * then the delivery is dead-lettered and audited. 410 Gone removes the subscription (audited).
 * Another 4xx is dead-lettered at once: retrying would be refused the same way.
 *
 * Each attempt is claimed first with an ETag-checked write that counts the attempt and sets a
 * lease, so two pumps (two instances) never post the same delivery at once, and a crash mid-POST
 * is retried once the lease runs out. Delivery is therefore at least once: a flow may see a
 * notification twice (same `eventId`) if we crash after the callback accepted it.
 */
export interface FlowDeliveryConsumer extends EventConsumer {
  /** Attempts every pending delivery due at `now` (oldest due first, up to the batch size). */
  deliverDue(now: Date): Promise<DeliveryReport>;
}

const SYSTEM_ACTOR: AuditRecord['actor'] = { id: 'system', name: 'Flow notifications' };

type Claim = { readonly kind: 'send'; readonly delivery: Versioned<FlowDelivery>; readonly callbackUrl: string } | { readonly kind: 'cancelled' };

type Result = 'delivered' | 'retrying' | 'deadLettered' | 'gone' | 'cancelled' | 'skipped';

export function createFlowDeliveryConsumer(deps: FlowDeliveryDeps): FlowDeliveryConsumer {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...deps.retry };
  const timeoutMs = deps.timeoutMs ?? 10_000;
  const batchSize = deps.batchSize ?? 100;
  const log = deps.log ?? ((): void => undefined);
  const ports: IrmPorts = {
    store: deps.store,
    pseudonymizer: deps.pseudonymizer,
    audit: deps.audit,
    clock: deps.clock,
    ...(deps.tenantId === undefined ? {} : { tenantId: deps.tenantId }),
  };
  const docs = (tx: StoreTransaction) => tx.documents(flowDeliveriesCollection);

  const eventIdOf = (event: DomainEvent): string => `E-${deps.hasher.hmacSha256Hex(deps.referenceKey, `flow-event:${event.id}`).slice(0, 32).toUpperCase()}`;
  const deliveryIdOf = (eventId: string, subscriptionId: string): string => deps.hasher.sha256Hex(`${subscriptionId}\n${eventId}`).slice(0, 40);

  /** Records the deliveries an event owes; returns the ids just created (not those found). */
  const record = async (event: DomainEvent & { readonly type: FlowEventType }): Promise<string[]> => {
    const now = deps.clock.now();
    return deps.store.transaction(async (tx) => {
      const subscriptions = await listSubscriptions(tx, event.type);
      if (subscriptions.length === 0) return [];
      const eventId = eventIdOf(event);
      const notification = await buildFlowNotification(tx, ports, event, { eventId, pseudonymize: await pseudonymizing(tx, now) });
      const body = JSON.stringify(notification);
      const created: string[] = [];
      for (const subscription of subscriptions) {
        if (!matchesFilter(subscription.filter, notification)) continue;
        const id = deliveryIdOf(eventId, subscription.id);
        if ((await docs(tx).get(FLOW_DELIVERIES_PARTITION, id)) !== undefined) continue;
        const delivery: FlowDelivery = {
          id,
          subscriptionId: subscription.id,
          eventType: event.type,
          eventId,
          body,
          state: 'pending',
          attempts: 0,
          createdAt: now.toISOString(),
          nextAttemptAt: now.toISOString(),
        };
        try {
          await docs(tx).create(FLOW_DELIVERIES_PARTITION, id, delivery);
          created.push(id);
        } catch (error) {
          // Another instance handling the same event got there first: its attempt will send it.
          if (!(error instanceof ConflictError)) throw error;
        }
      }
      return created;
    });
  };

  /**
   * Claims a due delivery: counts the attempt and leases it. `cancelled` when its subscription is
   * gone; `undefined` when it is not ours to send (finished, not due, or claimed by someone else).
   */
  const claim = async (id: string, now: Date): Promise<Claim | undefined> => {
    try {
      return await deps.store.transaction(async (tx) => {
        const found = await docs(tx).get(FLOW_DELIVERIES_PARTITION, id);
        if (found === undefined || found.value.state !== 'pending' || found.value.nextAttemptAt > now.toISOString()) return undefined;
        const subscription = await getSubscription(tx, found.value.subscriptionId);
        if (subscription === undefined) {
          await docs(tx).replace(FLOW_DELIVERIES_PARTITION, id, { ...found.value, state: 'cancelled', finishedAt: now.toISOString() }, found.etag);
          return { kind: 'cancelled' };
        }
        const attempts = found.value.attempts + 1;
        // The lease outlasts the request, so nobody else starts this attempt while it is in flight.
        const lease = Math.max(backoffMs(attempts, policy), 2 * timeoutMs);
        const claimed: FlowDelivery = { ...found.value, attempts, lastAttemptAt: now.toISOString(), nextAttemptAt: new Date(now.getTime() + lease).toISOString() };
        const stored = await docs(tx).replace(FLOW_DELIVERIES_PARTITION, id, claimed, found.etag);
        return { kind: 'send', delivery: stored, callbackUrl: subscription.value.callbackUrl };
      });
    } catch (error) {
      if (error instanceof ConflictError) return undefined;
      throw error;
    }
  };

  const post = async (delivery: FlowDelivery, callbackUrl: string): Promise<AttemptOutcome> => {
    try {
      const response = await deps.http.request({
        method: 'POST',
        url: callbackUrl,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'x-irm-event-id': delivery.eventId,
          'x-irm-event-type': delivery.eventType,
          'x-irm-delivery-attempt': String(delivery.attempts),
        },
        body: delivery.body,
        timeoutMs,
      });
      return classifyResponse(response, deps.clock.now());
    } catch (error) {
      // The port refused the request itself (a URL that passed our check but not its own): retrying cannot help.
      if (error instanceof ValidationError) return { kind: 'rejected', status: 0, error: `${error.name}: ${error.message}` };
      // No answer (OperationalError), or one we could not read (an oversized body): the callback may
      // not have taken it, so try again; a flow tells a repeat by its eventId.
      if (error instanceof AppError) return { kind: 'retry', error: `${error.name}: ${error.message}` };
      throw error;
    }
  };

  const settle = async (claimed: Versioned<FlowDelivery>, callbackUrl: string, outcome: AttemptOutcome): Promise<Result> => {
    const now = deps.clock.now();
    const at = now.toISOString();
    const d = claimed.value;
    const where = `${d.eventType} ${d.eventId} → subscription ${d.subscriptionId} (${callbackHostOf(callbackUrl)})`;
    try {
      return await deps.store.transaction(async (tx): Promise<Result> => {
        const write = (next: FlowDelivery) => docs(tx).replace(FLOW_DELIVERIES_PARTITION, d.id, next, claimed.etag);
        const status = 'status' in outcome && outcome.status !== undefined && outcome.status > 0 ? { lastStatus: outcome.status } : {};
        switch (outcome.kind) {
          case 'delivered':
            await write({ ...d, ...status, state: 'delivered', finishedAt: at });
            return 'delivered';
          case 'gone':
            await write({ ...d, ...status, state: 'gone', finishedAt: at });
            if ((await getSubscription(tx, d.subscriptionId)) !== undefined) {
              await unsubscribe(tx, deps, { id: d.subscriptionId, actor: SYSTEM_ACTOR, reason: 'the callback answered 410 Gone', everything: true });
            }
            log(`flow notification ${where}: 410 Gone, subscription removed`);
            return 'gone';
          case 'retry': {
            if (d.attempts >= policy.maxAttempts) {
              await write({ ...d, ...status, state: 'dead', finishedAt: at, lastError: outcome.error });
              await deadLetterAudit(tx, d, outcome.error, status.lastStatus);
              log(`flow notification ${where}: dead-lettered after ${d.attempts} attempts (${outcome.error})`);
              return 'deadLettered';
            }
            const wait = Math.min(policy.maxMs, outcome.retryAfterMs ?? backoffMs(d.attempts, policy));
            const nextAttemptAt = new Date(now.getTime() + wait).toISOString();
            await write({ ...d, ...status, nextAttemptAt, lastError: outcome.error });
            log(`flow notification ${where}: attempt ${d.attempts} failed (${outcome.error}), next at ${nextAttemptAt}`);
            return 'retrying';
          }
          case 'rejected':
            await write({ ...d, ...status, state: 'dead', finishedAt: at, lastError: outcome.error });
            await deadLetterAudit(tx, d, outcome.error, status.lastStatus);
            log(`flow notification ${where}: refused (${outcome.error}), dead-lettered`);
            return 'deadLettered';
        }
      });
    } catch (error) {
      // The lease ran out and another pump took the delivery over: its result stands.
      if (error instanceof ConflictError) return 'skipped';
      throw error;
    }
  };

  const deadLetterAudit = (tx: StoreTransaction, d: FlowDelivery, error: string, lastStatus: number | undefined): Promise<void> =>
    deps.audit(tx, {
      category: 'Flows',
      activity: 'Dead-lettered flow notification',
      actor: SYSTEM_ACTOR,
      target: d.subscriptionId,
      details: { deliveryId: d.id, eventType: d.eventType, eventId: d.eventId, attempts: d.attempts, error, ...(lastStatus === undefined ? {} : { lastStatus }) },
    });

  const attempt = async (id: string, now: Date): Promise<Result> => {
    const claimed = await claim(id, now);
    if (claimed === undefined) return 'skipped';
    if (claimed.kind === 'cancelled') return 'cancelled';
    const outcome = await post(claimed.delivery.value, claimed.callbackUrl);
    return settle(claimed.delivery, claimed.callbackUrl, outcome);
  };

  const tally = (results: readonly Result[]): DeliveryReport => {
    const count = (r: Result): number => results.filter((x) => x === r).length;
    return {
      attempted: results.length - count('skipped') - count('cancelled'),
      delivered: count('delivered'),
      retrying: count('retrying'),
      deadLettered: count('deadLettered'),
      gone: count('gone'),
      cancelled: count('cancelled'),
    };
  };

  return {
    name: 'flow-subscriptions',
    handles: FLOW_EVENT_TYPES,
    async handle(event) {
      if (!isFlowEventType(event.type)) return;
      const created = await record(event as DomainEvent & { readonly type: FlowEventType });
      for (const id of created) await attempt(id, deps.clock.now());
    },
    async deliverDue(now) {
      const due = await deps.store.transaction((tx) =>
        docs(tx).query({
          partition: FLOW_DELIVERIES_PARTITION,
          where: { state: 'pending' },
          range: { field: 'nextAttemptAt', to: new Date(now.getTime() + 1).toISOString() },
          orderBy: { field: 'nextAttemptAt' },
          limit: batchSize,
        }),
      );
      const results: Result[] = [];
      for (const d of due) results.push(await attempt(d.value.id, now));
      return tally(results);
    },
  };
}
