import { FlowExpressionError, type ReferenceResolver } from '../contracts';
import type { WorkflowDefinition } from '../definition/workflow-definition';
import type { ActionIndex } from './action-index';
import type { Frame } from './frame';
import type { FlowStepRecord, StoredFlowRun, VariableValue } from './run-records';

/**
 * The workflow reference functions, answered from the run being walked. Because actions run one
 * at a time, "the latest result of action X" is the result of X in the current iteration when X
 * is inside the loop being run, and its last result otherwise, which is what an expression means.
 */

/** What the resolver reads; the run session provides it. */
export interface ReferenceScope {
  readonly run: StoredFlowRun;
  readonly definition: WorkflowDefinition;
  readonly index: ActionIndex;
  /** Lower-case action name → its latest result in this walk. */
  readonly latest: ReadonlyMap<string, FlowStepRecord>;
  /** Path → result, in the order the steps finished. */
  readonly results: ReadonlyMap<string, FlowStepRecord>;
  /** Lower-case variable name → variable. */
  readonly variables: ReadonlyMap<string, VariableValue>;
}

export interface ResolverOptions {
  readonly frame: Frame;
  /** The action whose inputs are being evaluated (`action()`). */
  readonly current?: string;
  /** What `item()` returns here when not the innermost Foreach item (Query, Select, Table rows). */
  readonly item?: { readonly value: unknown };
}

/** `workflow().tags.environmentName`: flows here run in one environment, the server's. */
export const FLOW_ENVIRONMENT_NAME = 'default';

/** `listCallbackUrl()`: the runner does not know the server's public URL, so it names the run instead. */
export function callbackUrn(runId: string): string {
  return `urn:irm:flow:${runId}:callback`;
}

export function createReferenceResolver(scope: ReferenceScope, options: ResolverOptions): ReferenceResolver {
  const result = (name: unknown): FlowStepRecord | undefined => {
    const key = nameArgument(name, 'action');
    const found = scope.latest.get(key.toLowerCase());
    if (found !== undefined) return found;
    if (scope.index.has(key.toLowerCase())) return undefined;
    throw new FlowExpressionError(`The template action '${key}' is not defined in the workflow.`);
  };
  const ran = (name: unknown, fn: string): FlowStepRecord => {
    const found = result(name);
    if (found === undefined) throw new FlowExpressionError(`${fn}('${String(name)}'): the action has not run yet at this point of the run.`);
    return found;
  };
  const loop = (name: unknown, fn: string) => {
    const key = nameArgument(name, 'loop').toLowerCase();
    const found = [...options.frame.loops].reverse().find((l) => l.name.toLowerCase() === key);
    if (found === undefined) throw new FlowExpressionError(`${fn}('${String(name)}'): the action is not a loop around this action.`);
    return found;
  };
  const trigger = scope.run.trigger;

  return {
    resolve(name, args) {
      switch (name) {
        case 'outputs':
        case 'actionoutputs':
          return orNull(ran(args[0], name).outputs);
        case 'body':
        case 'actionbody':
          return orNull(bodyOf(ran(args[0], name)));
        case 'actions':
          return actionObject(ran(args[0], name), scope.run.id);
        case 'action': {
          if (options.current === undefined) throw new FlowExpressionError('action() is only valid within an action.');
          const done = scope.latest.get(options.current.toLowerCase());
          return done === undefined ? { name: options.current } : actionObject(done, scope.run.id);
        }
        case 'trigger':
          return {
            name: trigger.name,
            inputs: null,
            outputs: triggerOutputs(scope.run),
            startTime: scope.run.startedAt,
            endTime: scope.run.startedAt,
            status: 'Succeeded',
            code: 'OK',
          };
        case 'triggeroutputs':
          return triggerOutputs(scope.run);
        case 'triggerbody':
          return orNull(trigger.outputs.body);
        case 'item': {
          if (options.item !== undefined) return orNull(options.item.value);
          const innermost = [...options.frame.loops].reverse().find((l) => l.item !== undefined);
          if (innermost?.item === undefined) throw new FlowExpressionError('item() is only valid inside a Foreach loop, or in a Query, Select or Table.');
          return orNull(innermost.item.value);
        }
        case 'items': {
          const found = loop(args[0], name);
          if (found.item === undefined) throw new FlowExpressionError(`items('${found.name}'): the loop is not a Foreach loop.`);
          return orNull(found.item.value);
        }
        case 'iterationindexes':
          return loop(args[0], name).index;
        case 'variables': {
          const key = nameArgument(args[0], 'variable');
          const found = scope.variables.get(key.toLowerCase());
          if (found === undefined) throw new FlowExpressionError(`The variable '${key}' has not been initialized (InitializeVariable must run before it is used).`);
          return found.value;
        }
        case 'parameters':
          return parameterValue(scope, nameArgument(args[0], 'parameter'));
        case 'result':
          return resultOf(scope, ran(args[0], name));
        case 'workflow':
          return {
            id: scope.run.flowId,
            name: scope.run.flowId,
            type: 'Microsoft.Logic/workflows',
            run: { id: scope.run.id, name: scope.run.id, type: 'Microsoft.Logic/workflows/runs' },
            // Power Automate's tags: exports read `workflow()?['tags']['environmentName']` (no `?`) to build run links.
            tags: { flowDisplayName: scope.run.flowName, environmentName: FLOW_ENVIRONMENT_NAME, logicAppName: scope.run.flowId },
          };
        case 'listcallbackurl':
          return callbackUrn(scope.run.id);
        default:
          throw new FlowExpressionError(`${name}() is not supported by this runner.`);
      }
    },
  };
}

function nameArgument(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw new FlowExpressionError(`expected the ${what} name as a string; got ${JSON.stringify(value)}`);
  return value;
}

function orNull(value: unknown): unknown {
  return value === undefined ? null : value;
}

/** Compose's outputs are its value, so its body is too; every other action's body is `outputs.body`. */
function bodyOf(record: FlowStepRecord): unknown {
  if (record.type.toLowerCase() === 'compose') return record.outputs;
  const outputs = record.outputs;
  return typeof outputs === 'object' && outputs !== null && !Array.isArray(outputs) ? (outputs as Record<string, unknown>).body : undefined;
}

function triggerOutputs(run: StoredFlowRun): { headers: Record<string, string>; body: unknown } {
  return { headers: run.trigger.outputs.headers ?? {}, body: orNull(run.trigger.outputs.body) };
}

/** The shape `actions('X')` and each element of `result('Scope')` have. */
export function actionObject(record: FlowStepRecord, runId: string): Record<string, unknown> {
  return {
    name: record.name,
    inputs: orNull(record.inputs),
    outputs: orNull(record.outputs),
    startTime: record.startedAt,
    endTime: orNull(record.endedAt),
    status: record.status,
    code: orNull(record.code ?? record.error?.code),
    error: orNull(record.error),
    clientTrackingId: runId,
  };
}

/**
 * `result('X')`: the results of the actions directly inside X (nested ones not included, as
 * documented). For a loop, the results of every iteration, in order.
 */
function resultOf(scope: ReferenceScope, container: FlowStepRecord): Record<string, unknown>[] {
  const indexed = scope.index.get(container.name.toLowerCase());
  const children = new Set(indexed?.children ?? []);
  const plain = `${container.path}/`;
  const iteration = new RegExp(`^${escapeRegExp(container.path)}\\[\\d+\\]/`);
  const out: Record<string, unknown>[] = [];
  for (const [path, record] of scope.results) {
    if (!children.has(record.name)) continue;
    const rest = path.startsWith(plain) ? path.slice(plain.length) : iteration.test(path) ? path.replace(iteration, '') : undefined;
    if (rest === record.name) out.push(actionObject(record, scope.run.id));
  }
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function parameterValue(scope: ReferenceScope, name: string): unknown {
  // Connection plumbing of exported flows: accepted and empty, since connectors here need no keys.
  if (name === '$connections' || name === '$authentication') return {};
  const given = scope.run.parameters ?? {};
  const declared = scope.definition.parameters ?? {};
  const lower = name.toLowerCase();
  const givenKey = name in given ? name : Object.keys(given).find((k) => k.toLowerCase() === lower);
  if (givenKey !== undefined) return given[givenKey];
  const declaredKey = name in declared ? name : Object.keys(declared).find((k) => k.toLowerCase() === lower);
  if (declaredKey !== undefined && declared[declaredKey].defaultValue !== undefined) return declared[declaredKey].defaultValue;
  if (declaredKey !== undefined) throw new FlowExpressionError(`The workflow parameter '${name}' has no value: give one when enabling the flow.`);
  throw new FlowExpressionError(`The workflow parameter '${name}' is not found.`);
}
