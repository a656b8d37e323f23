import { isoDurationMs, parseIsoDuration } from './iso-duration';
import { StepFailure } from './run-signals';

/**
 * `inputs.retryPolicy` of a connector action (Logic Apps "error-exception-handling"):
 * - absent or `default`: exponential, 4 retries, intervals scaled by 7.5 s and kept between 5 s
 *   and 45 s (the documented Default policy);
 * - `none`: one attempt;
 * - `fixed`: `count` retries, `interval` apart;
 * - `exponential`: `count` retries, retry n waiting a uniform random time in
 *   [max(2^(n-2)·interval, minimumInterval), min(2^(n-1)·interval, maximumInterval)] (retry 1 from
 *   max(0, minimumInterval)); minimumInterval defaults to PT5S, maximumInterval to PT1H.
 * `count` is 1–90 as documented.
 */
export interface RetryPolicy {
  readonly type: 'none' | 'fixed' | 'exponential';
  /** Retries after the first attempt. */
  readonly count: number;
  readonly intervalMs: number;
  readonly minimumMs: number;
  readonly maximumMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { type: 'exponential', count: 4, intervalMs: 7_500, minimumMs: 5_000, maximumMs: 45_000 };
const NO_RETRY: RetryPolicy = { type: 'none', count: 0, intervalMs: 0, minimumMs: 0, maximumMs: 0 };
const MAX_COUNT = 90;

/** Reads an evaluated `retryPolicy`; a malformed one fails the step (code InvalidRetryPolicy) rather than being guessed at. */
export function parseRetryPolicy(raw: unknown, from: Date): RetryPolicy {
  if (raw === undefined || raw === null) return DEFAULT_RETRY_POLICY;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw invalid('expected an object such as {"type":"fixed","count":2,"interval":"PT30S"}');
  const policy = raw as Record<string, unknown>;
  const type = typeof policy.type === 'string' ? policy.type.trim().toLowerCase() : undefined;
  if (type === undefined || type === 'default') return DEFAULT_RETRY_POLICY;
  if (type === 'none') return NO_RETRY;
  if (type !== 'fixed' && type !== 'exponential') throw invalid(`expected type none, default, fixed or exponential; got '${String(policy.type)}'`);
  const count = policy.count === undefined ? DEFAULT_RETRY_POLICY.count : Number(policy.count);
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) throw invalid(`expected count to be a whole number from 1 to ${MAX_COUNT}; got ${JSON.stringify(policy.count)}`);
  const duration = (key: string, fallbackMs: number): number => {
    const value = policy[key];
    if (value === undefined) return fallbackMs;
    const parsed = typeof value === 'string' ? parseIsoDuration(value) : undefined;
    if (parsed === undefined) throw invalid(`expected ${key} to be an ISO 8601 duration such as PT30S; got ${JSON.stringify(value)}`);
    return isoDurationMs(parsed, from);
  };
  const intervalMs = duration('interval', DEFAULT_RETRY_POLICY.intervalMs);
  if (type === 'fixed') return { type, count, intervalMs, minimumMs: intervalMs, maximumMs: intervalMs };
  return { type, count, intervalMs, minimumMs: duration('minimumInterval', 5_000), maximumMs: duration('maximumInterval', 3_600_000) };
}

/** How long to wait before retry number `retry` (1 = the first retry). `random` is uniform in [0, 1). */
export function retryDelayMs(policy: RetryPolicy, retry: number, random: () => number): number {
  if (policy.type === 'none') return 0;
  if (policy.type === 'fixed') return policy.intervalMs;
  const low = retry <= 1 ? Math.max(0, policy.minimumMs) : Math.max(2 ** (retry - 2) * policy.intervalMs, policy.minimumMs);
  const high = Math.min(2 ** (retry - 1) * policy.intervalMs, policy.maximumMs);
  // An empty range: a minimum above the scaled interval wins, and the maximum caps everything.
  if (low >= high) return Math.round(Math.min(low, policy.maximumMs));
  return Math.round(low + (high - low) * random());
}

function invalid(reason: string): StepFailure {
  return new StepFailure('InvalidRetryPolicy', `inputs.retryPolicy: ${reason}`);
}
