import { z } from 'zod';
import { SeveritySchema } from '../../core/alerts/alert';
import type { CollectionDefinition } from '../../core/ports/document-collection';
import { IRM_EVENT_TRIGGERS, type IrmEventType } from '../connectors/irm/irm-triggers';

/**
 * A Power Automate (or Logic Apps) webhook trigger registered through our custom connector
 * (flows/connector/apiDefinition.swagger.json): "when <event> happens, POST the notification to
 * this callback URL". Power Automate creates one when a flow using the trigger is saved or turned
 * on, and deletes it (DELETE on the `Location` we returned) when the flow is turned off or removed.
 */

/** The domain events a flow can be triggered by: the `irm` connector's event triggers, in one order. */
export const FLOW_EVENT_TYPES = [
  'alert.created',
  'alert.updated',
  'alert.triaged',
  'case.created',
  'case.updated',
  'case.resolved',
  'user.scoped',
  'notice.sent',
] as const satisfies readonly IrmEventType[];
export type FlowEventType = (typeof FLOW_EVENT_TYPES)[number];
export const FlowEventTypeSchema = z.enum(FLOW_EVENT_TYPES);

export function isFlowEventType(type: string): type is FlowEventType {
  return (FLOW_EVENT_TYPES as readonly string[]).includes(type);
}

/** The trigger's operationId in the connector, the same name our own engine's `irm` connector uses. */
export function triggerOperationOf(type: FlowEventType): string {
  const found = Object.entries(IRM_EVENT_TRIGGERS).find(([, eventType]) => eventType === type);
  // Unreachable while FLOW_EVENT_TYPES ⊆ IRM_EVENT_TRIGGERS (a unit test holds them equal).
  if (found === undefined) throw new Error(`no trigger operation for ${type}`);
  return found[0];
}

/**
 * Optional narrowing a flow maker sets on the trigger card. Both apply to the notification's
 * fields, so an event without a severity (a case note) never matches a severity filter.
 */
export const SubscriptionFilterSchema = z
  .object({
    /** Only alerts of this severity or higher. */
    minSeverity: SeveritySchema.optional(),
    /** Only events about this policy. */
    policyId: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type SubscriptionFilter = z.infer<typeof SubscriptionFilterSchema>;

export const FlowSubscriptionSchema = z.object({
  id: z.string().min(1),
  eventType: FlowEventTypeSchema,
  /** Where notifications go. It carries Power Automate's signature (`sig=`): a secret, never logged or audited. */
  callbackUrl: z.string().min(1),
  createdAt: z.iso.datetime(),
  /** Which connector key registered it: `connector-key:` + a fingerprint, never the key. */
  createdBy: z.string().min(1),
  filter: SubscriptionFilterSchema.optional(),
  /**
   * How many subscribe requests this one answers (identical ones share it; see subscribe()).
   * Each DELETE releases one; the last removes it.
   */
  registrations: z.number().int().positive(),
});
export type FlowSubscription = z.infer<typeof FlowSubscriptionSchema>;

/** All subscriptions live in one partition: there are few, and delivery reads them per event type. */
export const FLOW_SUBSCRIPTIONS_PARTITION = 'flow-subscriptions';

export const flowSubscriptionsCollection: CollectionDefinition<FlowSubscription> = {
  name: 'flow-subscriptions',
  schema: FlowSubscriptionSchema,
  indexed: ['eventType'],
};

/** The callback URL's host only: what audit entries and logs may show of it. */
export function callbackHostOf(callbackUrl: string): string {
  try {
    return new URL(callbackUrl).host;
  } catch {
    return '(invalid URL)';
  }
}
