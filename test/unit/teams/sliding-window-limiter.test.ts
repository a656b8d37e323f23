import { ValidationError } from '../../../core/errors';
import { TEAMS_APP_LIMITS, TEAMS_THREAD_LIMITS, TEAMS_THREAD_READ_LIMITS, scaleLimits } from '../../../infra/teams/rate-limits';
import { SendLog, horizonMs, nextSendAt, type WindowLimits } from '../../../infra/teams/sliding-window-limiter';

/** Brute force: does a send at `t` fit, given `sentAt`, under every window? */
function fits(limits: WindowLimits, sentAt: readonly number[], t: number): boolean {
  return limits.every(({ limit, windowMs }) => sentAt.filter((s) => s > t - windowMs && s <= t).length < limit);
}

/** Deterministic pseudo-random numbers in [0, 1) (a 32-bit LCG), so failures reproduce. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('nextSendAt', () => {
  const twoPerSecond: WindowLimits = [{ limit: 2, windowMs: 1000 }];

  it('allows a send at once when the log is empty or the window has room', () => {
    expect(nextSendAt(twoPerSecond, [], 500)).toBe(500);
    expect(nextSendAt(twoPerSecond, [100], 500)).toBe(500);
  });

  it('waits until the oldest send in a full window leaves it', () => {
    expect(nextSendAt(twoPerSecond, [0, 100], 500)).toBe(1000);
  });

  it('treats the window as half-open: a send made at s stops counting at exactly s + window', () => {
    expect(nextSendAt(twoPerSecond, [0, 100], 1000)).toBe(1000);
    expect(fits(twoPerSecond, [0, 100], 1000)).toBe(true);
    expect(fits(twoPerSecond, [0, 100], 999)).toBe(false);
  });

  it('lets the 2-second window bind after the 1-second window has room again', () => {
    // Eight sends: one at 500, seven from 1100 to 1700. At 1800 the 1 s window (7) is full until
    // 2100, but the 2 s window (8) stays full until the send at 500 leaves it, at 2500.
    const sentAt = [500, 1100, 1200, 1300, 1400, 1500, 1600, 1700];
    expect(nextSendAt(TEAMS_THREAD_LIMITS, sentAt, 1800)).toBe(2500);
    expect(fits(TEAMS_THREAD_LIMITS, sentAt, 2499)).toBe(false);
    expect(fits(TEAMS_THREAD_LIMITS, sentAt, 2500)).toBe(true);
  });

  it('counts in-flight sends as occupying the window, and answers Infinity when they alone fill it', () => {
    const three: WindowLimits = [{ limit: 3, windowMs: 1000 }];
    expect(nextSendAt(three, [0], 10, 1)).toBe(10);
    expect(nextSendAt(three, [0], 10, 2)).toBe(1000);
    expect(nextSendAt(three, [0], 10, 3)).toBe(Number.POSITIVE_INFINITY);
  });

  it('ignores sends older than every window', () => {
    expect(nextSendAt(twoPerSecond, [-5000, -4000, -3000, 100], 500)).toBe(500);
  });

  it('sending greedily at every answer never breaks a window and never waits longer than needed', () => {
    const random = lcg(42);
    const limits: WindowLimits = [
      { limit: 3, windowMs: 100 },
      { limit: 5, windowMs: 400 },
      { limit: 12, windowMs: 3000 },
    ];
    const sentAt: number[] = [];
    let t = 0;
    for (let i = 0; i < 400; i++) {
      t += Math.floor(random() * 60); // the caller shows up at arbitrary times
      const at = nextSendAt(limits, sentAt, t);
      expect(at).toBeGreaterThanOrEqual(t);
      expect(fits(limits, sentAt, at)).toBe(true);
      if (at > t) expect(fits(limits, sentAt, at - 1)).toBe(false);
      sentAt.push(at);
      t = at;
    }
  });
});

describe('SendLog', () => {
  it('keeps times ascending even when a stamp arrives out of order', () => {
    const log = new SendLog(1000);
    for (const t of [10, 30, 20, 40, 5]) log.record(t);
    expect(log.times).toEqual([5, 10, 20, 30, 40]);
  });

  it('prunes only what has left the longest window', () => {
    const log = new SendLog(1000);
    for (const t of [0, 100, 999, 1500]) log.record(t);
    log.prune(1100);
    expect(log.times).toEqual([999, 1500]);
    expect(log.size).toBe(2);
  });
});

describe('Teams rate limits', () => {
  it('are the documented per-thread, read and app-wide limits', () => {
    expect(TEAMS_THREAD_LIMITS).toEqual([
      { limit: 7, windowMs: 1000 },
      { limit: 8, windowMs: 2000 },
      { limit: 60, windowMs: 30_000 },
      { limit: 1800, windowMs: 3_600_000 },
    ]);
    expect(TEAMS_THREAD_READ_LIMITS.map((w) => w.limit)).toEqual([14, 16, 120, 3600]);
    expect(TEAMS_APP_LIMITS).toEqual([{ limit: 30, windowMs: 1000 }]);
    expect(horizonMs(TEAMS_THREAD_LIMITS)).toBe(3_600_000);
  });

  it('scale by dividing every window and keeping every count', () => {
    expect(scaleLimits(TEAMS_THREAD_LIMITS, 1000)).toEqual([
      { limit: 7, windowMs: 1 },
      { limit: 8, windowMs: 2 },
      { limit: 60, windowMs: 30 },
      { limit: 1800, windowMs: 3600 },
    ]);
    expect(scaleLimits(TEAMS_APP_LIMITS, 1)).toEqual(TEAMS_APP_LIMITS);
  });

  it.each([0, -2, Number.NaN, Number.POSITIVE_INFINITY])('refuse to scale by %p, naming the factor', (factor) => {
    expect.assertions(2);
    try {
      scaleLimits(TEAMS_THREAD_LIMITS, factor);
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]?.field).toBe('factor');
    }
  });
});
