import type { FunctionContext, FunctionSpec } from '../../../../../flows/engine/contracts';
import { dateTimeFunctions } from '../../../../../flows/engine/expressions/functions/date-time.functions';

/** A FunctionContext whose clock is fixed; reference lookups are not expected from date functions. */
export function fixedContext(nowIso: string): FunctionContext {
  const now = new Date(nowIso);
  return {
    references: {
      resolve: (name: string) => {
        throw new Error(`date functions must not resolve references (asked for ${name})`);
      },
    },
    now: () => now,
    random: () => 0.5,
    newGuid: () => '00000000-0000-4000-8000-000000000000',
  };
}

export function spec(name: string): FunctionSpec {
  const found = dateTimeFunctions.find((f) => f.name === name);
  if (!found) throw new Error(`no date function named ${name}`);
  return found;
}

/** Call a date function the way the evaluator does: arguments already evaluated, arity checked. */
export function call(name: string, args: readonly unknown[], ctx: FunctionContext = fixedContext('2018-04-15T13:00:00Z')): unknown {
  const fn = spec(name);
  if (args.length < fn.minArgs || args.length > fn.maxArgs) {
    throw new Error(`${name} takes ${fn.minArgs}-${fn.maxArgs} arguments; the test passed ${args.length}`);
  }
  return fn.fn(args, ctx);
}
