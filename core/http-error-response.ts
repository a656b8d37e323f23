import {
  AppError,
  ConflictError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  ThrottledError,
  UnauthenticatedError,
  ValidationError,
} from './errors';

/**
 * The error taxonomy as HTTP, for every API the server offers (ingestion, the Power Platform
 * connector's endpoints). Pure: the HTTP adapters in infra/ and bot/ both answer with it.
 */
export interface HttpErrorResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: { error: { code: string; message: string; issues?: readonly unknown[] } };
}

/** Maps the error taxonomy to HTTP. Unknown errors become a 500 that reveals nothing internal. */
export function toHttpError(error: unknown): HttpErrorResponse {
  const headers: Record<string, string> = {};
  if (error instanceof AppError) {
    let status = 500;
    if (error instanceof ValidationError) status = 400;
    else if (error instanceof UnauthenticatedError) {
      status = 401;
      headers['WWW-Authenticate'] = 'Bearer';
    } else if (error instanceof PermissionDeniedError) status = 403;
    else if (error instanceof NotFoundError) status = 404;
    else if (error instanceof ConflictError) status = 409;
    else if (error instanceof PayloadTooLargeError) status = 413;
    else if (error instanceof ThrottledError) {
      status = 503;
      if (error.retryAfterMs !== undefined) headers['Retry-After'] = String(Math.ceil(error.retryAfterMs / 1000));
    } else if (error.retryable) status = 503;
    const issues = error instanceof ValidationError && error.issues.length > 0 ? error.issues : undefined;
    const message = status === 500 ? 'internal error' : error.message;
    return { status, headers, body: { error: { code: error.code, message, ...(issues ? { issues } : {}) } } };
  }
  return { status: 500, headers, body: { error: { code: 'unexpected', message: 'internal error' } } };
}
