import { RetryHandlerOptions, type ShouldRetry } from '@microsoft/microsoft-graph-client';
import { ValidationError } from '../../core/errors';
import { parseRetryAfter } from '../teams/teams-send-errors';

/**
 * How the Graph client retries, configured deliberately instead of taking RetryHandler's defaults.
 *
 * What @microsoft/microsoft-graph-client 3.0.7's RetryHandler does (read from its source,
 * lib/src/middleware/RetryHandler.js, and observed against the fake Graph):
 * - it retries only 429, 503 and 504, up to `maxRetries` (default 3, at most 10) times, for any
 *   method, unless the body is a stream;
 * - it waits the response's Retry-After (seconds, or an HTTP date) when there is one, capped at
 *   180 s; otherwise `delay` seconds (default 3) plus exponential backoff plus up to 1 s of jitter;
 * - it never retries a network failure (fetch throwing): that surfaces at once;
 * - the last answer, when still 429/503, becomes a GraphError carrying the response headers, so
 *   graph-errors.ts can read Retry-After once more for the ThrottledError.
 *
 * What we change, through `shouldRetry`:
 * - 429 is always safe to retry (Graph did not process the request) and 503 with Retry-After is
 *   Graph's other throttling answer; both are retried, but only when the wait Graph asks for is at
 *   most `maxRetryAfterMs`. A longer wait is not slept through inside a request: it surfaces as a
 *   ThrottledError with `retryAfterMs`, and the outbox reschedules the work.
 * - 503 without Retry-After and 504 may come after Graph acted on the request; they are retried
 *   only for methods that are safe to repeat (GET, PUT, DELETE, HEAD). A `POST /teams` or
 *   `sendMail` is not repeated blindly: that could create a second team or send a mail twice.
 */
export interface GraphRetrySettings {
  /** Retries after the first attempt. Default 3 (RetryHandler allows at most 10). */
  readonly maxRetries?: number;
  /** Base delay in seconds when Graph gives no Retry-After. Default 3. */
  readonly delaySeconds?: number;
  /** The longest Retry-After slept through in-process. Default 60,000 ms. */
  readonly maxRetryAfterMs?: number;
}

const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);

function methodOf(request: unknown, options: { method?: string } | undefined): string {
  // The client's types name DOM's RequestInfo, unknown to this Node-only build.
  if (request instanceof Request) return request.method.toUpperCase();
  return (options?.method ?? 'GET').toUpperCase();
}

/** The decision for one answer; exported for unit tests. */
export function shouldRetryGraphAnswer(method: string, status: number, retryAfter: string | null, maxRetryAfterMs: number, nowMs = Date.now()): boolean {
  const waitMs = retryAfter === null ? undefined : parseRetryAfter(retryAfter, nowMs);
  if (status === 429 || (status === 503 && waitMs !== undefined)) return waitMs === undefined || waitMs <= maxRetryAfterMs;
  if (status === 503 || status === 504) return IDEMPOTENT_METHODS.has(method.toUpperCase());
  return false;
}

/** RetryHandlerOptions for the client's RetryHandler, from our settings. */
export function graphRetryOptions(settings: GraphRetrySettings = {}): RetryHandlerOptions {
  const maxRetries = settings.maxRetries ?? 3;
  const delaySeconds = settings.delaySeconds ?? 3;
  const maxRetryAfterMs = settings.maxRetryAfterMs ?? 60_000;
  const issues = [
    ...(Number.isInteger(maxRetries) && maxRetries >= 0 && maxRetries <= 10 ? [] : [{ field: 'maxRetries', reason: 'expected a whole number from 0 to 10' }]),
    ...(Number.isFinite(delaySeconds) && delaySeconds >= 0 && delaySeconds <= 180 ? [] : [{ field: 'delaySeconds', reason: 'expected seconds from 0 to 180' }]),
    ...(Number.isFinite(maxRetryAfterMs) && maxRetryAfterMs >= 0 ? [] : [{ field: 'maxRetryAfterMs', reason: 'expected milliseconds, 0 or more' }]),
  ];
  if (issues.length > 0) throw new ValidationError('Graph retry settings are invalid', issues);
  const shouldRetry: ShouldRetry = (_delay, _attempt, request, options, response) =>
    shouldRetryGraphAnswer(methodOf(request, options), response.status, response.headers.get('retry-after'), maxRetryAfterMs);
  return new RetryHandlerOptions(delaySeconds, maxRetries, shouldRetry);
}
