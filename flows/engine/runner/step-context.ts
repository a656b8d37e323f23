import type { FunctionContext, OperationCallContext } from '../contracts';
import type { SupportedActionType, WorkflowAction } from '../definition/workflow-definition';
import { evaluateValue } from '../expressions';
import type { StepContext, StepProgress } from './executor';
import { innerFrame, iterationFrame, iterationIndexes, type Frame } from './frame';
import { createReferenceResolver } from './reference-resolver';
import { isFinalStep, type FlowStepRecord } from './run-records';
import { RunSuspended } from './run-signals';
import type { ContainerOutcome } from './run-status';
import type { RunSession } from './run-session';

export type RunContainer = (session: RunSession, frame: Frame, actions: Readonly<Record<string, WorkflowAction>> | undefined) => Promise<ContainerOutcome>;

export interface StepSetup {
  readonly session: RunSession;
  readonly frame: Frame;
  readonly name: string;
  readonly path: string;
  readonly type: SupportedActionType;
  readonly action: WorkflowAction;
  readonly stored: FlowStepRecord | undefined;
  readonly startedAt: Date;
  readonly runContainer: RunContainer;
}

/** A step context plus what the walker needs back: the progress last stored, to build the final record from. */
export interface LiveStep {
  readonly context: StepContext;
  progress(): FlowStepRecordDraft;
}

export type FlowStepRecordDraft = Omit<FlowStepRecord, 'runId' | 'seq'>;

export function createStepContext(setup: StepSetup): LiveStep {
  const { session, frame, name, path, type, action, stored, startedAt } = setup;
  const services = session.services;
  const rewalk = stored !== undefined && isFinalStep(stored.status);
  let draft: FlowStepRecordDraft = stored ?? {
    name,
    path,
    type: action.type,
    status: 'Running',
    attempts: 0,
    startedAt: startedAt.toISOString(),
    ...(iterationIndexes(frame) === undefined ? {} : { iterations: iterationIndexes(frame) }),
  };

  const merge = (progress: StepProgress): FlowStepRecordDraft => {
    const { nextAttemptAt: _n, ...base } = draft;
    return { ...base, ...progress };
  };

  const functionContext = (item?: { readonly value: unknown }): FunctionContext => ({
    references: createReferenceResolver(session, { frame, current: name, ...(item === undefined ? {} : { item }) }),
    now: () => services.clock.now(),
    random: services.random,
    newGuid: services.newGuid,
  });

  const context: StepContext = {
    name,
    path,
    type,
    action,
    frame,
    stored,
    startedAt,
    runId: session.run.id,
    flowId: session.run.flowId,
    limits: services.limits,
    now: () => services.clock.now(),
    sleep: (ms, signal) => services.sleep(ms, signal),
    random: services.random,
    newWaitToken: services.newWaitToken,
    log: services.log,
    evaluate: (value, item) => evaluateValue(value, functionContext(item)),
    functionContext,
    variable: (variable) => session.variables.get(variable.toLowerCase()),
    connector: (api, operationId) => services.connectors(api, operationId),
    callContext(attempt, extra = {}): OperationCallContext {
      const facts: OperationCallContext & { waitToken?: string } = {
        idempotencyKey: `${session.run.id}/${path}`,
        runId: session.run.id,
        flowId: session.run.flowId,
        attempt,
        ...(extra.connectionName === undefined ? {} : { connectionName: extra.connectionName }),
        ...(extra.waitToken === undefined ? {} : { waitToken: extra.waitToken }),
      };
      // The connector's own ports first, the call's facts over them (own enumerable properties are copied).
      return { ...(services.connectorContext as object), ...facts };
    },
    async saveProgress(progress, options = {}) {
      if (rewalk) return;
      const next = merge(progress);
      await session.persistStep(next, {}, { leaseExtraMs: options.holdMs ?? 0 });
      draft = next;
    },
    async suspend(progress, wait) {
      const next = merge(progress);
      await session.persistStep(next, {
        status: 'Waiting',
        waitingOn: { path, until: wait.until, ...(wait.waitToken === undefined ? {} : { waitToken: wait.waitToken }) },
        wakeAt: wait.until,
        waitToken: wait.waitToken,
        leaseOwner: undefined,
        leaseUntil: undefined,
      });
      draft = next;
      throw new RunSuspended();
    },
    runContainer: (actions, inner) => setup.runContainer(session, inner, actions),
    iteration: (loop) => iterationFrame(frame, path, { name, ...loop }),
    inner: () => innerFrame(frame, path),
  };
  return { context, progress: () => draft };
}
