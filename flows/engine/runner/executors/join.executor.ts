import type { ActionExecutor } from '../executor';
import { StepFailure } from '../run-signals';
import { arrayInput, objectInputs } from './action-inputs';

/** Join: the items of `from` as text, separated by `joinWith`. Objects and arrays are written as JSON; null as nothing. */
export const joinExecutor: ActionExecutor = (step) => {
  const inputs = objectInputs(step);
  const from = arrayInput(step, inputs.from ?? null, 'from');
  if (typeof inputs.joinWith !== 'string') throw new StepFailure('InvalidInputs', `'${step.name}': expected inputs.joinWith to be the separator text`);
  const text = from.map(asText).join(inputs.joinWith);
  return { status: 'Succeeded', code: 'OK', inputs, outputs: { body: text } };
};

export function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}
