import { GraphClientError, GraphError } from '@microsoft/microsoft-graph-client';
import {
  AppError,
  ConflictError,
  NotFoundError,
  OperationalError,
  PayloadTooLargeError,
  PermissionDeniedError,
  ThrottledError,
  UnauthenticatedError,
  UnexpectedError,
  ValidationError,
} from '../../core/errors';
import { parseRetryAfter } from '../teams/teams-send-errors';

/**
 * What @microsoft/microsoft-graph-client 3.0.7 throws, and its translation into core/errors.ts.
 *
 * - An HTTP error answer is a `GraphError`: `statusCode`, `code` (Graph's `error.code`, such as
 *   `Request_ResourceNotFound`), `message`, and `headers` (the fetch `Headers` of the answer, where
 *   Retry-After is). The client builds it from the body; the raw body is in `body`.
 * - A `GraphClientError` is rethrown by the client untouched; our own middleware uses it to carry
 *   the original failure in `customError` (network errors from fetch, credential errors), since
 *   the client would otherwise flatten them into a GraphError with status -1 and lose the cause.
 */

/** What a failed call was doing, for messages: a verb phrase and the resource, never secrets. */
export interface GraphOperation {
  readonly action: string;
  readonly resource?: string;
  /** The input field a 400 most likely concerns (for ValidationError issues). Default `request`. */
  readonly field?: string;
}

/** Credential failures of @azure/identity, by name (its classes come from a nested copy; no instanceof). */
const CREDENTIAL_ERRORS: ReadonlySet<string> = new Set([
  'CredentialUnavailableError',
  'AuthenticationError',
  'AuthenticationRequiredError',
  'AggregateAuthenticationError',
]);

function describe(operation: GraphOperation): string {
  return operation.resource === undefined ? operation.action : `${operation.action} (${operation.resource})`;
}

function nameOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const name = (error as { name?: unknown }).name;
  return typeof name === 'string' ? name : undefined;
}

/** Milliseconds Graph asked us to wait, from the answer's Retry-After, when it said. */
export function graphRetryAfterMs(error: GraphError, nowMs: number = Date.now()): number | undefined {
  const raw = error.headers?.get('retry-after');
  return raw === null || raw === undefined ? undefined : parseRetryAfter(raw, nowMs);
}

function answerOf(error: GraphError): string {
  const code = error.code === null || error.code === undefined ? '' : ` ${error.code}`;
  const message = error.message.length > 0 ? `: ${error.message.slice(0, 300)}` : '';
  return `Graph answered ${error.statusCode}${code}${message}`;
}

/**
 * The one place where Graph failures become the application's error taxonomy; the original is
 * kept as `cause`.
 *
 * 400 → ValidationError (Graph refuses the request as we built it); 401 → UnauthenticatedError;
 * 403 → PermissionDeniedError; 404 → NotFoundError; 409 and 412 → ConflictError; 413 →
 * PayloadTooLargeError; other 4xx → ValidationError; 429 and 503 → ThrottledError with
 * Retry-After (the client has retried already, see graph-retry-policy.ts); other 5xx, and a
 * malformed success answer → OperationalError; no answer at all → OperationalError; credential
 * failures → UnauthenticatedError; an AppError passes through; anything else is a bug →
 * UnexpectedError.
 */
export function translateGraphError(error: unknown, operation: GraphOperation): AppError {
  if (error instanceof AppError) return error;
  const what = describe(operation);
  if (error instanceof GraphClientError) {
    const inner: unknown = error.customError;
    if (inner instanceof AppError) return inner;
    const innerName = nameOf(inner);
    if (innerName !== undefined && CREDENTIAL_ERRORS.has(innerName)) {
      return new UnauthenticatedError(`${what}: could not get a Graph token; check GRAPH_TENANT_ID, GRAPH_CLIENT_ID and the secret or managed identity`, {
        cause: inner,
      });
    }
    if (inner !== undefined) return new OperationalError(`${what}: no answer from Graph (${error.message})`, { cause: inner });
    return new UnexpectedError(`${what}: ${error.message}`, { cause: error });
  }
  if (!(error instanceof GraphError)) return new UnexpectedError(`${what}: unexpected failure`, { cause: error });

  const status = error.statusCode;
  const answer = answerOf(error);
  switch (status) {
    case 400:
      return new ValidationError(`${what}: ${answer}`, [{ field: operation.field ?? 'request', reason: `Graph refused it: ${answer}` }], { cause: error });
    case 401:
      return new UnauthenticatedError(`${what}: ${answer}; the app's Graph token was refused`, { cause: error });
    case 403:
      return new PermissionDeniedError(`${what}: ${answer}; the app lacks the Graph permission for this`, { cause: error });
    case 404:
      return new NotFoundError(`${what}: ${answer}`, { cause: error });
    case 409:
    case 412:
      return new ConflictError(`${what}: ${answer}`, { cause: error });
    case 413:
      return new PayloadTooLargeError(`${what}: ${answer}`, { cause: error });
    case 429:
    case 503: {
      const retryAfterMs = graphRetryAfterMs(error);
      const hint = retryAfterMs === undefined ? '' : `; retry after ${retryAfterMs} ms`;
      return new ThrottledError(`${what}: ${answer} (still, after the client's retries)${hint}`, retryAfterMs, { cause: error });
    }
    default:
      break;
  }
  if (status >= 500 && status <= 599) return new OperationalError(`${what}: ${answer}`, { cause: error });
  if (status >= 400 && status <= 499) {
    return new ValidationError(`${what}: ${answer}`, [{ field: operation.field ?? 'request', reason: `Graph refused it: ${answer}` }], { cause: error });
  }
  // A 2xx whose body the client could not parse, or a status outside HTTP's error range.
  if (status >= 200 && status <= 399) return new OperationalError(`${what}: Graph's answer could not be read (${error.message})`, { cause: error });
  // Status -1: the client failed before or without an answer (our fetch and token failures
  // arrive as GraphClientError instead), so this is a bug on our side.
  return new UnexpectedError(`${what}: ${error.message}`, { cause: error });
}

/**
 * A GraphError for a non-2xx answer read with `ResponseType.RAW` (the client returns raw
 * responses as they are, errors included). Reads Graph's `{ error: { code, message } }` body.
 */
export async function graphErrorFromResponse(response: Response): Promise<GraphError> {
  const text = await response.text().catch(() => '');
  let code: string | null = null;
  let message = response.statusText;
  try {
    const body = JSON.parse(text) as unknown;
    const inner = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
    if (typeof inner === 'object' && inner !== null) {
      const c = (inner as { code?: unknown }).code;
      const m = (inner as { message?: unknown }).message;
      if (typeof c === 'string') code = c;
      if (typeof m === 'string' && m.length > 0) message = m;
    }
  } catch {
    // Not JSON: keep the status text.
  }
  const error = new GraphError(response.status, message);
  error.code = code;
  error.headers = response.headers;
  error.body = text;
  return error;
}

/** Runs one Graph call and translates whatever it throws (see translateGraphError). */
export async function withGraphErrors<T>(operation: GraphOperation, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw translateGraphError(error, operation);
  }
}

/** The HTTP status of a raw Graph client failure, before translation (undefined when there was no answer). */
export function graphStatusOf(error: unknown): number | undefined {
  return error instanceof GraphError && error.statusCode >= 100 ? error.statusCode : undefined;
}
