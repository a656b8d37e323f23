import type { PathSegment } from './json-path';

/**
 * Where a text stops being JSON. `JSON.parse` says so only in its message, whose wording and
 * whether it carries a position at all change between Node versions; an admin importing a flow
 * needs the line and column (and which property was being read) every time, so the text is
 * scanned again by this small RFC 8259 recogniser after `JSON.parse` has rejected it.
 */
export interface JsonSyntaxProblem {
  /** 0-based offset into the text (after a leading byte order mark, if any, was removed). */
  readonly offset: number;
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units from the start of the line. */
  readonly column: number;
  /** The property or element being read when the problem was found; empty at the top level. */
  readonly path: readonly PathSegment[];
  /** What the grammar allows at that point, e.g. `',' or '}'`. */
  readonly expected: string;
  /** What is there instead: a quoted character or `end of input`. */
  readonly found: string;
}

/** Thrown inside the recogniser to unwind to the top; never escapes it. */
class SyntaxProblem extends Error {
  constructor(
    readonly offset: number,
    readonly expected: string,
  ) {
    super(expected);
  }
}

const VALUE = 'a JSON value (object, array, string, number, true, false or null)';
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

/**
 * The first syntax error in `text`, or undefined when the text is JSON (or nests too deeply for
 * this recogniser to follow, which `JSON.parse` would have accepted or rejected on its own).
 */
export function locateJsonSyntaxProblem(text: string): JsonSyntaxProblem | undefined {
  const path: PathSegment[] = [];
  let pos = 0;

  // Declared with its type so that the compiler treats a call as the end of the path.
  const fail: (expected: string) => never = (expected) => {
    throw new SyntaxProblem(pos, expected);
  };
  const skipWhitespace = (): void => {
    while (pos < text.length) {
      const c = text[pos];
      if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') return;
      pos += 1;
    }
  };
  const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

  const readString = (): string => {
    const start = pos + 1;
    pos += 1;
    for (;;) {
      const c = text[pos];
      if (c === undefined) fail('a closing double quote');
      if (c === '"') break;
      if (c === '\\') {
        const next = text[pos + 1];
        if (next === 'u') {
          for (let i = 2; i < 6; i += 1) {
            if (!/[0-9a-fA-F]/.test(text[pos + i] ?? '')) {
              pos += i;
              fail('four hexadecimal digits after \\u');
            }
          }
          pos += 6;
          continue;
        }
        if (next === undefined || !ESCAPES.has(next)) {
          pos += 1;
          fail('an escape character (one of " \\ / b f n r t u) after the backslash');
        }
        pos += 2;
        continue;
      }
      if (c.charCodeAt(0) < 0x20) fail('no control character inside a string (escape it, e.g. \\n)');
      pos += 1;
    }
    pos += 1;
    return text.slice(start, pos - 1);
  };

  const readDigits = (): void => {
    if (!isDigit(text[pos])) fail('a digit');
    while (isDigit(text[pos])) pos += 1;
  };

  const readNumber = (): void => {
    if (text[pos] === '-') pos += 1;
    if (text[pos] === '0') pos += 1;
    else readDigits();
    if (text[pos] === '.') {
      pos += 1;
      readDigits();
    }
    if (text[pos] === 'e' || text[pos] === 'E') {
      pos += 1;
      if (text[pos] === '+' || text[pos] === '-') pos += 1;
      readDigits();
    }
  };

  const readValue = (): void => {
    skipWhitespace();
    const c = text[pos];
    if (c === '{') return readObject();
    if (c === '[') return readArray();
    if (c === '"') {
      readString();
      return;
    }
    if (c === '-' || isDigit(c)) return readNumber();
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, pos)) {
        pos += literal.length;
        return;
      }
    }
    fail(VALUE);
  };

  const readObject = (): void => {
    pos += 1;
    skipWhitespace();
    if (text[pos] === '}') {
      pos += 1;
      return;
    }
    for (;;) {
      skipWhitespace();
      if (text[pos] !== '"') fail('a property name in double quotes');
      path.push(readString());
      skipWhitespace();
      if (text[pos] !== ':') fail("':' after the property name");
      pos += 1;
      readValue();
      skipWhitespace();
      const c = text[pos];
      if (c === ',') {
        path.pop();
        pos += 1;
        continue;
      }
      if (c === '}') {
        path.pop();
        pos += 1;
        return;
      }
      fail("',' or '}'");
    }
  };

  const readArray = (): void => {
    pos += 1;
    skipWhitespace();
    if (text[pos] === ']') {
      pos += 1;
      return;
    }
    for (let index = 0; ; index += 1) {
      path.push(index);
      readValue();
      skipWhitespace();
      const c = text[pos];
      path.pop();
      if (c === ',') {
        pos += 1;
        continue;
      }
      if (c === ']') {
        pos += 1;
        return;
      }
      fail("',' or ']'");
    }
  };

  try {
    readValue();
    skipWhitespace();
    if (pos < text.length) fail('the end of the input after the top-level value');
    return undefined;
  } catch (error) {
    if (error instanceof SyntaxProblem) return describe(text, error, path);
    // Nesting deeper than the call stack: leave the verdict to JSON.parse.
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

function describe(text: string, problem: SyntaxProblem, path: readonly PathSegment[]): JsonSyntaxProblem {
  const before = text.slice(0, problem.offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  const line = before.split('\n').length;
  const c = text[problem.offset];
  const found = c === undefined ? 'end of input' : JSON.stringify(c);
  return { offset: problem.offset, line, column: problem.offset - lineStart + 1, path: [...path], expected: problem.expected, found };
}
