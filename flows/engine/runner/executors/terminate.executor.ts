import type { ActionExecutor } from '../executor';
import { StepFailure } from '../run-signals';
import { objectInputs } from './action-inputs';

const STATUSES: ReadonlyMap<string, 'Succeeded' | 'Failed' | 'Cancelled'> = new Map([
  ['succeeded', 'Succeeded'],
  ['failed', 'Failed'],
  ['cancelled', 'Cancelled'],
]);

/**
 * Terminate: ends the run at once with `runStatus` (Succeeded, Failed or Cancelled) and, for
 * Failed, `runError {code, message}`. The step itself succeeds; the walker stores it and stops.
 */
export const terminateExecutor: ActionExecutor = (step) => {
  const inputs = objectInputs(step);
  const runStatus = typeof inputs.runStatus === 'string' ? STATUSES.get(inputs.runStatus.toLowerCase()) : undefined;
  if (runStatus === undefined) {
    throw new StepFailure('InvalidInputs', `'${step.name}': expected inputs.runStatus to be Succeeded, Failed or Cancelled; got ${JSON.stringify(inputs.runStatus)}`);
  }
  const given = typeof inputs.runError === 'object' && inputs.runError !== null ? (inputs.runError as Record<string, unknown>) : {};
  const runError =
    runStatus === 'Failed'
      ? { code: typeof given.code === 'string' && given.code !== '' ? given.code : 'Terminated', message: typeof given.message === 'string' ? given.message : '' }
      : undefined;
  const decision = { runStatus, ...(runError === undefined ? {} : { runError }) };
  return { status: 'Succeeded', code: 'OK', inputs, decision, terminate: decision };
};
