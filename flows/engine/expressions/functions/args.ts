import { FlowExpressionError } from '../../contracts';
import { describeValue, isJsonObject, type JsonObject } from '../values';

/**
 * Argument checks shared by every function file, so that all failures read the same way:
 * `add expects numbers; argument 2 is the string 'x'`.
 */

/**
 * Which arguments the evaluator knows to be floats although their value is integral (`5.0`,
 * `float('10')`, `add(2.5, 2.5)`). A JS number cannot say so itself; `div` needs it to divide
 * `div(11, 5.0)` as floats. Attached to the argument array as a hidden property, so a function
 * called directly with a plain array still works (everything integral then counts as an integer).
 */
export const FLOAT_ARGUMENTS: unique symbol = Symbol('flow.floatArguments');

type FlaggedArguments = readonly unknown[] & { readonly [FLOAT_ARGUMENTS]?: readonly boolean[] };

export function withFloatFlags(values: unknown[], flags: readonly boolean[]): readonly unknown[] {
  Object.defineProperty(values, FLOAT_ARGUMENTS, { value: flags, enumerable: false });
  return values;
}

/** True when argument `index` is a number to be treated as a float. */
export function isFloatArgument(args: readonly unknown[], index: number): boolean {
  const value = args[index];
  if (typeof value === 'number' && !Number.isInteger(value)) return true;
  return (args as FlaggedArguments)[FLOAT_ARGUMENTS]?.[index] === true;
}

export function expressionError(message: string): FlowExpressionError {
  return new FlowExpressionError(message);
}

/** `<fn> expects <expected>; argument <n> is <what it got>`. */
export function argumentError(fn: string, args: readonly unknown[], index: number, expected: string): FlowExpressionError {
  return new FlowExpressionError(`${fn} expects ${expected}; argument ${index + 1} is ${describeValue(args[index])}`);
}

export function stringArg(fn: string, args: readonly unknown[], index: number, expected = 'a string'): string {
  const value = args[index];
  if (typeof value !== 'string') throw argumentError(fn, args, index, expected);
  return value;
}

export function numberArg(fn: string, args: readonly unknown[], index: number, expected = 'a number'): number {
  const value = args[index];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw argumentError(fn, args, index, expected);
  return value;
}

export function integerArg(fn: string, args: readonly unknown[], index: number, expected = 'an integer'): number {
  const value = args[index];
  if (typeof value !== 'number' || !Number.isInteger(value)) throw argumentError(fn, args, index, expected);
  return value;
}

export function booleanArg(fn: string, args: readonly unknown[], index: number, expected = 'a boolean'): boolean {
  const value = args[index];
  if (typeof value !== 'boolean') throw argumentError(fn, args, index, expected);
  return value;
}

export function arrayArg(fn: string, args: readonly unknown[], index: number, expected = 'an array'): readonly unknown[] {
  const value = args[index];
  if (!Array.isArray(value)) throw argumentError(fn, args, index, expected);
  return value;
}

export function objectArg(fn: string, args: readonly unknown[], index: number, expected = 'an object'): JsonObject {
  const value = args[index];
  if (!isJsonObject(value)) throw argumentError(fn, args, index, expected);
  return value;
}

/** An optional string argument: `undefined` when not given. */
export function optionalStringArg(fn: string, args: readonly unknown[], index: number, expected = 'a string'): string | undefined {
  return args.length > index ? stringArg(fn, args, index, expected) : undefined;
}
