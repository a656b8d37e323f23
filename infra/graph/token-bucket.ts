/**
 * A token bucket as the generic cell rate algorithm (GCRA): one number per bucket, the
 * "theoretical arrival time" of the next request, instead of a token count refreshed by a timer.
 * Pure: callers pass `now` in and do the waiting themselves, so tests need no clock.
 *
 * A bucket with `ratePerSecond` r and `burst` b lets b requests through at once, then one every
 * 1/r seconds. With b = 1 (the default) requests are spaced evenly, so any one-second window
 * holds at most r of them: that is what Graph's "N requests per second" limits need, whereas a
 * burst of b would allow b + r - 1 within a second.
 */
export interface BucketRate {
  readonly ratePerSecond: number;
  readonly burst?: number;
}

/** The next allowed time of every bucket in use, by key. Mutable on purpose (one per client). */
export class TokenBuckets {
  private readonly nextAt = new Map<string, number>();

  /**
   * Takes a token from `key`'s bucket for a request wanting to go at `now`, and returns how many
   * milliseconds that request must wait first (0: go now). Requests that wait keep their place:
   * the bucket is debited at once, so concurrent callers queue up in call order.
   */
  reserve(key: string, rate: BucketRate, now: number): number {
    const interval = 1000 / rate.ratePerSecond;
    const tolerance = (Math.max(1, Math.floor(rate.burst ?? 1)) - 1) * interval;
    const arrival = Math.max(this.nextAt.get(key) ?? now, now);
    const allowedAt = arrival - tolerance;
    const waitMs = Math.max(0, allowedAt - now);
    this.nextAt.set(key, arrival + interval);
    this.prune(now);
    return waitMs;
  }

  /** Buckets currently holding state (for tests and diagnostics). */
  get size(): number {
    return this.nextAt.size;
  }

  /** A bucket whose next allowed time has passed is as good as new: forget it (per-team keys come and go). */
  private prune(now: number): void {
    if (this.nextAt.size < 256) return;
    for (const [key, at] of this.nextAt) if (at <= now) this.nextAt.delete(key);
  }
}
