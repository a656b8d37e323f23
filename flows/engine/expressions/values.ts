/**
 * The JSON value model expressions work on (null, boolean, number, string, array, object) and the
 * conversions every part of the language shares: how a value prints inside `@{…}` or `string()`,
 * how it is described in an error, when two values are equal, how a property name is matched.
 */

export type JsonObject = Record<string, unknown>;

/** A JSON object: not null, not an array. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export type ValueType = 'null' | 'string' | 'integer' | 'float' | 'boolean' | 'array' | 'object';

/** `undefined` (a reference that yields nothing) counts as null, as it would once stored as JSON. */
export function valueType(value: unknown): ValueType {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'float';
  if (typeof value === 'boolean') return 'boolean';
  if (Array.isArray(value)) return 'array';
  return 'object';
}

const DESCRIBED_STRING_LENGTH = 40;

/** For error messages: `the string 'x'`, `the integer 5`, `null`, `an array of 3 items` … */
export function describeValue(value: unknown): string {
  const type = valueType(value);
  switch (type) {
    case 'null':
      return 'null';
    case 'string': {
      const text = value as string;
      const shown = text.length > DESCRIBED_STRING_LENGTH ? `${text.slice(0, DESCRIBED_STRING_LENGTH)}…` : text;
      return `the string '${shown}'`;
    }
    case 'integer':
    case 'float':
      return `the ${type} ${String(value)}`;
    case 'boolean':
      return `the boolean ${String(value)}`;
    case 'array': {
      const length = (value as unknown[]).length;
      return `an array of ${length} item${length === 1 ? '' : 's'}`;
    }
    case 'object':
      return 'an object';
  }
}

/** Compact JSON text; `undefined` anywhere prints as null. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value === undefined ? null : value, (_key, inner: unknown) => (inner === undefined ? null : inner));
}

/**
 * How a value prints inside `@{…}`, in `string()`, `concat()` and `join()`: null → '', strings as
 * they are, objects and arrays as compact JSON text. Booleans print as `True` / `False`: the
 * Logic Apps runtime formats them the .NET way (reproduced by the IllogicApps simulator's tests
 * against real runs, e.g. `@{true}` → "True"), and flows that compare such text depend on it.
 */
export function stringifyValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  return toJsonText(value);
}

/**
 * Deep equality: numbers by value (1 equals 1.0), strings case-sensitively, arrays item by item,
 * objects by the same keys (in any order) with equal values. Values of different JSON types are
 * never equal (`equals('1', 1)` is false).
 */
export function deepEquals(a: unknown, b: unknown): boolean {
  const left = a === undefined ? null : a;
  const right = b === undefined ? null : b;
  if (left === right) return true;
  if (left === null || right === null || typeof left !== 'object' || typeof right !== 'object') return false;
  if (Array.isArray(left) || Array.isArray(right)) {
    if (!Array.isArray(left) || !Array.isArray(right) || left.length !== right.length) return false;
    return left.every((item, index) => deepEquals(item, right[index]));
  }
  const leftObject = left as JsonObject;
  const rightObject = right as JsonObject;
  const keys = Object.keys(leftObject);
  if (keys.length !== Object.keys(rightObject).length) return false;
  return keys.every((key) => Object.hasOwn(rightObject, key) && deepEquals(leftObject[key], rightObject[key]));
}

/**
 * The key of `object` that `name` refers to: the exact key when present, else the first key that
 * matches ignoring case. Logic Apps treats JSON property names case-insensitively
 * (`triggerBody()?['Severity']` finds `severity`), but an exact match always wins so that objects
 * holding both `a` and `A` stay addressable.
 */
export function findKey(object: JsonObject, name: string): string | undefined {
  if (Object.hasOwn(object, name)) return name;
  const wanted = name.toLowerCase();
  return Object.keys(object).find((key) => key.toLowerCase() === wanted);
}

/** Sets an own enumerable property, even one named `__proto__` (plain assignment would change the prototype). */
export function setOwn(object: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}
