import { isJsonObject, stringifyValue } from '../values';
import { argumentError, expressionError, optionalStringArg, stringArg } from './args';
import { defineFunction, type BuiltinFunctionSpec } from './define';
import { base64OrFail, decodeBytes, escapeUriComponent, parseDataUri, toBase64, unescapeUriComponent, utf8Bytes } from './encoding';
import { numberSymbols } from './number-format';
import { DECIMAL_STYLE, FLOAT_STYLE, INT_CONVERSION_STYLE, fitsInt64, parseNumberText } from './number-parse';
import { jsonToXml } from './xml';

/**
 * Conversion functions.
 *
 * Binary values: Logic Apps passes binary content around as `{ $content-type, $content }` with
 * base64 `$content`. Here the "binary" functions (binary, base64ToBinary, dataUriToBinary,
 * decodeDataUri, uriComponentToBinary) return that base64 text as a plain string, which is what
 * our connectors take for file and attachment content.
 */

function nonNull(fn: string, args: readonly unknown[], index: number): unknown {
  const value = args[index];
  if (value === null || value === undefined) throw argumentError(fn, args, index, 'a value (not null)');
  return value;
}

function textOf(fn: string, args: readonly unknown[], index: number): string {
  return stringifyValue(nonNull(fn, args, index));
}

function separatorsOf(fn: string, args: readonly unknown[], index: number): ReturnType<typeof numberSymbols> | undefined {
  const locale = optionalStringArg(fn, args, index, "a locale such as 'en-US'");
  return locale === undefined ? undefined : numberSymbols(fn, locale);
}

function parsed(fn: string, text: string, value: number | undefined, kind: string): number {
  if (value === undefined) throw expressionError(`${fn} could not read the string '${text.length > 40 ? `${text.slice(0, 40)}…` : text}' as ${kind}`);
  return value;
}

export const conversionFunctions: readonly BuiltinFunctionSpec[] = [
  /** Text → its JSON value; objects and arrays pass through; null gives {} (documented). */
  defineFunction('json', 1, 1, (args) => {
    const [value] = args;
    if (value === null || value === undefined) return {};
    if (typeof value !== 'string') {
      if (Array.isArray(value) || isJsonObject(value)) return value;
      throw argumentError('json', args, 0, 'a string of JSON text (or an object or array)');
    }
    if (/^\s*</.test(value)) throw expressionError('json cannot convert XML here; XML to JSON conversion is not supported');
    try {
      return JSON.parse(value) as unknown;
    } catch (error) {
      throw expressionError(`json expects valid JSON text; ${error instanceof Error ? error.message : 'it does not parse'}`);
    }
  }),

  /** XML text: a string that already is XML passes through; an object is converted. */
  defineFunction('xml', 1, 1, (args) => {
    const [value] = args;
    if (typeof value === 'string') {
      if (!/^\s*</.test(value)) throw argumentError('xml', args, 0, 'XML text or a JSON object');
      return value;
    }
    if (isJsonObject(value)) return jsonToXml('xml', value);
    throw argumentError('xml', args, 0, 'XML text or a JSON object');
  }),

  /**
   * An integer from a number or a string: '10', ' +1,000 ', '1.0' and '1e3' work; '1.5' and 1.5
   * fail (the value must be integral), as do booleans and null.
   */
  defineFunction('int', 1, 2, (args) => {
    const [value] = args;
    let result: number;
    if (typeof value === 'number') result = value;
    else if (typeof value === 'string') result = parsed('int', value, parseNumberText(value, INT_CONVERSION_STYLE, separatorsOf('int', args, 1)), 'an integer');
    else throw argumentError('int', args, 0, 'a number or a string holding an integer');
    if (!Number.isInteger(result)) throw expressionError(`int expects an integral value; ${String(value)} has a fraction`);
    if (!fitsInt64(result)) throw expressionError(`int expects a value within the 64-bit integer range; got ${String(value)}`);
    return result;
  }),

  defineFunction('string', 1, 1, (args) => stringifyValue(args[0])),

  /** A float from a number or a string ('10.333', ' 1,000 ', '200-', in the locale's notation when given). */
  defineFunction(
    'float',
    1,
    2,
    (args) => {
      const [value] = args;
      if (typeof value === 'number') return value;
      if (typeof value === 'string') return parsed('float', value, parseNumberText(value, FLOAT_STYLE, separatorsOf('float', args, 1)), 'a number');
      throw argumentError('float', args, 0, 'a number or a string holding a number');
    },
    'always',
  ),

  /** true/false from a boolean, a number (0 is false) or the string 'true' / 'false' in any case. */
  defineFunction('bool', 1, 1, (args) => {
    const [value] = args;
    if (typeof value === 'boolean') return value;
    if (typeof value === 'number') return value !== 0;
    if (typeof value === 'string') {
      const word = value.trim().toLowerCase();
      if (word === 'true') return true;
      if (word === 'false') return false;
    }
    throw argumentError('bool', args, 0, "a boolean, a number or the string 'true' or 'false'");
  }),

  defineFunction('base64', 1, 1, (args) => toBase64(utf8Bytes(textOf('base64', args, 0)))),

  defineFunction('base64ToBinary', 1, 1, (args) => {
    const text = stringArg('base64ToBinary', args, 0, 'a base64-encoded string');
    base64OrFail('base64ToBinary', text);
    return text;
  }),

  defineFunction('base64ToString', 1, 1, (args) =>
    decodeBytes('base64ToString', base64OrFail('base64ToString', stringArg('base64ToString', args, 0, 'a base64-encoded string'))),
  ),

  /** Deprecated alias of base64ToString, still common in exports (`json(decodeBase64(...))`). */
  defineFunction('decodeBase64', 1, 1, (args) =>
    decodeBytes('decodeBase64', base64OrFail('decodeBase64', stringArg('decodeBase64', args, 0, 'a base64-encoded string'))),
  ),

  defineFunction('binary', 1, 1, (args) => toBase64(utf8Bytes(textOf('binary', args, 0)))),

  /** `data:text/plain;charset=utf-8;base64,…` for a string; other values as application/json. */
  defineFunction('dataUri', 1, 1, (args) => {
    const value = nonNull('dataUri', args, 0);
    const mediaType = typeof value === 'string' ? 'text/plain;charset=utf-8' : 'application/json;charset=utf-8';
    return `data:${mediaType};base64,${toBase64(utf8Bytes(stringifyValue(value)))}`;
  }),

  defineFunction('dataUriToBinary', 1, 1, (args) => toBase64(parseDataUri('dataUriToBinary', stringArg('dataUriToBinary', args, 0, 'a data URI')).bytes)),

  defineFunction('decodeDataUri', 1, 1, (args) => toBase64(parseDataUri('decodeDataUri', stringArg('decodeDataUri', args, 0, 'a data URI')).bytes)),

  defineFunction('dataUriToString', 1, 1, (args) => {
    const uri = parseDataUri('dataUriToString', stringArg('dataUriToString', args, 0, 'a data URI'));
    return decodeBytes('dataUriToString', uri.bytes, uri.charset);
  }),

  defineFunction('encodeUriComponent', 1, 1, (args) => escapeUriComponent(textOf('encodeUriComponent', args, 0))),
  defineFunction('uriComponent', 1, 1, (args) => escapeUriComponent(textOf('uriComponent', args, 0))),

  defineFunction('decodeUriComponent', 1, 1, (args) => unescapeUriComponent(stringArg('decodeUriComponent', args, 0))),
  defineFunction('uriComponentToString', 1, 1, (args) => unescapeUriComponent(stringArg('uriComponentToString', args, 0))),
  defineFunction('uriComponentToBinary', 1, 1, (args) => toBase64(utf8Bytes(unescapeUriComponent(stringArg('uriComponentToBinary', args, 0))))),

  /** Always a one-item array, even for an array (`array(x)` → `[x]`). */
  defineFunction('array', 1, 1, (args) => [args[0] ?? null]),

  defineFunction('createArray', 1, Number.POSITIVE_INFINITY, (args) => args.map((arg) => arg ?? null)),

  /** A decimal as a JS number (no exponent in strings: '3e-1' is refused, as .NET's Decimal.Parse does). */
  defineFunction(
    'decimal',
    1,
    1,
    (args) => {
      const [value] = args;
      if (typeof value === 'number') return value;
      if (typeof value === 'string') return parsed('decimal', value, parseNumberText(value, DECIMAL_STYLE), 'a decimal number');
      throw argumentError('decimal', args, 0, 'a number or a string holding a decimal number');
    },
    'always',
  ),

  defineFunction('utf8Length', 1, 1, (args) => utf8Bytes(stringArg('utf8Length', args, 0)).length),
  defineFunction('utf16Length', 1, 1, (args) => stringArg('utf16Length', args, 0).length),
];
