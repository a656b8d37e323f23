import { AppError, ConflictError, NotFoundError, OperationalError, PermissionDeniedError, ThrottledError, ValidationError } from '../../../core/errors';
import { ConnectorError, type ConnectorResult } from '../contracts';
import type { StepContext, StepProgress } from './executor';
import { isRetryableStatus, statusCodeName } from './http-status-codes';
import { addIsoDuration, parseIsoDuration } from './iso-duration';
import { parseRetryPolicy, retryDelayMs } from './retry-policy';
import { StepFailure } from './run-signals';

/**
 * One connector call with the action's retry policy and timeout, durable across restarts:
 * - before each attempt the step is stored Running with its attempt count, so a process that dies
 *   during the call leaves a record, and the resumed run calls again with the same
 *   idempotencyKey (`<runId>/<step path>`) for the connector to recognize;
 * - a failure is retried when it is a ConnectorError with 408, 429 or 5xx (or, from a port, an
 *   OperationalError such as ThrottledError), `retryAfterMs` taking the place of the policy's
 *   interval; anything else fails the step at once with the error's status and body as outputs;
 * - a retry interval up to `maxWaitInProcessMs` is slept in process, a longer one makes the run
 *   Waiting until the retry is due (its time is stored as `nextAttemptAt`);
 * - `limit.timeout` (ISO 8601) bounds the whole step from its start: an attempt still running then
 *   is abandoned and the step is TimedOut (code ActionTimedOut), and no retry starts that could
 *   not finish in time. Without it each attempt gets `defaultActionTimeoutMs`.
 */
export interface ConnectorCall {
  /** What the step records as its inputs. */
  readonly inputs: unknown;
  /** The evaluated `inputs.retryPolicy`, if any. */
  readonly retryPolicy: unknown;
  /** Extra fields kept in every progress record (a webhook's wait token). */
  readonly progress?: Partial<StepProgress>;
  /** A webhook's `limit.timeout` bounds its wait, not its subscribe call: each attempt then gets the default timeout. */
  readonly ignoreLimitTimeout?: boolean;
  readonly call: (attempt: number) => Promise<ConnectorResult>;
}

export interface CallSuccess {
  readonly result: ConnectorResult;
  readonly attempts: number;
}

interface Failure {
  readonly statusCode?: number;
  readonly body?: unknown;
  readonly retryAfterMs?: number;
  readonly retryable: boolean;
  readonly message: string;
}

const TIMED_OUT: unique symbol = Symbol('timed out');

export async function callConnector(step: StepContext, call: ConnectorCall): Promise<CallSuccess> {
  const policy = parseRetryPolicy(call.retryPolicy, step.startedAt);
  const deadline = call.ignoreLimitTimeout === true ? undefined : stepDeadline(step);
  const running = (extra: Partial<StepProgress>): StepProgress => ({ status: 'Running', inputs: call.inputs, ...call.progress, ...extra });
  let attempts = step.stored?.attempts ?? 0;

  // Resuming a step that was waiting for its next retry.
  if (step.stored?.nextAttemptAt !== undefined) {
    await waitUntil(step, new Date(step.stored.nextAttemptAt), running({ attempts, nextAttemptAt: step.stored.nextAttemptAt, ...(step.stored.error ? { error: step.stored.error } : {}) }));
  }

  for (;;) {
    const timeoutMs = deadline === undefined ? step.limits.defaultActionTimeoutMs : deadline.getTime() - step.now().getTime();
    if (timeoutMs <= 0) throw timedOut(step, attempts);
    attempts++;
    await step.saveProgress(running({ attempts }), { holdMs: timeoutMs });
    let failure: Failure;
    try {
      const result = await raceTimeout(step, call.call(attempts), timeoutMs);
      if (result === TIMED_OUT) throw timedOut(step, attempts);
      if (result.statusCode < 400) return { result, attempts };
      failure = { statusCode: result.statusCode, body: result.body, retryable: isRetryableStatus(result.statusCode), message: `the connector answered ${result.statusCode}` };
    } catch (error) {
      if (error instanceof StepFailure) throw error;
      failure = classify(error);
    }
    const code = failure.statusCode === undefined ? 'ActionFailed' : statusCodeName(failure.statusCode);
    const outputs = { statusCode: failure.statusCode ?? null, body: failure.body ?? null };
    if (!failure.retryable || attempts > policy.count) {
      const tries = attempts > 1 ? ` (after ${attempts} attempts)` : '';
      throw new StepFailure(code, `${failure.message}${tries}`, outputs);
    }
    const delay = failure.retryAfterMs ?? retryDelayMs(policy, attempts, () => step.random());
    const next = new Date(step.now().getTime() + delay);
    if (deadline !== undefined && next >= deadline) throw timedOut(step, attempts);
    await waitUntil(step, next, running({ attempts, nextAttemptAt: next.toISOString(), error: { code, message: failure.message } }));
  }
}

/** The step's deadline from `limit.timeout`, counted from the step's first start. */
function stepDeadline(step: StepContext): Date | undefined {
  const raw = step.action.limit?.timeout;
  if (raw === undefined) return undefined;
  const value = step.evaluate(raw);
  const duration = typeof value === 'string' ? parseIsoDuration(value) : undefined;
  if (duration === undefined) throw new StepFailure('InvalidInputs', `'${step.name}': expected limit.timeout to be an ISO 8601 duration such as PT30S; got ${JSON.stringify(value)}`);
  return addIsoDuration(step.startedAt, duration);
}

/** Sleeps in process until `at` when that is soon enough; otherwise stores `progress` and suspends the run until then. */
async function waitUntil(step: StepContext, at: Date, progress: StepProgress): Promise<void> {
  const remaining = at.getTime() - step.now().getTime();
  if (remaining <= 0) return;
  if (remaining > step.limits.maxWaitInProcessMs) await step.suspend(progress, { until: at.toISOString() });
  await step.saveProgress(progress);
  await step.sleep(remaining);
}

async function raceTimeout<T>(step: StepContext, work: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  const controller = new AbortController();
  // A sleep that rejects when aborted must not surface as an unhandled rejection.
  const timer: Promise<typeof TIMED_OUT> = step.sleep(ms, controller.signal).then(
    () => TIMED_OUT,
    () => TIMED_OUT,
  );
  try {
    return await Promise.race([work, timer]);
  } finally {
    controller.abort();
  }
}

function timedOut(step: StepContext, attempts: number): StepFailure {
  return new StepFailure('ActionTimedOut', `'${step.name}' did not finish within its time limit (${attempts} attempt${attempts === 1 ? '' : 's'})`, undefined, 'TimedOut');
}

/**
 * The failed call's response body. Connectors may give the whole outputs (`{ statusCode, body }`,
 * as their helpers build them) or just the body; either way the step's outputs are
 * `{ statusCode, body }` once, not nested twice.
 */
function responseBodyOf(error: ConnectorError): unknown {
  const b = error.body;
  if (typeof b === 'object' && b !== null && !Array.isArray(b) && 'body' in b && (b as { statusCode?: unknown }).statusCode === error.statusCode) return b.body;
  return b;
}

/** What a thrown error means for retrying, and the status it stands for. */
function classify(error: unknown): Failure {
  if (error instanceof ConnectorError) {
    return {
      statusCode: error.statusCode,
      body: responseBodyOf(error),
      retryable: isRetryableStatus(error.statusCode),
      message: error.message,
      ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    };
  }
  if (error instanceof ThrottledError) return { statusCode: 429, retryable: true, message: error.message, ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }) };
  if (error instanceof OperationalError) return { statusCode: 503, retryable: true, message: error.message };
  if (error instanceof ValidationError) return { statusCode: 400, retryable: false, message: error.message, body: { issues: error.issues } };
  if (error instanceof NotFoundError) return { statusCode: 404, retryable: false, message: error.message };
  if (error instanceof PermissionDeniedError) return { statusCode: 403, retryable: false, message: error.message };
  if (error instanceof ConflictError) return { statusCode: 409, retryable: false, message: error.message };
  if (error instanceof AppError) return { retryable: error.retryable, message: error.message };
  return { retryable: false, message: error instanceof Error ? error.message : String(error) };
}
