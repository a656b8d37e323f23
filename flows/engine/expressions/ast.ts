/**
 * The syntax tree of the workflow definition language (WDL) expressions, and of the JSON string
 * values that carry them (templates). Positions are 0-based offsets into the whole string value,
 * so an error can point at the character an admin has to fix.
 */

/** `'text'`, `42`, `-1.5e3`, `true`, `false`, `null`. */
export interface LiteralNode {
  readonly kind: 'literal';
  readonly value: string | number | boolean | null;
  /**
   * True for a number written with a decimal point or an exponent (`5.0`, `1e3`). JSON numbers
   * lose that once parsed, but `div(11, 5.0)` must divide as floats (2.2), so the literal keeps it.
   */
  readonly float: boolean;
  readonly start: number;
  readonly end: number;
}

/** `name(arg, …)`; `name` exactly as written (lookup is case-insensitive). */
export interface CallNode {
  readonly kind: 'call';
  readonly name: string;
  readonly args: readonly ExpressionNode[];
  readonly start: number;
  readonly end: number;
}

/**
 * A dereference: `.name` (member, `key` is a string literal) or `[expr]` (index); `safe` for the
 * null-safe `?.name` / `?[expr]` forms.
 */
export interface AccessNode {
  readonly kind: 'access';
  readonly target: ExpressionNode;
  readonly key: ExpressionNode;
  readonly member: boolean;
  readonly safe: boolean;
  readonly start: number;
  readonly end: number;
}

export type ExpressionNode = LiteralNode | CallNode | AccessNode;

/** A piece of an interpolated string: text as it appears (after `@@{` unescaping) or an `@{…}` expression. */
export type InterpolationPart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'expression'; readonly expression: ExpressionNode; readonly start: number; readonly end: number };

/**
 * A JSON string value as WDL sees it:
 * - `literal`: no expression in it (a leading `@@` already reduced to `@`);
 * - `expression`: the whole string is `@expr`, whose result keeps its JSON type;
 * - `interpolation`: text with `@{expr}` parts, whose result is always a string.
 */
export type Template =
  | { readonly kind: 'literal'; readonly text: string; readonly value: string }
  | { readonly kind: 'expression'; readonly text: string; readonly expression: ExpressionNode }
  | { readonly kind: 'interpolation'; readonly text: string; readonly parts: readonly InterpolationPart[] };
