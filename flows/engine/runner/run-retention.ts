import type { Store } from '../../../core/ports/store';
import { flowRunsCollection, flowStepsCollection } from './flow-run.repository';
import { FINAL_RUN_STATUSES } from './run-records';

/** Power Automate keeps 28 days of run history; so do we, by default. */
export const RUN_HISTORY_DAYS = 28;

/**
 * Deletes runs that ended before `before` (ISO), with their steps: run history is kept for a
 * while, not forever (step records hold real identities). A run still Running or Waiting is kept
 * however old. Each run is one unit of work (steps first, then the run), so a purge that stops
 * half-way leaves whole runs. Returns how many runs were removed; at most `limit` per call.
 */
export async function purgeFinishedRuns(store: Store, before: string, limit = 1_000): Promise<number> {
  const old = await store.transaction((tx) => tx.documents(flowRunsCollection).query({ range: { field: 'startedAt', to: before }, orderBy: { field: 'startedAt' }, limit }));
  let removed = 0;
  for (const { value: run } of old) {
    if (!FINAL_RUN_STATUSES.has(run.status) || run.endedAt === undefined || run.endedAt >= before) continue;
    await store.transaction(async (tx) => {
      const steps = tx.documents(flowStepsCollection);
      for (;;) {
        const page = await steps.query({ partition: run.id, limit: 500 });
        if (page.length === 0) break;
        for (const step of page) await steps.delete(run.id, step.value.path);
      }
      await tx.documents(flowRunsCollection).delete(run.id, run.id);
    });
    removed++;
  }
  return removed;
}
