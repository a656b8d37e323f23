import type { ActionExecutor } from '../executor';

/** Compose: its outputs are the evaluated inputs themselves (`outputs('Compose')` is the value). */
export const composeExecutor: ActionExecutor = (step) => {
  const value = step.evaluate(step.action.inputs ?? null);
  return { status: 'Succeeded', code: 'OK', inputs: value, outputs: value };
};
