import { FlowExpressionError } from '../contracts';

/**
 * Tokens of a WDL expression. There are no operators: everything is a literal, a function call
 * or a dereference, so the token set is small.
 */
export type TokenKind = 'identifier' | 'string' | 'number' | '(' | ')' | '[' | ']' | ',' | '.' | '?' | '}' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** The source text of the token (for a string: with its quotes). */
  readonly text: string;
  /** Unescaped string content, or the numeric value. */
  readonly value?: string | number;
  /** For numbers: written with a decimal point or an exponent. */
  readonly float?: boolean;
  readonly start: number;
  readonly end: number;
}

/** Expressions longer than this are refused, as Logic Apps does. */
export const MAX_EXPRESSION_LENGTH = 8192;

const IDENTIFIER_START = /[\p{L}_$]/u;
const IDENTIFIER_PART = /[\p{L}\p{N}_$]/u;
const DIGIT = /[0-9]/;
const WHITESPACE = new Set([' ', '\t', '\r', '\n']);
/** After one of these a `.` is a dereference, elsewhere `.5` is a number. */
const VALUE_END: ReadonlySet<TokenKind> = new Set(['identifier', 'string', 'number', ')', ']']);

/**
 * Reads tokens on demand, starting at `start` in `text`. On demand because an interpolation
 * (`… @{expr} …`) ends at its `}` and what follows is plain text the scanner must never read.
 */
export class Scanner {
  private position: number;
  private lookahead: Token | undefined;
  private previous: TokenKind | undefined;

  constructor(
    private readonly text: string,
    start: number,
  ) {
    this.position = start;
  }

  peek(): Token {
    this.lookahead ??= this.scan();
    return this.lookahead;
  }

  next(): Token {
    const token = this.peek();
    this.lookahead = undefined;
    this.previous = token.kind;
    return token;
  }

  private scan(): Token {
    const text = this.text;
    while (this.position < text.length && WHITESPACE.has(text[this.position])) this.position++;
    const start = this.position;
    if (start >= text.length) return { kind: 'end', text: '', start, end: start };
    const ch = text[start];
    switch (ch) {
      case '(':
      case ')':
      case '[':
      case ']':
      case ',':
      case '?':
      case '}':
        this.position++;
        return { kind: ch, text: ch, start, end: start + 1 };
      case "'":
        return this.scanString(start);
      case '"':
        throw new FlowExpressionError(`Double quotes are not allowed in an expression at position ${start}; write string literals in single quotes ('text', with '' for a quote)`, start);
      case '.':
        if (!VALUE_END.has(this.previous ?? 'end') && DIGIT.test(text[start + 1] ?? '')) return this.scanNumber(start);
        this.position++;
        return { kind: '.', text: '.', start, end: start + 1 };
      default:
        break;
    }
    if (DIGIT.test(ch) || ch === '+' || ch === '-') return this.scanNumber(start);
    if (IDENTIFIER_START.test(ch)) {
      let end = start + 1;
      while (end < text.length && IDENTIFIER_PART.test(text[end])) end++;
      this.position = end;
      const word = text.slice(start, end);
      return { kind: 'identifier', text: word, value: word, start, end };
    }
    throw new FlowExpressionError(`Unexpected character '${ch}' at position ${start}`, start);
  }

  /** `'…'` with `''` standing for one quote. */
  private scanString(start: number): Token {
    const text = this.text;
    let value = '';
    let index = start + 1;
    for (;;) {
      const quote = text.indexOf("'", index);
      if (quote < 0) throw new FlowExpressionError(`Unterminated string literal starting at position ${start}`, start);
      value += text.slice(index, quote);
      if (text[quote + 1] === "'") {
        value += "'";
        index = quote + 2;
        continue;
      }
      this.position = quote + 1;
      return { kind: 'string', text: text.slice(start, quote + 1), value, start, end: quote + 1 };
    }
  }

  /** `[+-]? (digits ('.' digits?)? | '.' digits) ([eE] [+-]? digits)?` */
  private scanNumber(start: number): Token {
    const text = this.text;
    let index = start;
    if (text[index] === '+' || text[index] === '-') index++;
    const digitsFrom = index;
    while (DIGIT.test(text[index] ?? '')) index++;
    let integerDigits = index - digitsFrom;
    let float = false;
    if (text[index] === '.') {
      float = true;
      index++;
      const fractionFrom = index;
      while (DIGIT.test(text[index] ?? '')) index++;
      integerDigits += index - fractionFrom;
    }
    if (integerDigits === 0) {
      throw new FlowExpressionError(`Expected a number at position ${start}, found '${text.slice(start, index + 1)}'`, start);
    }
    if (text[index] === 'e' || text[index] === 'E') {
      float = true;
      index++;
      if (text[index] === '+' || text[index] === '-') index++;
      const exponentFrom = index;
      while (DIGIT.test(text[index] ?? '')) index++;
      if (index === exponentFrom) {
        throw new FlowExpressionError(`The number starting at position ${start} has an exponent without digits`, start);
      }
    }
    if (IDENTIFIER_PART.test(text[index] ?? '')) {
      throw new FlowExpressionError(`Unexpected character '${text[index]}' after the number at position ${start}`, index);
    }
    this.position = index;
    const source = text.slice(start, index);
    return { kind: 'number', text: source, value: Number(source), float, start, end: index };
  }
}
