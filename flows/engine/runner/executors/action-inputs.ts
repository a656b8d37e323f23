import type { StepContext } from '../executor';
import { StepFailure } from '../run-signals';

/** The action's `inputs`, evaluated, which must be an object (Terminate, variables, data operations …). */
export function objectInputs(step: StepContext): Record<string, unknown> {
  const value = step.evaluate(step.action.inputs ?? {});
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new StepFailure('InvalidInputs', `'${step.name}': expected inputs to be an object; got ${describeType(value)}`);
  }
  return value as Record<string, unknown>;
}

/** A JSON-ish type name for messages: `string`, `integer`, `float`, `array`, `object`, `null` … */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'float';
  return typeof value;
}

/** An array input (`from` of Query, Select, Join, Table); anything else fails the step naming the input. */
export function arrayInput(step: StepContext, value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw new StepFailure('InvalidInputs', `'${step.name}': expected inputs.${field} to be an array; got ${describeType(value)}`);
  return value;
}
