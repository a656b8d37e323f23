import type { RunStatus } from '../contracts';
import type { RunError } from './run-records';

/**
 * How the parts of the runner tell each other that a step or the whole walk ends otherwise than
 * by returning. They are internal: none leaves `FlowRunner`'s methods.
 */

/** A step ends Failed (or TimedOut) with this code; `outputs` are kept as the step's outputs. */
export class StepFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly outputs?: unknown,
    readonly status: 'Failed' | 'TimedOut' = 'Failed',
  ) {
    super(message);
    this.name = 'StepFailure';
  }
}

/** The run now waits (its record says for what, already stored); the walk stops here. */
export class RunSuspended extends Error {
  constructor() {
    super('the run is waiting');
    this.name = 'RunSuspended';
  }
}

/** A Terminate action ended the run with this status. */
export class RunTerminated extends Error {
  constructor(
    readonly runStatus: Extract<RunStatus, 'Succeeded' | 'Failed' | 'Cancelled'>,
    readonly runError?: RunError,
  ) {
    super(`the run was terminated (${runStatus})`);
    this.name = 'RunTerminated';
  }
}

/**
 * This runner may not continue the run: it was cancelled, finished, or taken over by another
 * runner after this one's lease expired. Whatever it was doing is dropped, not stored.
 */
export class RunStopped extends Error {
  constructor(readonly reason: string) {
    super(`the run was stopped: ${reason}`);
    this.name = 'RunStopped';
  }
}

/** Storing a step failed; the walk must stop (the step's result is not durable) and the error reach the caller. */
export class PersistenceFailure extends Error {
  constructor(readonly failure: unknown) {
    super('storing the run failed', { cause: failure });
    this.name = 'PersistenceFailure';
  }
}

/** Signals pass through every executor untouched; everything else thrown by an executor fails the step. */
export function isRunSignal(error: unknown): boolean {
  return error instanceof RunSuspended || error instanceof RunTerminated || error instanceof RunStopped || error instanceof PersistenceFailure;
}
