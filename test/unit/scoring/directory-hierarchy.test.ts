import { directoryHierarchy } from '../../../core/scoring/directory-hierarchy';

describe('directoryHierarchy', () => {
  it('counts direct and indirect reports and the level from the top of the chain', () => {
    // ceo ← vp ← (m1 ← a, b), (m2 ← c); dana has a manager who is not in the directory.
    const positions = directoryHierarchy([
      { upn: 'a', managerUpn: 'm1' },
      { upn: 'ceo' },
      { upn: 'm1', managerUpn: 'vp' },
      { upn: 'b', managerUpn: 'm1' },
      { upn: 'vp', managerUpn: 'ceo' },
      { upn: 'm2', managerUpn: 'vp' },
      { upn: 'c', managerUpn: 'm2' },
      { upn: 'dana', managerUpn: 'gone' },
      { upn: 'self', managerUpn: 'self' },
    ]);
    expect(Object.fromEntries(positions)).toEqual({
      ceo: { directReports: 1, indirectReports: 5, hierarchyLevel: 0 },
      vp: { directReports: 2, indirectReports: 3, hierarchyLevel: 1 },
      m1: { directReports: 2, indirectReports: 0, hierarchyLevel: 2 },
      m2: { directReports: 1, indirectReports: 0, hierarchyLevel: 2 },
      a: { directReports: 0, indirectReports: 0, hierarchyLevel: 3 },
      b: { directReports: 0, indirectReports: 0, hierarchyLevel: 3 },
      c: { directReports: 0, indirectReports: 0, hierarchyLevel: 3 },
      dana: { directReports: 0, indirectReports: 0, hierarchyLevel: 0 },
      self: { directReports: 0, indirectReports: 0, hierarchyLevel: 0 },
    });
  });

  it('survives a loop in the manager links: no level, each person below counted once', () => {
    const positions = directoryHierarchy([
      { upn: 'x', managerUpn: 'y' },
      { upn: 'y', managerUpn: 'x' },
      { upn: 'z', managerUpn: 'y' },
    ]);
    expect(positions.get('y')).toEqual({ directReports: 2, indirectReports: 0 });
    expect(positions.get('x')).toEqual({ directReports: 1, indirectReports: 1 });
    expect(positions.get('z')).toEqual({ directReports: 0, indirectReports: 0 });
  });

  it('walks a chain 20,000 deep without recursion', () => {
    const people = Array.from({ length: 20_000 }, (_, i) => ({ upn: `u${i}`, ...(i === 0 ? {} : { managerUpn: `u${i - 1}` }) }));
    const positions = directoryHierarchy(people);
    expect(positions.get('u0')).toEqual({ directReports: 1, indirectReports: 19_998, hierarchyLevel: 0 });
    expect(positions.get('u19999')).toEqual({ directReports: 0, indirectReports: 0, hierarchyLevel: 19_999 });
  });
});
