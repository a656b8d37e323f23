import { randomUUID } from 'node:crypto';
import type { Server } from 'restify';
import { parseFlowEventType, parseSubscribeRequest, subscribe, unsubscribe } from '../../flows/subscriptions/flow-subscription.repository';
import { callerOf, flowHandler, type FlowRouteDeps, param, readJsonBody } from './flow-http';

export type { FlowRouteDeps } from './flow-http';

/**
 * The webhook-trigger endpoints of our Power Automate custom connector
 * (flows/connector/apiDefinition.swagger.json):
 *
 * - `POST /api/flows/subscriptions/:eventType` — Power Automate registers a flow's trigger, with
 *   the callback URL it wants notifications at. 201 with `Location` = the URL to DELETE to
 *   unsubscribe (what Power Automate calls when the flow is turned off or deleted).
 * - `DELETE /api/flows/subscriptions/:id` — 204; 404 when there is no such subscription.
 *
 * Every request needs the connector's key (401 otherwise); both changes are audited. Delivery is
 * the flow-subscriptions outbox consumer's (flows/subscriptions/flow-delivery.consumer.ts).
 */
export function registerFlowSubscriptionRoutes(server: Server, deps: FlowRouteDeps): void {
  const newId = deps.newId ?? randomUUID;

  server.post(
    '/api/flows/subscriptions/:eventType',
    flowHandler(deps, 'flow subscribe', async (req) => {
      const { keyId, actor } = callerOf(deps, req);
      const eventType = parseFlowEventType(param(req, 'eventType'));
      const request = parseSubscribeRequest(await readJsonBody(req));
      const now = deps.clock.now().toISOString();
      const { subscription } = await deps.store.transaction((tx) =>
        subscribe(tx, deps, { id: newId(), eventType, request, createdBy: keyId, actor, now, ...(deps.callbackPolicy === undefined ? {} : { callbackPolicy: deps.callbackPolicy }) }),
      );
      const location = `${deps.publicUrl().replace(/\/+$/, '')}/api/flows/subscriptions/${encodeURIComponent(subscription.id)}`;
      const body = {
        id: subscription.id,
        eventType: subscription.eventType,
        createdAt: subscription.createdAt,
        ...(subscription.filter === undefined ? {} : subscription.filter),
      };
      return [201, body, { Location: location }] as const;
    }),
  );

  server.del(
    '/api/flows/subscriptions/:id',
    flowHandler(deps, 'flow unsubscribe', async (req) => {
      const { actor } = callerOf(deps, req);
      const id = param(req, 'id');
      await deps.store.transaction((tx) => unsubscribe(tx, deps, { id, actor, reason: 'unsubscribed by Power Automate' }));
      return [204, undefined] as const;
    }),
  );
}
