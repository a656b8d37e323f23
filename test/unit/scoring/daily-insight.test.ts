import { isUnusual, levelFor, scoreDailyInsight, unusualBaseline, utcDayOf } from '../../../core/scoring/daily-insight';

const T = { low: 10, medium: 20, high: 30 };

describe('levelFor', () => {
  it('follows the documented example: 1–9 minimal, 10–19 low, 20–29 medium, 30+ high', () => {
    expect([0, 1, 9, 10, 19, 20, 29, 30, 1000].map((c) => levelFor(c, T))).toEqual([0, 0, 0, 1, 1, 2, 2, 3, 3]);
  });

  it('handles equal thresholds (a single alert is already high when all three are 1)', () => {
    expect(levelFor(1, { low: 1, medium: 1, high: 1 })).toBe(3);
    expect(levelFor(0, { low: 1, medium: 1, high: 1 })).toBe(0);
  });
});

describe('unusualBaseline and isUnusual', () => {
  it('averages over 30 days with the missing days as zeros', () => {
    // Two days of 15 in the month: mean 1, σ = √((2·14² + 28·1²)/30) = √14.
    const b = unusualBaseline([15, 15], 0);
    expect(b.mean).toBeCloseTo(1, 12);
    expect(b.standardDeviation).toBeCloseTo(Math.sqrt(14), 12);
    expect(b.cutoff).toBeCloseTo(1 + 3 * Math.sqrt(14), 12);
    expect(unusualBaseline(Array.from({ length: 30 }, () => 0).map((_, i) => (i < 28 ? 0 : 15)), 0)).toEqual(b);
  });

  it('uses only the last 30 entries of a longer history', () => {
    const long = [1000, ...Array.from({ length: 30 }, () => 2)];
    expect(unusualBaseline(long, 0)).toEqual(unusualBaseline(Array.from({ length: 30 }, () => 2), 0));
  });

  it('is max(minimum daily events, 3 × mean, mean + 3σ), and never flags a zero day', () => {
    const steady = Array.from({ length: 30 }, () => 10); // mean 10, σ 0
    expect(unusualBaseline(steady, 5).cutoff).toBe(30);
    expect(isUnusual(29, steady, 5)).toBe(false);
    expect(isUnusual(30, steady, 5)).toBe(true);
    // The tenant's minimum gates it: the UI example (mean 10, 20 in a day, minimum 50) is not boosted.
    expect(isUnusual(20, steady, 50)).toBe(false);
    expect(isUnusual(0, [], 0)).toBe(false);
    expect(isUnusual(1, [], 0)).toBe(true);
  });
});

describe('scoreDailyInsight', () => {
  it('is base × level multiplier (1, 1.5, 2) and 0 below the low threshold', () => {
    const s = (count: number) => scoreDailyInsight({ count, thresholds: T, baseScore: 15, unusual: false }).score;
    expect([s(0), s(9), s(10), s(20), s(30), s(300)]).toEqual([0, 0, 15, 22.5, 30, 30]);
  });

  it('scores an unusual day below the low threshold as level 1, and a sequence step too', () => {
    expect(scoreDailyInsight({ count: 4, thresholds: T, baseScore: 15, unusual: true })).toEqual({ level: 0, scoredLevel: 1, multiplier: 1, score: 15 });
    expect(scoreDailyInsight({ count: 1, thresholds: T, baseScore: 30, unusual: false, minimumLevel: 1 }).score).toBe(30);
    expect(scoreDailyInsight({ count: 25, thresholds: T, baseScore: 15, unusual: true }).scoredLevel).toBe(2);
    expect(scoreDailyInsight({ count: 0, thresholds: T, baseScore: 15, unusual: true, minimumLevel: 1 }).score).toBe(0);
  });

  it('is monotone in the count', () => {
    let previous = -1;
    for (let count = 0; count <= 100; count++) {
      const { score } = scoreDailyInsight({ count, thresholds: T, baseScore: 30, unusual: false });
      expect(score).toBeGreaterThanOrEqual(previous);
      previous = score;
    }
  });
});

describe('utcDayOf', () => {
  it('takes the UTC day of canonical and offset times', () => {
    expect(utcDayOf('2026-03-17T23:59:59.999Z')).toBe('2026-03-17');
    expect(utcDayOf('2026-03-17T23:30:00-02:00')).toBe('2026-03-18');
    expect(() => utcDayOf('yesterday')).toThrow(RangeError);
  });
});
