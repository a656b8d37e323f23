import { z } from 'zod';
import { AppError, ValidationError } from '../../core/errors';
import { TEAMS_APP_LIMITS, TEAMS_THREAD_LIMITS } from './rate-limits';
import { SendLog, horizonMs, nextSendAt, type WindowLimits } from './sliding-window-limiter';
import {
  classifyTeamsSendError,
  exhaustedTeamsError,
  translateTeamsSendError,
  type TeamsSendFailure,
} from './teams-send-errors';

/**
 * Outgoing Teams traffic that keeps to Teams' rate limits and survives throttling.
 *
 * Every request to the Bot Framework connector (post a card, update it, create a thread) goes
 * through `run(threadKey, operation)`. Operations for one thread run one at a time in the order
 * given (a card's post is never overtaken by its update); different threads run concurrently.
 * Before each attempt the sender waits until the thread's windows and the app-wide window have
 * room; a retryable failure (429, 412, 5xx gateway errors, network errors) is retried after
 * `max(Retry-After, jittered exponential backoff)`. When attempts run out the operation rejects
 * with a retryable error, so the outbox that called it redelivers later: nothing is lost.
 *
 * Two rules the operations must follow:
 * - **One request per operation.** Each attempt is counted as one request against the windows,
 *   and a retry repeats the whole operation. Split "post, then update" into two `run` calls.
 * - **The connector's own retries must be off** (see single-attempt-authentication.ts).
 *   Otherwise botbuilder's connector client silently repeats 429s and 5xx up to 3 times inside
 *   one attempt, and those requests are invisible to the windows here.
 *
 * Why attempts are stamped when they *finish*, not when they start: Teams counts a request when
 * it arrives, and latency varies. Two requests started a full window apart can arrive less than a
 * window apart if the first was slow. Counting a request from its completion (and an unfinished
 * one as occupying the window meanwhile) is never earlier than its arrival, so the sender's view
 * is always at least as full as Teams' and it never crosses a limit because of latency jitter.
 */

export interface BackoffOptions {
  /** Delay after the first failed attempt, before jitter. Default 2,000 ms (Teams' doc example). */
  readonly baseMs?: number;
  /** Upper bound of the un-jittered delay, which doubles per failed attempt. Default 20,000 ms. */
  readonly capMs?: number;
  /**
   * Relative random spread, applied after the cap: 0.2 means each delay is drawn from
   * [0.8, 1.2] × the capped delay, so many senders throttled at once do not retry in lockstep.
   */
  readonly jitter?: number;
}

/** Reported before each retry; for logging and metrics. Must not throw. */
export interface RetryEvent {
  readonly threadKey: string;
  readonly label?: string;
  /** The attempt that just failed (1-based). */
  readonly attempt: number;
  readonly failure: TeamsSendFailure;
  /** How long the sender waits before the next attempt. */
  readonly waitMs: number;
}

export interface ThrottledSenderOptions {
  /** Windows per thread. Default {@link TEAMS_THREAD_LIMITS}; scale them in tests with `scaleLimits`. */
  readonly threadLimits?: WindowLimits;
  /** Windows across all threads of this app. Default {@link TEAMS_APP_LIMITS}. */
  readonly appLimits?: WindowLimits;
  /** Attempts per operation, the first included. Default 8. */
  readonly maxAttempts?: number;
  readonly backoff?: BackoffOptions;
  /** Milliseconds on any monotonic-enough scale. Default `Date.now`. */
  readonly now?: () => number;
  /** Resolves after `ms` on the same scale as `now`. Default: `setTimeout`. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Uniform in [0, 1), for jitter. Default `Math.random`. */
  readonly random?: () => number;
  /** Classifies what an operation threw. Default {@link classifyTeamsSendError}. */
  readonly classify?: (error: unknown, nowMs: number) => TeamsSendFailure;
  readonly onRetry?: (event: RetryEvent) => void;
}

export interface ThrottledSenderStats {
  /** Operations accepted by `run` and not yet settled. */
  readonly pending: number;
  /** Threads with at least one pending operation. */
  readonly activeThreads: number;
  /** Attempts in flight right now. */
  readonly inFlight: number;
  /** Attempts started (every one counted against the windows). */
  readonly attempts: number;
  readonly retries: number;
  /** Attempts answered 429. */
  readonly throttled: number;
  /** Times an attempt had to wait for a window before it could start. */
  readonly windowWaits: number;
  readonly succeeded: number;
  readonly failed: number;
}

export interface ThrottledSender {
  /**
   * Runs `operation` (one connector request) in `threadKey`'s queue, after the operations queued
   * there before it, retrying it while Teams pushes back.
   *
   * @param threadKey the thread the request counts against: {@link threadKeyOf} the conversation
   *                  id, or the channel id when creating a thread in a channel.
   * @param label     names the request in error messages ("post alert card a-17"); no content.
   * @returns what the last attempt returned.
   * @throws TeamsThrottledError (a ThrottledError) when the last of `maxAttempts` got 429;
   *         TeamsUnavailableError (an OperationalError) when it got another retryable failure;
   *         the translation of a non-retryable answer (see `translateTeamsSendError`): at once,
   *         after one attempt; an AppError thrown by `operation` itself, unchanged and not retried;
   *         ValidationError for an empty thread key.
   */
  run<T>(threadKey: string, operation: () => Promise<T>, label?: string): Promise<T>;
  /** Resolves once no operation is pending (immediately when none is). Never rejects. */
  idle(): Promise<void>;
  stats(): ThrottledSenderStats;
}

const CONVERSATION_SUFFIX = /;messageid=/i;

/**
 * The thread a conversation's requests count against: the conversation id without Teams'
 * `;messageid=…` suffix, so a reply in a channel thread counts against the channel.
 */
export function threadKeyOf(conversationId: string): string {
  const match = CONVERSATION_SUFFIX.exec(conversationId);
  return match === null ? conversationId : conversationId.slice(0, match.index);
}

/**
 * The id of a channel thread's root message, from its conversation id
 * (`19:…@thread.tacv2;messageid=1712345678901` → `1712345678901`); undefined for other ids.
 * CloudAdapter's `createConversationAsync` drops the `activityId` Teams returns and gives the
 * callback only the new conversation id, so this is how the posted card's id is recovered.
 */
export function rootMessageIdOf(conversationId: string): string | undefined {
  const match = CONVERSATION_SUFFIX.exec(conversationId);
  if (match === null) return undefined;
  const id = conversationId.slice(match.index + match[0].length);
  return id.length > 0 ? id : undefined;
}

const DEFAULT_BACKOFF: Required<BackoffOptions> = { baseMs: 2_000, capMs: 20_000, jitter: 0.2 };

/**
 * The pause after `failedAttempts` failures: `min(cap, base × 2^(failedAttempts−1))`, spread by
 * ±`jitter` using `random` (uniform in [0, 1)).
 */
export function backoffDelayMs(failedAttempts: number, backoff: Required<BackoffOptions>, random: () => number): number {
  const capped = Math.min(backoff.capMs, backoff.baseMs * 2 ** (failedAttempts - 1));
  return capped * (1 + backoff.jitter * (2 * random() - 1));
}

const LimitsSchema = z
  .array(z.object({ limit: z.number().int().positive(), windowMs: z.number().finite().positive() }))
  .min(1);

const SenderConfigSchema = z.object({
  threadLimits: LimitsSchema,
  appLimits: LimitsSchema,
  maxAttempts: z.number().int().min(1).max(100),
  backoff: z
    .object({
      baseMs: z.number().finite().min(0),
      capMs: z.number().finite().min(0),
      jitter: z.number().min(0).max(1),
    })
    .refine((b) => b.capMs >= b.baseMs, { message: 'capMs must be at least baseMs', path: ['capMs'] }),
});

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface Job {
  readonly operation: () => Promise<unknown>;
  readonly label?: string;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface Thread {
  readonly key: string;
  readonly queue: Job[];
  readonly log: SendLog;
  running: boolean;
}

/** Thread entries kept before idle ones with empty logs are swept out. */
const SWEEP_THRESHOLD = 256;

/**
 * Creates a sender. One per app (the app-wide window is per sender), shared by everything that
 * talks to the connector.
 *
 * @throws ValidationError when the options are out of range (issues name the field).
 */
export function createThrottledSender(options: ThrottledSenderOptions = {}): ThrottledSender {
  const parsed = SenderConfigSchema.safeParse({
    threadLimits: options.threadLimits ?? TEAMS_THREAD_LIMITS,
    appLimits: options.appLimits ?? TEAMS_APP_LIMITS,
    maxAttempts: options.maxAttempts ?? 8,
    backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
  });
  if (!parsed.success) {
    throw new ValidationError(
      'createThrottledSender: invalid options',
      parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), reason: issue.message })),
    );
  }
  const { threadLimits, appLimits, maxAttempts, backoff } = parsed.data;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const classify = options.classify ?? classifyTeamsSendError;
  const onRetry = options.onRetry;

  const threadHorizon = horizonMs(threadLimits);
  const threads = new Map<string, Thread>();
  const appLog = new SendLog(horizonMs(appLimits));
  let inFlight = 0;
  let pending = 0;
  let sweepAt = SWEEP_THRESHOLD;
  /** Attempts waiting for an in-flight request to finish (it alone fills the app window). */
  let releaseWaiters: (() => void)[] = [];
  let idleWaiters: (() => void)[] = [];
  const counters = { attempts: 0, retries: 0, throttled: 0, windowWaits: 0, succeeded: 0, failed: 0 };

  function sweep(): void {
    const t = now();
    for (const [key, thread] of threads) {
      thread.log.prune(t);
      if (!thread.running && thread.queue.length === 0 && thread.log.size === 0) threads.delete(key);
    }
    sweepAt = Math.max(SWEEP_THRESHOLD, threads.size * 2);
  }

  function threadFor(key: string): Thread {
    let thread = threads.get(key);
    if (!thread) {
      if (threads.size >= sweepAt) sweep();
      thread = { key, queue: [], log: new SendLog(threadHorizon), running: false };
      threads.set(key, thread);
    }
    return thread;
  }

  /** Waits until both the thread's and the app's windows have room, then takes the slot. */
  async function acquire(thread: Thread): Promise<void> {
    for (;;) {
      const t = now();
      thread.log.prune(t);
      appLog.prune(t);
      // The thread's queue is serial, so none of its own requests is in flight here.
      const at = Math.max(nextSendAt(threadLimits, thread.log.times, t), nextSendAt(appLimits, appLog.times, t, inFlight));
      if (at <= t) {
        inFlight++;
        counters.attempts++;
        return;
      }
      counters.windowWaits++;
      if (at === Number.POSITIVE_INFINITY) await new Promise<void>((resolve) => releaseWaiters.push(resolve));
      else await sleep(at - t);
    }
  }

  function release(thread: Thread): void {
    const t = now();
    thread.log.record(t);
    appLog.record(t);
    inFlight--;
    const waiting = releaseWaiters;
    releaseWaiters = [];
    for (const wake of waiting) wake();
  }

  async function attemptUntilDone(thread: Thread, job: Job): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      await acquire(thread);
      let error: unknown;
      try {
        const value = await job.operation();
        release(thread);
        return value;
      } catch (thrown) {
        release(thread);
        error = thrown;
      }
      if (error instanceof AppError) throw error;
      const failure = classify(error, now());
      if (failure.status === 429) counters.throttled++;
      const call = { threadKey: thread.key, ...(job.label !== undefined && { label: job.label }) };
      if (!failure.retryable) throw translateTeamsSendError(error, failure, call);
      if (attempt >= maxAttempts) throw exhaustedTeamsError(failure, error, attempt, call);
      const waitMs = Math.max(failure.retryAfterMs ?? 0, backoffDelayMs(attempt, backoff, random));
      counters.retries++;
      onRetry?.({ ...call, attempt, failure, waitMs });
      // Timers may fire a little early against the clock; Retry-After is a floor, so re-check.
      const retryAt = now() + waitMs;
      do await sleep(retryAt - now());
      while (now() < retryAt);
    }
  }

  async function drain(thread: Thread): Promise<void> {
    thread.running = true;
    while (thread.queue.length > 0) {
      const job = thread.queue[0];
      try {
        const value = await attemptUntilDone(thread, job);
        counters.succeeded++;
        job.resolve(value);
      } catch (error) {
        counters.failed++;
        job.reject(error);
      }
      thread.queue.shift();
      pending--;
      if (pending === 0) {
        const waiting = idleWaiters;
        idleWaiters = [];
        for (const wake of waiting) wake();
      }
    }
    thread.running = false;
  }

  return {
    run<T>(threadKey: string, operation: () => Promise<T>, label?: string): Promise<T> {
      if (typeof threadKey !== 'string' || threadKey.length === 0) {
        return Promise.reject(
          new ValidationError('throttled sender: a thread key is required', [
            { field: 'threadKey', reason: 'expected the conversation id (without ;messageid=…) or the channel id' },
          ]),
        );
      }
      return new Promise<T>((resolve, reject) => {
        const thread = threadFor(threadKey);
        thread.queue.push({
          operation,
          ...(label !== undefined && { label }),
          // The value is what `operation` resolved with, hence a T.
          resolve: (value) => resolve(value as T),
          reject,
        });
        pending++;
        if (!thread.running) void drain(thread);
      });
    },

    idle(): Promise<void> {
      if (pending === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },

    stats(): ThrottledSenderStats {
      let activeThreads = 0;
      for (const thread of threads.values()) if (thread.queue.length > 0) activeThreads++;
      return { pending, activeThreads, inFlight, ...counters };
    },
  };
}
