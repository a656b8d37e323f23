/**
 * Power Automate webhook subscriptions to our domain events (the custom connector's triggers in
 * flows/connector/) and their delivery. See flow-delivery.consumer.ts for the delivery contract.
 */
export { type CallbackUrlPolicy, checkCallbackUrl } from './callback-url';
export { type DeliveryPump, startDeliveryPump } from './delivery-pump';
export { externalAlertView, externalCaseAlerts, externalCaseView, externalSubject, pseudonymizing, redactSubject } from './external-views';
export { DEFAULT_RETRY_POLICY, type FlowDelivery, flowDeliveriesCollection, FLOW_DELIVERIES_PARTITION, type RetryPolicy } from './flow-delivery';
export { createFlowDeliveryConsumer, type DeliveryReport, type FlowDeliveryConsumer, type FlowDeliveryDeps } from './flow-delivery.consumer';
export { buildFlowNotification, type FlowNotification, matchesFilter, NOTIFIED_EVENT_FIELDS } from './flow-notification';
export {
  FLOW_EVENT_TYPES,
  FLOW_SUBSCRIPTIONS_PARTITION,
  type FlowEventType,
  type FlowSubscription,
  flowSubscriptionsCollection,
  isFlowEventType,
  type SubscriptionFilter,
  triggerOperationOf,
} from './flow-subscription';
export {
  getSubscription,
  listSubscriptions,
  parseFlowEventType,
  parseSubscribeRequest,
  subscribe,
  type SubscribeRequest,
  SubscribeRequestSchema,
  type SubscriptionActor,
  type SubscriptionDeps,
  unsubscribe,
} from './flow-subscription.repository';
