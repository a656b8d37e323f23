import { z } from 'zod';

/**
 * The unit scoring hands to the alert engine: one scored observation about one user. Stored, so
 * these are zod schemas; ids are plain strings rather than enums so that an insight stored today
 * still parses after the catalogue grows or a custom indicator is added.
 */

/** Why an insight matters beyond its count; the alert shows these as its risk factors. */
export const RISK_FACTORS = ['sequence', 'cumulativeExfiltration', 'unusualActivity', 'priorityContent', 'unallowedDomains'] as const;
export const RiskFactorSchema = z.enum(RISK_FACTORS);
export type RiskFactor = z.infer<typeof RiskFactorSchema>;

/** A UTC calendar day, `YYYY-MM-DD`. */
export const UtcDaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a UTC day as YYYY-MM-DD');

/** One multiplicative factor applied to a score, kept so the arithmetic can be shown. */
export const BoosterApplicationSchema = z.object({
  name: z.string().min(1),
  factor: z.number().positive(),
});
export type BoosterApplication = z.infer<typeof BoosterApplicationSchema>;

/** At most this many activity ids travel with an insight; enough to show an analyst why. */
export const MAX_TOP_ACTIVITIES = 10;

const CommonInsightFields = {
  /** The UTC day the insight belongs to; for sequences and cumulative ones, the day it completed. */
  day: UtcDaySchema,
  /** Occurrences counted (indicator), distinct files (sequence), 30-day total (cumulative). */
  count: z.number().int().nonnegative(),
  /** 0 below the first threshold, then 1, 2, 3; sequences and cumulative insights use 0. */
  level: z.number().int().min(0).max(3),
  unusual: z.boolean(),
  /** The score before boosters (base × level multiplier, the sequence sum, or the percentile band). */
  baseScore: z.number().nonnegative(),
  boosters: z.array(BoosterApplicationSchema),
  score: z.number().min(0).max(100),
  topActivityIds: z.array(z.string()).max(MAX_TOP_ACTIVITIES),
  riskFactors: z.array(RiskFactorSchema),
};

export const IndicatorInsightSchema = z.object({
  kind: z.literal('indicator'),
  indicatorId: z.string().min(1),
  ...CommonInsightFields,
});

export const SequenceInsightSchema = z.object({
  kind: z.literal('sequence'),
  sequenceType: z.string().min(1),
  ...CommonInsightFields,
});

export const CumulativeInsightSchema = z.object({
  kind: z.literal('cumulative'),
  /** The exfiltration channel compared. */
  channel: z.string().min(1),
  /** Which comparison gave the score: the whole organization or the peer group. */
  comparedWith: z.enum(['organization', 'peers']),
  percentile: z.number().min(0).max(100),
  ...CommonInsightFields,
});

export const InsightSchema = z.discriminatedUnion('kind', [IndicatorInsightSchema, SequenceInsightSchema, CumulativeInsightSchema]);
export type IndicatorInsight = z.infer<typeof IndicatorInsightSchema>;
export type SequenceInsight = z.infer<typeof SequenceInsightSchema>;
export type CumulativeInsight = z.infer<typeof CumulativeInsightSchema>;
export type Insight = z.infer<typeof InsightSchema>;

/**
 * Stable identity of an insight within one user's alert: the same pattern on the same day always
 * has the same key, so re-scoring replaces an insight instead of adding a second one.
 */
export function insightKey(insight: Insight): string {
  switch (insight.kind) {
    case 'indicator':
      return `indicator:${insight.indicatorId}:${insight.day}`;
    case 'sequence':
      return `sequence:${insight.sequenceType}:${insight.day}`;
    case 'cumulative':
      return `cumulative:${insight.channel}:${insight.comparedWith}:${insight.day}`;
  }
}
