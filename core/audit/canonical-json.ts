import { z } from 'zod';
import { ValidationError } from '../errors';

/**
 * A deterministic JSON text for hashing: the same value always gives the same characters, on any
 * machine and after any number of trips through a store. JSON.stringify alone is not enough
 * because it keeps object keys in insertion order, and a document read back from SQLite or
 * Cosmos may come back with its keys in another order.
 *
 * Rules: object keys sorted by UTF-16 code units (what `Array.prototype.sort` does, and what RFC
 * 8785 prescribes), array elements in order, no whitespace, strings and numbers written as
 * JSON.stringify writes them. An object property whose value is `undefined` is left out, as a
 * store leaves it out. Anything that has no faithful JSON form (NaN, Infinity, bigint, functions,
 * symbols, `undefined` inside an array, class instances such as Date or Map, cycles) is refused
 * with a ValidationError naming where it is, rather than silently turned into something else:
 * a hash over a value that changes shape when stored could never be verified.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Plain JSON only: what `canonicalJson` accepts and what a store returns unchanged (zod 4 numbers are finite). */
export const JsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(JsonValueSchema), z.record(z.string(), JsonValueSchema)]),
);
export const JsonObjectSchema: z.ZodType<JsonObject> = z.record(z.string(), JsonValueSchema);

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function refuse(path: string, reason: string): never {
  const field = path === '' ? '(value)' : path;
  throw new ValidationError(`cannot serialize ${field} canonically: ${reason}`, [{ field, reason }]);
}

function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? (path === '' ? key : `${path}.${key}`) : `${path}[${JSON.stringify(key)}]`;
}

function write(value: unknown, path: string, open: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) refuse(path, `${String(value)} has no JSON form`);
      // -0 is written as 0, as JSON.stringify does; it reads back as 0.
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (open.has(value)) refuse(path, 'the value contains itself (a cycle)');
      open.add(value);
      try {
        if (Array.isArray(value)) {
          const items = (value as readonly unknown[]).map((item, index) => {
            if (item === undefined) refuse(childPath(path, index), 'undefined inside an array has no JSON form');
            return write(item, childPath(path, index), open);
          });
          return `[${items.join(',')}]`;
        }
        if (!isPlainObject(value)) refuse(path, `a ${value.constructor?.name ?? 'non-plain'} object is not plain JSON`);
        const record = value as Record<string, unknown>;
        const members: string[] = [];
        for (const key of Object.keys(record).sort()) {
          const member = record[key];
          if (member === undefined) continue;
          members.push(`${JSON.stringify(key)}:${write(member, childPath(path, key), open)}`);
        }
        return `{${members.join(',')}}`;
      } finally {
        open.delete(value);
      }
    }
    default:
      return refuse(path, `a ${typeof value} has no JSON form`);
  }
}

/**
 * The canonical JSON text of `value` (see the rules above). ValidationError for non-JSON input;
 * its issue names the offending field under `name` (e.g. `details.reasons[2]`).
 */
export function canonicalJson(value: unknown, name = ''): string {
  return write(value, name, new Set());
}
