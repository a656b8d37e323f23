import {
  AppError,
  ConflictError,
  NotFoundError,
  OperationalError,
  PayloadTooLargeError,
  ThrottledError,
  UnexpectedError,
} from '../../core/errors';

/**
 * What a failed call was doing, for the error message. Names containers and document ids only,
 * never document contents or credentials.
 */
export interface CosmosOperation {
  /** Verb phrase such as `replace user` or `query activities`. */
  readonly action: string;
  readonly container?: string;
  readonly id?: string;
}

/**
 * The fields of @azure/cosmos's ErrorResponse that we branch on. Bulk results carry a plain-object
 * copy of the error (the SDK spreads it to drop the stack), so this is duck-typed, not instanceof.
 */
interface CosmosErrorLike {
  readonly code?: unknown;
  readonly retryAfterInMs?: unknown;
  readonly headers?: unknown;
  readonly name?: unknown;
}

const RETRY_AFTER_HEADER = 'x-ms-retry-after-ms';

function asErrorLike(error: unknown): CosmosErrorLike | undefined {
  return typeof error === 'object' && error !== null ? error : undefined;
}

/**
 * The HTTP status of a Cosmos failure (the SDK puts it in `code`, a number; some paths use a
 * numeric string), or `undefined` for anything that is not a service answer.
 */
export function cosmosStatus(error: unknown): number | undefined {
  const code = asErrorLike(error)?.code;
  if (typeof code === 'number' && Number.isInteger(code)) return code;
  if (typeof code === 'string' && /^\d{3}$/.test(code)) return Number(code);
  return undefined;
}

/** How long the service asked us to wait: the SDK's parsed value, else the raw header. */
export function cosmosRetryAfterMs(error: unknown): number | undefined {
  const like = asErrorLike(error);
  if (!like) return undefined;
  if (typeof like.retryAfterInMs === 'number' && Number.isFinite(like.retryAfterInMs) && like.retryAfterInMs >= 0) {
    return like.retryAfterInMs;
  }
  const headers = like.headers;
  if (typeof headers === 'object' && headers !== null) {
    const raw = (headers as Record<string, unknown>)[RETRY_AFTER_HEADER];
    const parsed = typeof raw === 'string' || typeof raw === 'number' ? Number(raw) : Number.NaN;
    if (Number.isFinite(parsed) && parsed >= 0) return parsed;
  }
  return undefined;
}

/**
 * Network-level failures the SDK surfaces with a string code (ECONNREFUSED, REQUEST_SEND_ERROR,
 * its own TimeoutError). Node's `ERR_*` codes are programming errors, not the network.
 */
function isTransportFailure(like: CosmosErrorLike): boolean {
  if (typeof like.code === 'string' && like.code.length > 0 && !like.code.startsWith('ERR_')) return true;
  return like.name === 'TimeoutError' || like.name === 'AbortError';
}

function describe(operation: CosmosOperation): string {
  const where = [operation.container, operation.id].filter((part) => part !== undefined).join('/');
  return where.length > 0 ? `${operation.action} (${where})` : operation.action;
}

/**
 * The one place where @azure/cosmos failures become the application's error taxonomy.
 *
 * - 404 → NotFoundError; 409 (id exists) and 412 (stale ETag, failed patch condition) →
 *   ConflictError. Insert-if-absent paths check for 409 themselves before calling this.
 * - 429 → ThrottledError with the service's retry-after. The SDK has already retried by then
 *   (connectionPolicy.retryOptions), so this means "still throttled after our own retries".
 * - 413 → PayloadTooLargeError: a document over the 2 MB item limit; the caller can shrink it.
 * - 400 → UnexpectedError: we built a request the service rejects (query syntax, illegal id), a bug.
 * - Any other service status, and socket or timeout failures → OperationalError (retryable).
 * - An AppError passes through unchanged; any other thrown value is a bug → UnexpectedError.
 */
export function translateCosmosError(error: unknown, operation: CosmosOperation): AppError {
  if (error instanceof AppError) return error;
  const what = describe(operation);
  const status = cosmosStatus(error);
  switch (status) {
    case 404:
      return new NotFoundError(`${what}: not found`, { cause: error });
    case 409:
      return new ConflictError(`${what}: a document with this id already exists`, { cause: error });
    case 412:
      return new ConflictError(`${what}: the document changed since it was read`, { cause: error });
    case 413:
      return new PayloadTooLargeError(`${what}: the document exceeds the Cosmos DB item size limit`, { cause: error });
    case 429: {
      const retryAfterMs = cosmosRetryAfterMs(error);
      const hint = retryAfterMs === undefined ? '' : `; retry after ${retryAfterMs} ms`;
      return new ThrottledError(`${what}: Cosmos DB is still throttling after the client's retries${hint}`, retryAfterMs, {
        cause: error,
      });
    }
    case 400:
      return new UnexpectedError(`${what}: Cosmos DB rejected the request as malformed`, { cause: error });
    case undefined:
      break;
    default:
      return new OperationalError(`${what}: Cosmos DB answered ${status}`, { cause: error });
  }
  const like = asErrorLike(error);
  if (like && isTransportFailure(like)) {
    return new OperationalError(`${what}: Cosmos DB is unreachable`, { cause: error });
  }
  return new UnexpectedError(`${what}: unexpected failure`, { cause: error });
}
