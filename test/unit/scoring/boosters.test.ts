import { applyBoosters, BOOSTER_FACTORS, explainBoosted, potentialHighImpactUser, type BoosterFacts } from '../../../core/scoring/boosters';

describe('applyBoosters', () => {
  it('multiplies the factors that hold, in a fixed order, one explanation line each', () => {
    const result = applyBoosters(20, { unusual: true, priorityContent: true }, { category: 'office' });
    expect(result.applied).toEqual([
      { name: 'unusualActivity', factor: 1.5 },
      { name: 'priorityContent', factor: 1.5 },
    ]);
    expect(result.score).toBeCloseTo(45, 12);
  });

  it('caps at 100', () => {
    const all: BoosterFacts = {
      unusual: true,
      previousConfirmedCases: 2,
      priorityUserGroupMember: true,
      potentialHighImpactUser: true,
      priorityContent: true,
      unallowedDomain: true,
      inDepartingWindow: true,
    };
    expect(applyBoosters(60, all, { category: 'device' }).score).toBe(100);
    expect(applyBoosters(0, all, { category: 'device' }).score).toBe(0);
  });

  it('boosts a priority-group member who is also high impact only once', () => {
    const both = applyBoosters(40, { priorityUserGroupMember: true, potentialHighImpactUser: true }, { category: 'office' });
    expect(both.applied).toEqual([{ name: 'priorityUserGroup', factor: BOOSTER_FACTORS.priorityUserGroup }]);
    expect(both.score).toBe(50);
    expect(applyBoosters(40, { potentialHighImpactUser: true }, { category: 'office' }).applied).toEqual([{ name: 'potentialHighImpactUser', factor: 1.2 }]);
    // With the group booster off, high impact still counts once.
    const groupOff = applyBoosters(40, { priorityUserGroupMember: true, potentialHighImpactUser: true }, { category: 'office', disabled: new Set(['priorityUserGroup']) });
    expect(groupOff.applied).toEqual([{ name: 'potentialHighImpactUser', factor: 1.2 }]);
  });

  it('never applies a booster twice, whatever the facts', () => {
    const result = applyBoosters(10, { unusual: true, priorityContent: true, unallowedDomain: true, previousConfirmedCases: 5 }, { category: 'device' });
    const names = result.applied.map((a) => a.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('applies user boosters to Office and Device indicators only; content factors to any', () => {
    const facts: BoosterFacts = { unusual: true, previousConfirmedCases: 1, priorityUserGroupMember: true, priorityContent: true, inDepartingWindow: true };
    expect(applyBoosters(40, facts, { category: 'dlpAlert' }).applied.map((a) => a.name)).toEqual(['priorityContent', 'departingWindow']);
    expect(applyBoosters(40, facts, { category: 'defenderForEndpoint' }).applied.map((a) => a.name)).toEqual(['priorityContent', 'departingWindow']);
    expect(applyBoosters(40, facts, { category: 'device' }).applied.map((a) => a.name)).toEqual([
      'unusualActivity',
      'previousConfirmedCase',
      'priorityUserGroup',
      'priorityContent',
      'departingWindow',
    ]);
  });

  it('respects boosters the policy turned off, and needs at least one previous confirmed case', () => {
    expect(applyBoosters(40, { unusual: true }, { category: 'office', disabled: new Set(['unusualActivity']) }).applied).toEqual([]);
    expect(applyBoosters(40, { previousConfirmedCases: 0 }, { category: 'office' }).applied).toEqual([]);
  });

  it('is monotone: adding a fact never lowers the score', () => {
    const keys: (keyof BoosterFacts)[] = ['unusual', 'priorityUserGroupMember', 'potentialHighImpactUser', 'priorityContent', 'unallowedDomain', 'inDepartingWindow'];
    for (let mask = 0; mask < 1 << keys.length; mask++) {
      const facts: Record<string, boolean> = {};
      keys.forEach((k, i) => (facts[k] = (mask & (1 << i)) !== 0));
      const base = applyBoosters(30, facts, { category: 'office' }).score;
      keys.forEach((k) => {
        expect(applyBoosters(30, { ...facts, [k]: true }, { category: 'office' }).score).toBeGreaterThanOrEqual(base);
      });
    }
  });

  it('explains the arithmetic, showing the cap when it bites', () => {
    expect(explainBoosted(30, 2, applyBoosters(60, { unusual: true, priorityContent: true }, { category: 'office' }))).toBe(
      '30 × 2 × 1.5 (unusualActivity) × 1.5 (priorityContent) = 135, capped at 100 = 100',
    );
    expect(explainBoosted(15, 1.5, applyBoosters(22.5, {}, { category: 'office' }))).toBe('15 × 1.5 = 22.5');
  });
});

describe('potentialHighImpactUser', () => {
  it('flags many reports, senior managers, executive titles and privileged roles, with reasons', () => {
    expect(potentialHighImpactUser({ directReports: 5, indirectReports: 20 })).toEqual({
      highImpact: true,
      reasons: ['25 direct and indirect reports (≥ 25)'],
    });
    expect(potentialHighImpactUser({ directReports: 3, hierarchyLevel: 1 }).highImpact).toBe(true);
    expect(potentialHighImpactUser({ jobTitle: 'Director of Sales' }).reasons).toEqual(['job title "Director of Sales" (director)']);
    expect(potentialHighImpactUser({ jobTitle: 'CFO' }).highImpact).toBe(true);
    expect(potentialHighImpactUser({ jobTitle: 'VP, Engineering' }).highImpact).toBe(true);
    expect(potentialHighImpactUser({ privilegedRole: true }).highImpact).toBe(true);
  });

  it('does not flag individual contributors, near-top people without reports, or look-alike titles', () => {
    expect(potentialHighImpactUser({ directReports: 2, indirectReports: 3, hierarchyLevel: 4, jobTitle: 'Senior Engineer' })).toEqual({ highImpact: false, reasons: [] });
    expect(potentialHighImpactUser({ hierarchyLevel: 1, directReports: 0, jobTitle: 'Executive Assistant' }).highImpact).toBe(false);
    expect(potentialHighImpactUser({ jobTitle: 'Directory Services Engineer' }).highImpact).toBe(false);
    expect(potentialHighImpactUser({}).highImpact).toBe(false);
  });
});
