import type { ConnectorOperation } from '../engine/contracts';
import { approvalsOperations } from './approvals';
import type { FlowConnectorContext } from './connector-context';
import { httpOperations } from './http';
import { IRM_API, IRM_API_ALIASES, IRM_TRIGGER_OPERATIONS, type IrmConnectorContext, irmOperations } from './irm';
import { office365Operations } from './office365';
import { office365UsersOperations } from './office365users';
import { serviceNowOperations } from './service-now';
import { teamsOperations } from './teams';

/** Everything a connector operation may reach: the shared ports and our own store (irm). */
export type FlowContext = FlowConnectorContext & IrmConnectorContext;

export interface ConnectorRegistry {
  /** By short api name (case-insensitive; aliases resolved) and operation id (case-insensitive, as Logic Apps matches them). */
  lookup(api: string, operationId: string): ConnectorOperation<FlowContext> | undefined;
  /** `api:operationId` of every operation and irm trigger, for the linter. */
  readonly operationKeys: ReadonlySet<string>;
}

const ALL: readonly ConnectorOperation<FlowContext>[] = [
  ...office365UsersOperations,
  ...office365Operations,
  ...teamsOperations,
  ...approvalsOperations,
  ...serviceNowOperations,
  ...httpOperations,
  ...irmOperations,
];

const ALIASES: ReadonlyMap<string, string> = new Map(IRM_API_ALIASES.map((a) => [a.toLowerCase(), IRM_API]));

export function createConnectorRegistry(operations: readonly ConnectorOperation<FlowContext>[] = ALL): ConnectorRegistry {
  const byKey = new Map<string, ConnectorOperation<FlowContext>>();
  for (const op of operations) {
    const key = `${op.api.toLowerCase()}:${op.operationId.toLowerCase()}`;
    if (byKey.has(key)) throw new Error(`two connector operations are registered as ${op.api}:${op.operationId}`);
    byKey.set(key, op);
  }
  const keys = new Set<string>();
  for (const op of operations) {
    keys.add(`${op.api}:${op.operationId}`);
    if (op.api === IRM_API) for (const alias of IRM_API_ALIASES) keys.add(`${alias}:${op.operationId}`);
  }
  for (const trigger of IRM_TRIGGER_OPERATIONS) for (const api of [IRM_API, ...IRM_API_ALIASES]) keys.add(`${api}:${trigger}`);
  return {
    lookup(api, operationId) {
      const a = api.toLowerCase();
      return byKey.get(`${ALIASES.get(a) ?? a}:${operationId.toLowerCase()}`);
    },
    operationKeys: keys,
  };
}
