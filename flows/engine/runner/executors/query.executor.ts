import type { ActionExecutor } from '../executor';
import { evaluateCondition } from '../conditions';
import { StepFailure } from '../run-signals';
import { arrayInput } from './action-inputs';

/**
 * Query (Filter array): the items of `from` for which `where` is true, `where` being evaluated once
 * per item with `item()` bound to it. `where` is normally "@…"; the designer's object form works too.
 */
export const queryExecutor: ActionExecutor = (step) => {
  const raw = (step.action.inputs ?? {}) as Record<string, unknown>;
  const from = arrayInput(step, step.evaluate(raw.from ?? null), 'from');
  if (raw.where === undefined) throw new StepFailure('InvalidInputs', `'${step.name}': expected inputs.where, the condition each item must meet`);
  const kept = from.filter((value) => evaluateCondition(raw.where, step, { value }));
  return { status: 'Succeeded', code: 'OK', inputs: { from, where: raw.where }, outputs: { body: kept } };
};
