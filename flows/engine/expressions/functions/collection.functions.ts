import { deepEquals, findKey, isJsonObject, setOwn, stringifyValue, type JsonObject } from '../values';
import { argumentError, arrayArg, expressionError, integerArg, optionalStringArg, stringArg } from './args';
import { defineFunction, type BuiltinFunctionSpec } from './define';
import { MAX_STRING_RESULT } from './string.functions';

/**
 * Collection functions over strings, arrays and objects. Array membership uses deep equality
 * (numbers by value, strings with case); object keys are matched like property access
 * (exact first, then ignoring case).
 */

function countArg(fn: string, args: readonly unknown[], index: number): number {
  const count = integerArg(fn, args, index, 'a non-negative integer count');
  if (count < 0) throw argumentError(fn, args, index, 'a non-negative integer count');
  return count;
}

function distinct(items: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const item of items) if (!out.some((kept) => deepEquals(kept, item))) out.push(item);
  return out;
}

/** All arrays or all objects (union and intersection refuse a mix). */
function sameKindCollections(fn: string, args: readonly unknown[]): { arrays: readonly (readonly unknown[])[] } | { objects: readonly JsonObject[] } {
  if (Array.isArray(args[0])) {
    args.forEach((arg, index) => {
      if (!Array.isArray(arg)) throw argumentError(fn, args, index, 'arrays only (or objects only)');
    });
    return { arrays: args as readonly (readonly unknown[])[] };
  }
  if (isJsonObject(args[0])) {
    args.forEach((arg, index) => {
      if (!isJsonObject(arg)) throw argumentError(fn, args, index, 'objects only (or arrays only)');
    });
    return { objects: args as readonly JsonObject[] };
  }
  throw argumentError(fn, args, 0, 'arrays or objects');
}

type Sortable = number | string;

function sortKey(fn: string, item: unknown, sortBy: string | undefined, position: number): Sortable {
  let value = item;
  if (sortBy !== undefined) {
    if (!isJsonObject(item)) throw expressionError(`${fn} by '${sortBy}' expects an array of objects; item ${position + 1} is not an object`);
    const key = findKey(item, sortBy);
    if (key === undefined) throw expressionError(`${fn} by '${sortBy}' expects every object to have that property; item ${position + 1} does not`);
    value = item[key];
  }
  if (typeof value !== 'number' && typeof value !== 'string') {
    throw expressionError(`${fn} expects numbers or strings to sort${sortBy === undefined ? '' : ` (property '${sortBy}')`}; item ${position + 1} is not one`);
  }
  return value;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let index = 0; index < items.length; index += size) out.push(items.slice(index, index + size));
  return out;
}

export const collectionFunctions: readonly BuiltinFunctionSpec[] = [
  defineFunction('contains', 2, 2, (args) => {
    const [collection, value] = args;
    if (typeof collection === 'string') return collection.includes(stringArg('contains', args, 1, 'a string to find in a string'));
    if (Array.isArray(collection)) return collection.some((item) => deepEquals(item, value));
    if (isJsonObject(collection)) return findKey(collection, stringArg('contains', args, 1, 'a string key to find in an object')) !== undefined;
    throw argumentError('contains', args, 0, 'a string, an array or an object as the collection');
  }),

  defineFunction('length', 1, 1, (args) => {
    const [collection] = args;
    if (typeof collection === 'string' || Array.isArray(collection)) return collection.length;
    throw argumentError('length', args, 0, 'a string or an array');
  }),

  defineFunction('sort', 1, 2, (args) => {
    const items = arrayArg('sort', args, 0);
    const sortBy = optionalStringArg('sort', args, 1, 'a property name to sort by');
    const keyed = items.map((item, position) => ({ item, key: sortKey('sort', item, sortBy, position) }));
    const kinds = new Set(keyed.map((entry) => typeof entry.key));
    if (kinds.size > 1) throw expressionError('sort expects all numbers or all strings; the array mixes them');
    return keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((entry) => entry.item);
  }),

  defineFunction('reverse', 1, 1, (args) => [...arrayArg('reverse', args, 0)].reverse()),

  defineFunction('empty', 1, 1, (args) => {
    const [collection] = args;
    if (collection === null || collection === undefined) return true;
    if (typeof collection === 'string' || Array.isArray(collection)) return collection.length === 0;
    if (isJsonObject(collection)) return Object.keys(collection).length === 0;
    throw argumentError('empty', args, 0, 'a string, an array, an object or null');
  }),

  defineFunction('intersection', 2, Number.POSITIVE_INFINITY, (args) => {
    const kind = sameKindCollections('intersection', args);
    if ('arrays' in kind) {
      const [first, ...rest] = kind.arrays;
      return distinct(first).filter((item) => rest.every((other) => other.some((candidate) => deepEquals(candidate, item))));
    }
    const [first, ...rest] = kind.objects;
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(first)) {
      if (rest.every((other) => Object.hasOwn(other, key) && deepEquals(other[key], value))) setOwn(out, key, value);
    }
    return out;
  }),

  defineFunction('union', 2, Number.POSITIVE_INFINITY, (args) => {
    const kind = sameKindCollections('union', args);
    if ('arrays' in kind) return distinct(kind.arrays.flat());
    // Later objects win on the same key.
    const out: JsonObject = {};
    for (const object of kind.objects) for (const [key, value] of Object.entries(object)) setOwn(out, key, value);
    return out;
  }),

  defineFunction('first', 1, 1, (args) => {
    const [collection] = args;
    if (typeof collection === 'string') return collection.slice(0, 1);
    if (Array.isArray(collection)) return collection.length === 0 ? null : collection[0];
    throw argumentError('first', args, 0, 'a string or an array');
  }),

  defineFunction('last', 1, 1, (args) => {
    const [collection] = args;
    if (typeof collection === 'string') return collection.slice(-1);
    if (Array.isArray(collection)) return collection.length === 0 ? null : collection[collection.length - 1];
    throw argumentError('last', args, 0, 'a string or an array');
  }),

  defineFunction('take', 2, 2, (args) => {
    const [collection] = args;
    const count = countArg('take', args, 1);
    if (typeof collection === 'string' || Array.isArray(collection)) return collection.slice(0, count);
    throw argumentError('take', args, 0, 'a string or an array');
  }),

  defineFunction('skip', 2, 2, (args) => arrayArg('skip', args, 0).slice(countArg('skip', args, 1))),

  defineFunction('join', 2, 2, (args) => {
    const items = arrayArg('join', args, 0);
    const delimiter = stringArg('join', args, 1, 'a string as its delimiter');
    const text = items.map(stringifyValue).join(delimiter);
    if (text.length > MAX_STRING_RESULT) throw expressionError(`join would produce ${text.length} characters; the limit is ${MAX_STRING_RESULT}`);
    return text;
  }),

  defineFunction('chunk', 2, 2, (args) => {
    const [collection] = args;
    const size = integerArg('chunk', args, 1, 'a positive integer chunk length');
    if (size <= 0) throw argumentError('chunk', args, 1, 'a positive integer chunk length');
    if (typeof collection === 'string') {
      const parts: string[] = [];
      for (let index = 0; index < collection.length; index += size) parts.push(collection.slice(index, index + size));
      return parts;
    }
    if (Array.isArray(collection)) return chunks(collection, size);
    throw argumentError('chunk', args, 0, 'a string or an array');
  }),
];
