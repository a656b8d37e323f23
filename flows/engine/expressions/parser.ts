import { FlowExpressionError } from '../contracts';
import type { AccessNode, ExpressionNode, InterpolationPart, LiteralNode, Template } from './ast';
import { MAX_EXPRESSION_LENGTH, Scanner, type Token } from './scanner';

/** Deeper nesting than this is refused before the parser's own stack could overflow. */
const MAX_NESTING = 128;

const KEYWORDS: Readonly<Record<string, boolean | null>> = { true: true, false: false, null: null };

/**
 * Parses a JSON string value the way the WDL runtime reads it:
 * - `@@…` → the literal text without the first `@` (nothing after it is evaluated);
 * - `@expr` → one expression whose result keeps its JSON type (`"@"` alone is literal text);
 * - text with `@{expr}` parts → an interpolation, always a string; inside it `@@{` is the literal `@{`;
 * - anything else → literal text (an `@` not followed by `{` is just a character).
 * Throws FlowExpressionError with the 0-based position of the problem.
 */
export function parseTemplate(text: string): Template {
  if (!text.includes('@')) return { kind: 'literal', text, value: text };
  if (text.startsWith('@@')) return { kind: 'literal', text, value: text.slice(1) };
  if (text.startsWith('@') && !text.startsWith('@{')) {
    if (text.length === 1) return { kind: 'literal', text, value: text };
    checkLength(text.length - 1, 1);
    return { kind: 'expression', text, expression: parseWhole(text, 1) };
  }
  return parseInterpolation(text);
}

/** Parses a bare expression (no leading `@`), e.g. what a test or a tool holds. */
export function parseExpression(source: string): ExpressionNode {
  checkLength(source.length, 0);
  return parseWhole(source, 0);
}

function parseWhole(text: string, start: number): ExpressionNode {
  const scanner = new Scanner(text, start);
  const expression = new Parser(scanner).expression(0);
  const rest = scanner.next();
  if (rest.kind !== 'end') throw unexpected(rest, 'after the end of the expression');
  return expression;
}

function parseInterpolation(text: string): Template {
  const parts: InterpolationPart[] = [];
  let pending = '';
  let index = 0;
  while (index < text.length) {
    const at = text.indexOf('@', index);
    if (at < 0) {
      pending += text.slice(index);
      break;
    }
    if (text.startsWith('@@{', at)) {
      pending += text.slice(index, at) + '@{';
      index = at + 3;
      continue;
    }
    if (text[at + 1] !== '{') {
      pending += text.slice(index, at + 1);
      index = at + 1;
      continue;
    }
    pending += text.slice(index, at);
    if (pending !== '') parts.push({ kind: 'text', text: pending });
    pending = '';
    const scanner = new Scanner(text, at + 2);
    if (scanner.peek().kind === '}') throw new FlowExpressionError(`Empty interpolation '@{}' at position ${at}`, at);
    const expression = new Parser(scanner).expression(0);
    const close = scanner.next();
    if (close.kind !== '}') {
      if (close.kind === 'end') throw new FlowExpressionError(`The interpolation starting at position ${at} has no closing '}'`, at);
      throw unexpected(close, "where the interpolation's closing '}' was expected");
    }
    checkLength(close.start - (at + 2), at);
    parts.push({ kind: 'expression', expression, start: at, end: close.end });
    index = close.end;
  }
  if (pending !== '') parts.push({ kind: 'text', text: pending });
  if (!parts.some((part) => part.kind === 'expression')) {
    return { kind: 'literal', text, value: parts.map((part) => (part.kind === 'text' ? part.text : '')).join('') };
  }
  return { kind: 'interpolation', text, parts };
}

function checkLength(length: number, position: number): void {
  if (length > MAX_EXPRESSION_LENGTH) {
    throw new FlowExpressionError(
      `The expression at position ${position} is ${length} characters long; expressions may have at most ${MAX_EXPRESSION_LENGTH}`,
      position,
    );
  }
}

function describeToken(token: Token): string {
  return token.kind === 'end' ? 'the end of the text' : `'${token.text}'`;
}

function unexpected(token: Token, where: string): FlowExpressionError {
  return new FlowExpressionError(`Unexpected ${describeToken(token)} at position ${token.start} ${where}`, token.start);
}

/** Recursive descent over: expression := primary ( '.' name | '[' expression ']' | '?' ('.' name | '[' expression ']') )* */
class Parser {
  constructor(private readonly scanner: Scanner) {}

  expression(depth: number): ExpressionNode {
    if (depth > MAX_NESTING) {
      const at = this.scanner.peek().start;
      throw new FlowExpressionError(`The expression is nested more than ${MAX_NESTING} levels deep at position ${at}`, at);
    }
    let node = this.primary(depth);
    for (;;) {
      const token = this.scanner.peek();
      if (token.kind === '?') {
        this.scanner.next();
        const after = this.scanner.peek();
        if (after.kind !== '.' && after.kind !== '[') throw unexpected(after, "after '?' (expected '?.name' or '?[index]')");
        node = this.dereference(node, true, depth);
      } else if (token.kind === '.' || token.kind === '[') {
        node = this.dereference(node, false, depth);
      } else {
        return node;
      }
    }
  }

  private dereference(target: ExpressionNode, safe: boolean, depth: number): AccessNode {
    const opener = this.scanner.next();
    if (opener.kind === '.') {
      const name = this.scanner.next();
      if (name.kind !== 'identifier') throw unexpected(name, "after '.' (expected a property name)");
      const key: LiteralNode = { kind: 'literal', value: name.text, float: false, start: name.start, end: name.end };
      return { kind: 'access', target, key, member: true, safe, start: target.start, end: name.end };
    }
    if (this.scanner.peek().kind === ']') throw unexpected(this.scanner.peek(), "inside '[ ]' (expected an index)");
    const key = this.expression(depth + 1);
    const close = this.scanner.next();
    if (close.kind !== ']') throw unexpected(close, "where ']' was expected");
    return { kind: 'access', target, key, member: false, safe, start: target.start, end: close.end };
  }

  private primary(depth: number): ExpressionNode {
    const token = this.scanner.next();
    switch (token.kind) {
      case 'string':
        return { kind: 'literal', value: token.value as string, float: false, start: token.start, end: token.end };
      case 'number':
        return { kind: 'literal', value: token.value as number, float: token.float === true, start: token.start, end: token.end };
      case 'identifier':
        return this.callOrKeyword(token, depth);
      default:
        throw unexpected(token, 'where an expression was expected');
    }
  }

  private callOrKeyword(name: Token, depth: number): ExpressionNode {
    if (Object.hasOwn(KEYWORDS, name.text)) {
      return { kind: 'literal', value: KEYWORDS[name.text], float: false, start: name.start, end: name.end };
    }
    const open = this.scanner.next();
    if (open.kind !== '(') {
      throw new FlowExpressionError(
        `'${name.text}' at position ${name.start} must be followed by '(': a name in an expression is a function call (or true, false, null)`,
        name.start,
      );
    }
    const args: ExpressionNode[] = [];
    if (this.scanner.peek().kind === ')') {
      const close = this.scanner.next();
      return { kind: 'call', name: name.text, args, start: name.start, end: close.end };
    }
    for (;;) {
      args.push(this.expression(depth + 1));
      const separator = this.scanner.next();
      if (separator.kind === ')') return { kind: 'call', name: name.text, args, start: name.start, end: separator.end };
      if (separator.kind !== ',') {
        throw unexpected(separator, `in the arguments of ${name.text}() (expected ',' or ')')`);
      }
    }
  }
}
