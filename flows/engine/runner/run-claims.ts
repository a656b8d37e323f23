import { ConflictError } from '../../../core/errors';
import { getRun, replaceRun } from './flow-run.repository';
import type { StoredFlowRun } from './run-records';
import { leaseFields, type RunnerServices } from './runner-services';

/**
 * Takes a run for this runner to drive: makes it Running under this runner's lease, if it is still
 * in the state `eligible` expects when read inside the unit of work. Two runners claiming at once
 * both read it eligible, and the ETag lets one replace win; the other gets false.
 */
export async function claimRun(services: RunnerServices, runId: string, eligible: (run: StoredFlowRun) => boolean): Promise<boolean> {
  const now = services.clock.now();
  try {
    return await services.store.transaction(async (tx) => {
      const run = await getRun(tx, runId);
      if (run === undefined || !eligible(run.value)) return false;
      const { waitToken: _w, waitingOn: _o, wakeAt: _a, ...rest } = run.value;
      await replaceRun(tx, { ...rest, status: 'Running', ...leaseFields(services, now), updatedAt: now.toISOString() }, run.etag);
      return true;
    });
  } catch (error) {
    if (error instanceof ConflictError) return false;
    throw error;
  }
}

/** Due: Waiting with its wake time reached, or Running under a lease that has expired. */
export function isDue(run: StoredFlowRun, at: Date): boolean {
  const now = at.toISOString();
  if (run.status === 'Waiting') return run.wakeAt !== undefined && run.wakeAt <= now;
  if (run.status === 'Running') return run.leaseUntil === undefined || run.leaseUntil <= now;
  return false;
}
