import { z } from 'zod';
import type { Clock } from '../../../core/ports/clock';
import type { Store } from '../../../core/ports/store';
import type { ConnectorOperation, WaitResponse } from '../contracts';
import { parseDefinition, type WorkflowDefinition } from '../definition/workflow-definition';
import { createRun, getRun, listAbandonedRuns, listDueWaitingRuns, listRunsOfFlow, listSteps } from './flow-run.repository';
import { claimRun, isDue } from './run-claims';
import { cancelRun } from './run-cancellation';
import { driveRun } from './run-drive';
import { publicRun, TriggerOutputsSchema, type FlowRunRecord, type FlowStepRecord, type StoredFlowRun } from './run-records';
import { parseInput } from './runner-input';
import { DEFAULT_FLOW_RUNNER_LIMITS, type FlowRunnerLimits } from './runner-limits';
import { leaseFields, type RunnerServices } from './runner-services';
import { deliverWaitResponse } from './wait-delivery';
import { newGuid, newWaitToken } from './wait-token';

/**
 * The flow runner: runs WDL definitions durably over the Store.
 *
 * Durability: every step's result is stored (with the run record, one unit of work per step)
 * before the next step starts. Continuing a run — after a wait, a response, or a process that died
 * — walks the definition again from the top and reuses every stored result, so side effects are
 * not repeated and recorded decisions (branches, cases, loop items and counts, variable values,
 * utcNow()/guid() results) stay as they were. A step found Running (its call was under way when the
 * process died) is called again with the same idempotencyKey. A run is driven by one runner at a
 * time: the one holding its lease (renewed with every write; `limits.leaseMs`).
 *
 * Execution is sequential: one action at a time in dependency order, loop iterations one after the
 * other (see topological-order.ts). A run waiting on one step (a webhook, a long delay, a retry)
 * waits as a whole.
 */

/** Short waits (retry intervals, short delays) and call timeouts. A virtual clock in tests. */
export interface FlowTimers {
  /** Resolves after `ms`; may reject or resolve early once `signal` aborts (the runner ignores either). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface FlowRunnerDeps<C = unknown> {
  /** Runs are stored through it (collections `flow-runs` and `flow-steps`). */
  readonly store: Store;
  /** The operation for a short api name (`shared_office365users`) and operationId; `undefined` when there is none. */
  readonly connectors: (api: string, operationId: string) => ConnectorOperation<C> | undefined;
  /** Handed to every operation (its ports: mail, Teams, HTTP …), with the call's facts added. */
  readonly connectorContext: C;
  readonly clock: Clock;
  readonly timers: FlowTimers;
  /** Uniform in [0, 1): retry jitter and rand(). Default Math.random. */
  readonly random?: () => number;
  /** guid(). Default: crypto.randomUUID. */
  readonly newGuid?: () => string;
  /** Wait tokens. Default: 128 random bits from Web Crypto, hex. Override only in tests. */
  readonly newWaitToken?: () => string;
  readonly log?: (line: string) => void;
  readonly limits?: Partial<FlowRunnerLimits>;
  /** Names this runner in the leases it holds. Default: a new GUID per runner. */
  readonly instanceId?: string;
}

export interface StartRunInput {
  readonly runId: string;
  readonly flowId: string;
  readonly flowName: string;
  readonly definition: WorkflowDefinition;
  readonly triggerName: string;
  readonly triggerOutputs: { readonly headers?: Readonly<Record<string, string>>; readonly body: unknown };
  readonly parameters?: Readonly<Record<string, unknown>>;
  readonly correlation?: Readonly<Record<string, string>>;
}

export interface DeliveredResponse {
  readonly run: FlowRunRecord;
  /** The card that replaces the one the responder used (from the operation's `accept`), if any. */
  readonly reply?: Readonly<Record<string, unknown>>;
}

export interface FlowRunner {
  /**
   * Starts a run unless one with this id exists (idempotent: the same runId returns the existing run
   * and does nothing). Resolves when the run has ended or is waiting. ValidationError for bad input.
   */
  start(input: StartRunInput): Promise<FlowRunRecord>;
  /**
   * Continues runs that are due: Waiting with a wake time at or before `now` (a delay is over, a
   * retry is due, a webhook has timed out), or Running under an expired lease (their runner died).
   * Returns how many runs it continued. Call it periodically.
   */
  resumeDue(now?: Date): Promise<number>;
  /**
   * A webhook step's answer (card response, approval). Unknown token → NotFoundError; a step that
   * no longer waits → ConflictError. Continues the run when the step completes: awaited by
   * default (resolves when the run ends or waits again); with `background: true` it resolves once
   * the answer is stored and the run continues on its own (for a card invoke that must be
   * answered within seconds).
   */
  deliverWaitResponse(waitToken: string, response: WaitResponse, options?: { readonly background?: boolean }): Promise<DeliveredResponse>;
  /** Cancels a run that has not ended. NotFoundError / ConflictError (already ended). */
  cancel(runId: string, by: string): Promise<FlowRunRecord>;
  getRun(runId: string): Promise<FlowRunRecord | undefined>;
  /** A flow's runs, newest first (default 20). */
  listRuns(flowId: string, limit?: number): Promise<FlowRunRecord[]>;
  /** A run's steps in the order they were first stored. */
  listSteps(runId: string): Promise<FlowStepRecord[]>;
}

/** Run ids become document ids and partition keys: keep them to plain characters. */
const RUN_ID = /^[A-Za-z0-9._:@-]{1,200}$/;

const StartRunInputSchema = z.object({
  runId: z.string().regex(RUN_ID, 'expected 1–200 letters, digits or . _ : @ -'),
  flowId: z.string().min(1),
  flowName: z.string(),
  definition: z.record(z.string(), z.unknown()),
  triggerName: z.string().min(1),
  triggerOutputs: TriggerOutputsSchema,
  parameters: z.record(z.string(), z.unknown()).optional(),
  correlation: z.record(z.string(), z.string()).optional(),
});

export function createFlowRunner<C>(deps: FlowRunnerDeps<C>): FlowRunner {
  const services: RunnerServices = {
    store: deps.store,
    connectors: deps.connectors as RunnerServices['connectors'],
    connectorContext: deps.connectorContext,
    clock: deps.clock,
    sleep: (ms, signal) => deps.timers.sleep(ms, signal),
    random: deps.random ?? Math.random,
    newGuid: deps.newGuid ?? newGuid,
    newWaitToken: deps.newWaitToken ?? newWaitToken,
    log: deps.log ?? (() => undefined),
    limits: { ...DEFAULT_FLOW_RUNNER_LIMITS, ...deps.limits },
    instanceId: deps.instanceId ?? newGuid(),
  };
  /** Runs this runner is walking now; `resumeDue` leaves them alone. */
  const active = new Set<string>();

  const drive = async (runId: string): Promise<StoredFlowRun | undefined> => {
    active.add(runId);
    try {
      return await driveRun(services, runId);
    } finally {
      active.delete(runId);
    }
  };

  return {
    async start(raw) {
      const input = parseInput(StartRunInputSchema, raw, 'start');
      const definition = parseDefinition(input.definition, `flow ${input.flowId}`);
      const now = services.clock.now();
      const created = await services.store.transaction((tx) =>
        createRun(tx, {
          id: input.runId,
          flowId: input.flowId,
          flowName: input.flowName,
          status: 'Running',
          trigger: { name: input.triggerName, outputs: input.triggerOutputs },
          startedAt: now.toISOString(),
          ...(input.correlation === undefined ? {} : { correlation: input.correlation }),
          definition,
          ...(input.parameters === undefined ? {} : { parameters: input.parameters }),
          ...leaseFields(services, now),
          stepCount: 0,
          updatedAt: now.toISOString(),
        }),
      );
      if (!created.created) return publicRun(created.run.value);
      return publicRun((await drive(input.runId)) ?? created.run.value);
    },

    async resumeDue(now) {
      const at = now ?? services.clock.now();
      const batch = services.limits.resumeBatch;
      const due = await services.store.transaction(async (tx) => [...(await listDueWaitingRuns(tx, at, batch)), ...(await listAbandonedRuns(tx, at, batch))]);
      let continued = 0;
      for (const { value: run } of due) {
        if (active.has(run.id)) continue;
        if (!(await claimRun(services, run.id, (current) => isDue(current, at)))) continue;
        continued++;
        try {
          await drive(run.id);
        } catch (error) {
          // One run's store trouble must not keep the others waiting; its lease lets a later call retry it.
          services.log(`flow run ${run.id}: resuming failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      return continued;
    },

    async deliverWaitResponse(waitToken, response, options) {
      const delivered = await deliverWaitResponse(services, drive, waitToken, response, options);
      return { run: publicRun(delivered.run), ...(delivered.reply === undefined ? {} : { reply: delivered.reply }) };
    },

    async cancel(runId, by) {
      return publicRun(await cancelRun(services, runId, by));
    },

    async getRun(runId) {
      const found = await services.store.transaction((tx) => getRun(tx, runId));
      return found === undefined ? undefined : publicRun(found.value);
    },

    async listRuns(flowId, limit) {
      const runs = await services.store.transaction((tx) => listRunsOfFlow(tx, flowId, limit));
      return runs.map(publicRun);
    },

    async listSteps(runId) {
      return services.store.transaction((tx) => listSteps(tx, runId));
    },
  };
}
