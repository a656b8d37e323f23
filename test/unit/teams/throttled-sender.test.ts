import { NotFoundError, OperationalError, PayloadTooLargeError, ThrottledError, UnexpectedError, ValidationError } from '../../../core/errors';
import { TEAMS_APP_LIMITS, TEAMS_THREAD_LIMITS } from '../../../infra/teams/rate-limits';
import type { WindowLimits } from '../../../infra/teams/sliding-window-limiter';
import { TeamsThrottledError, TeamsUnavailableError } from '../../../infra/teams/teams-send-errors';
import {
  backoffDelayMs,
  createThrottledSender,
  rootMessageIdOf,
  threadKeyOf,
  type ThrottledSenderOptions,
} from '../../../infra/teams/throttled-sender';
import { createVirtualClock, settle, type VirtualClock } from '../../support/virtual-clock';

function restError(statusCode: number, headers: Record<string, string> = {}): Error {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return Object.assign(new Error(`status ${statusCode}`), {
    name: 'RestError',
    statusCode,
    response: { status: statusCode, headers: { get: (name: string) => lower[name.toLowerCase()] } },
  });
}

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

interface Attempt {
  readonly thread: string;
  readonly name: string;
  readonly start: number;
  end?: number;
}

/** A sender on virtual time, plus a journal of every attempt (start and end times). */
function harness(options: Partial<ThrottledSenderOptions> = {}) {
  const clock: VirtualClock = createVirtualClock(options.now ? 0 : Date.parse('2026-03-01T10:00:00Z'));
  const attempts: Attempt[] = [];
  const sender = createThrottledSender({ now: clock.now, sleep: clock.sleep, random: () => 0.5, ...options });
  /** An operation that takes `latencyMs` of virtual time and then runs `outcome` (which may throw). */
  function op<T>(thread: string, name: string, latencyMs: number, outcome: (attempt: number) => T): () => Promise<T> {
    let count = 0;
    return async () => {
      const attempt: Attempt = { thread, name, start: clock.now() };
      attempts.push(attempt);
      count++;
      if (latencyMs > 0) await clock.sleep(latencyMs);
      attempt.end = clock.now();
      return outcome(count);
    };
  }
  return { clock, sender, attempts, op };
}

/** For every attempt start s: attempts started in (s − window, s] never exceed the limit. */
function maxInAnyWindow(starts: readonly number[], windowMs: number): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let max = 0;
  let lo = 0;
  for (let hi = 0; hi < sorted.length; hi++) {
    while (sorted[lo] <= sorted[hi] - windowMs) lo++;
    max = Math.max(max, hi - lo + 1);
  }
  return max;
}

function expectWithinLimits(starts: readonly number[], limits: WindowLimits): void {
  for (const { limit, windowMs } of limits) expect(maxInAnyWindow(starts, windowMs)).toBeLessThanOrEqual(limit);
}

describe('threadKeyOf and rootMessageIdOf', () => {
  it('count a reply in a channel thread against the channel', () => {
    expect(threadKeyOf('19:abc@thread.tacv2;messageid=1712345678901')).toBe('19:abc@thread.tacv2');
    expect(threadKeyOf('19:abc@thread.tacv2')).toBe('19:abc@thread.tacv2');
    expect(threadKeyOf('a:1xyz')).toBe('a:1xyz');
  });

  it('recover the root message id of a channel thread', () => {
    expect(rootMessageIdOf('19:abc@thread.tacv2;messageid=1712345678901')).toBe('1712345678901');
    expect(rootMessageIdOf('19:abc@thread.tacv2')).toBeUndefined();
    expect(rootMessageIdOf('19:abc@thread.tacv2;messageid=')).toBeUndefined();
  });
});

describe('throttled sender on a virtual clock', () => {
  it('never lets attempts exceed any per-thread or app-wide window, even with varying latency', async () => {
    const { clock, sender, attempts, op } = harness();
    const random = lcg(7);
    const runs: Promise<unknown>[] = [];
    // 40 channels; 3 get 120 posts each (per-thread windows bite), 37 get 5 (the 30 RPS app window bites).
    for (let c = 0; c < 40; c++) {
      const thread = `19:c${c}@thread.tacv2`;
      const count = c < 3 ? 120 : 5;
      for (let i = 0; i < count; i++) runs.push(sender.run(thread, op(thread, `${c}/${i}`, Math.floor(random() * 400), () => i)));
    }
    await settle(clock, sender.idle());
    await Promise.all(runs);
    expect(attempts).toHaveLength(3 * 120 + 37 * 5);
    for (let c = 0; c < 40; c++) {
      expectWithinLimits(
        attempts.filter((a) => a.thread === `19:c${c}@thread.tacv2`).map((a) => a.start),
        TEAMS_THREAD_LIMITS,
      );
    }
    expectWithinLimits(
      attempts.map((a) => a.start),
      TEAMS_APP_LIMITS,
    );
    // The limits did bite: 120 posts in one thread cannot fit in less than the 60-per-30-s budget allows.
    const first = attempts.filter((a) => a.thread === '19:c0@thread.tacv2');
    expect(first[first.length - 1].start - first[0].start).toBeGreaterThanOrEqual(30_000);
    expect(sender.stats()).toMatchObject({ pending: 0, attempts: 545, retries: 0, succeeded: 545, failed: 0 });
    expect(sender.stats().windowWaits).toBeGreaterThan(0);
  });

  it('stays within the windows as Teams counts them, on arrival, when request latency varies', async () => {
    // Each request travels 0–900 ms to Teams and its answer 0–100 ms back. A slow request followed
    // by a fast one can arrive closer together than they were sent; the sender must allow for it.
    const { clock, sender } = harness();
    const random = lcg(19);
    const arrivals: number[] = [];
    const runs = Array.from({ length: 200 }, () =>
      sender.run('19:a@thread.tacv2', async () => {
        await clock.sleep(Math.floor(random() * 900));
        arrivals.push(clock.now());
        await clock.sleep(Math.floor(random() * 100));
      }),
    );
    await settle(clock, sender.idle());
    await Promise.all(runs);
    expect(arrivals).toHaveLength(200);
    expectWithinLimits(arrivals, TEAMS_THREAD_LIMITS);
  });

  it('keeps 1,800 posts an hour in one thread and sends the 1,801st only when the hour has passed', async () => {
    const { clock, sender, attempts, op } = harness();
    const runs = Array.from({ length: 1801 }, (_, i) => sender.run('19:alerts@thread.tacv2', op('t', String(i), 0, () => i)));
    await settle(clock, sender.idle());
    await Promise.all(runs);
    expectWithinLimits(
      attempts.map((a) => a.start),
      TEAMS_THREAD_LIMITS,
    );
    expect(attempts[1800].start - attempts[0].start).toBe(3_600_000);
  });

  it('runs one thread strictly in order, one operation at a time', async () => {
    const { clock, sender, attempts, op } = harness();
    const random = lcg(3);
    const done: number[] = [];
    const runs = Array.from({ length: 30 }, (_, i) =>
      sender.run('19:a@thread.tacv2', op('a', String(i), Math.floor(random() * 500), () => done.push(i))),
    );
    await settle(clock, sender.idle());
    await Promise.all(runs);
    expect(done).toEqual(Array.from({ length: 30 }, (_, i) => i));
    for (let i = 1; i < attempts.length; i++) expect(attempts[i].start).toBeGreaterThanOrEqual(attempts[i - 1].end!);
  });

  it('runs different threads concurrently', async () => {
    const { clock, sender, attempts, op } = harness();
    const slow = sender.run('19:a@thread.tacv2', op('a', 'slow', 5_000, () => 'a'));
    const fast = sender.run('19:b@thread.tacv2', op('b', 'fast', 10, () => 'b'));
    await settle(clock, sender.idle());
    await expect(Promise.all([slow, fast])).resolves.toEqual(['a', 'b']);
    const [a, b] = attempts;
    expect(b.start).toBe(a.start);
    expect(b.end).toBeLessThan(a.end!);
  });

  it('waits at least Retry-After after a 429, and the backoff when that is longer', async () => {
    const { clock, sender, attempts, op } = harness({ backoff: { baseMs: 2_000, capMs: 20_000, jitter: 0.2 } });
    const long = sender.run(
      't1',
      op('t1', 'long', 0, (n) => {
        if (n === 1) throw restError(429, { 'Retry-After': '7' });
        return 'ok';
      }),
    );
    const short = sender.run(
      't2',
      op('t2', 'short', 0, (n) => {
        if (n === 1) throw restError(429, { 'Retry-After': '1' });
        return 'ok';
      }),
    );
    await settle(clock, sender.idle());
    await expect(Promise.all([long, short])).resolves.toEqual(['ok', 'ok']);
    const gap = (name: string) => {
      const [first, second] = attempts.filter((a) => a.name === name);
      return second.start - first.end!;
    };
    expect(gap('long')).toBe(7_000); // Retry-After wins over the 2 s backoff (random 0.5 = no jitter)
    expect(gap('short')).toBe(2_000); // the backoff wins over Retry-After: 1
    expect(sender.stats()).toMatchObject({ throttled: 2, retries: 2, succeeded: 2 });
  });

  it('honours Retry-After given as an HTTP date', async () => {
    const { clock, sender, attempts, op } = harness();
    const at = new Date(clock.now() + 45_000).toUTCString();
    const run = sender.run(
      't',
      op('t', 'x', 0, (n) => {
        if (n === 1) throw restError(503, { 'Retry-After': at });
        return 'ok';
      }),
    );
    await settle(clock, run);
    expect(attempts[1].start - attempts[0].start).toBe(45_000);
  });

  it('counts retries against the windows like any other request', async () => {
    const { clock, sender, attempts, op } = harness({ threadLimits: [{ limit: 2, windowMs: 1_000 }], backoff: { baseMs: 0, capMs: 0 } });
    const run = sender.run(
      't',
      op('t', 'x', 0, (n) => {
        if (n < 3) throw restError(502);
        return 'ok';
      }),
    );
    await settle(clock, run);
    expect(attempts.map((a) => a.start - attempts[0].start)).toEqual([0, 0, 1_000]);
  });

  it('keeps jittered backoff within ±20 % of the doubling, capped delay', () => {
    const backoff = { baseMs: 2_000, capMs: 20_000, jitter: 0.2 };
    const random = lcg(11);
    for (let failed = 1; failed <= 10; failed++) {
      const nominal = Math.min(20_000, 2_000 * 2 ** (failed - 1));
      const samples = Array.from({ length: 200 }, () => backoffDelayMs(failed, backoff, random));
      for (const delay of samples) {
        expect(delay).toBeGreaterThanOrEqual(nominal * 0.8);
        expect(delay).toBeLessThanOrEqual(nominal * 1.2);
      }
      expect(new Set(samples).size).toBeGreaterThan(100); // actually random, not a constant
    }
    expect(backoffDelayMs(1, backoff, () => 0)).toBe(1_600);
    expect(backoffDelayMs(3, backoff, () => 0.5)).toBe(8_000);
  });

  it('applies jitter to the waits between real retries', async () => {
    const { clock, sender, attempts, op } = harness({ random: lcg(5), maxAttempts: 6 });
    const run = sender.run(
      't',
      op('t', 'x', 0, (n) => {
        if (n < 6) throw restError(504);
        return 'ok';
      }),
    );
    await settle(clock, run);
    const gaps = attempts.slice(1).map((a, i) => a.start - attempts[i].start);
    gaps.forEach((gap, i) => {
      const nominal = Math.min(20_000, 2_000 * 2 ** i);
      expect(gap).toBeGreaterThanOrEqual(nominal * 0.8);
      expect(gap).toBeLessThanOrEqual(nominal * 1.2);
    });
    expect(gaps.some((gap, i) => gap !== Math.min(20_000, 2_000 * 2 ** i))).toBe(true);
  });

  it('gives up after maxAttempts 429s with a ThrottledError carrying status, attempts and Retry-After', async () => {
    const { clock, sender, attempts, op } = harness({ maxAttempts: 4 });
    let last: unknown;
    const run = sender.run(
      '19:a@thread.tacv2',
      op('a', 'x', 0, () => {
        last = restError(429, { 'Retry-After': '3' });
        throw last;
      }),
      'post alert card a-9',
    );
    const error: unknown = await settle(clock, run).catch((e: unknown) => e);
    expect(attempts).toHaveLength(4);
    expect(error).toBeInstanceOf(TeamsThrottledError);
    expect(error).toBeInstanceOf(ThrottledError);
    expect(error).toMatchObject({ status: 429, attempts: 4, retryAfterMs: 3_000, cause: last });
    expect((error as Error).message).toContain('post alert card a-9');
  });

  it('gives up after maxAttempts other retryable failures with an OperationalError carrying the last status', async () => {
    const { clock, sender, attempts, op } = harness({ maxAttempts: 3 });
    const statuses = [429, 502, 412];
    const run = sender.run(
      't',
      op('t', 'x', 0, (n) => {
        throw restError(statuses[n - 1]);
      }),
    );
    const error: unknown = await settle(clock, run).catch((e: unknown) => e);
    expect(attempts).toHaveLength(3);
    expect(error).toBeInstanceOf(TeamsUnavailableError);
    expect(error).toBeInstanceOf(OperationalError);
    expect(error).not.toBeInstanceOf(ThrottledError);
    expect(error).toMatchObject({ status: 412, attempts: 3 });
  });

  it.each([
    [404, NotFoundError],
    [413, PayloadTooLargeError],
    [400, ValidationError],
  ])('rejects a %p at once, after one attempt, as %p', async (status, expected) => {
    const { clock, sender, attempts, op } = harness();
    const failing = sender.run(
      't',
      op('t', 'bad', 0, () => {
        throw restError(status);
      }),
    );
    const next = sender.run('t', op('t', 'next', 0, () => 'next'));
    const error: unknown = await settle(clock, failing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(expected);
    expect((error as Error).cause).toBeDefined();
    await settle(clock, sender.idle());
    await expect(next).resolves.toBe('next'); // the queue goes on after a failure
    expect(attempts.map((a) => a.name)).toEqual(['bad', 'next']);
  });

  it('does not retry our own errors or bugs in the operation', async () => {
    const { clock, sender, attempts, op } = harness();
    const ours = new ThrottledError('from a lower layer', 5);
    const own = sender.run(
      't',
      op('t', 'own', 0, () => {
        throw ours;
      }),
    );
    const bug = sender.run(
      't',
      op('t', 'bug', 0, () => {
        throw new TypeError('x is undefined');
      }),
    );
    const outcomes = Promise.allSettled([own, bug]);
    await settle(clock, sender.idle());
    const [ownOutcome, bugOutcome] = await outcomes;
    expect(ownOutcome).toEqual({ status: 'rejected', reason: ours });
    expect(bugOutcome).toMatchObject({ status: 'rejected', reason: expect.any(UnexpectedError) });
    expect(attempts).toHaveLength(2);
  });

  it('reports retries to onRetry with the failure and the wait', async () => {
    const events: unknown[] = [];
    const { clock, sender, op } = harness({ onRetry: (event) => events.push(event) });
    const run = sender.run(
      '19:a@thread.tacv2',
      op('a', 'x', 0, (n) => {
        if (n === 1) throw restError(429, { 'Retry-After': '5' });
        return 1;
      }),
      'update card',
    );
    await settle(clock, run);
    expect(events).toEqual([
      {
        threadKey: '19:a@thread.tacv2',
        label: 'update card',
        attempt: 1,
        failure: { origin: 'response', status: 429, retryable: true, retryAfterMs: 5_000 },
        waitMs: 5_000,
      },
    ]);
  });

  it('resolves idle at once when nothing is pending, and tracks pending work in stats', async () => {
    const { clock, sender, op } = harness();
    await expect(sender.idle()).resolves.toBeUndefined();
    const run = sender.run('t', op('t', 'x', 1_000, () => 1));
    expect(sender.stats()).toMatchObject({ pending: 1, activeThreads: 1 });
    await settle(clock, sender.idle());
    await run;
    expect(sender.stats()).toMatchObject({ pending: 0, activeThreads: 0, inFlight: 0, attempts: 1, succeeded: 1 });
  });

  it('rejects an empty thread key and invalid options with ValidationErrors naming the field', async () => {
    const { sender } = harness();
    await expect(sender.run('', () => Promise.resolve(1))).rejects.toMatchObject({ issues: [{ field: 'threadKey' }] });
    expect(() => createThrottledSender({ maxAttempts: 0 })).toThrow(ValidationError);
    try {
      createThrottledSender({ threadLimits: [{ limit: 0, windowMs: 1000 }], backoff: { baseMs: 5_000, capMs: 1_000 } });
      throw new Error('expected a ValidationError');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.field).sort()).toEqual(['backoff.capMs', 'threadLimits.0.limit']);
    }
  });
});
