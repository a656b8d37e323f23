import type { ConnectorOperation, FunctionContext, OperationCallContext, StepStatus } from '../contracts';
import type { SupportedActionType, WorkflowAction } from '../definition/workflow-definition';
import type { Frame, LoopFrame } from './frame';
import type { FlowStepRecord, RunError, VariableValue } from './run-records';
import type { ContainerOutcome } from './run-status';
import type { FlowRunnerLimits } from './runner-limits';

/**
 * The seam between the walker (runAfter, persistence, reuse on resume) and the code of each
 * action type. An executor computes one step's outcome; the walker stores it. Executors never
 * write to the store directly: they ask their context to save progress or to suspend the run.
 */

/** How a step ended, as an executor reports it. */
export interface StepOutcome {
  readonly status: StepStatus;
  readonly inputs?: unknown;
  readonly outputs?: unknown;
  readonly error?: RunError;
  readonly code?: string;
  /** Calls made so far (connector actions). */
  readonly attempts?: number;
  readonly decision?: unknown;
  /** Variables as this action leaves them (variable actions). */
  readonly variables?: Readonly<Record<string, VariableValue>>;
  /** Terminate: the run ends with this status once the step is stored. */
  readonly terminate?: { readonly runStatus: 'Succeeded' | 'Failed' | 'Cancelled'; readonly runError?: RunError };
}

/** What a step stores while it is not finished. */
export interface StepProgress {
  readonly status: 'Running' | 'Waiting';
  readonly inputs?: unknown;
  readonly attempts?: number;
  readonly decision?: unknown;
  readonly error?: RunError;
  readonly waitToken?: string;
  readonly subscription?: unknown;
  readonly wakeAt?: string;
  readonly nextAttemptAt?: string;
}

export interface StepContext {
  readonly name: string;
  readonly path: string;
  readonly type: SupportedActionType;
  readonly action: WorkflowAction;
  readonly frame: Frame;
  /**
   * This step's record from an earlier walk: Running or Waiting (the run resumes into it), or final
   * for a control action being re-walked (its decisions are to be reused, nothing re-decided).
   */
  readonly stored: FlowStepRecord | undefined;
  /** When the step first started; kept across resumes. */
  readonly startedAt: Date;
  readonly runId: string;
  readonly flowId: string;
  readonly limits: FlowRunnerLimits;
  now(): Date;
  /** Short in-process waits (retries, short delays). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  random(): number;
  newWaitToken(): string;
  log(line: string): void;
  /** Evaluates templates in `value`; `item` is what `item()` returns (Query, Select, Table). Throws FlowExpressionError. */
  evaluate(value: unknown, item?: { readonly value: unknown }): unknown;
  /** The expression context itself, for object-form conditions that call comparison functions directly. */
  functionContext(item?: { readonly value: unknown }): FunctionContext;
  /** A variable by name (case-insensitive); `undefined` when not initialized. */
  variable(name: string): VariableValue | undefined;
  connector(api: string, operationId: string): ConnectorOperation | undefined;
  /** The connector context plus the facts of this call. */
  callContext(attempt: number, extra?: { readonly waitToken?: string; readonly connectionName?: string }): OperationCallContext;
  /**
   * Stores this step as not finished yet. A no-op when its stored record is already final (a
   * re-walk). `holdMs`: a call that may take this long is about to start, so the run's lease is
   * extended by it (no other runner takes the run over while the call may still be under way).
   */
  saveProgress(progress: StepProgress, options?: { readonly holdMs?: number }): Promise<void>;
  /** Stores this step's progress and the run as Waiting until `until`; never returns (throws RunSuspended). */
  suspend(progress: StepProgress, wait: { readonly until: string; readonly waitToken?: string }): Promise<never>;
  /** Runs one inner container of this action in `frame` and reports its outcome. */
  runContainer(actions: Readonly<Record<string, WorkflowAction>> | undefined, frame: Frame): Promise<ContainerOutcome>;
  /** The frame of one iteration of this (loop) action. */
  iteration(loop: Omit<LoopFrame, 'name'>): Frame;
  /** The frame of this action's inner containers (Scope, If, Switch). */
  inner(): Frame;
}

/** Data operations compute synchronously; anything that stores progress or calls out is async. */
export type ActionExecutor = (step: StepContext) => StepOutcome | Promise<StepOutcome>;
