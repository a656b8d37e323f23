import { callConnector } from '../connector-call';
import type { ActionExecutor } from '../executor';
import { statusCodeName } from '../http-status-codes';
import { StepFailure } from '../run-signals';
import { objectInputs } from './action-inputs';
import { resultOutputs } from './connector-operation';

/** The connector that owns plain HTTP calls: the runner does no I/O of its own. */
export const HTTP_API = 'http';
export const HTTP_OPERATION = 'Http';

/**
 * Http: the evaluated inputs (`method`, `uri`, `headers`, `queries`, `body`, `authentication` …,
 * without `retryPolicy`) are the parameters of the `http/Http` connector operation, which
 * validates them; retries and timeouts are the runner's, as for any connector call.
 */
export const httpExecutor: ActionExecutor = async (step) => {
  const operation = step.connector(HTTP_API, HTTP_OPERATION);
  if (operation === undefined || operation.kind !== 'action') {
    throw new StepFailure('OperationNotFound', `'${step.name}': no HTTP connector is available here (operation ${HTTP_API}/${HTTP_OPERATION})`);
  }
  const { retryPolicy, ...inputs } = objectInputs(step);
  const parsed = operation.parameters.safeParse(inputs);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(inputs)'}: ${i.message}`);
    throw new StepFailure('InvalidParameters', `'${step.name}': the HTTP request is not valid: ${problems.join('; ')}`);
  }
  const parameters: unknown = parsed.data;
  const done = await callConnector(step, { inputs, retryPolicy, call: (attempt) => operation.execute(parameters, step.callContext(attempt)) });
  return { status: 'Succeeded', code: statusCodeName(done.result.statusCode), inputs, outputs: resultOutputs(done.result), attempts: done.attempts };
};
