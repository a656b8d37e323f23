import { z } from 'zod';
import type { Store } from '../../../../core/ports/store';
import type { ActionOperation, ConnectorOperation, ConnectorResult, OperationCallContext, WaitOutcome, WaitResponse, WebhookOperation } from '../../../../flows/engine/contracts';
import { parseDefinition, type WorkflowAction, type WorkflowDefinition } from '../../../../flows/engine/definition/workflow-definition';
import { createFlowRunner, type FlowRunner, type FlowRunnerDeps, type StartRunInput } from '../../../../flows/engine/runner/flow-runner';
import type { FlowRunRecord, FlowStepRecord } from '../../../../flows/engine/runner/run-records';
import { createMemoryStore } from '../../../support/memory-store';
import { createVirtualClock, settle, type VirtualClock } from '../../../support/virtual-clock';

/**
 * The runner over the in-memory store, a virtual clock for both `clock` and `timers` (retries and
 * short waits cost no real time), and fake connector operations registered per test.
 */

export const SCHEMA = 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#';
export const T0 = Date.parse('2026-03-02T09:00:00.000Z');

export function definition(actions: Record<string, WorkflowAction | Record<string, unknown>>, parameters?: Record<string, unknown>): WorkflowDefinition {
  return parseDefinition({ $schema: SCHEMA, triggers: { manual: { type: 'Request', kind: 'Button' } }, actions, ...(parameters === undefined ? {} : { parameters }) });
}

export interface Harness {
  readonly store: Store;
  readonly clock: VirtualClock;
  readonly runner: FlowRunner;
  readonly logs: string[];
  /** Registers a fake operation under `api/operationId`. */
  register(operation: ConnectorOperation): void;
  /** Starts a run (id `run-1` unless given) and drives virtual time until it settles. */
  run(def: WorkflowDefinition, input?: Partial<StartRunInput>): Promise<FlowRunRecord>;
  /** Awaits a runner promise while driving virtual time. */
  settle<T>(promise: Promise<T>): Promise<T>;
  steps(runId?: string): Promise<Map<string, FlowStepRecord>>;
  /** Moves virtual time forward by `ms` (firing every timer due on the way). */
  elapse(ms: number): void;
}

export interface HarnessOptions {
  readonly store?: Store;
  readonly start?: number;
  readonly operations?: Map<string, ConnectorOperation>;
  readonly deps?: Partial<FlowRunnerDeps>;
}

export function createHarness(options: HarnessOptions = {}): Harness {
  const store = options.store ?? createMemoryStore();
  const clock = createVirtualClock(options.start ?? T0);
  const operations = options.operations ?? new Map<string, ConnectorOperation>();
  const logs: string[] = [];
  let tokens = 0;
  const runner = createFlowRunner({
    store,
    connectors: (api, operationId) => operations.get(`${api}/${operationId}`),
    connectorContext: { tenant: 'contoso' },
    clock: { now: () => new Date(clock.now()) },
    timers: clock,
    random: () => 0.5,
    newWaitToken: () => `token-${++tokens}-${clock.now()}`,
    log: (line) => logs.push(line),
    ...options.deps,
  });
  const drive = <T>(promise: Promise<T>): Promise<T> => settle(clock, promise);
  return {
    store,
    clock,
    runner,
    logs,
    register: (operation) => operations.set(`${operation.api}/${operation.operationId}`, operation),
    run: (def, input = {}) =>
      drive(
        runner.start({ runId: 'run-1', flowId: 'flow-1', flowName: 'Test flow', definition: def, triggerName: 'manual', triggerOutputs: { body: {} }, ...input }),
      ),
    settle: drive,
    steps: async (runId = 'run-1') => new Map((await runner.listSteps(runId)).map((s) => [s.path, s])),
    elapse(ms) {
      const target = clock.now() + ms;
      void clock.sleep(ms);
      while (clock.now() < target && clock.advance());
    },
  };
}

/** A call a fake operation received. */
export interface Call {
  readonly parameters: unknown;
  readonly context: OperationCallContext & { readonly tenant?: string; readonly waitToken?: string };
}

/**
 * A fake request/response operation. `respond` decides each call's result (its attempt number
 * from 1); it may throw a ConnectorError. `effects` counts side effects per idempotencyKey, as a
 * connector that deduplicates by that key would apply them.
 */
export function fakeAction(
  api: string,
  operationId: string,
  respond: (parameters: unknown, call: number, context: Call['context']) => ConnectorResult | Promise<ConnectorResult> = () => ({ statusCode: 200, body: { ok: true } }),
  parameters: z.ZodType = z.unknown(),
): ActionOperation & { readonly calls: Call[]; readonly effects: Map<string, number> } {
  const calls: Call[] = [];
  const effects = new Map<string, number>();
  return {
    kind: 'action',
    api,
    operationId,
    summary: `${api} ${operationId} (fake)`,
    parameters,
    calls,
    effects,
    async execute(params, context) {
      calls.push({ parameters: params, context: context });
      const result = await respond(params, calls.length, context);
      effects.set(context.idempotencyKey, 1);
      return result;
    },
  };
}

/** A fake webhook operation recording subscriptions, answers and unsubscriptions. */
export function fakeWebhook(
  api: string,
  operationId: string,
  accept?: (subscription: unknown, response: WaitResponse) => WaitOutcome,
): WebhookOperation & { readonly subscribed: Call[]; readonly unsubscribed: { subscription: unknown; reason: string }[] } {
  const subscribed: Call[] = [];
  const unsubscribed: { subscription: unknown; reason: string }[] = [];
  const operation: WebhookOperation & { subscribed: Call[]; unsubscribed: { subscription: unknown; reason: string }[] } = {
    kind: 'webhook',
    api,
    operationId,
    summary: `${api} ${operationId} (fake)`,
    parameters: z.unknown(),
    subscribed,
    unsubscribed,
    async subscribe(params, context) {
      subscribed.push({ parameters: params, context: context });
      return { subscription: { card: `card-${subscribed.length}`, token: context.waitToken } };
    },
    async unsubscribe(subscription, _context, reason) {
      unsubscribed.push({ subscription, reason });
    },
  };
  if (accept !== undefined) operation.accept = async (subscription, response) => accept(subscription, response);
  return operation;
}

/** An OpenApiConnection action calling `api/operationId`. */
export function connectorAction(api: string, operationId: string, parameters: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'OpenApiConnection',
    inputs: {
      host: { apiId: `/providers/Microsoft.PowerApps/apis/${api}`, connectionName: api, operationId },
      parameters,
      authentication: "@parameters('$authentication')",
      ...((extra.inputs) ?? {}),
    },
    ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'inputs')),
  };
}

export function answer(data: Record<string, unknown>, id = 'hr-1'): WaitResponse {
  return { responder: { id, upn: `${id}@contoso.com`, name: 'HR person' }, data, at: '2026-03-02T10:00:00.000Z' };
}
