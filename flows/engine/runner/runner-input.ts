import type { z } from 'zod';
import { ValidationError } from '../../../core/errors';

/** Checks a value handed to the runner by its caller; a mismatch is a ValidationError naming the field. */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ field: [what, ...i.path.map(String)].join('.'), reason: i.message }));
  throw new ValidationError(`${what} is not valid: ${issues.map((i) => `${i.field}: ${i.reason}`).join('; ')}`, issues);
}
