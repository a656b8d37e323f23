import { apiNameOf } from '../definition/api-name';
import type { OperationCallContext, WebhookOperation } from '../contracts';
import { parseDefinition } from '../definition/workflow-definition';
import { indexActions } from './action-index';
import type { FlowStepRecord, StoredFlowRun } from './run-records';
import type { RunnerServices } from './runner-services';

/**
 * The webhook operation behind a waiting step, found again from the run's stored definition when
 * its answer arrives or the run is cancelled (possibly in a process that never walked the run).
 */
export interface WaitingOperation {
  readonly operation: WebhookOperation;
  readonly context: OperationCallContext;
}

export function waitingOperation(services: RunnerServices, run: StoredFlowRun, step: FlowStepRecord): WaitingOperation | undefined {
  const definition = parseDefinition(run.definition, `run ${run.id}`);
  const action = indexActions(definition).get(step.name.toLowerCase())?.action;
  const host = (typeof action?.inputs === 'object' && action.inputs !== null ? (action.inputs as Record<string, unknown>).host : undefined) as Record<string, unknown> | undefined;
  const apiId = typeof host?.apiId === 'string' ? host.apiId : undefined;
  const operationId = typeof host?.operationId === 'string' ? host.operationId : undefined;
  const api = apiNameOf(apiId);
  if (api === undefined || operationId === undefined) return undefined;
  const operation = services.connectors(api, operationId);
  if (operation?.kind !== 'webhook') return undefined;
  const connectionName = typeof host?.connectionName === 'string' ? host.connectionName : undefined;
  const facts: OperationCallContext = {
    idempotencyKey: `${run.id}/${step.path}`,
    runId: run.id,
    flowId: run.flowId,
    attempt: Math.max(1, step.attempts),
    ...(connectionName === undefined ? {} : { connectionName }),
  };
  return { operation, context: { ...(services.connectorContext as object), ...facts } };
}
