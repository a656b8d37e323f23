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

/**
 * What botbuilder's connector client throws, and how the sender should treat it.
 *
 * Found by experiment with botbuilder 4.23.3 (`CloudAdapter` → `ConnectorClient`, which runs on
 * @azure/core-client / @azure/core-rest-pipeline), against test/support/fake-teams-connector.ts:
 *
 * - An HTTP error answer is a `RestError` with `statusCode` (number), `code` (the `error.code` of
 *   Teams' JSON body, e.g. `MessageSizeTooBig`, or undefined when the body is not that shape),
 *   `message` (the body's `error.message`) and `response.headers`, an `HttpHeaders` whose
 *   `get('retry-after')` gives the raw header.
 * - A transport failure is a `RestError` without `statusCode` whose `code` is Node's system code:
 *   `ECONNREFUSED` (nothing listening), `ECONNRESET` (socket hang up), and so on.
 * - Everything is duck-typed: the class comes from a nested package copy, so `instanceof` against
 *   our own import of it would be unreliable.
 */
export interface TeamsSendFailure {
  /** `response`: Teams answered with an error status; `network`: no answer; `other`: not from the connector at all. */
  readonly origin: 'response' | 'network' | 'other';
  readonly status?: number;
  /** Teams' error code from the body, or the system error code of a network failure. */
  readonly code?: string;
  /** Worth another attempt after a pause. */
  readonly retryable: boolean;
  /** How long Teams asked us to wait, when it said (Retry-After, seconds or HTTP date). */
  readonly retryAfterMs?: number;
}

/**
 * Statuses worth retrying. Teams' doc names 429, 412, 502 and 504; 408, 500 and 503 are the
 * usual transient answers of any HTTP service and are retried as well, because giving up on them
 * only moves the retry to the outbox (slower), while a persistent 5xx still ends after
 * `maxAttempts` as an OperationalError that the outbox redelivers later.
 */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 412, 429, 500, 502, 503, 504]);

/** The connector's generic "could not send" code, used when Node gives no system code. */
const SEND_ERROR_CODES: ReadonlySet<string> = new Set(['REQUEST_SEND_ERROR']);

/** Node system error codes (`ECONNRESET`, `ETIMEDOUT`, `EAI_AGAIN` …); `ERR_*` codes are programming errors. */
const SYSTEM_ERROR_CODE = /^E(?!RR_)[A-Z0-9_]+$/;

interface RestErrorLike {
  readonly statusCode?: unknown;
  readonly code?: unknown;
  readonly name?: unknown;
  readonly response?: unknown;
}

function asObject(value: unknown): RestErrorLike | undefined {
  return typeof value === 'object' && value !== null ? value : undefined;
}

/**
 * Reads one response header from either an @azure/core-rest-pipeline `HttpHeaders` (`get`) or a
 * plain record (any case), since both shapes travel on errors of this SDK family.
 */
function readHeader(response: unknown, name: string): string | undefined {
  const headers = asObject(response) && (response as { headers?: unknown }).headers;
  if (typeof headers !== 'object' || headers === null) return undefined;
  const getter = (headers as { get?: unknown }).get;
  if (typeof getter === 'function') {
    const value: unknown = (getter as (key: string) => unknown).call(headers, name);
    return typeof value === 'string' ? value : undefined;
  }
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
    if (key.toLowerCase() === wanted && (typeof value === 'string' || typeof value === 'number')) return String(value);
  }
  return undefined;
}

const DELAY_SECONDS = /^\s*\d+(\.\d+)?\s*$/;

/**
 * Parses a Retry-After value into milliseconds from `nowMs`: either delay-seconds (Teams sends
 * whole seconds; fractions are accepted, which the scaled fake connector sends) or an HTTP date.
 * A date in the past means "now" (0). Anything else is undefined: ignored, not guessed.
 */
export function parseRetryAfter(value: string, nowMs: number): number | undefined {
  if (DELAY_SECONDS.test(value)) return Number(value) * 1000;
  // HTTP dates name the weekday and the month ("Wed, 21 Oct 2015 07:28:00 GMT"); requiring a
  // letter keeps bare numbers in other forms ("-1", "1e3") from being read as dates.
  if (!/[A-Za-z]/.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

function retryAfterOf(response: unknown, nowMs: number): number | undefined {
  const raw = readHeader(response, 'retry-after');
  if (raw !== undefined) {
    const parsed = parseRetryAfter(raw, nowMs);
    if (parsed !== undefined) return parsed;
  }
  // Azure services sometimes answer in milliseconds instead; accept it if it is there.
  const ms = readHeader(response, 'retry-after-ms') ?? readHeader(response, 'x-ms-retry-after-ms');
  if (ms !== undefined && DELAY_SECONDS.test(ms)) return Number(ms);
  return undefined;
}

/**
 * Classifies what a connector call threw.
 *
 * @param nowMs the sender's clock, for Retry-After given as an HTTP date.
 */
export function classifyTeamsSendError(error: unknown, nowMs: number = Date.now()): TeamsSendFailure {
  const like = asObject(error);
  if (!like || error instanceof AppError) return { origin: 'other', retryable: false };
  const code = typeof like.code === 'string' && like.code.length > 0 ? like.code : undefined;
  const status = typeof like.statusCode === 'number' && Number.isInteger(like.statusCode) ? like.statusCode : undefined;
  if (status !== undefined && status >= 400 && status <= 599) {
    const retryAfterMs = retryAfterOf(like.response, nowMs);
    return {
      origin: 'response',
      status,
      ...(code !== undefined && { code }),
      retryable: RETRYABLE_STATUSES.has(status),
      ...(retryAfterMs !== undefined && { retryAfterMs }),
    };
  }
  if (status === undefined && code !== undefined && (SYSTEM_ERROR_CODE.test(code) || SEND_ERROR_CODES.has(code))) {
    return { origin: 'network', code, retryable: true };
  }
  if (like.name === 'TimeoutError') return { origin: 'network', code: 'TIMEOUT', retryable: true };
  return { origin: 'other', retryable: false };
}

/** Where a failure happened, for messages: the label given to the sender and the thread. */
export interface TeamsCallDescription {
  readonly label?: string;
  readonly threadKey: string;
}

function describeCall(call: TeamsCallDescription): string {
  return `${call.label ?? 'Teams request'} (thread ${call.threadKey})`;
}

function describeAnswer(failure: TeamsSendFailure, error: unknown): string {
  if (failure.origin === 'network') return `no answer (${failure.code ?? 'network failure'})`;
  const message = error instanceof Error ? error.message.slice(0, 200) : '';
  const code = failure.code === undefined ? '' : ` ${failure.code}`;
  return `Teams answered ${failure.status ?? '?'}${code}${message.length > 0 ? `: ${message}` : ''}`;
}

/** Teams kept throttling (the last attempt got 429) until the sender ran out of attempts. */
export class TeamsThrottledError extends ThrottledError {
  constructor(
    message: string,
    /** The status of the last attempt (429). */
    readonly status: number,
    /** Attempts made, all counted against Teams' windows. */
    readonly attempts: number,
    retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, retryAfterMs, options);
  }
}

/** Teams kept failing with a retryable status or no answer until the sender ran out of attempts. */
export class TeamsUnavailableError extends OperationalError {
  constructor(
    message: string,
    /** The status of the last attempt; undefined when the last attempt got no answer. */
    readonly status: number | undefined,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The error to reject with after `attempts` retryable failures. A last answer of 429 gives a
 * {@link TeamsThrottledError} (a ThrottledError, with Teams' last Retry-After); anything else a
 * {@link TeamsUnavailableError} (an OperationalError). Both are `retryable`: the caller (the
 * outbox dispatcher) redelivers later, so nothing is lost.
 */
export function exhaustedTeamsError(
  failure: TeamsSendFailure,
  error: unknown,
  attempts: number,
  call: TeamsCallDescription,
): TeamsThrottledError | TeamsUnavailableError {
  const what = `${describeCall(call)}: gave up after ${attempts} attempts; last: ${describeAnswer(failure, error)}`;
  if (failure.status === 429) return new TeamsThrottledError(what, 429, attempts, failure.retryAfterMs, { cause: error });
  return new TeamsUnavailableError(what, failure.status, attempts, { cause: error });
}

/**
 * The one place where a non-retryable Teams failure becomes the application's error taxonomy.
 * The original error is kept as `cause`.
 *
 * - 400 and other 4xx we do not name below → ValidationError: Teams refuses the activity as we
 *   built it (malformed card, bad id); sending it again cannot help, the content must change.
 * - 401 → UnauthenticatedError (the bot's credentials); 403 → PermissionDeniedError (the bot was
 *   removed from the team, or may not post there); 404 → NotFoundError (conversation or message
 *   gone); 409 → ConflictError; 413 → PayloadTooLargeError (`MessageSizeTooBig`: shrink the card).
 *   These are UserErrors: not retryable, the outbox should park the event, not redeliver it.
 * - A 5xx that is not retryable (501, 505) → OperationalError: the service's fault, not ours.
 * - An AppError passes through unchanged; anything that is not a connector error (a TypeError in
 *   the operation) is a bug → UnexpectedError.
 */
export function translateTeamsSendError(error: unknown, failure: TeamsSendFailure, call: TeamsCallDescription): AppError {
  if (error instanceof AppError) return error;
  const what = describeCall(call);
  if (failure.origin === 'other') return new UnexpectedError(`${what}: unexpected failure`, { cause: error });
  const answer = describeAnswer(failure, error);
  if (failure.origin === 'network') return new OperationalError(`${what}: ${answer}`, { cause: error });
  switch (failure.status) {
    case 401:
      return new UnauthenticatedError(`${what}: ${answer}; check the bot's app id and secret`, { cause: error });
    case 403:
      return new PermissionDeniedError(`${what}: ${answer}; the bot may not post there (removed from the team or blocked)`, { cause: error });
    case 404:
      return new NotFoundError(`${what}: ${answer}; the conversation or message no longer exists`, { cause: error });
    case 409:
      return new ConflictError(`${what}: ${answer}`, { cause: error });
    case 413:
      return new PayloadTooLargeError(`${what}: ${answer}; the message exceeds Teams' size limit`, { cause: error });
    default:
      break;
  }
  if (failure.status !== undefined && failure.status >= 500) return new OperationalError(`${what}: ${answer}`, { cause: error });
  return new ValidationError(`${what}: ${answer}`, [{ field: 'activity', reason: `Teams refused the request: ${answer}` }], { cause: error });
}
