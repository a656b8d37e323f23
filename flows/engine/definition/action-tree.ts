import type { PathSegment } from './json-path';

/**
 * The nesting of actions in a WDL definition, read from the JSON as it is (no schema applied):
 * the top-level `actions`, and inside an action its own `actions` (Scope, Foreach, Until, If's
 * true branch), `else.actions` (If), `cases.<name>.actions` and `default.actions` (Switch).
 *
 * The containers are found by shape, not by the action's `type`, so that a misspelt or unknown
 * type still has its inner actions linted and counted against the 250-action limit.
 */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One set of sibling actions: `runAfter` may name only actions of the same container. */
export interface ActionContainer {
  /** Path of the container object itself, e.g. `['actions', 'Condition', 'else', 'actions']`. */
  readonly path: readonly PathSegment[];
  readonly actions: Readonly<Record<string, unknown>>;
}

/** The keys of an action that hold inner containers (skipped when its own values are scanned). */
export const CONTAINER_KEYS: ReadonlySet<string> = new Set(['actions', 'else', 'cases', 'default']);

/** The containers directly inside one action, in the order the designer shows them. */
export function innerContainers(action: Readonly<Record<string, unknown>>, actionPath: readonly PathSegment[]): ActionContainer[] {
  const found: ActionContainer[] = [];
  if (isRecord(action.actions)) found.push({ path: [...actionPath, 'actions'], actions: action.actions });
  if (isRecord(action.else) && isRecord(action.else.actions)) found.push({ path: [...actionPath, 'else', 'actions'], actions: action.else.actions });
  if (isRecord(action.cases)) {
    for (const [caseName, branch] of Object.entries(action.cases)) {
      if (isRecord(branch) && isRecord(branch.actions)) found.push({ path: [...actionPath, 'cases', caseName, 'actions'], actions: branch.actions });
    }
  }
  if (isRecord(action.default) && isRecord(action.default.actions)) found.push({ path: [...actionPath, 'default', 'actions'], actions: action.default.actions });
  return found;
}

/** Every container of the definition, outermost first (the top-level `actions` is the first). */
export function allContainers(actions: Readonly<Record<string, unknown>>, path: readonly PathSegment[] = ['actions']): ActionContainer[] {
  const result: ActionContainer[] = [];
  const pending: ActionContainer[] = [{ path, actions }];
  for (let container = pending.shift(); container !== undefined; container = pending.shift()) {
    result.push(container);
    for (const [name, action] of Object.entries(container.actions)) {
      if (isRecord(action)) pending.push(...innerContainers(action, [...container.path, name]));
    }
  }
  return result;
}

/** How many actions the definition holds, nested ones included. */
export function countActions(actions: Readonly<Record<string, unknown>>): number {
  return allContainers(actions).reduce((sum, container) => sum + Object.keys(container.actions).length, 0);
}
