import type { FunctionSpec } from '../../contracts';
import { collectionFunctions } from './collection.functions';
import { conversionFunctions } from './conversion.functions';
import { dateTimeFunctions } from './date-time.functions';
import type { BuiltinFunctionSpec } from './define';
import { logicalFunctions } from './logical.functions';
import { manipulationFunctions } from './manipulation.functions';
import { mathFunctions } from './math.functions';
import { referenceFunctions } from './reference.functions';
import { stringFunctions } from './string.functions';
import { uriFunctions } from './uri.functions';

export { REFERENCE_FUNCTIONS } from './reference.functions';

/**
 * Every function an expression may call, by category. Names are matched ignoring case
 * (`utcnow`, `base64tostring` and `encodeURIComponent` all occur in real exports).
 */
const ALL_FUNCTIONS: readonly BuiltinFunctionSpec[] = [
  ...stringFunctions,
  ...collectionFunctions,
  ...logicalFunctions,
  ...conversionFunctions,
  ...mathFunctions,
  ...dateTimeFunctions,
  ...uriFunctions,
  ...manipulationFunctions,
  ...referenceFunctions,
];

const BY_NAME: ReadonlyMap<string, BuiltinFunctionSpec> = (() => {
  const map = new Map<string, BuiltinFunctionSpec>();
  for (const spec of ALL_FUNCTIONS) {
    const key = spec.name.toLowerCase();
    // Two definitions of one name would make the result depend on file order: refuse at load.
    if (map.has(key)) throw new Error(`The expression function '${spec.name}' is defined twice`);
    map.set(key, spec);
  }
  return map;
})();

/** Canonical casing, as documented (`formatDateTime`, `base64ToString`). */
export const FUNCTION_NAMES: readonly string[] = ALL_FUNCTIONS.map((spec) => spec.name);

/**
 * Documented WDL functions this engine does not run; a flow using one is reported by the linter
 * as "not runnable here" rather than as a typo.
 */
export const NOT_IMPLEMENTED_FUNCTIONS: readonly string[] = ['xpath', 'encodeXmlName', 'decodeXmlName', 'appsetting'];

export function lookupFunction(name: string): FunctionSpec | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** The same lookup with the evaluator's extras (short-circuiting, float results). */
export function lookupBuiltin(name: string): BuiltinFunctionSpec | undefined {
  return BY_NAME.get(name.toLowerCase());
}
