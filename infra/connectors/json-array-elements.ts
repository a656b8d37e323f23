/**
 * The top-level elements of a JSON array in UTF-8 bytes, found without parsing them.
 *
 * Why: `JSON.parse` of a whole content blob makes every record an object at once. They all
 * survive the young generation together, are copied into the old one, and are re-marked by every
 * major GC until the last record of the file is stored; for a day's audit export of thousands of
 * people that is hundreds of MB. Parsing element by element, each record dies young, right after
 * it is normalized.
 *
 * Bytes rather than a string: a file read as a Buffer stays outside the JS heap, whose size V8
 * sets from what survived the last full GC; a 40 MB file held as a string made that heap (and the
 * process) hundreds of MB larger during an import. Every byte JSON's structure is made of is
 * ASCII, and no byte of a multi-byte UTF-8 sequence is below 0x80, so the scan needs no decoding.
 *
 * The scan checks the framing only — the array's brackets, the commas between elements, string
 * quoting and nesting — so that a file cut short or not an array at all is refused before
 * anything of it is stored. The grammar inside an element is left to `JSON.parse` of that
 * element's text.
 */
export interface JsonArrayElements {
  readonly count: number;
  /** The text of element `i` (0-based), decoded, for `JSON.parse`. */
  text(i: number): string;
}

const QUOTE = 34; // "
const BACKSLASH = 92;
const COMMA = 44;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

function isWhitespace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/**
 * The elements of the array that `bytes` hold from `from` on, or `undefined` when the framing is
 * broken or it is not an array (then `JSON.parse` of the whole text says precisely what and where).
 */
export function splitJsonArray(bytes: Buffer, from = 0): JsonArrayElements | undefined {
  const n = bytes.length;
  let i = skipWhitespace(bytes, from);
  if (bytes[i] !== OPEN_BRACKET) return undefined;
  i = skipWhitespace(bytes, i + 1);
  const starts: number[] = [];
  const ends: number[] = [];
  if (bytes[i] === CLOSE_BRACKET) {
    return skipWhitespace(bytes, i + 1) === n ? elementsOf(bytes, starts, ends) : undefined;
  }
  for (;;) {
    const end = elementEnd(bytes, i);
    if (end < 0) return undefined;
    starts.push(i);
    ends.push(end);
    i = skipWhitespace(bytes, end);
    const c = bytes[i];
    if (c === COMMA) {
      i = skipWhitespace(bytes, i + 1);
      continue;
    }
    if (c === CLOSE_BRACKET) return skipWhitespace(bytes, i + 1) === n ? elementsOf(bytes, starts, ends) : undefined;
    return undefined;
  }
}

function elementsOf(bytes: Buffer, starts: readonly number[], ends: readonly number[]): JsonArrayElements {
  return { count: starts.length, text: (i) => bytes.toString('utf8', starts[i], ends[i]) };
}

function skipWhitespace(bytes: Buffer, i: number): number {
  while (i < bytes.length && isWhitespace(bytes[i])) i++;
  return i;
}

/** Index just past the closing quote of the string whose opening quote is at `i`, or -1. */
function stringEnd(bytes: Buffer, i: number): number {
  let at = i + 1;
  for (;;) {
    const quote = bytes.indexOf(QUOTE, at);
    if (quote < 0) return -1;
    // A quote is escaped by an odd number of backslashes before it.
    let backslashes = 0;
    for (let k = quote - 1; bytes[k] === BACKSLASH; k--) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    at = quote + 1;
  }
}

/**
 * Index just past the element starting at `i`, or -1 when the text ends inside it or its
 * brackets do not match. A scalar ends before the next comma, bracket or whitespace.
 */
function elementEnd(bytes: Buffer, i: number): number {
  const n = bytes.length;
  const first = bytes[i];
  if (first === QUOTE) return stringEnd(bytes, i);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    let k = i;
    for (; k < n; k++) {
      const c = bytes[k];
      if (c === COMMA || c === CLOSE_BRACKET || c === CLOSE_BRACE || c === OPEN_BRACE || c === OPEN_BRACKET || c === QUOTE || isWhitespace(c)) break;
    }
    return k === i ? -1 : k;
  }
  // Nesting is tracked as a stack of closers, so `{"a": [1}]` is caught here, not misframed.
  const closers: number[] = [];
  let k = i;
  while (k < n) {
    const c = bytes[k];
    if (c === QUOTE) {
      k = stringEnd(bytes, k);
      if (k < 0) return -1;
      continue;
    }
    if (c === OPEN_BRACE) closers.push(CLOSE_BRACE);
    else if (c === OPEN_BRACKET) closers.push(CLOSE_BRACKET);
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (closers.pop() !== c) return -1;
      if (closers.length === 0) return k + 1;
    }
    k++;
  }
  return -1;
}
