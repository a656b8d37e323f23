/**
 * Virtual time for unit tests of code that takes `now()` and `sleep(ms)` as options: sleeping
 * registers a timer, and `settle` advances time straight to the next timer whenever the code
 * under test has nothing else to do. No real waiting; the order of events is exact.
 */
export interface VirtualClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Sleeps registered and not yet due. */
  pendingTimers(): number;
  /** Jumps to the earliest timer and fires it (and any others due at that instant); false if none. */
  advance(): boolean;
}

interface Timer {
  readonly due: number;
  readonly order: number;
  readonly fire: () => void;
}

export function createVirtualClock(start = 0): VirtualClock {
  let current = start;
  let order = 0;
  let timers: Timer[] = [];
  return {
    now: () => current,
    sleep(ms) {
      return new Promise<void>((resolve) => {
        timers.push({ due: current + Math.max(0, ms), order: order++, fire: resolve });
      });
    },
    pendingTimers: () => timers.length,
    advance() {
      if (timers.length === 0) return false;
      const due = Math.min(...timers.map((t) => t.due));
      current = Math.max(current, due);
      const firing = timers.filter((t) => t.due <= current).sort((a, b) => a.due - b.due || a.order - b.order);
      timers = timers.filter((t) => t.due > current);
      for (const timer of firing) timer.fire();
      return true;
    },
  };
}

/** Lets every queued promise callback run (a macrotask turn comes after all microtasks). */
function drainMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Awaits `promise` while driving `clock`: runs pending callbacks, and when the code is idle but
 * unsettled, advances virtual time to the next timer. Throws if nothing is scheduled and the
 * promise can never settle (a deadlock), or after `maxSteps` advances.
 */
export async function settle<T>(clock: VirtualClock, promise: Promise<T>, maxSteps = 1_000_000): Promise<T> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let step = 0; ; step++) {
    await drainMicrotasks();
    if (settled) return promise;
    if (step >= maxSteps) throw new Error(`virtual clock: not settled after ${maxSteps} steps`);
    if (!clock.advance()) {
      await drainMicrotasks();
      if (settled) return promise;
      throw new Error('virtual clock: deadlock — nothing scheduled and the promise is still pending');
    }
  }
}

/** Real time that jumps ahead instead of waiting; see {@link createWarpClock}. */
export interface WarpClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Total milliseconds skipped so far. */
  warpedMs(): number;
}

/**
 * Real time plus jumps, for end-to-end tests with real I/O (HTTP through CloudAdapter) and real
 * Teams limits: time flows at wall-clock speed while requests run, and `sleep(ms)` moves the clock
 * forward by `ms` at once instead of waiting. Share it between the code under test and the fake
 * server that judges it (both read `now`), so an hour-long window is reached however slow the
 * machine is, and costs no real time. Monotonic; sleepers never wake early. Sleepers in different
 * tasks each add their own jump, so with concurrency time runs faster than needed, never slower.
 */
export function createWarpClock(): WarpClock {
  let offset = 0;
  let last = Number.NEGATIVE_INFINITY;
  const now = (): number => {
    // Never step back, even if the wall clock does.
    last = Math.max(last, Date.now() + offset);
    return last;
  };
  return {
    now,
    sleep(ms) {
      offset += Math.max(0, ms);
      return new Promise((resolve) => setImmediate(resolve));
    },
    warpedMs: () => offset,
  };
}
