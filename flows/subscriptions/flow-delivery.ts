import { z } from 'zod';
import type { CollectionDefinition } from '../../core/ports/document-collection';
import type { HttpResponse } from '../../core/ports/http-client';
import { FlowEventTypeSchema } from './flow-subscription';

/**
 * One notification for one subscription, as a document: created (pending) when the event is
 * handled, claimed before each POST, and finished as delivered, dead (retries exhausted, or a
 * refusal no retry will fix), gone (the callback answered 410: the subscription was removed) or
 * cancelled (the subscription was removed before it could be sent).
 *
 * Its id is derived from the event and the subscription, so an event the outbox delivers twice
 * finds its document and sends nothing again; finished documents are kept for that reason.
 */
export const DELIVERY_STATES = ['pending', 'delivered', 'dead', 'gone', 'cancelled'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export const FlowDeliverySchema = z.object({
  id: z.string().min(1),
  subscriptionId: z.string().min(1),
  eventType: FlowEventTypeSchema,
  /** The opaque event id the notification carries. */
  eventId: z.string().min(1),
  /** The notification as sent, serialized once: every attempt posts the same bytes. */
  body: z.string(),
  state: z.enum(DELIVERY_STATES),
  /** Attempts started (a claim counts: a crash mid-POST must not retry forever). */
  attempts: z.number().int().nonnegative(),
  createdAt: z.iso.datetime(),
  /** When a pending delivery may be tried (again); while an attempt is in flight, its lease. */
  nextAttemptAt: z.iso.datetime(),
  lastAttemptAt: z.iso.datetime().optional(),
  finishedAt: z.iso.datetime().optional(),
  /** The callback's last HTTP status, when it answered. */
  lastStatus: z.number().int().optional(),
  lastError: z.string().optional(),
});
export type FlowDelivery = z.infer<typeof FlowDeliverySchema>;

export const FLOW_DELIVERIES_PARTITION = 'flow-deliveries';

export const flowDeliveriesCollection: CollectionDefinition<FlowDelivery> = {
  name: 'flow-deliveries',
  schema: FlowDeliverySchema,
  indexed: ['state', 'nextAttemptAt', 'subscriptionId'],
};

export interface RetryPolicy {
  /** Attempts in all, the first included, before a delivery is dead-lettered. */
  readonly maxAttempts: number;
  /** Wait after the first failure; doubled after each further one. */
  readonly baseMs: number;
  /** Longest wait between attempts, Retry-After included. */
  readonly maxMs: number;
}

/** 10 attempts over about three hours: 30 s, 1 min, 2 min … capped at an hour. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 10, baseMs: 30_000, maxMs: 3_600_000 };

/** The wait after failed attempt number `attempt` (1-based): exponential, capped. */
export function backoffMs(attempt: number, policy: RetryPolicy): number {
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
}

/**
 * A Retry-After header in milliseconds from `now`: delta-seconds (`120`) or an HTTP date. A date
 * in the past means "now" (0); anything unreadable is ignored (undefined).
 */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}

/** What one POST came to. */
export type AttemptOutcome =
  | { readonly kind: 'delivered'; readonly status: number }
  /** 410 Gone: Power Automate's way of saying the flow is no more. */
  | { readonly kind: 'gone'; readonly status: number }
  /** Worth trying again: no answer, 408, 429 or 5xx. */
  | { readonly kind: 'retry'; readonly status?: number; readonly error: string; readonly retryAfterMs?: number }
  /** Refused for good (another 4xx, a redirect): retrying would be refused the same way. */
  | { readonly kind: 'rejected'; readonly status: number; readonly error: string };

export function classifyResponse(response: HttpResponse, now: Date): AttemptOutcome {
  const status = response.statusCode;
  if (status >= 200 && status < 300) return { kind: 'delivered', status };
  if (status === 410) return { kind: 'gone', status };
  if (status === 408 || status === 429 || status >= 500) {
    const retryAfterMs = parseRetryAfter(response.headers['retry-after'], now);
    return { kind: 'retry', status, error: `HTTP ${status}`, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  }
  return { kind: 'rejected', status, error: `HTTP ${status}` };
}
