import { z } from 'zod';
import { SeveritySchema } from '../../core/alerts/alert';
import { NotFoundError, ValidationError } from '../../core/errors';
import type { RecordAudit } from '../../core/ports/audit-trail';
import type { StoreTransaction, Versioned } from '../../core/ports/store';
import { issuesFromZod, validationFailure } from '../../core/settings/validation-issues';
import { type CallbackUrlPolicy, checkCallbackUrl } from './callback-url';
import {
  callbackHostOf,
  FLOW_EVENT_TYPES,
  FLOW_SUBSCRIPTIONS_PARTITION,
  type FlowEventType,
  type FlowSubscription,
  flowSubscriptionsCollection,
  isFlowEventType,
  type SubscriptionFilter,
} from './flow-subscription';

/**
 * Subscriptions over the document collections: register, remove, read. Every registration and
 * removal is audited (category Flows) in the caller's unit of work.
 */

export interface SubscriptionDeps {
  readonly audit: RecordAudit;
}

/**
 * Who asks, as the audit log names actors: `system` with a name saying which connector key (the
 * log accepts Entra object ids, `cli:…` and `system` only; a key is none of those people).
 */
export interface SubscriptionActor {
  readonly id: string;
  readonly name?: string;
}

/** A filter the maker cleared may arrive as an empty string: the same as not set. */
const unsetWhenBlank = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/**
 * The body Power Automate sends to a trigger's subscribe operation (see the swagger's trigger
 * parameters): the callback URL it injects, and the filters the flow maker chose. Unknown fields
 * are refused so a misspelt filter does not silently match everything.
 */
export const SubscribeRequestSchema = z
  .object({
    callbackUrl: z.string({ error: 'expected the callback URL (Power Automate fills it in)' }),
    minSeverity: z.preprocess(unsetWhenBlank, SeveritySchema.optional()),
    policyId: z.preprocess(unsetWhenBlank, z.string().trim().max(200, 'expected at most 200 characters').optional()),
  })
  .strict();
export type SubscribeRequest = z.infer<typeof SubscribeRequestSchema>;

/** ValidationError naming the event type and the accepted ones. */
export function parseFlowEventType(raw: string): FlowEventType {
  const type = raw.trim();
  if (isFlowEventType(type)) return type;
  throw new ValidationError(`unknown event type '${type}': expected one of ${FLOW_EVENT_TYPES.join(', ')}`, [
    { field: 'eventType', reason: `expected one of ${FLOW_EVENT_TYPES.join(', ')}` },
  ]);
}

export function parseSubscribeRequest(body: unknown): SubscribeRequest {
  const parsed = SubscribeRequestSchema.safeParse(body);
  if (!parsed.success) throw validationFailure('the subscription request', issuesFromZod(parsed.error));
  return parsed.data;
}

export interface SubscribeInput {
  /** A new id (the caller's random source); unused when an identical subscription exists. */
  readonly id: string;
  readonly eventType: FlowEventType;
  readonly request: SubscribeRequest;
  /** The connector key's fingerprint, kept on the subscription. */
  readonly createdBy: string;
  readonly actor: SubscriptionActor;
  /** ISO UTC. */
  readonly now: string;
  readonly callbackPolicy?: CallbackUrlPolicy;
}

/**
 * Registers a subscription. A request identical to an existing subscription (same event, callback
 * URL and filter: Power Automate retrying a subscribe whose answer it lost, or registering a saved
 * flow again before unsubscribing the old registration) shares it, so the flow never gets each
 * notification twice: the answer is the existing subscription (`created: false`, same Location)
 * with one more registration, and it lasts until every registration is released.
 */
export async function subscribe(tx: StoreTransaction, deps: SubscriptionDeps, input: SubscribeInput): Promise<{ subscription: FlowSubscription; created: boolean }> {
  const callbackUrl = checkCallbackUrl(input.request.callbackUrl, input.callbackPolicy);
  const filter: SubscriptionFilter = {
    ...(input.request.minSeverity === undefined ? {} : { minSeverity: input.request.minSeverity }),
    ...(input.request.policyId === undefined ? {} : { policyId: input.request.policyId }),
  };
  const docs = tx.documents(flowSubscriptionsCollection);
  const same = (await listSubscriptions(tx, input.eventType)).find(
    (s) => s.callbackUrl === callbackUrl && s.filter?.minSeverity === filter.minSeverity && s.filter?.policyId === filter.policyId,
  );
  const existing = same === undefined ? undefined : await getSubscription(tx, same.id);
  let subscription: FlowSubscription;
  if (existing !== undefined) {
    subscription = { ...existing.value, registrations: existing.value.registrations + 1 };
    await docs.replace(FLOW_SUBSCRIPTIONS_PARTITION, subscription.id, subscription, existing.etag);
  } else {
    subscription = {
      id: input.id,
      eventType: input.eventType,
      callbackUrl,
      createdAt: input.now,
      createdBy: input.createdBy,
      ...(Object.keys(filter).length === 0 ? {} : { filter }),
      registrations: 1,
    };
    await docs.create(FLOW_SUBSCRIPTIONS_PARTITION, subscription.id, subscription);
  }
  await deps.audit(tx, {
    category: 'Flows',
    activity: 'Added flow subscription',
    actor: input.actor,
    target: subscription.id,
    details: { eventType: subscription.eventType, callbackHost: callbackHostOf(callbackUrl), ...filter, registrations: subscription.registrations },
  });
  return { subscription, created: existing === undefined };
}

/**
 * Releases a registration (Power Automate unsubscribing: the flow was turned off or deleted); the
 * last one removes the subscription. `everything` removes it at once, whatever the count (the
 * callback answered 410 Gone: nobody listens there any more). NotFoundError when there is none
 * with this id. Returns the subscription as it was, and whether it is gone now.
 */
export async function unsubscribe(
  tx: StoreTransaction,
  deps: SubscriptionDeps,
  input: { readonly id: string; readonly actor: SubscriptionActor; readonly reason: string; readonly everything?: boolean },
): Promise<{ subscription: FlowSubscription; removed: boolean }> {
  const found = await getSubscription(tx, input.id);
  if (found === undefined) throw new NotFoundError(`no flow subscription ${input.id}`);
  const docs = tx.documents(flowSubscriptionsCollection);
  const remaining = input.everything === true ? 0 : found.value.registrations - 1;
  if (remaining > 0) await docs.replace(FLOW_SUBSCRIPTIONS_PARTITION, input.id, { ...found.value, registrations: remaining }, found.etag);
  else await docs.delete(FLOW_SUBSCRIPTIONS_PARTITION, input.id, found.etag);
  await deps.audit(tx, {
    category: 'Flows',
    activity: 'Removed flow subscription',
    actor: input.actor,
    target: input.id,
    details: { eventType: found.value.eventType, callbackHost: callbackHostOf(found.value.callbackUrl), reason: input.reason, registrations: remaining },
  });
  return { subscription: found.value, removed: remaining === 0 };
}

/** `undefined` when absent. */
export async function getSubscription(tx: StoreTransaction, id: string): Promise<Versioned<FlowSubscription> | undefined> {
  return tx.documents(flowSubscriptionsCollection).get(FLOW_SUBSCRIPTIONS_PARTITION, id);
}

/** Subscriptions to one event type (or all), oldest first. */
export async function listSubscriptions(tx: StoreTransaction, eventType?: FlowEventType): Promise<FlowSubscription[]> {
  const found = await tx.documents(flowSubscriptionsCollection).query({
    partition: FLOW_SUBSCRIPTIONS_PARTITION,
    ...(eventType === undefined ? {} : { where: { eventType } }),
    limit: 10_000,
  });
  return found.map((d) => d.value).sort((a, b) => (a.createdAt === b.createdAt ? a.id.localeCompare(b.id) : a.createdAt.localeCompare(b.createdAt)));
}
