import { describeValue } from '../values';
import { argumentError, expressionError, integerArg, isFloatArgument, numberArg } from './args';
import { defineFunction, type BuiltinFunctionSpec } from './define';
import { fitsInt64 } from './number-parse';

/**
 * Math functions. Integers stay integers (`div(11, 5)` is 2, truncated like C#), a float on
 * either side makes the result a float (`div(11, 5.0)` is 2.2).
 */

/** The documented limits of range(). */
export const MAX_RANGE_COUNT = 100_000;
const MAX_INT32 = 2_147_483_647;

type Operation = (a: number, b: number) => number;

function arithmetic(name: string, operation: Operation): BuiltinFunctionSpec {
  return defineFunction(
    name,
    2,
    2,
    (args) => {
      const a = numberArg(name, args, 0, 'numbers');
      const b = numberArg(name, args, 1, 'numbers');
      const integers = !isFloatArgument(args, 0) && !isFloatArgument(args, 1);
      const result = operation(a, b);
      if (integers && Number.isInteger(result) && !fitsInt64(result)) throw expressionError(`${name} overflowed the 64-bit integer range`);
      if (!Number.isFinite(result)) throw expressionError(`${name} produced a number too large to represent`);
      return result;
    },
    'propagate',
  );
}

function division(name: 'div' | 'mod'): BuiltinFunctionSpec {
  return defineFunction(
    name,
    2,
    2,
    (args) => {
      const dividend = numberArg(name, args, 0, 'numbers');
      const divisor = numberArg(name, args, 1, 'numbers');
      if (divisor === 0) throw expressionError(`${name} cannot divide by zero; argument 2 is 0`);
      if (name === 'mod') return dividend % divisor;
      const integers = !isFloatArgument(args, 0) && !isFloatArgument(args, 1);
      return integers ? Math.trunc(dividend / divisor) : dividend / divisor;
    },
    'propagate',
  );
}

/** min/max take numbers, or one array of numbers. */
function extreme(name: 'min' | 'max', pick: (values: number[]) => number): BuiltinFunctionSpec {
  return defineFunction(
    name,
    1,
    Number.POSITIVE_INFINITY,
    (args) => {
      const values = args.length === 1 && Array.isArray(args[0]) ? (args[0] as readonly unknown[]) : args;
      if (values.length === 0) throw expressionError(`${name} expects at least one number; the array is empty`);
      const numbers = values.map((value, index) => {
        if (typeof value !== 'number') {
          throw values === args ? argumentError(name, args, index, 'numbers or one array of numbers') : expressionError(`${name} expects an array of numbers; item ${index + 1} is ${describeValue(value)}`);
        }
        return value;
      });
      return pick(numbers);
    },
    'propagate',
  );
}

export const mathFunctions: readonly BuiltinFunctionSpec[] = [
  arithmetic('add', (a, b) => a + b),
  arithmetic('sub', (a, b) => a - b),
  arithmetic('mul', (a, b) => a * b),
  division('div'),
  division('mod'),
  // reduce, not Math.min(...values): a spread of a 100,000-item array would overflow the stack.
  extreme('min', (values) => values.reduce((a, b) => (b < a ? b : a))),
  extreme('max', (values) => values.reduce((a, b) => (b > a ? b : a))),

  /** A random integer from minValue (inclusive) to maxValue (exclusive), from the run's random source. */
  defineFunction('rand', 2, 2, (args, ctx) => {
    const min = integerArg('rand', args, 0, 'integers');
    const max = integerArg('rand', args, 1, 'integers');
    if (max < min) throw expressionError(`rand expects minValue to be at most maxValue; got ${min} and ${max}`);
    return min + Math.floor(ctx.random() * (max - min));
  }),

  /** `count` integers from `startIndex`: range(1, 4) is [1, 2, 3, 4]. */
  defineFunction('range', 2, 2, (args) => {
    const start = integerArg('range', args, 0, 'an integer startIndex');
    const count = integerArg('range', args, 1, 'an integer count');
    if (count < 0 || count > MAX_RANGE_COUNT) throw expressionError(`range expects a count from 0 to ${MAX_RANGE_COUNT}; got ${count}`);
    if (start + count > MAX_INT32) throw expressionError(`range expects startIndex + count to be at most ${MAX_INT32}; got ${start + count}`);
    return Array.from({ length: count }, (_, index) => start + index);
  }),
];
