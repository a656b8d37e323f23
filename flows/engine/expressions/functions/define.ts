import type { ExpressionFunction, FunctionContext, FunctionSpec } from '../../contracts';

/** An argument the function evaluates only if it needs it (`if`, `and`, `or`, `coalesce` short-circuit). */
export type LazyArgument = () => unknown;
export type LazyFunction = (args: readonly LazyArgument[], ctx: FunctionContext) => unknown;

/**
 * A built-in function: the public FunctionSpec plus what the evaluator needs to run it like the
 * Logic Apps runtime does.
 */
export interface BuiltinFunctionSpec extends FunctionSpec {
  /** Present for short-circuiting functions; the evaluator calls it instead of `fn`. */
  readonly lazy?: LazyFunction;
  /**
   * Whether the result counts as a float even when integral: always (`float`, `decimal`), or
   * when any argument was one (`add`, `mul` …), so `div(add(2.5, 2.5), 2)` divides as floats.
   */
  readonly floatResult?: 'always' | 'propagate';
}

export function defineFunction(
  name: string,
  minArgs: number,
  maxArgs: number,
  fn: ExpressionFunction,
  floatResult?: 'always' | 'propagate',
): BuiltinFunctionSpec {
  return floatResult === undefined ? { name, minArgs, maxArgs, fn } : { name, minArgs, maxArgs, fn, floatResult };
}

/** A short-circuiting function; called directly (`fn`) it behaves the same on already evaluated arguments. */
export function defineLazyFunction(name: string, minArgs: number, maxArgs: number, lazy: LazyFunction): BuiltinFunctionSpec {
  return {
    name,
    minArgs,
    maxArgs,
    lazy,
    fn: (args, ctx) => lazy(args.map((value) => () => value), ctx),
  };
}
