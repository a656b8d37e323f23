import { findKey, setOwn, type JsonObject } from '../values';
import { expressionError, objectArg, stringArg } from './args';
import { defineFunction, defineLazyFunction, type BuiltinFunctionSpec } from './define';

/**
 * JSON manipulation functions. They never change their input: each returns a new object.
 * Property names match as in property access (exact first, then ignoring case), so
 * `setProperty(x, 'Name', …)` replaces an existing `name` rather than adding a second one.
 */

export const manipulationFunctions: readonly BuiltinFunctionSpec[] = [
  /** The first argument that is not null (later ones are not evaluated); null when all are. */
  defineLazyFunction('coalesce', 1, Number.POSITIVE_INFINITY, (args) => {
    for (const arg of args) {
      const value = arg();
      if (value !== null && value !== undefined) return value;
    }
    return null;
  }),

  /** Adds a property; fails when the object already has it (in any casing), as documented. */
  defineFunction('addProperty', 3, 3, (args) => {
    const object = objectArg('addProperty', args, 0);
    const name = stringArg('addProperty', args, 1, 'a string property name');
    const existing = findKey(object, name);
    if (existing !== undefined) throw expressionError(`addProperty expects the property '${name}' not to exist in the object, but it has '${existing}'; use setProperty to change it`);
    return { ...object, [name]: args[2] ?? null };
  }),

  /**
   * Sets a property, adding it when missing. An existing property keeps its casing and moves to
   * the end, as the Logic Apps runtime orders it.
   */
  defineFunction('setProperty', 3, 3, (args) => {
    const object = objectArg('setProperty', args, 0);
    const name = stringArg('setProperty', args, 1, 'a string property name');
    const key = findKey(object, name) ?? name;
    const { [key]: _replaced, ...rest } = object;
    return { ...rest, [key]: args[2] ?? null };
  }),

  /** Removes a property; the object comes back unchanged (a copy) when it has none by that name. */
  defineFunction('removeProperty', 2, 2, (args) => {
    const object = objectArg('removeProperty', args, 0);
    const key = findKey(object, stringArg('removeProperty', args, 1, 'a string property name'));
    if (key === undefined) return { ...object };
    const { [key]: _removed, ...rest } = object;
    return rest;
  }),

  /** Shallow merge, later objects winning; a property matched ignoring case keeps the first object's casing. */
  defineFunction('mergeObjects', 2, Number.POSITIVE_INFINITY, (args) => {
    const merged: JsonObject = {};
    args.forEach((_, index) => {
      for (const [name, value] of Object.entries(objectArg('mergeObjects', args, index, 'objects'))) {
        setOwn(merged, findKey(merged, name) ?? name, value);
      }
    });
    return merged;
  }),
];
