/**
 * Sliding-window rate limiting as pure functions over send times. No clock and no timers live
 * here; the throttled sender (and tests) pass `now` in and do the waiting themselves.
 *
 * A window `{ limit, windowMs }` allows a send at time `t` when fewer than `limit` earlier sends
 * lie in the half-open interval `(t - windowMs, t]`. A send made at `s` therefore stops counting
 * at exactly `s + windowMs`.
 */

/** At most `limit` sends in any `windowMs` milliseconds. */
export interface WindowLimit {
  readonly limit: number;
  readonly windowMs: number;
}

/** Several windows that all apply to one key (Teams: 1 s, 2 s, 30 s and 1 h per thread). */
export type WindowLimits = readonly WindowLimit[];

/**
 * The earliest time, not before `now`, at which one more send is allowed under every window.
 *
 * @param sentAt   times of past sends for one key, **ascending** (older first). Entries older
 *                 than the longest window may be left in; they never hold anything back.
 * @param inFlight sends that have started but not finished. They count as sends happening "now
 *                 or later": each will be stamped when it finishes, so it occupies the window
 *                 until at least then.
 * @returns `now` when a send may go at once; a later time to wait for; or `Infinity` when
 *          in-flight sends alone fill a window, so only a send finishing can free a slot.
 */
export function nextSendAt(limits: WindowLimits, sentAt: readonly number[], now: number, inFlight = 0): number {
  let at = now;
  for (const { limit, windowMs } of limits) {
    const free = limit - inFlight;
    if (free <= 0) return Number.POSITIVE_INFINITY;
    // With `free` slots, a send at t needs at most free - 1 finished sends in (t - windowMs, t]:
    // the free-th most recent send must have left the window.
    const index = sentAt.length - free;
    if (index < 0) continue;
    at = Math.max(at, sentAt[index] + windowMs);
  }
  return at;
}

/** The longest window among `limits`: sends older than this never matter again. */
export function horizonMs(limits: WindowLimits): number {
  return limits.reduce((longest, { windowMs }) => Math.max(longest, windowMs), 0);
}

/**
 * The send times of one key, kept ascending and pruned to the longest window, so that
 * {@link nextSendAt} can read them directly. Mutable on purpose: one per thread, updated on every
 * send, must stay cheap.
 */
export class SendLog {
  private readonly stamps: number[] = [];

  constructor(private readonly horizon: number) {}

  /** Ascending send times (read-only view; valid until the next `record` or `prune`). */
  get times(): readonly number[] {
    return this.stamps;
  }

  get size(): number {
    return this.stamps.length;
  }

  /**
   * Adds a send at `at`. Usually `at` is the latest time seen and this is a push; a clock that
   * stepped back still yields an ordered log.
   */
  record(at: number): void {
    let index = this.stamps.length;
    while (index > 0 && this.stamps[index - 1] > at) index--;
    this.stamps.splice(index, 0, at);
  }

  /** Drops sends that have left the longest window as of `now`. */
  prune(now: number): void {
    let drop = 0;
    while (drop < this.stamps.length && this.stamps[drop] + this.horizon <= now) drop++;
    if (drop > 0) this.stamps.splice(0, drop);
  }
}
