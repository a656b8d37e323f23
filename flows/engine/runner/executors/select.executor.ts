import type { ActionExecutor } from '../executor';
import { StepFailure } from '../run-signals';
import { arrayInput } from './action-inputs';

/**
 * Select: maps each item of `from` through `select`, an object whose values are templates (keys
 * are taken as written) or a single expression, with `item()` bound to the item.
 */
export const selectExecutor: ActionExecutor = (step) => {
  const raw = (step.action.inputs ?? {}) as Record<string, unknown>;
  const from = arrayInput(step, step.evaluate(raw.from ?? null), 'from');
  if (raw.select === undefined) throw new StepFailure('InvalidInputs', `'${step.name}': expected inputs.select, the shape of each output item`);
  const mapped = from.map((value) => step.evaluate(raw.select, { value }));
  return { status: 'Succeeded', code: 'OK', inputs: { from, select: raw.select }, outputs: { body: mapped } };
};
