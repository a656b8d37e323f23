import { z } from 'zod';
import { ValidationError } from '../../core/errors';
import type { WindowLimits } from './sliding-window-limiter';

/**
 * Teams' throttling limits for bots (msteams-docs `bots/how-to/rate-limit.md`; see
 * ../shared/reference/limits-and-scoring.md §C.2). Microsoft says the values are "subject to
 * change", so they are data here and every consumer takes them as an option.
 */

/**
 * Per bot per thread (a channel, a 1:1 chat or a group chat), for sending into a conversation and
 * for creating one. A reply in a channel thread counts against the channel.
 */
export const TEAMS_THREAD_LIMITS: WindowLimits = Object.freeze([
  { limit: 7, windowMs: 1_000 },
  { limit: 8, windowMs: 2_000 },
  { limit: 60, windowMs: 30_000 },
  { limit: 1_800, windowMs: 3_600_000 },
]);

/** Per bot per thread for reads (get conversation members, get conversations): twice the send budget. */
export const TEAMS_THREAD_READ_LIMITS: WindowLimits = Object.freeze([
  { limit: 14, windowMs: 1_000 },
  { limit: 16, windowMs: 2_000 },
  { limit: 120, windowMs: 30_000 },
  { limit: 3_600, windowMs: 3_600_000 },
]);

/**
 * Per app per tenant, all requests. The stored doc says 30 RPS; a Microsoft Q&A answer quotes
 * 50. We budget the lower value.
 */
export const TEAMS_APP_LIMITS: WindowLimits = Object.freeze([{ limit: 30, windowMs: 1_000 }]);

const FactorSchema = z.number().finite().positive();

/**
 * The same limits with every window divided by `factor`, so a test can live through an hour of
 * Teams limits in 3.6 s (factor 1000). Counts are unchanged: the shape of the throttling stays
 * the same, only time runs faster.
 *
 * @throws ValidationError when `factor` is not a finite positive number.
 */
export function scaleLimits(limits: WindowLimits, factor: number): WindowLimits {
  const parsed = FactorSchema.safeParse(factor);
  if (!parsed.success) {
    throw new ValidationError('scaleLimits: the factor must be a finite number above 0', [
      { field: 'factor', reason: `expected a finite number above 0, got ${String(factor)}` },
    ]);
  }
  return Object.freeze(limits.map(({ limit, windowMs }) => Object.freeze({ limit, windowMs: windowMs / parsed.data })));
}
