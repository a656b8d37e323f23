import {
  ZETA_1_5,
  alertScore,
  explainAlertScore,
  higherSeverity,
  severityFor,
  userRiskLevel,
} from '../../../core/scoring/risk-score';
import { shuffles } from './scoring-fixtures';

describe('alertScore', () => {
  it('uses ζ(1.5) as the normaliser', () => {
    let partial = 0;
    for (let k = 1; k <= 2_000_000; k++) partial += 1 / k ** 1.5;
    // The tail beyond N is about 2/√N.
    expect(partial + 2 / Math.sqrt(2_000_000)).toBeCloseTo(ZETA_1_5, 5);
  });

  it('reproduces Elastic’s documented example (70, 45, 21, 21, 21 → 36.16)', () => {
    expect(alertScore([21, 70, 21, 45, 21])).toBeCloseTo(36.16, 2);
  });

  it('gives one 100-point insight ≈ 38 and approaches 100 only with many strong ones', () => {
    expect(alertScore([100])).toBeCloseTo(38.28, 2);
    expect(alertScore(Array.from({ length: 10_000 }, () => 100))).toBeGreaterThan(98);
    expect(alertScore(Array.from({ length: 10_000 }, () => 100))).toBeLessThanOrEqual(100);
    expect(alertScore([])).toBe(0);
  });

  it('is bounded, monotone and independent of order', () => {
    const scores = [12, 88, 40.5, 3, 100, 67, 67, 0];
    const expected = alertScore(scores);
    for (const order of shuffles(scores)) expect(alertScore(order)).toBe(expected);
    // Adding an insight, or raising one, never lowers the alert score.
    expect(alertScore([...scores, 1])).toBeGreaterThanOrEqual(expected);
    expect(alertScore(scores.map((s, i) => (i === 3 ? s + 20 : s)))).toBeGreaterThanOrEqual(expected);
    // Out-of-range inputs are clamped, so the result stays within 0–100.
    expect(alertScore([250, -5])).toBeCloseTo(alertScore([100, 0]), 12);
  });
});

describe('severityFor', () => {
  it('applies the bands of each alert volume, with no alert below the lowest band', () => {
    expect([19.99, 20, 39.99, 40, 69.99, 70].map((s) => severityFor(s, 'Default'))).toEqual([undefined, 'Low', 'Low', 'Medium', 'Medium', 'High']);
    expect([49, 50, 74, 75].map((s) => severityFor(s, 'Fewer'))).toEqual([undefined, 'Medium', 'Medium', 'High']);
    expect([14, 15, 35, 65].map((s) => severityFor(s, 'More'))).toEqual([undefined, 'Low', 'Medium', 'High']);
  });

  it('lets severity only rise', () => {
    expect(higherSeverity('Medium', 'Low')).toBe('Medium');
    expect(higherSeverity('Low', 'High')).toBe('High');
  });
});

describe('explainAlertScore', () => {
  it('shows the terms, their values, the sum and the division', () => {
    expect(explainAlertScore([21, 70, 45])).toBe(
      '70/1^1.5 + 45/2^1.5 + 21/3^1.5 = 70 + 15.91 + 4.04 = 89.95; 89.95 ÷ 2.612 (ζ(1.5)) = 34.43',
    );
    expect(explainAlertScore([])).toBe('no insights: score 0');
  });
});

describe('userRiskLevel', () => {
  it('names the highest severity among active alerts as an Adaptive Protection level', () => {
    expect(userRiskLevel([])).toEqual({ level: 'none', score: 0 });
    expect(userRiskLevel([{ score: 25, severity: 'Low' }])).toEqual({ level: 'minor', score: 25 });
    expect(userRiskLevel([{ score: 25, severity: 'Low' }, { score: 45, severity: 'Medium' }])).toEqual({ level: 'moderate', score: 45 });
    expect(userRiskLevel([{ score: 80, severity: 'High' }, { score: 45, severity: 'Medium' }])).toEqual({ level: 'elevated', score: 80 });
  });
});
