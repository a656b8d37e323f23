import { defineFunction, type BuiltinFunctionSpec } from './define';

/**
 * Workflow reference functions. They read the run, not their arguments, so the expression
 * language does not compute them: each call goes to `ctx.references.resolve(<lower-case name>,
 * args)`, which the runner implements. They are registered with their documented arities so the
 * linter knows them and a wrong argument count fails before the runner is asked.
 */

const REFERENCE_ARITIES: readonly (readonly [name: string, minArgs: number, maxArgs: number])[] = [
  ['outputs', 1, 1],
  ['body', 1, 1],
  ['triggerBody', 0, 0],
  ['triggerOutputs', 0, 0],
  ['trigger', 0, 0],
  ['actions', 1, 1],
  ['action', 0, 0],
  // Legacy aliases still found in exports.
  ['actionOutputs', 1, 1],
  ['actionBody', 1, 1],
  ['item', 0, 0],
  ['items', 1, 1],
  ['iterationIndexes', 1, 1],
  ['variables', 1, 1],
  ['parameters', 1, 1],
  ['result', 1, 1],
  ['workflow', 0, 0],
  ['listCallbackUrl', 0, 0],
  ['triggerFormDataValue', 1, 1],
  ['triggerFormDataMultiValues', 1, 1],
  ['triggerMultipartBody', 1, 1],
  ['formDataValue', 2, 2],
  ['formDataMultiValues', 2, 2],
  ['multipartBody', 2, 2],
];

/** Canonical names of the reference functions (resolved through `ctx.references`). */
export const REFERENCE_FUNCTIONS: readonly string[] = REFERENCE_ARITIES.map(([name]) => name);

export const referenceFunctions: readonly BuiltinFunctionSpec[] = REFERENCE_ARITIES.map(([name, minArgs, maxArgs]) => {
  const lowerCase = name.toLowerCase();
  return defineFunction(name, minArgs, maxArgs, (args, ctx) => ctx.references.resolve(lowerCase, args));
});
