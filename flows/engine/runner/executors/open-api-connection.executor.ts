import type { ActionOperation } from '../../contracts';
import { callConnector } from '../connector-call';
import type { ActionExecutor } from '../executor';
import { statusCodeName } from '../http-status-codes';
import { resolveOperation, resultOutputs } from './connector-operation';

/**
 * OpenApiConnection: the operation named by `host.apiId` + `host.operationId`, called with the
 * un-flattened parameters under the retry policy and timeout (connector-call.ts).
 */
export const openApiConnectionExecutor: ActionExecutor = async (step) => {
  const resolved = resolveOperation(step, 'action');
  const operation = resolved.operation as ActionOperation;
  const connectionName = resolved.host.connectionName;
  const done = await callConnector(step, {
    inputs: resolved.inputs,
    retryPolicy: resolved.retryPolicy,
    call: (attempt) => operation.execute(resolved.parameters, step.callContext(attempt, connectionName === undefined ? {} : { connectionName })),
  });
  return { status: 'Succeeded', code: statusCodeName(done.result.statusCode), inputs: resolved.inputs, outputs: resultOutputs(done.result), attempts: done.attempts };
};
