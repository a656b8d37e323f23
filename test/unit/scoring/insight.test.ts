import { RiskFactorSchema as AlertRiskFactorSchema } from '../../../core/alerts/alert';
import { InsightSchema, RiskFactorSchema, insightKey, type Insight } from '../../../core/scoring/insight';

const indicator: Insight = {
  kind: 'indicator',
  indicatorId: 'SpoDownload',
  day: '2026-03-17',
  count: 55,
  level: 3,
  unusual: true,
  baseScore: 30,
  boosters: [{ name: 'unusualActivity', factor: 1.5 }],
  score: 45,
  topActivityIds: ['audit:1', 'audit:2'],
  riskFactors: ['unusualActivity'],
};

describe('Insight schema', () => {
  it('round-trips each kind through JSON', () => {
    const { indicatorId: _drop, kind: _kind, ...common } = indicator;
    const sequence: Insight = { ...common, kind: 'sequence', sequenceType: 'download-exfiltrate', level: 0, unusual: false, riskFactors: ['sequence'] };
    const cumulative: Insight = { ...common, kind: 'cumulative', channel: 'usb', comparedWith: 'organization', percentile: 99.9, score: 75 };
    for (const insight of [indicator, sequence, cumulative]) {
      expect(InsightSchema.parse(JSON.parse(JSON.stringify(insight)))).toEqual(insight);
    }
  });

  it('refuses what would break the alert: score above 100, a bad day, an unknown risk factor, too many activities', () => {
    expect(InsightSchema.safeParse({ ...indicator, score: 100.5 }).success).toBe(false);
    expect(InsightSchema.safeParse({ ...indicator, day: '2026-3-17' }).success).toBe(false);
    expect(InsightSchema.safeParse({ ...indicator, riskFactors: ['gut feeling'] }).success).toBe(false);
    expect(InsightSchema.safeParse({ ...indicator, topActivityIds: Array.from({ length: 11 }, (_, i) => `a${i}`) }).success).toBe(false);
    expect(InsightSchema.safeParse({ ...indicator, kind: 'sequence' }).success).toBe(false);
  });

  it('keys an insight by kind, subject and day', () => {
    expect(insightKey(indicator)).toBe('indicator:SpoDownload:2026-03-17');
  });

  it('uses the same risk factors as alerts', () => {
    expect(RiskFactorSchema.options).toEqual(AlertRiskFactorSchema.options);
  });
});
