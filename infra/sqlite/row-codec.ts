import type { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../../core/errors';

/**
 * Reads a stored JSON body back through its schema. The file may have been edited by hand,
 * restored from an old backup or written by another build, so a row that no longer fits is
 * reported as a ValidationError naming the table and the key instead of leaking a half-typed
 * object into the domain.
 */
export function parseStoredRow<S extends z.ZodType>(schema: S, table: string, key: string, body: string): z.output<S> {
  const where = `${table}[${key}]`;
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch (error) {
    throw new ValidationError(`stored row ${where} is not valid JSON`, [{ file: where, reason: 'not valid JSON' }], {
      cause: error,
    });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues: ValidationIssue[] = parsed.error.issues.map((issue) => ({
      file: where,
      field: issue.path.map(String).join('.') || undefined,
      reason: issue.message,
    }));
    const summary = issues.map((i) => (i.field ? `${i.field}: ${i.reason}` : i.reason)).join('; ');
    throw new ValidationError(`stored row ${where} does not match its schema: ${summary}`, issues, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/**
 * Refuses a row whose body disagrees with the key columns it is found by (a body copied onto the
 * wrong row): callers would otherwise get an object for a different key than they asked for.
 */
export function checkStoredKey(table: string, key: string, field: string, actual: unknown): void {
  if (actual !== key) {
    throw new ValidationError(`stored row ${table}[${key}] holds ${field} '${String(actual)}' instead of its key`, [
      { file: `${table}[${key}]`, field, reason: `expected '${key}'` },
    ]);
  }
}

/**
 * A page size from the caller. SQLite reads a negative LIMIT as "no limit", so a bad value must be
 * stopped here rather than passed through.
 */
export function pageLimit(value: number | undefined, fallback: number): number {
  const limit = value ?? fallback;
  if (!Number.isSafeInteger(limit) || limit < 0) {
    throw new ValidationError(`limit must be a non-negative integer, got ${String(limit)}`, [
      { field: 'limit', reason: 'expected a non-negative integer' },
    ]);
  }
  return limit;
}
