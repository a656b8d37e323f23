import { z } from 'zod';
import { RUN_STATUSES, STEP_STATUSES, type RunStatus, type StepStatus } from '../contracts';

/**
 * What the runner stores about a run and each of its steps. The public records are what run
 * history shows (chat commands, the tab); the stored documents add the bookkeeping that resuming
 * needs (the definition the run started with, the lease, control decisions, wait tokens).
 */

export const RunErrorSchema = z.object({ code: z.string(), message: z.string() });
export type RunError = z.infer<typeof RunErrorSchema>;

export const TriggerOutputsSchema = z.object({
  headers: z.record(z.string(), z.string()).optional(),
  body: z.unknown(),
});
export type TriggerOutputs = z.infer<typeof TriggerOutputsSchema>;

/** What a Waiting run waits for: a step, and either a wait token (a webhook) or a time (or both: a webhook's timeout). */
export const WaitingOnSchema = z.object({
  path: z.string(),
  waitToken: z.string().optional(),
  /** ISO UTC: when the wait ends by itself (a delay is over, a webhook times out, a retry is due). */
  until: z.string().optional(),
});
export type WaitingOn = z.infer<typeof WaitingOnSchema>;

export const FlowRunRecordSchema = z.object({
  id: z.string().min(1),
  flowId: z.string().min(1),
  flowName: z.string(),
  status: z.enum(RUN_STATUSES),
  trigger: z.object({ name: z.string(), outputs: TriggerOutputsSchema }),
  /** ISO UTC. */
  startedAt: z.string(),
  endedAt: z.string().optional(),
  error: RunErrorSchema.optional(),
  waitingOn: WaitingOnSchema.optional(),
  /** ISO UTC; set while Waiting: `resumeDue` continues the run from then on. */
  wakeAt: z.string().optional(),
  correlation: z.record(z.string(), z.string()).optional(),
  /** Who cancelled the run, when it was cancelled. */
  cancelledBy: z.string().optional(),
});
export type FlowRunRecord = z.infer<typeof FlowRunRecordSchema>;

/**
 * The stored run. `waitToken` and `leaseUntil` are top-level copies so that the store can index
 * them. The lease says which runner instance drives a Running run and until when; a Running run
 * whose lease has expired was abandoned (the process died) and `resumeDue` takes it over.
 */
export const StoredFlowRunSchema = FlowRunRecordSchema.extend({
  /** The definition the run started with: a run finishes on the version it began with. */
  definition: z.record(z.string(), z.unknown()),
  parameters: z.record(z.string(), z.unknown()).optional(),
  waitToken: z.string().optional(),
  leaseOwner: z.string().optional(),
  leaseUntil: z.string().optional(),
  /** How many step records exist; the next new step gets this as its `seq`. */
  stepCount: z.number().int().nonnegative(),
  updatedAt: z.string(),
});
export type StoredFlowRun = z.infer<typeof StoredFlowRunSchema>;

/** A step's status: final ones, and the two in-between ones a stored record may have. */
export const STEP_RECORD_STATUSES = [...STEP_STATUSES, 'Running', 'Waiting'] as const;
export type StepRecordStatus = StepStatus | 'Running' | 'Waiting';

export const VariableValueSchema = z.object({ name: z.string(), type: z.string(), value: z.unknown() });
export type VariableValue = z.infer<typeof VariableValueSchema>;

export const FlowStepRecordSchema = z.object({
  runId: z.string(),
  /** The action's place in the run: containers and loop iterations, e.g. `Apply_to_each[2]/Send_an_email`. */
  path: z.string(),
  name: z.string(),
  /** The action type as written in the definition. */
  type: z.string(),
  status: z.enum(STEP_RECORD_STATUSES),
  /** Order of first persistence within the run, from 0. */
  seq: z.number().int().nonnegative(),
  inputs: z.unknown().optional(),
  outputs: z.unknown().optional(),
  error: RunErrorSchema.optional(),
  /** The action's result code as `actions('X').code` reports it (`OK`, `NotFound`, `ActionFailed` …). */
  code: z.string().optional(),
  /** Calls made (connector actions: each attempt, retries included); 0 for actions that call nothing. */
  attempts: z.number().int().nonnegative(),
  startedAt: z.string(),
  endedAt: z.string().optional(),
  /** Loop name → iteration index (from 0), for steps inside Foreach / Until. */
  iterations: z.record(z.string(), z.number().int().nonnegative()).optional(),
  // ── Bookkeeping for resuming ──
  /** A control action's decision (If branch, Switch case, Foreach items, Until conditions, Wait due time, Terminate status). */
  decision: z.unknown().optional(),
  /** Variables a variable action left behind, by name. */
  variables: z.record(z.string(), VariableValueSchema).optional(),
  /** A webhook step: the token its answer must carry, and what its subscribe returned. */
  waitToken: z.string().optional(),
  subscription: z.unknown().optional(),
  /** ISO UTC: a waiting step's deadline (webhook timeout, end of a delay). */
  wakeAt: z.string().optional(),
  /** ISO UTC: when the next attempt of a failed call is due. */
  nextAttemptAt: z.string().optional(),
  /** Fields dropped because the record exceeded the size cap; such a step cannot be reused by a resume. */
  truncated: z.array(z.string()).optional(),
});
export type FlowStepRecord = z.infer<typeof FlowStepRecordSchema>;

export const FINAL_STEP_STATUSES: ReadonlySet<string> = new Set<string>(STEP_STATUSES);
export const FINAL_RUN_STATUSES: ReadonlySet<RunStatus> = new Set<RunStatus>(['Succeeded', 'Failed', 'Cancelled', 'TimedOut']);

export function isFinalStep(status: StepRecordStatus): status is StepStatus {
  return FINAL_STEP_STATUSES.has(status);
}

/** The stored run as callers see it: without the definition, parameters and lease bookkeeping. */
export function publicRun(stored: StoredFlowRun): FlowRunRecord {
  const { definition: _d, parameters: _p, waitToken: _w, leaseOwner: _o, leaseUntil: _u, stepCount: _c, updatedAt: _t, ...run } = stored;
  return run;
}
