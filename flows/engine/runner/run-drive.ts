import { getRun, replaceRun } from './flow-run.repository';
import { ROOT_FRAME } from './frame';
import { runContainer } from './container-walker';
import type { StoredFlowRun } from './run-records';
import { outcomeError } from './run-status';
import { PersistenceFailure, RunStopped, RunSuspended, RunTerminated } from './run-signals';
import { RunSession } from './run-session';
import type { RunnerServices } from './runner-services';

/**
 * Walks a run this runner has claimed (Running under its lease) until it ends, waits, or is taken
 * from it, and returns the run as stored then. Store failures are thrown: the run stays Running
 * under a lease that expires, after which `resumeDue` continues it.
 */
export async function driveRun(services: RunnerServices, runId: string): Promise<StoredFlowRun | undefined> {
  try {
    const opened = await RunSession.open(services, runId);
    if (!(opened instanceof RunSession)) {
      await failUnwalkable(services, runId, opened.invalid);
    } else {
      await walk(opened);
    }
  } catch (error) {
    if (error instanceof RunStopped) services.log(`flow run ${runId}: ${error.message}`);
    else if (error instanceof PersistenceFailure) throw error.failure;
    else throw error;
  }
  return (await services.store.transaction((tx) => getRun(tx, runId)))?.value;
}

async function walk(session: RunSession): Promise<void> {
  try {
    const outcome = await runContainer(session, ROOT_FRAME, session.definition.actions);
    await session.finish(outcome.status, outcomeError(outcome));
  } catch (error) {
    if (error instanceof RunSuspended) return;
    if (!(error instanceof RunTerminated)) throw error;
    const runError = error.runError ?? (error.runStatus === 'Cancelled' ? { code: 'Terminated', message: 'The run was cancelled by a Terminate action.' } : undefined);
    await session.finish(error.runStatus, runError);
  }
}

/** A stored definition that no longer parses can never be walked: the run fails saying why. */
async function failUnwalkable(services: RunnerServices, runId: string, invalid: Error): Promise<void> {
  const now = services.clock.now().toISOString();
  await services.store.transaction(async (tx) => {
    const run = await getRun(tx, runId);
    if (run === undefined || run.value.status !== 'Running' || run.value.leaseOwner !== services.instanceId) return;
    const { leaseOwner: _o, leaseUntil: _u, waitToken: _w, waitingOn: _a, wakeAt: _k, ...rest } = run.value;
    await replaceRun(tx, { ...rest, status: 'Failed', endedAt: now, updatedAt: now, error: { code: 'InvalidDefinition', message: invalid.message } }, run.etag);
  });
}
