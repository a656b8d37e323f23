import type { ActionExecutor, StepContext, StepOutcome } from '../executor';
import type { VariableValue } from '../run-records';
import { StepFailure } from '../run-signals';
import { describeType, objectInputs } from './action-inputs';
import { asText } from './join.executor';

/**
 * The variable actions. A variable has a declared type (Boolean, Integer, Float, String, Object,
 * Array; any casing, `int`/`bool` too) and every change is checked against it, as Logic Apps does:
 * a value of another type fails the action (code InvalidVariableValue) and leaves the variable as
 * it was. The variables an action leaves behind are part of its outcome, so a resumed run gets
 * them back from the stored step instead of recomputing them.
 *
 * InitializeVariable without `value` starts from the type's empty value (`''`, 0, false, [], {}).
 */

type VariableType = 'Boolean' | 'Integer' | 'Float' | 'String' | 'Object' | 'Array';

const TYPES: ReadonlyMap<string, VariableType> = new Map([
  ['boolean', 'Boolean'],
  ['bool', 'Boolean'],
  ['integer', 'Integer'],
  ['int', 'Integer'],
  ['float', 'Float'],
  ['string', 'String'],
  ['object', 'Object'],
  ['array', 'Array'],
]);

const EMPTY: Readonly<Record<VariableType, unknown>> = { Boolean: false, Integer: 0, Float: 0, String: '', Object: {}, Array: [] };

function matches(type: string, value: unknown): boolean {
  switch (type) {
    case 'Boolean':
      return typeof value === 'boolean';
    case 'Integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'Float':
      return typeof value === 'number' && Number.isFinite(value);
    case 'String':
      return typeof value === 'string';
    case 'Array':
      return Array.isArray(value);
    case 'Object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      return false;
  }
}

function wrongValue(step: StepContext, variable: string, type: string, value: unknown): StepFailure {
  return new StepFailure('InvalidVariableValue', `'${step.name}': the variable '${variable}' of type ${type} cannot take a value of type ${describeType(value)}`);
}

function nameOf(step: StepContext, inputs: Readonly<Record<string, unknown>>): string {
  if (typeof inputs.name !== 'string' || inputs.name === '') throw new StepFailure('InvalidInputs', `'${step.name}': expected inputs.name to be the variable's name`);
  return inputs.name;
}

function existing(step: StepContext, name: string): VariableValue {
  const found = step.variable(name);
  if (found === undefined) throw new StepFailure('VariableNotInitialized', `'${step.name}': the variable '${name}' has not been initialized (InitializeVariable must run first)`);
  return found;
}

function changed(inputs: Readonly<Record<string, unknown>>, variable: VariableValue, value: unknown): StepOutcome {
  const next: VariableValue = { ...variable, value };
  return { status: 'Succeeded', code: 'OK', inputs, outputs: { body: { name: variable.name, value } }, variables: { [variable.name]: next } };
}

export const initializeVariableExecutor: ActionExecutor = (step) => {
  const inputs = objectInputs(step);
  if (!Array.isArray(inputs.variables) || inputs.variables.length === 0) {
    throw new StepFailure('InvalidInputs', `'${step.name}': expected inputs.variables to be a list of {name, type, value}`);
  }
  const declared: Record<string, VariableValue> = {};
  for (const [i, raw] of inputs.variables.entries()) {
    const entry = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const name = entry.name;
    if (typeof name !== 'string' || name === '') throw new StepFailure('InvalidInputs', `'${step.name}': expected inputs.variables[${i}].name`);
    const type = typeof entry.type === 'string' ? TYPES.get(entry.type.trim().toLowerCase()) : undefined;
    if (type === undefined) {
      throw new StepFailure('InvalidInputs', `'${step.name}': expected inputs.variables[${i}].type to be Boolean, Integer, Float, String, Object or Array; got ${JSON.stringify(entry.type)}`);
    }
    if (step.variable(name) !== undefined || Object.keys(declared).some((k) => k.toLowerCase() === name.toLowerCase())) {
      throw new StepFailure('VariableAlreadyInitialized', `'${step.name}': the variable '${name}' is already initialized`);
    }
    const value = entry.value === undefined ? structuredClone(EMPTY[type]) : entry.value;
    if (!matches(type, value)) throw wrongValue(step, name, type, value);
    declared[name] = { name, type, value };
  }
  return { status: 'Succeeded', code: 'OK', inputs, variables: declared };
};

export const setVariableExecutor: ActionExecutor = (step) => {
  const inputs = objectInputs(step);
  const variable = existing(step, nameOf(step, inputs));
  const value = inputs.value ?? null;
  if (!matches(variable.type, value)) throw wrongValue(step, variable.name, variable.type, value);
  return changed(inputs, variable, value);
};

export const appendToArrayVariableExecutor: ActionExecutor = (step) => {
  const inputs = objectInputs(step);
  const variable = existing(step, nameOf(step, inputs));
  if (variable.type !== 'Array') {
    throw new StepFailure('InvalidVariableType', `'${step.name}': AppendToArrayVariable needs an Array variable; '${variable.name}' is ${variable.type}`);
  }
  return changed(inputs, variable, [...(variable.value as unknown[]), inputs.value ?? null]);
};

export const appendToStringVariableExecutor: ActionExecutor = (step) => {
  const inputs = objectInputs(step);
  const variable = existing(step, nameOf(step, inputs));
  if (variable.type !== 'String') {
    throw new StepFailure('InvalidVariableType', `'${step.name}': AppendToStringVariable needs a String variable; '${variable.name}' is ${variable.type}`);
  }
  const value = inputs.value;
  const text = asText(value);
  return changed(inputs, variable, `${variable.value as string}${text}`);
};

function stepBy(sign: 1 | -1, action: string): ActionExecutor {
  return (step) => {
    const inputs = objectInputs(step);
    const variable = existing(step, nameOf(step, inputs));
    if (variable.type !== 'Integer' && variable.type !== 'Float') {
      throw new StepFailure('InvalidVariableType', `'${step.name}': ${action} needs an Integer or Float variable; '${variable.name}' is ${variable.type}`);
    }
    const by = inputs.value === undefined || inputs.value === null ? 1 : inputs.value;
    if (typeof by !== 'number' || !Number.isFinite(by)) throw new StepFailure('InvalidVariableValue', `'${step.name}': expected inputs.value to be a number; got ${describeType(by)}`);
    const value = (variable.value as number) + sign * by;
    if (!matches(variable.type, value)) throw wrongValue(step, variable.name, variable.type, by);
    return changed(inputs, variable, value);
  };
}

export const incrementVariableExecutor = stepBy(1, 'IncrementVariable');
export const decrementVariableExecutor = stepBy(-1, 'DecrementVariable');
