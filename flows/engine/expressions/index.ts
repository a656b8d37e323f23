import type { FunctionContext } from '../contracts';
import type { ExpressionNode, Template } from './ast';
import { evaluateTemplate } from './evaluator';
import { parseTemplate } from './parser';
import { isJsonObject, setOwn, type JsonObject } from './values';

/**
 * The workflow definition language's expressions: parse a JSON string value once, evaluate it
 * against a run (through FunctionContext), walk whole input objects.
 *
 * Decisions worth knowing (see also values.ts and the function files):
 * - property names are matched ignoring case when no exact key exists;
 * - a missing property or index without `?` is an error, with `?` it is null;
 * - an index string with `/` (`?['body/value']`) is a path, read segment by segment, unless the
 *   object has that exact key;
 * - booleans print as `True`/`False` in `@{…}` and `string()`, null as '';
 * - `if`, `and`, `or` and `coalesce` short-circuit.
 */

export { parseExpression, parseTemplate } from './parser';
export { evaluateExpression, evaluateTemplate } from './evaluator';
export { FUNCTION_NAMES, NOT_IMPLEMENTED_FUNCTIONS, REFERENCE_FUNCTIONS, lookupFunction } from './functions/registry';
export { MAX_EXPRESSION_LENGTH } from './scanner';
export { stringifyValue } from './values';
export type { AccessNode, CallNode, ExpressionNode, InterpolationPart, LiteralNode, Template } from './ast';

/**
 * True when the string is evaluated rather than taken as text: it starts with `@` (but not
 * `@@`, and is not just "@"), or contains an `@{` interpolation that is not escaped as `@@{`.
 */
export function isTemplateString(text: string): boolean {
  if (!text.includes('@') || text.startsWith('@@')) return false;
  if (text.startsWith('@')) return text.length > 1;
  let index = 0;
  for (;;) {
    const at = text.indexOf('@', index);
    if (at < 0) return false;
    if (text.startsWith('@@{', at)) index = at + 3;
    else if (text[at + 1] === '{') return true;
    else index = at + 1;
  }
}

/** Parsed templates by text; the oldest entry goes first when full. Parsing is pure, so sharing is safe. */
const TEMPLATE_CACHE_SIZE = 5000;
const templateCache = new Map<string, Template>();

function cachedTemplate(text: string): Template {
  const cached = templateCache.get(text);
  if (cached !== undefined) {
    // Refresh its place so templates in use stay while one-off strings age out.
    templateCache.delete(text);
    templateCache.set(text, cached);
    return cached;
  }
  const template = parseTemplate(text);
  templateCache.set(text, template);
  if (templateCache.size > TEMPLATE_CACHE_SIZE) {
    const oldest = templateCache.keys().next();
    if (oldest.done !== true) templateCache.delete(oldest.value);
  }
  return template;
}

/** How many parsed templates are held (for tests of the cache bound). */
export function cachedTemplateCount(): number {
  return templateCache.size;
}

/**
 * Evaluates every template string inside `value` (arrays and objects are walked, object keys are
 * not evaluated); other values are returned as they are. The input is never modified: arrays and
 * objects come back as new ones. A leading `@@` in a plain string is reduced to `@`, as WDL does.
 */
export function evaluateValue(value: unknown, ctx: FunctionContext): unknown {
  if (typeof value === 'string') return value.includes('@') ? evaluateTemplate(cachedTemplate(value), ctx) : value;
  if (Array.isArray(value)) return value.map((item) => evaluateValue(item, ctx));
  if (isJsonObject(value)) {
    const out: JsonObject = {};
    for (const [key, inner] of Object.entries(value)) setOwn(out, key, evaluateValue(inner, ctx));
    return out;
  }
  return value;
}

/**
 * Every function the template calls, as written (`utcnow` stays `utcnow`), once each in order of
 * first appearance — what the linter checks against `lookupFunction`.
 */
export function templateFunctionNames(template: Template): string[] {
  const names: string[] = [];
  const visit = (node: ExpressionNode): void => {
    if (node.kind === 'call') {
      if (!names.includes(node.name)) names.push(node.name);
      node.args.forEach(visit);
    } else if (node.kind === 'access') {
      visit(node.target);
      visit(node.key);
    }
  };
  if (template.kind === 'expression') visit(template.expression);
  if (template.kind === 'interpolation') for (const part of template.parts) if (part.kind === 'expression') visit(part.expression);
  return names;
}
