import {
  AppError,
  ConflictError,
  NotFoundError,
  OperationalError,
  PayloadTooLargeError,
  PermissionDeniedError,
  ThrottledError,
  UnauthenticatedError,
  ValidationError,
} from '../../core/errors';
import { ConnectorError } from '../engine/contracts';

/**
 * How connector operations fail. A ConnectorError's `statusCode` decides whether the runner retries
 * (408, 429, 5xx), and its `body` becomes the failed action's outputs; so the body is shaped like a
 * connector answer, `{ statusCode, body: { error: { code, message } } }`, and a flow's
 * `outputs('X')?['statusCode']` or `body('X')?['error']?['message']` reads the same way whether the
 * call failed here or at a remote API.
 */

/** The outputs of a failed call: an HTTP-like status and an error body. */
export function errorOutputs(statusCode: number, code: string, message: string): { statusCode: number; body: { error: { code: string; message: string } } } {
  return { statusCode, body: { error: { code, message } } };
}

/** A parameter the operation cannot use: 400, naming the parameter as a flow author writes it (`emailMessage/To`). */
export function badParameter(parameter: string, reason: string): ConnectorError {
  const message = `${parameter}: ${reason}`;
  return new ConnectorError(message, 400, errorOutputs(400, 'InvalidParameter', message));
}

/** Something the operation needs is not configured here (a mailbox, a connection): 400, since retrying cannot help. */
export function notConfigured(message: string): ConnectorError {
  return new ConnectorError(message, 400, errorOutputs(400, 'NotConfigured', message));
}

function statusOf(error: AppError): number {
  // ThrottledError first: it is an OperationalError too.
  if (error instanceof ThrottledError) return 429;
  if (error instanceof OperationalError) return 503;
  if (error instanceof ValidationError) return 400;
  if (error instanceof UnauthenticatedError) return 401;
  if (error instanceof PermissionDeniedError) return 403;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof PayloadTooLargeError) return 413;
  return 500;
}

function describeValidation(error: ValidationError): string {
  if (error.issues.length === 0) return error.message;
  const issues = error.issues.map((i) => (i.field !== undefined && i.field !== '' ? `${i.field}: ${i.reason}` : i.reason));
  return error.message.includes(issues[0] ?? '') ? error.message : `${error.message} (${issues.join('; ')})`;
}

/**
 * A port's failure as the connector's: ThrottledError → 429 (with `retryAfterMs`), other
 * OperationalError → 503, ValidationError → 400, UnauthenticatedError → 401,
 * PermissionDeniedError → 403, NotFoundError → 404, ConflictError → 409, PayloadTooLargeError →
 * 413, any other AppError → 500. A ConnectorError passes through. Anything else is a bug and is
 * rethrown as it is, so it is not mistaken for a remote failure.
 */
export function toConnectorError(error: unknown, what: string): ConnectorError {
  if (error instanceof ConnectorError) return error;
  if (!(error instanceof AppError)) throw error;
  const status = statusOf(error);
  const detail = error instanceof ValidationError ? describeValidation(error) : error.message;
  const message = `${what}: ${detail}`;
  const retryAfterMs = error instanceof ThrottledError ? error.retryAfterMs : undefined;
  return new ConnectorError(message, status, errorOutputs(status, error.code, message), retryAfterMs);
}

/** Runs one port call and translates its failure (see toConnectorError). */
export async function withConnectorErrors<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toConnectorError(error, what);
  }
}

/**
 * Milliseconds to wait from a Retry-After header (delta-seconds or an HTTP date), or undefined
 * when absent or unreadable. `nowMs` for the date form.
 */
export function retryAfterMsFrom(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
