import { z } from 'zod';
import { OperationalError } from '../../core/errors';
import type { GraphOperation } from './graph-errors';

/**
 * Reading Graph's answers at the boundary: every body the adapters use is parsed with a zod
 * schema (checked against @microsoft/microsoft-graph-types with `satisfies` where a type exists).
 */

/** Graph sends `null` for empty values; read both null and absent as undefined. */
export function orUndefined<T extends z.ZodType>(
  schema: T,
): z.ZodPipe<z.ZodOptional<z.ZodNullable<T>>, z.ZodTransform<z.output<T> | undefined, z.output<T> | null | undefined>> {
  return schema.nullish().transform((v): z.output<T> | undefined => v ?? undefined);
}

/** Parses an answer body; a mismatch is Graph's (or our assumption's) fault, not the caller's: OperationalError. */
export function parseGraphAnswer<T>(schema: z.ZodType<T>, value: unknown, operation: GraphOperation): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new OperationalError(`${operation.action}: Graph's answer has an unexpected shape (${z.prettifyError(parsed.error).slice(0, 300)})`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}
