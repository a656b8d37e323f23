import { FlowExpressionError, type FunctionContext } from '../engine/contracts';
import { evaluateValue } from '../engine/expressions';
import type { StoredFlow } from './flow';
import { declaredParameters } from './flow-service';

/**
 * Evaluates a trigger's `conditions` (all must be true, as in Logic Apps) against the trigger
 * outputs before any run exists. Only what a trigger condition can see is resolvable here: the
 * trigger, the flow's parameters and `workflow()`; anything else is an error that names it.
 */
export function triggerConditionsHold(
  flow: StoredFlow,
  triggerName: string,
  conditions: readonly string[],
  outputs: { readonly headers?: Record<string, string>; readonly body: unknown },
  now: () => Date,
): boolean {
  if (conditions.length === 0) return true;
  const declared = declaredParameters(flow.definition);
  const ctx: FunctionContext = {
    now,
    random: Math.random,
    newGuid: () => '00000000-0000-4000-8000-000000000000',
    references: {
      resolve(name, args) {
        switch (name) {
          case 'triggerbody':
            return outputs.body ?? null;
          case 'triggeroutputs':
            return { headers: outputs.headers ?? {}, body: outputs.body ?? null };
          case 'trigger':
            return { name: triggerName, outputs: { headers: outputs.headers ?? {}, body: outputs.body ?? null } };
          case 'parameters': {
            const key = String(args[0]);
            if (key.startsWith('$')) return {};
            if (key in flow.parameters) return flow.parameters[key];
            const p = declared.get(key);
            if (p === undefined) throw new FlowExpressionError(`parameters('${key}'): the flow declares no such parameter`);
            return p.defaultValue ?? null;
          }
          case 'workflow':
            return { name: flow.id, tags: { flowDisplayName: flow.name } };
          default:
            throw new FlowExpressionError(`${name}() cannot be used in a trigger condition: only triggerBody(), triggerOutputs(), trigger(), parameters() and workflow() are known before the run starts`);
        }
      },
    },
  };
  return conditions.every((expression) => evaluateValue(expression, ctx) === true);
}
