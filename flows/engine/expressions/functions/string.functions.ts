import { stringifyValue } from '../values';
import { expressionError, integerArg, isFloatArgument, numberArg, optionalStringArg, stringArg } from './args';
import { defineFunction, type BuiltinFunctionSpec } from './define';
import { formatDotNetNumber } from './number-format';

/**
 * String functions. Documented behaviour (workflow-definition-language-functions-reference):
 * indexOf, lastIndexOf, nthIndexOf, startsWith and endsWith ignore case; replace and contains do
 * not; substring past the end is an error, slice clamps.
 */

/** concat and join refuse results longer than this (the documented limit). */
export const MAX_STRING_RESULT = 104_857_600;

/** Whitespace as .NET's String.Trim sees it (JS `\s` also counts U+FEFF, which .NET keeps). */
const LEADING_WHITESPACE = /^[^\S\uFEFF]+/;
const TRAILING_WHITESPACE = /[^\S\uFEFF]+$/;

function checkResultLength(fn: string, text: string): string {
  if (text.length > MAX_STRING_RESULT) throw expressionError(`${fn} would produce ${text.length} characters; the limit is ${MAX_STRING_RESULT}`);
  return text;
}

/** Index of the `occurrence`-th match ignoring case (negative counts from the end); -1 when there is none. */
function nthIndexOf(text: string, search: string, occurrence: number): number {
  const haystack = text.toLowerCase();
  const needle = search.toLowerCase();
  if (occurrence > 0) {
    let from = 0;
    let found = -1;
    for (let n = 0; n < occurrence; n++) {
      found = haystack.indexOf(needle, from);
      if (found < 0) return -1;
      from = found + 1;
    }
    return found;
  }
  let from = haystack.length;
  let found = -1;
  for (let n = 0; n < -occurrence; n++) {
    if (from < 0) return -1;
    found = haystack.lastIndexOf(needle, from);
    if (found < 0) return -1;
    from = found - 1;
  }
  return found;
}

/** .NET Guid.ToString(format) for N, D, B, P, X. */
function formatGuid(guid: string, format: string): string {
  const hex = guid.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) throw expressionError(`guid received '${guid}' from the run's GUID source, which is not a GUID`);
  const d = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  switch (format.toUpperCase()) {
    case 'N':
      return hex;
    case 'D':
      return d;
    case 'B':
      return `{${d}}`;
    case 'P':
      return `(${d})`;
    case 'X': {
      const bytes = (from: number, to: number): string => {
        const pairs: string[] = [];
        for (let i = from; i < to; i += 2) pairs.push(`0x${hex.slice(i, i + 2)}`);
        return pairs.join(',');
      };
      return `{0x${hex.slice(0, 8)},0x${hex.slice(8, 12)},0x${hex.slice(12, 16)},{${bytes(16, 32)}}}`;
    }
    default:
      throw expressionError(`guid expects one of the formats 'N', 'D', 'B', 'P' or 'X'; got '${format}'`);
  }
}

const XML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const XML_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export const stringFunctions: readonly BuiltinFunctionSpec[] = [
  defineFunction('concat', 1, Number.POSITIVE_INFINITY, (args) => checkResultLength('concat', args.map(stringifyValue).join(''))),

  defineFunction('substring', 2, 3, (args) => {
    const text = stringArg('substring', args, 0, 'a string as its text');
    const start = integerArg('substring', args, 1, 'an integer startIndex');
    const length = args.length > 2 ? integerArg('substring', args, 2, 'an integer length') : text.length - start;
    if (start < 0 || length < 0 || start + length > text.length) {
      throw expressionError(
        `substring expects a non-negative startIndex and length whose sum is at most the text's length (${text.length}); got startIndex ${start} and length ${length}`,
      );
    }
    return text.slice(start, start + length);
  }),

  defineFunction('slice', 2, 3, (args) => {
    const text = stringArg('slice', args, 0, 'a string as its text');
    let start = integerArg('slice', args, 1, 'an integer startIndex');
    let end = args.length > 2 ? integerArg('slice', args, 2, 'an integer endIndex') : text.length;
    // Negative indexes count from the end; out-of-range indexes clamp; an empty range gives ''.
    if (start < 0) start += text.length;
    if (end < 0) end += text.length;
    if (start >= text.length || end <= start) return '';
    return text.slice(Math.max(0, start), Math.min(text.length, end));
  }),

  defineFunction('replace', 3, 3, (args) => {
    const text = stringArg('replace', args, 0, 'a string as its text');
    const oldText = stringArg('replace', args, 1, 'a string to replace');
    const newText = stringArg('replace', args, 2, 'a string as the replacement');
    if (oldText === '') throw expressionError('replace expects a non-empty string to replace; argument 2 is empty');
    return text.split(oldText).join(newText);
  }),

  defineFunction('guid', 0, 1, (args, ctx) => formatGuid(ctx.newGuid(), optionalStringArg('guid', args, 0, "a format ('N', 'D', 'B', 'P' or 'X')") ?? 'D')),

  defineFunction('toLower', 1, 1, (args) => stringArg('toLower', args, 0).toLowerCase()),
  defineFunction('toUpper', 1, 1, (args) => stringArg('toUpper', args, 0).toUpperCase()),

  defineFunction('indexOf', 2, 2, (args) =>
    stringArg('indexOf', args, 0, 'a string as its text').toLowerCase().indexOf(stringArg('indexOf', args, 1, 'a string to search for').toLowerCase()),
  ),

  defineFunction('nthIndexOf', 3, 3, (args) => {
    const text = stringArg('nthIndexOf', args, 0, 'a string as its text');
    const search = stringArg('nthIndexOf', args, 1, 'a string to search for');
    const occurrence = integerArg('nthIndexOf', args, 2, 'an integer occurrence');
    if (occurrence === 0) throw expressionError('nthIndexOf expects a non-zero occurrence (1 is the first, -1 the last); argument 3 is 0');
    return nthIndexOf(text, search, occurrence);
  }),

  defineFunction('lastIndexOf', 2, 2, (args) => {
    const text = stringArg('lastIndexOf', args, 0, 'a string as its text');
    const search = stringArg('lastIndexOf', args, 1, 'a string to search for');
    // Documented: an empty search text gives length - 1 (0 when both are empty).
    if (search === '') return Math.max(0, text.length - 1);
    return text.toLowerCase().lastIndexOf(search.toLowerCase());
  }),

  defineFunction('startsWith', 2, 2, (args) =>
    stringArg('startsWith', args, 0, 'a string as its text').toLowerCase().startsWith(stringArg('startsWith', args, 1, 'a string to look for').toLowerCase()),
  ),
  defineFunction('endsWith', 2, 2, (args) =>
    stringArg('endsWith', args, 0, 'a string as its text').toLowerCase().endsWith(stringArg('endsWith', args, 1, 'a string to look for').toLowerCase()),
  ),

  defineFunction('split', 2, 2, (args) => {
    const text = stringArg('split', args, 0, 'a string as its text');
    const delimiter = stringArg('split', args, 1, 'a string as its delimiter');
    // An empty delimiter leaves the text whole, as .NET's String.Split does.
    return delimiter === '' ? [text] : text.split(delimiter);
  }),

  defineFunction('trim', 1, 1, (args) => stringArg('trim', args, 0).replace(LEADING_WHITESPACE, '').replace(TRAILING_WHITESPACE, '')),

  defineFunction('formatNumber', 2, 3, (args) => {
    const value = numberArg('formatNumber', args, 0);
    const format = stringArg('formatNumber', args, 1, 'a numeric format string');
    const locale = optionalStringArg('formatNumber', args, 2, "a locale such as 'en-US'") ?? 'en-US';
    return formatDotNetNumber('formatNumber', value, format, locale, !isFloatArgument(args, 0));
  }),

  defineFunction('trimByteOrderMark', 1, 1, (args) => stringArg('trimByteOrderMark', args, 0).replace(/^\uFEFF/, '')),

  defineFunction('encodeXmlValue', 1, 1, (args) => stringArg('encodeXmlValue', args, 0).replace(/[&<>"']/g, (ch) => XML_ESCAPES[ch])),

  defineFunction('decodeXmlValue', 1, 1, (args) =>
    stringArg('decodeXmlValue', args, 0).replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (entity: string, body: string) => {
      if (!body.startsWith('#')) return XML_ENTITIES[body] ?? entity;
      const code = body.startsWith('#x') ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }),
  ),
];
