import { FlowExpressionError, type FunctionContext } from '../../../../flows/engine/contracts';
import { evaluateTemplate, parseTemplate } from '../../../../flows/engine/expressions';

/**
 * A FunctionContext for expression tests: a fixed clock, a scripted random source and GUID, and
 * reference functions answered from a table (name → value or function of the arguments). Every
 * resolve call is recorded so tests can assert what the runner would have been asked.
 */
export interface TestContext extends FunctionContext {
  readonly calls: { name: string; args: readonly unknown[] }[];
}

export type References = Record<string, unknown>;

export function createTestContext(
  references: References = {},
  options: { random?: () => number; guid?: string; now?: string } = {},
): TestContext {
  const calls: { name: string; args: readonly unknown[] }[] = [];
  return {
    calls,
    references: {
      resolve(name, args) {
        calls.push({ name, args });
        if (!Object.hasOwn(references, name)) throw new FlowExpressionError(`no reference '${name}' in this test`);
        const entry = references[name];
        return typeof entry === 'function' ? (entry as (args: readonly unknown[]) => unknown)(args) : entry;
      },
    },
    now: () => new Date(options.now ?? '2024-05-01T08:30:00.000Z'),
    random: options.random ?? (() => 0.5),
    newGuid: () => options.guid ?? 'c2ecc88d-88c8-4096-912c-d6f2e2b138ce',
  };
}

/** Parses and evaluates a JSON string value (`@expr`, `…@{expr}…` or text). */
export function evaluate(text: string, ctx: FunctionContext = createTestContext()): unknown {
  return evaluateTemplate(parseTemplate(text), ctx);
}

/** Evaluates a bare expression: `run("add(1, 2)")` is `evaluate("@add(1, 2)")`. */
export function run(expression: string, ctx?: FunctionContext): unknown {
  return evaluate(`@${expression}`, ctx);
}

/** The FlowExpressionError a bare expression throws (fails the test when it does not throw one). */
export function failure(expression: string, ctx?: FunctionContext): FlowExpressionError {
  try {
    run(expression, ctx);
  } catch (error) {
    if (error instanceof FlowExpressionError) return error;
    throw error;
  }
  throw new Error(`expected '${expression}' to fail`);
}
