import { type z } from 'zod';
import { ValidationError, type ValidationIssue } from '../errors';

/** Dotted field path as our messages print it: `scope.users[2]`, `thresholds.SpoDownload`. */
export function fieldPath(path: readonly PropertyKey[], prefix?: string): string {
  let text = prefix ?? '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text.length === 0 ? String(key) : `.${String(key)}`;
  }
  return text;
}

/** zod's issues as ours, each naming the field (under `prefix`) and what was expected there. */
export function issuesFromZod(error: z.ZodError, prefix?: string): ValidationIssue[] {
  return error.issues.map((issue) => ({ field: fieldPath(issue.path, prefix), reason: issue.message }));
}

/**
 * One ValidationError carrying every issue. The message repeats the issues so a caller that only
 * prints the message (chat, CLI) still shows all of them.
 */
export function validationFailure(subject: string, issues: readonly ValidationIssue[]): ValidationError {
  const lines = issues.map((i) => (i.field !== undefined && i.field.length > 0 ? `${i.field}: ${i.reason}` : i.reason));
  const noun = issues.length === 1 ? 'problem' : 'problems';
  return new ValidationError(`${subject} has ${issues.length} ${noun}: ${lines.join('; ')}`, issues);
}
