import { z } from 'zod';

/**
 * Parameter types that tolerate how values reach a connector from a flow: an interpolated
 * expression (`"@{…}"`) always yields a string, so a number or a boolean may arrive as its text.
 * The swagger types stay the contract; only these spellings of them are also accepted.
 */

/** An integer, or its decimal text (`"15"`). */
export function flexibleInt(what: string, min = 0, max = Number.MAX_SAFE_INTEGER): z.ZodType<number> {
  return z.preprocess(
    (v) => (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v),
    z.number({ error: `expected ${what} (an integer)` }).int(`expected ${what} (an integer)`).min(min, `expected at least ${min}`).max(max, `expected at most ${max}`),
  );
}

/** A boolean, or `"true"` / `"false"` in any case. */
export function flexibleBool(what: string): z.ZodType<boolean> {
  return z.preprocess((v) => {
    if (typeof v !== 'string') return v;
    const t = v.trim().toLowerCase();
    return t === 'true' ? true : t === 'false' ? false : v;
  }, z.boolean({ error: `expected ${what} (true or false)` }));
}

/** One of `values`, matched case-insensitively and answered in the casing given. */
export function caseInsensitiveEnum<const T extends readonly [string, ...string[]]>(values: T, what: string): z.ZodType<T[number]> {
  const byLower = new Map(values.map((v) => [v.toLowerCase(), v]));
  return z.preprocess((v) => (typeof v === 'string' ? (byLower.get(v.trim().toLowerCase()) ?? v) : v), z.enum(values, { error: `expected ${what}: one of ${values.join(', ')}` }));
}
