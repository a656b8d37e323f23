import type { IndicatorThresholds } from './indicator-catalogue';

/**
 * One indicator, one user, one UTC day: how many times, which level, whether unusual for this
 * user, and the score before boosters.
 */

export type InsightLevel = 0 | 1 | 2 | 3;

/** Score multiplier per level; level 0 scores nothing unless the day is unusual. */
export const LEVEL_MULTIPLIER: Readonly<Record<1 | 2 | 3, number>> = { 1: 1, 2: 1.5, 3: 2 };

/** Days of history the unusual flag compares against (zero days included). */
export const UNUSUAL_HISTORY_DAYS = 30;

/** The UTC day (`YYYY-MM-DD`) of an ISO 8601 instant; canonical activity times start with it. */
export function utcDayOf(time: string): string {
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/.test(time)) return time.slice(0, 10);
  const ms = Date.parse(time);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 time: ${time}`);
  return new Date(ms).toISOString().slice(0, 10);
}

/** 0 below the low threshold, 1 from low, 2 from medium, 3 from high. */
export function levelFor(count: number, thresholds: IndicatorThresholds): InsightLevel {
  if (count >= thresholds.high) return 3;
  if (count >= thresholds.medium) return 2;
  if (count >= thresholds.low) return 1;
  return 0;
}

export interface UnusualBaseline {
  readonly mean: number;
  readonly standardDeviation: number;
  /** The count from which a day is unusual: max(1, minimum daily events, 3 × mean, mean + 3σ). */
  readonly cutoff: number;
}

/**
 * The user's own baseline for one indicator. `history` holds the daily counts of the previous days
 * (any order; only the last UNUSUAL_HISTORY_DAYS entries are used). Days the caller has no count
 * for are zero days, so mean and σ always divide by 30: a user seen on only two days of the month
 * has a low mean, which is the point.
 */
export function unusualBaseline(history: readonly number[], minDailyEvents: number): UnusualBaseline {
  const start = Math.max(0, history.length - UNUSUAL_HISTORY_DAYS);
  let sum = 0;
  for (let i = start; i < history.length; i++) sum += Math.max(0, history[i]);
  const mean = sum / UNUSUAL_HISTORY_DAYS;
  let squares = 0;
  for (let i = start; i < history.length; i++) squares += (Math.max(0, history[i]) - mean) ** 2;
  // The days missing from `history` are zeros and deviate by the mean each.
  squares += (UNUSUAL_HISTORY_DAYS - (history.length - start)) * mean * mean;
  const standardDeviation = Math.sqrt(squares / UNUSUAL_HISTORY_DAYS);
  // A zero count is never unusual, whatever the settings say.
  const cutoff = Math.max(1, minDailyEvents, 3 * mean, mean + 3 * standardDeviation);
  return { mean, standardDeviation, cutoff };
}

/**
 * Whether a day's count is unusual for this user. `minDailyEvents` is the tenant setting "minimum
 * number of daily events to boost score for unusual activity" (intelligentDetections in settings).
 */
export function isUnusual(count: number, history: readonly number[], minDailyEvents: number): boolean {
  return count >= unusualBaseline(history, minDailyEvents).cutoff;
}

export interface DailyInsightInput {
  readonly count: number;
  readonly thresholds: IndicatorThresholds;
  readonly baseScore: number;
  /** From isUnusual, when the unusual-activity booster is on; false otherwise. */
  readonly unusual: boolean;
  /**
   * Lowest level to score at. Sequence steps use 1: a file that is part of a sequence counts even
   * on a day with too few events to reach the low threshold.
   */
  readonly minimumLevel?: 0 | 1;
}

export interface DailyInsightScore {
  /** The level the count reached. */
  readonly level: InsightLevel;
  /** The level scored: the count's level, or 1 when an unusual day (or a sequence step) is below it. */
  readonly scoredLevel: InsightLevel;
  readonly multiplier: number;
  /** base × level multiplier, before boosters; 0 when nothing scores. */
  readonly score: number;
}

/** The insight's score before boosters: base × level multiplier (unusual below T1 scores as level 1). */
export function scoreDailyInsight(input: DailyInsightInput): DailyInsightScore {
  const level = levelFor(input.count, input.thresholds);
  const floor = input.count > 0 && (input.unusual || input.minimumLevel === 1) ? 1 : 0;
  const scoredLevel = Math.max(level, floor) as InsightLevel;
  if (scoredLevel === 0) return { level, scoredLevel, multiplier: 0, score: 0 };
  const multiplier = LEVEL_MULTIPLIER[scoredLevel];
  return { level, scoredLevel, multiplier, score: input.baseScore * multiplier };
}
