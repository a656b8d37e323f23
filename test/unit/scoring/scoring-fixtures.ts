import type { Activity } from '../../../core/ingest/activity';

let counter = 0;

/** An activity with sensible defaults; `overrides` win. Ids are unique within a test run. */
export function activity(overrides: Partial<Activity> & Pick<Activity, 'kind'>): Activity {
  counter++;
  return {
    id: `audit:${counter}`,
    source: 'audit',
    userId: 'ada@contoso.com',
    time: '2026-03-17T10:00:00.000Z',
    operation: 'Test',
    ...overrides,
  };
}

/** All permutations would be too many; a fixed set of deterministic shuffles is enough. */
export function shuffles<T>(items: readonly T[], count = 12): T[][] {
  const out: T[][] = [[...items].reverse()];
  let seed = 12345;
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let n = 0; n < count; n++) {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    out.push(copy);
  }
  return out;
}
