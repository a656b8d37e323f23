import { apiNameOf } from '../engine/definition/api-name';
import type { DomainEvent } from '../../core/events/domain-event';
import { eventTypeOfTrigger, IRM_API, IRM_API_ALIASES, manualTargetOfTrigger } from '../connectors/irm';

/**
 * How a stored flow starts, read from its definition's `triggers`. Our connector's event triggers
 * are webhook triggers (`OpenApiConnectionWebhook`, the server calls the flow); the "for a selected
 * case / user" triggers are Microsoft's hybrid triggers (`Request` of kind `ApiConnection`, or the
 * webhook form) started by chat command. Any other trigger (Recurrence, a button, another
 * service's webhook) is listed as `other`: this server does not start it.
 */
export type FlowTrigger =
  | { readonly name: string; readonly kind: 'event'; readonly eventType: DomainEvent['type']; readonly conditions: readonly string[] }
  | { readonly name: string; readonly kind: 'manual'; readonly target: 'case' | 'user' }
  | { readonly name: string; readonly kind: 'other'; readonly type: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const IRM_APIS = new Set([IRM_API, ...IRM_API_ALIASES]);

function conditionsOf(trigger: Record<string, unknown>): string[] {
  const list = trigger.conditions;
  if (!Array.isArray(list)) return [];
  return list.filter(isRecord).map((c) => c.expression).filter((e): e is string => typeof e === 'string');
}

export function flowTriggers(definition: Record<string, unknown>): FlowTrigger[] {
  const triggers = isRecord(definition.triggers) ? definition.triggers : {};
  const out: FlowTrigger[] = [];
  for (const [name, raw] of Object.entries(triggers)) {
    if (!isRecord(raw)) continue;
    const type = typeof raw.type === 'string' ? raw.type : '';
    const inputs = isRecord(raw.inputs) ? raw.inputs : {};
    const host = isRecord(inputs.host) ? inputs.host : {};
    const operationId = typeof host.operationId === 'string' ? host.operationId : typeof inputs.operationId === 'string' ? inputs.operationId : '';
    const api = apiNameOf(host.apiId)?.toLowerCase();
    // Hybrid triggers name no apiId (their connection is an expression); the operation id is enough.
    const ours = api === undefined ? type.toLowerCase() === 'request' : IRM_APIS.has(api);
    if (ours) {
      const eventType = eventTypeOfTrigger(operationId);
      if (eventType !== undefined && type.toLowerCase() === 'openapiconnectionwebhook') {
        out.push({ name, kind: 'event', eventType, conditions: conditionsOf(raw) });
        continue;
      }
      const target = manualTargetOfTrigger(operationId);
      if (target !== undefined) {
        out.push({ name, kind: 'manual', target });
        continue;
      }
    }
    const kind = typeof raw.kind === 'string' ? `/${raw.kind}` : '';
    out.push({ name, kind: 'other', type: `${type}${kind}${operationId === '' ? '' : ` ${api ?? ''}:${operationId}`}` });
  }
  return out;
}

export function describeTrigger(trigger: FlowTrigger): string {
  if (trigger.kind === 'event') return `on ${trigger.eventType}${trigger.conditions.length > 0 ? ` when ${trigger.conditions.join(' and ')}` : ''}`;
  if (trigger.kind === 'manual') return `manually for a selected ${trigger.target} (flows run <flow> --${trigger.target} <id>)`;
  return `${trigger.type} (not started by this server)`;
}
