import type { ActionExecutor } from '../executor';
import { outcomeError } from '../run-status';

/** Scope: its inner actions; Failed (or TimedOut) when a branch inside ends so without being handled. */
export const scopeExecutor: ActionExecutor = async (step) => {
  await step.saveProgress({ status: 'Running' });
  const outcome = await step.runContainer(step.action.actions, step.inner());
  const error = outcomeError(outcome);
  return { status: outcome.status, ...(error === undefined ? { code: 'OK' } : { error, code: error.code }) };
};
