import { deepEquals, describeValue } from '../values';
import { booleanArg, expressionError, optionalStringArg, stringArg } from './args';
import { defineFunction, defineLazyFunction, type BuiltinFunctionSpec, type LazyArgument } from './define';
import { numberSymbols } from './number-format';
import { FLOAT_STYLE, INTEGER_STYLE, fitsInt64, parseNumberText } from './number-parse';

/**
 * Logical and comparison functions. `if`, `and` and `or` evaluate their arguments left to right
 * and stop as soon as the answer is known (Logic Apps does the same, so `if(empty(x), null,
 * first(x))` is safe).
 */

function lazyBoolean(fn: string, arg: LazyArgument, index: number, expected = 'booleans'): boolean {
  const value = arg();
  if (typeof value !== 'boolean') throw expressionError(`${fn} expects ${expected}; argument ${index + 1} is ${describeValue(value)}`);
  return value;
}

/**
 * Orders two numbers or two strings (ordinal, case-sensitive). Null next to a string or null counts
 * as '' (documented: "null values are converted to empty string values" in comparisons); any other
 * mix is an error rather than a silent false.
 */
function compare(fn: string, args: readonly unknown[]): number {
  let [left, right] = args;
  const isNull = (value: unknown): boolean => value === null || value === undefined;
  if (isNull(left) && (isNull(right) || typeof right === 'string')) left = '';
  if (isNull(right) && typeof left === 'string') right = '';
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  if (typeof left === 'string' && typeof right === 'string') return left < right ? -1 : left > right ? 1 : 0;
  throw expressionError(`${fn} expects two numbers or two strings; got ${describeValue(left)} and ${describeValue(right)}`);
}

export const logicalFunctions: readonly BuiltinFunctionSpec[] = [
  defineLazyFunction('if', 3, 3, ([condition, whenTrue, whenFalse]) =>
    lazyBoolean('if', condition, 0, 'a boolean as its condition') ? whenTrue() : whenFalse(),
  ),

  defineFunction('equals', 2, 2, ([left, right]) => deepEquals(left, right)),

  defineLazyFunction('and', 1, Number.POSITIVE_INFINITY, (args) => {
    for (const [index, arg] of args.entries()) if (!lazyBoolean('and', arg, index)) return false;
    return true;
  }),

  defineLazyFunction('or', 1, Number.POSITIVE_INFINITY, (args) => {
    for (const [index, arg] of args.entries()) if (lazyBoolean('or', arg, index)) return true;
    return false;
  }),

  defineFunction('not', 1, 1, (args) => !booleanArg('not', args, 0)),

  defineFunction('less', 2, 2, (args) => compare('less', args) < 0),
  defineFunction('lessOrEquals', 2, 2, (args) => compare('lessOrEquals', args) <= 0),
  defineFunction('greater', 2, 2, (args) => compare('greater', args) > 0),
  defineFunction('greaterOrEquals', 2, 2, (args) => compare('greaterOrEquals', args) >= 0),

  /** Whether the string holds an integer (white space, sign, thousands separators and an exponent allowed: '1,000', '1e3'). */
  defineFunction('isInt', 1, 1, (args) => {
    const value = parseNumberText(stringArg('isInt', args, 0), INTEGER_STYLE);
    return value !== undefined && Number.isInteger(value) && fitsInt64(value);
  }),

  /**
   * Whether the string holds a number float() accepts, in the locale's notation when one is given
   * ('400,5' in 'de-DE'). 'NaN' and 'Infinity' count as not floats here, since float() refuses them.
   */
  defineFunction('isFloat', 1, 2, (args) => {
    const text = stringArg('isFloat', args, 0);
    const locale = optionalStringArg('isFloat', args, 1, "a locale such as 'en-US'");
    const separators = locale === undefined ? undefined : numberSymbols('isFloat', locale);
    return parseNumberText(text, FLOAT_STYLE, separators) !== undefined;
  }),
];

