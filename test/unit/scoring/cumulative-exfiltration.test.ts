import {
  cumulativeMinimumEvents,
  cumulativeScore,
  evaluateCumulativeExfiltration,
  percentileOf,
  type UserExfiltrationTotals,
} from '../../../core/scoring/cumulative-exfiltration';
import { shuffles } from './scoring-fixtures';

function population(size: number, usb: (i: number) => number, department: (i: number) => string = (i) => (i % 2 === 0 ? 'Sales' : 'Engineering')): UserExfiltrationTotals[] {
  return Array.from({ length: size }, (_, i) => ({
    userId: `u${String(i).padStart(5, '0')}@contoso.com`,
    totals: { usb: usb(i) },
    department: department(i),
  }));
}

describe('percentileOf', () => {
  it('is the share of the population strictly below, the user included in the denominator', () => {
    const sorted = Float64Array.from([0, 0, 1, 2, 2, 5]);
    expect(percentileOf(sorted, 5)).toBeCloseTo((100 * 5) / 6, 12);
    expect(percentileOf(sorted, 2)).toBe(50);
    expect(percentileOf(sorted, 0)).toBe(0);
    expect(percentileOf(sorted, 99)).toBe(100);
    expect(percentileOf(new Float64Array(0), 3)).toBe(0);
  });
});

describe('cumulativeMinimumEvents and cumulativeScore', () => {
  it('needs 5 × the lowest daily threshold of the channel', () => {
    expect(cumulativeMinimumEvents('usb')).toBe(25);
    expect(cumulativeMinimumEvents('externalSharing')).toBe(5); // site sharing starts at 1
    expect(cumulativeMinimumEvents('usb', { CopyToUSB: { low: 2, medium: 4, high: 8 } })).toBe(10);
  });

  it('gives 50 from the 99th percentile, 75 from the 99.9th, nothing below the minimum', () => {
    expect(cumulativeScore(98.99, 100, 25)).toBe(0);
    expect(cumulativeScore(99, 100, 25)).toBe(50);
    expect(cumulativeScore(99.9, 100, 25)).toBe(75);
    expect(cumulativeScore(100, 24, 25)).toBe(0);
  });
});

describe('evaluateCumulativeExfiltration', () => {
  it('flags the top user of 1,000 at 75 against the organization, and not a user below the volume minimum', () => {
    const users = population(1000, (i) => (i === 7 ? 40 : i % 10));
    const findings = evaluateCumulativeExfiltration(users);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      userId: 'u00007@contoso.com',
      channel: 'usb',
      total: 40,
      minimumEvents: 25,
      organizationPercentile: 99.9,
      comparedWith: 'organization',
      percentile: 99.9,
      score: 75,
      peerGroup: { by: 'department', key: 'engineering', size: 500 },
    });
    const quiet = population(1000, (i) => (i === 7 ? 24 : i % 10));
    expect(evaluateCumulativeExfiltration(quiet)).toEqual([]);
  });

  it('needs a population to back a percentile: the top of 20 users is at the 95th', () => {
    expect(evaluateCumulativeExfiltration(population(20, (i) => (i === 0 ? 500 : 1)))).toEqual([]);
  });

  it('uses the peer group when it gives the higher score (department, else manager, else job title)', () => {
    // 2,000 users; Finance (200 people) rarely uses USB, the rest often does.
    const users: UserExfiltrationTotals[] = Array.from({ length: 2000 }, (_, i) => ({
      userId: `u${String(i).padStart(5, '0')}`,
      totals: { usb: i < 200 ? (i === 3 ? 60 : 0) : 80 },
      ...(i < 200 ? { department: 'Finance' } : { managerUpn: `m${i % 4}@contoso.com` }),
    }));
    const [finding, ...rest] = evaluateCumulativeExfiltration(users);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ userId: 'u00003', comparedWith: 'peers', percentile: 99.5, score: 50, peerGroup: { by: 'department', key: 'finance', size: 200 } });
    expect(finding.organizationPercentile).toBeLessThan(99);
  });

  it('falls back to the manager and then the job title for users without a department', () => {
    const users: UserExfiltrationTotals[] = [
      { userId: 'a', totals: {}, managerUpn: ' Boss@Contoso.com ' },
      { userId: 'b', totals: {}, jobTitle: 'Engineer' },
      ...Array.from({ length: 200 }, (_, i) => ({ userId: `m${i}`, totals: { print: i === 0 ? 100 : 0 }, managerUpn: 'boss@contoso.com' })),
    ];
    const [finding] = evaluateCumulativeExfiltration(users);
    expect(finding.peerGroup).toEqual({ by: 'manager', key: 'boss@contoso.com', size: 201 });
  });

  it('ranks channels separately and returns findings in a fixed order whatever the input order', () => {
    const users = population(1000, (i) => (i === 1 || i === 2 ? 100 : 0)).map((u, i) =>
      i === 1 ? { ...u, totals: { ...u.totals, email: 300 } } : u,
    );
    const expected = evaluateCumulativeExfiltration(users);
    expect(expected.map((f) => [f.userId, f.channel, f.score])).toEqual([
      ['u00001@contoso.com', 'usb', 50],
      ['u00001@contoso.com', 'email', 75],
      ['u00002@contoso.com', 'usb', 50],
    ]);
    for (const order of shuffles(users, 3)) expect(evaluateCumulativeExfiltration(order)).toEqual(expected);
  });

  it('never lowers a user’s score when their own total grows', () => {
    let previous = 0;
    for (let total = 0; total <= 200; total += 10) {
      const users = population(1000, (i) => (i === 0 ? total : i % 40));
      const score = evaluateCumulativeExfiltration(users).find((f) => f.userId === 'u00000@contoso.com')?.score ?? 0;
      expect(score).toBeGreaterThanOrEqual(previous);
      previous = score;
    }
    expect(previous).toBe(75);
  });

  it('handles 20,000 users with per-user results that match a direct count', () => {
    const users = population(20_000, (i) => (i * 7919) % 1000, (i) => `d${i % 50}`);
    const findings = evaluateCumulativeExfiltration(users);
    const totals = users.map((u) => u.totals.usb ?? 0);
    for (const f of findings) {
      const below = totals.filter((t) => t < f.total).length;
      expect(f.organizationPercentile).toBeCloseTo((100 * below) / totals.length, 10);
      expect(f.score).toBeGreaterThan(0);
    }
    expect(findings.length).toBeGreaterThan(0);
  });
});
