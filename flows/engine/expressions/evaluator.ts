import { FlowExpressionError, type FunctionContext } from '../contracts';
import type { AccessNode, CallNode, ExpressionNode, Template } from './ast';
import { withFloatFlags } from './functions/args';
import { lookupBuiltin } from './functions/registry';
import { describeValue, findKey, isJsonObject, stringifyValue } from './values';

/** At most this many property names are listed when a property is missing. */
const LISTED_PROPERTIES = 10;

/** The value of a parsed template: literal text, the expression's JSON value, or the interpolated string. */
export function evaluateTemplate(template: Template, ctx: FunctionContext): unknown {
  switch (template.kind) {
    case 'literal':
      return template.value;
    case 'expression':
      return new Evaluation(ctx).value(template.expression);
    case 'interpolation': {
      const evaluation = new Evaluation(ctx);
      return template.parts.map((part) => (part.kind === 'text' ? part.text : stringifyValue(evaluation.value(part.expression)))).join('');
    }
  }
}

/** The JSON value of one expression node (`undefined` from a reference comes back as null). */
export function evaluateExpression(node: ExpressionNode, ctx: FunctionContext): unknown {
  return new Evaluation(ctx).value(node);
}

interface Typed {
  readonly value: unknown;
  /** Known to be a float even if integral (see FLOAT_ARGUMENTS). */
  readonly float: boolean;
}

class Evaluation {
  constructor(private readonly ctx: FunctionContext) {}

  value(node: ExpressionNode): unknown {
    return this.typed(node).value;
  }

  private typed(node: ExpressionNode): Typed {
    switch (node.kind) {
      case 'literal':
        return { value: node.value, float: node.float };
      case 'access':
        return { value: this.access(node), float: false };
      case 'call':
        return this.call(node);
    }
  }

  private call(node: CallNode): Typed {
    const spec = lookupBuiltin(node.name);
    if (spec === undefined) {
      throw new FlowExpressionError(`The function '${node.name}' at position ${node.start} is not defined or not supported`, node.start);
    }
    const count = node.args.length;
    if (count < spec.minArgs || count > spec.maxArgs) {
      throw new FlowExpressionError(`${spec.name} ${arityText(spec.minArgs, spec.maxArgs)}; got ${count} (at position ${node.start})`, node.start);
    }
    try {
      if (spec.lazy !== undefined) {
        const value = spec.lazy(
          node.args.map((arg) => () => this.value(arg)),
          this.ctx,
        );
        return { value: value ?? null, float: false };
      }
      const values: unknown[] = [];
      const flags: boolean[] = [];
      for (const arg of node.args) {
        const typed = this.typed(arg);
        values.push(typed.value);
        flags.push(typed.float);
      }
      const value = spec.fn(withFloatFlags(values, flags), this.ctx);
      const float = spec.floatResult === 'always' || (spec.floatResult === 'propagate' && flags.some(Boolean));
      return { value: value ?? null, float };
    } catch (error) {
      // Point at the call that failed unless a deeper part already said where.
      if (error instanceof FlowExpressionError && error.position === undefined) {
        throw new FlowExpressionError(`${error.message} (at position ${node.start})`, node.start);
      }
      throw error;
    }
  }

  private access(node: AccessNode): unknown {
    const target = this.value(node.target);
    const key = this.value(node.key);
    const at = node.key.start;
    if (!node.member && typeof key === 'string' && key.includes('/') && !(isJsonObject(target) && findKey(target, key) !== undefined)) {
      // Power Automate's alias paths: ?['body/value'] reads body, then value.
      let current = target;
      for (const segment of key.split('/')) {
        if (segment !== '') current = step(current, segment, node.safe, at);
      }
      return current;
    }
    return step(target, key, node.safe, at);
  }
}

function arityText(min: number, max: number): string {
  const plural = (n: number): string => `${n} argument${n === 1 ? '' : 's'}`;
  if (min === max) return `expects ${plural(min)}`;
  if (max === Number.POSITIVE_INFINITY) return `expects at least ${plural(min)}`;
  return `expects ${min} to ${plural(max)}`;
}

/** One dereference: array by integer index, object by (case-insensitive) property name. */
function step(target: unknown, key: unknown, safe: boolean, at: number): unknown {
  const shownKey = typeof key === 'string' ? `'${key}'` : describeValue(key);
  if (target === null || target === undefined) {
    if (safe) return null;
    throw new FlowExpressionError(`Cannot read ${shownKey} of null at position ${at}; use '?[' or '?.' to read from a value that may be null`, at);
  }
  if (Array.isArray(target)) {
    const index = typeof key === 'number' ? key : typeof key === 'string' && /^[0-9]+$/.test(key) ? Number(key) : Number.NaN;
    if (!Number.isInteger(index)) {
      throw new FlowExpressionError(`An array can only be indexed by an integer; the index at position ${at} is ${describeValue(key)}`, at);
    }
    if (index < 0 || index >= target.length) {
      if (safe) return null;
      throw new FlowExpressionError(`The index ${index} at position ${at} is out of range for an array of ${target.length} items`, at);
    }
    return target[index] ?? null;
  }
  if (isJsonObject(target)) {
    if (typeof key !== 'string' && typeof key !== 'number') {
      throw new FlowExpressionError(`A property name must be a string; the index at position ${at} is ${describeValue(key)}`, at);
    }
    const name = String(key);
    const found = findKey(target, name);
    if (found === undefined) {
      if (safe) return null;
      const keys = Object.keys(target);
      const listed = keys.slice(0, LISTED_PROPERTIES).map((k) => `'${k}'`).join(', ');
      const available = keys.length === 0 ? 'the object has no properties' : `available properties are ${listed}${keys.length > LISTED_PROPERTIES ? ', …' : ''}`;
      throw new FlowExpressionError(`The property '${name}' at position ${at} doesn't exist; ${available}. Use '?[' to read a property that may be missing`, at);
    }
    return target[found] ?? null;
  }
  throw new FlowExpressionError(`Cannot read ${shownKey} of ${describeValue(target)} at position ${at}; only objects and arrays have properties`, at);
}
