import { apiNameOf } from '../../definition/api-name';
import type { ConnectorOperation } from '../../contracts';
import type { StepContext } from '../executor';
import { StepFailure } from '../run-signals';
import { unflattenParameters } from '../unflatten-parameters';
import { describeType } from './action-inputs';

/** `inputs.host` of an OpenApiConnection(Webhook) action, as exports write it. */
export interface ConnectorHost {
  /** The short api name: the last segment of `apiId` (`shared_office365users`). */
  readonly api: string;
  readonly apiId: string;
  readonly operationId: string;
  readonly connectionName?: string;
}

/** The action's connector operation and its parameters (evaluated, un-flattened, validated by the operation's schema). */
export interface ResolvedOperation {
  readonly host: ConnectorHost;
  readonly operation: ConnectorOperation;
  readonly parameters: unknown;
  /** What the step records as inputs: the host and the parameters as evaluated (flattened, as written). */
  readonly inputs: Record<string, unknown>;
  readonly retryPolicy: unknown;
}

/** The operation named by the action's `inputs.host`, which must be of `kind`. */
export function operationOf(step: StepContext, kind: ConnectorOperation['kind']): { readonly host: ConnectorHost; readonly operation: ConnectorOperation } {
  const raw = (step.action.inputs ?? {}) as Record<string, unknown>;
  const host = hostOf(step, raw.host);
  const operation = step.connector(host.api, host.operationId);
  if (operation === undefined) {
    throw new StepFailure('OperationNotFound', `'${step.name}': no connector operation ${host.api}/${host.operationId} is available here (the linter lists the operations that are)`);
  }
  if (operation.kind !== kind) {
    const expected = kind === 'webhook' ? 'OpenApiConnectionWebhook' : 'OpenApiConnection';
    throw new StepFailure('OperationNotFound', `'${step.name}': ${host.api}/${host.operationId} is a${operation.kind === 'action' ? 'n' : ''} ${operation.kind} operation, not one for an ${expected} action`);
  }
  return { host, operation };
}

export function resolveOperation(step: StepContext, kind: ConnectorOperation['kind']): ResolvedOperation {
  const raw = (step.action.inputs ?? {}) as Record<string, unknown>;
  const { host, operation } = operationOf(step, kind);
  // `authentication` is accepted and ignored: connectors here reach their services through ports.
  const evaluated = step.evaluate(raw.parameters ?? {});
  if (typeof evaluated !== 'object' || evaluated === null || Array.isArray(evaluated)) {
    throw new StepFailure('InvalidParameters', `'${step.name}': expected inputs.parameters to be an object; got ${describeType(evaluated)}`);
  }
  const flat = evaluated as Record<string, unknown>;
  const parsed = operation.parameters.safeParse(unflattenParameters(flat));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.map(String).join('/') || '(parameters)'}: ${i.message}`);
    throw new StepFailure('InvalidParameters', `'${step.name}': the parameters of ${host.api}/${host.operationId} are not valid: ${problems.join('; ')}`);
  }
  const parameters: unknown = parsed.data;
  return {
    host,
    operation,
    parameters,
    inputs: { host: { apiId: host.apiId, operationId: host.operationId, ...(host.connectionName === undefined ? {} : { connectionName: host.connectionName }) }, parameters: flat },
    retryPolicy: raw.retryPolicy === undefined ? undefined : step.evaluate(raw.retryPolicy),
  };
}

function hostOf(step: StepContext, value: unknown): ConnectorHost {
  const host = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const apiId = typeof host.apiId === 'string' ? host.apiId : undefined;
  const operationId = typeof host.operationId === 'string' ? host.operationId : undefined;
  const api = apiNameOf(apiId);
  if (apiId === undefined || api === undefined || operationId === undefined) {
    throw new StepFailure('InvalidInputs', `'${step.name}': expected inputs.host {apiId, operationId} (e.g. /providers/Microsoft.PowerApps/apis/shared_office365users, Manager_V2)`);
  }
  return { api, apiId, operationId, ...(typeof host.connectionName === 'string' ? { connectionName: host.connectionName } : {}) };
}

/** A connector's result as the step's outputs: `{statusCode, headers, body}`. */
export function resultOutputs(result: { readonly statusCode: number; readonly headers?: Readonly<Record<string, string>>; readonly body?: unknown }): Record<string, unknown> {
  return { statusCode: result.statusCode, headers: result.headers ?? {}, body: result.body ?? null };
}
