import type { StepStatus } from '../contracts';
import type { WorkflowAction } from '../definition/workflow-definition';
import type { RunError } from './run-records';

/**
 * How statuses flow through a container (Logic Apps "Manage the run after behavior"):
 * - an action runs when every predecessor ended in one of the statuses its `runAfter` lists
 *   (default: Succeeded), and is Skipped otherwise — so Skipped propagates down a branch;
 * - a branch's outcome is its last action's status, and a branch that ends Skipped takes the
 *   status of the predecessor that caused the skip (the worst of them when there are several);
 * - a container (a Scope, a branch of an If, an iteration, the whole run) fails when any of its
 *   branches ends in failure: a failure that a later action handled (a Catch after Failed, a
 *   Finally after everything) does not fail it.
 */

export interface StatusOf {
  readonly status: StepStatus;
  readonly error?: RunError;
}

/** Whether `runAfter` lets an action run, given its siblings' statuses so far. */
export function runAfterSatisfied(runAfter: WorkflowAction['runAfter'], statuses: ReadonlyMap<string, StepStatus>): boolean {
  for (const [predecessor, wanted] of Object.entries(runAfter ?? {})) {
    const status = statuses.get(predecessor);
    if (status === undefined) continue;
    const allowed: readonly string[] = wanted.length === 0 ? ['Succeeded'] : wanted;
    if (!allowed.includes(status)) return false;
  }
  return true;
}

const SEVERITY: Readonly<Record<StepStatus, number>> = { Skipped: 0, Succeeded: 1, Cancelled: 2, TimedOut: 3, Aborted: 4, Failed: 5 };

export interface ContainerOutcome {
  readonly status: 'Succeeded' | 'Failed' | 'TimedOut' | 'Cancelled';
  /** The action whose unhandled failure decided the outcome, when it is not Succeeded. */
  readonly cause?: { readonly name: string; readonly status: StepStatus; readonly error?: RunError };
}

/** The outcome of a container whose actions have all finished (or been skipped). */
export function containerOutcome(actions: Readonly<Record<string, WorkflowAction>>, results: ReadonlyMap<string, StatusOf>): ContainerOutcome {
  const predecessors = (name: string): string[] => Object.keys(actions[name]?.runAfter ?? {}).filter((p) => results.has(p));
  const followed = new Set<string>();
  for (const name of results.keys()) for (const p of predecessors(name)) followed.add(p);

  const memo = new Map<string, { status: StepStatus; name?: string; error?: RunError }>();
  const effective = (name: string): { status: StepStatus; name?: string; error?: RunError } => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    const own = results.get(name)!;
    let found: { status: StepStatus; name?: string; error?: RunError } = { status: own.status, name, ...(own.error ? { error: own.error } : {}) };
    if (own.status === 'Skipped') {
      found = { status: 'Skipped' };
      for (const p of predecessors(name)) {
        const candidate = effective(p);
        if (SEVERITY[candidate.status] > SEVERITY[found.status]) found = candidate;
      }
    }
    memo.set(name, found);
    return found;
  };

  let worst: { status: StepStatus; name?: string; error?: RunError } = { status: 'Succeeded' };
  for (const name of results.keys()) {
    if (followed.has(name)) continue;
    const end = effective(name);
    if (SEVERITY[end.status] > SEVERITY[worst.status]) worst = end;
  }
  const cause = worst.name === undefined ? undefined : { name: worst.name, status: worst.status, ...(worst.error ? { error: worst.error } : {}) };
  switch (worst.status) {
    case 'Failed':
    case 'Aborted':
      return { status: 'Failed', ...(cause ? { cause } : {}) };
    case 'TimedOut':
      return { status: 'TimedOut', ...(cause ? { cause } : {}) };
    case 'Cancelled':
      return { status: 'Cancelled', ...(cause ? { cause } : {}) };
    default:
      return { status: 'Succeeded' };
  }
}

/** The worst of several outcomes (Foreach iterations): any failed iteration fails the loop. */
export function worstOutcome(outcomes: readonly ContainerOutcome[]): ContainerOutcome {
  let worst: ContainerOutcome = { status: 'Succeeded' };
  for (const o of outcomes) if (SEVERITY[o.status] > SEVERITY[worst.status]) worst = o;
  return worst;
}

/** The error a control action (or the run) reports for an outcome, naming the action that caused it. */
export function outcomeError(outcome: ContainerOutcome): RunError | undefined {
  if (outcome.status === 'Succeeded') return undefined;
  const cause = outcome.cause;
  const detail = cause === undefined ? '' : ` ('${cause.name}' ${cause.status.toLowerCase()}${cause.error ? `: ${cause.error.message}` : ''})`;
  if (outcome.status === 'TimedOut') return { code: 'ActionTimedOut', message: `An action timed out. No dependent actions succeeded.${detail}` };
  if (outcome.status === 'Cancelled') return { code: 'Cancelled', message: `An action was cancelled.${detail}` };
  return { code: 'ActionFailed', message: `An action failed. No dependent actions succeeded.${detail}` };
}
