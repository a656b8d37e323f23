import { lookupFunction } from '../expressions';
import type { StepContext } from './executor';
import { StepFailure } from './run-signals';

/**
 * A condition as If, Until and Query hold it. Two forms:
 * - a string expression, `"@equals(triggerBody()?['severity'], 'High')"`;
 * - the designer's object form: `{"and": [...]}`, `{"or": [...]}`, `{"not": {...}}`, or one
 *   comparison `{"<function>": [a, b]}` (equals, greater, greaterOrEquals, less, lessOrEquals,
 *   contains, startsWith, endsWith …) whose operands are templates.
 * Comparisons call the expression language's own functions, so `{"equals": [a, b]}` and
 * `@equals(a, b)` can never disagree. The result must be a boolean; anything else fails the step
 * (code InvalidTemplate), as in Logic Apps.
 */
export function evaluateCondition(condition: unknown, step: StepContext, item?: { readonly value: unknown }): boolean {
  if (typeof condition === 'boolean') return condition;
  if (typeof condition === 'string') return asBoolean(step.evaluate(condition, item), step, condition);
  if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) {
    throw new StepFailure('InvalidTemplate', `'${step.name}': expected a condition (an "@…" expression or an object such as {"equals": [a, b]}); got ${JSON.stringify(condition)}`);
  }
  const entries: [string, unknown][] = Object.entries(condition as Record<string, unknown>);
  if (entries.length !== 1) {
    throw new StepFailure('InvalidTemplate', `'${step.name}': expected a condition object with exactly one operator; got ${entries.map(([k]) => k).join(', ') || 'none'}`);
  }
  const [operator, operand] = entries[0];
  switch (operator.toLowerCase()) {
    case 'and':
      return list(operand, operator, step).every((c) => evaluateCondition(c, step, item));
    case 'or':
      return list(operand, operator, step).some((c) => evaluateCondition(c, step, item));
    case 'not':
      return !evaluateCondition(operand, step, item);
    default: {
      const fn = lookupFunction(operator);
      if (fn === undefined) throw new StepFailure('InvalidTemplate', `'${step.name}': '${operator}' is not a condition operator or expression function`);
      const args = Array.isArray(operand) ? operand.map((a) => step.evaluate(a, item)) : [step.evaluate(operand, item)];
      if (args.length < fn.minArgs || args.length > fn.maxArgs) {
        throw new StepFailure('InvalidTemplate', `'${step.name}': '${operator}' takes ${fn.minArgs === fn.maxArgs ? fn.minArgs : `${fn.minArgs} to ${fn.maxArgs}`} operands; got ${args.length}`);
      }
      return asBoolean(fn.fn(args, step.functionContext(item)), step, operator);
    }
  }
}

function list(value: unknown, operator: string, step: StepContext): unknown[] {
  if (!Array.isArray(value)) throw new StepFailure('InvalidTemplate', `'${step.name}': expected '${operator}' to hold a list of conditions`);
  return value;
}

function asBoolean(value: unknown, step: StepContext, what: string): boolean {
  if (typeof value !== 'boolean') throw new StepFailure('InvalidTemplate', `'${step.name}': the condition ${what} must be a boolean; it is ${JSON.stringify(value)}`);
  return value;
}
