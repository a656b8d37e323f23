/**
 * The error taxonomy. Callers branch on the class or on `code`, never on message text.
 * Vendor errors (SQLite, Cosmos, Graph, Teams) are translated into these at the adapter edge.
 */
export abstract class AppError extends Error {
  abstract readonly code: string;
  abstract readonly retryable: boolean;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The caller can fix it: bad input, missing permission, absent target, lost race. Maps to 4xx. */
export abstract class UserError extends AppError {
  readonly retryable = false;
}

/** One problem found in an input: where it is and what was expected there. */
export interface ValidationIssue {
  /** Name of the file (or request) that holds the problem, when there is one. */
  readonly file?: string;
  /** 1-based data row (CSV: the header is row 1; JSON array: element index + 1; NDJSON: line number). */
  readonly row?: number;
  readonly field?: string;
  readonly reason: string;
}

export class ValidationError extends UserError {
  readonly code = 'validation_failed';
  constructor(
    message: string,
    readonly issues: readonly ValidationIssue[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** An input larger than we accept in one request (HTTP 413). */
export class PayloadTooLargeError extends UserError {
  readonly code = 'payload_too_large';
}

export class PermissionDeniedError extends UserError {
  readonly code = 'permission_denied';
}

export class UnauthenticatedError extends UserError {
  readonly code = 'unauthenticated';
}

export class NotFoundError extends UserError {
  readonly code = 'not_found';
}

/** An optimistic-concurrency check failed (stale ETag) or a unique key already exists. */
export class ConflictError extends UserError {
  readonly code = 'conflict';
}

/** Something outside us failed or pushed back; retry with backoff. */
export class OperationalError extends AppError {
  readonly code: string = 'external_failure';
  readonly retryable = true;
}

export class ThrottledError extends OperationalError {
  override readonly code = 'throttled';
  constructor(
    message: string,
    /** How long the service asked us to wait, in milliseconds, when it said. */
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A bug or an impossible state: report it, answer 500. */
export class UnexpectedError extends AppError {
  readonly code = 'unexpected';
  readonly retryable = false;
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** The message of whatever was thrown (a non-Error value as text), for a reason or a log line. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
