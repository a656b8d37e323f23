/**
 * Wall-clock time, only where "now" is truly meant (a batch's start, an audit entry). Scoring
 * uses each activity's own event time instead, so replaying history gives the same result.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
