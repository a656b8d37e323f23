import { z } from 'zod';
import { ConflictError, NotFoundError } from '../../../core/errors';
import { getRun, listSteps, replaceRun, saveStep } from './flow-run.repository';
import { FINAL_RUN_STATUSES, isFinalStep, type FlowStepRecord, type StoredFlowRun } from './run-records';
import { parseInput } from './runner-input';
import type { RunnerServices } from './runner-services';
import { waitingOperation } from './webhook-operations';

/**
 * Cancels a run that has not ended: the run and every step still Running or Waiting become
 * Cancelled in one unit of work. A runner walking the run at that moment (here or elsewhere) finds
 * it Cancelled at its next write and stops; what it was doing is not stored. Afterwards each
 * waiting webhook step's `unsubscribe(…, 'cancelled')` is called (best effort, so the card can say
 * the request was withdrawn). NotFoundError for an unknown run, ConflictError for one that ended.
 */
export async function cancelRun(services: RunnerServices, runId: unknown, by: unknown): Promise<StoredFlowRun> {
  const id = parseInput(z.string().min(1), runId, 'runId');
  const who = parseInput(z.string().trim().min(1, 'expected who cancels the run'), by, 'by');
  const now = services.clock.now().toISOString();
  const { run, waiting } = await services.store.transaction(async (tx) => {
    const current = await getRun(tx, id);
    if (current === undefined) throw new NotFoundError(`no flow run ${id}`);
    if (FINAL_RUN_STATUSES.has(current.value.status)) throw new ConflictError(`flow run ${id} has already ended (${current.value.status})`);
    const open = (await listSteps(tx, id)).filter((s) => !isFinalStep(s.status));
    for (const step of open) {
      const { nextAttemptAt: _n, ...rest } = step;
      await saveStep(tx, { ...rest, status: 'Cancelled', endedAt: now });
    }
    const { waitToken: _w, waitingOn: _o, wakeAt: _a, leaseOwner: _l, leaseUntil: _u, ...rest } = current.value;
    const cancelled: StoredFlowRun = {
      ...rest,
      status: 'Cancelled',
      endedAt: now,
      updatedAt: now,
      cancelledBy: who,
      error: { code: 'Cancelled', message: `The run was cancelled by ${who}.` },
    };
    const saved = await replaceRun(tx, cancelled, current.etag);
    return { run: saved.value, waiting: open.filter((s) => s.status === 'Waiting' && s.waitToken !== undefined) };
  });
  for (const step of waiting) await withdraw(services, run, step);
  return run;
}

async function withdraw(services: RunnerServices, run: StoredFlowRun, step: FlowStepRecord): Promise<void> {
  try {
    const found = waitingOperation(services, run, step);
    if (found?.operation.unsubscribe !== undefined) await found.operation.unsubscribe(step.subscription, found.context, 'cancelled');
  } catch (error) {
    services.log(`flow run ${run.id}: unsubscribing ${step.path} after the cancel failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
