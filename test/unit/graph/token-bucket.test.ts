import { TokenBuckets } from '../../../infra/graph/token-bucket';

describe('TokenBuckets (GCRA)', () => {
  it('spaces requests at the same instant evenly at the rate', () => {
    const buckets = new TokenBuckets();
    const waits = [0, 0, 0, 0, 0].map(() => buckets.reserve('team:a', { ratePerSecond: 4 }, 1_000));
    expect(waits).toEqual([0, 250, 500, 750, 1000]);
  });

  it('never lets more than the rate through in any one-second window', () => {
    const buckets = new TokenBuckets();
    // Arrivals at irregular times; each goes at arrival + wait.
    const arrivals = [0, 10, 20, 30, 400, 410, 1300, 1301, 1302, 1303, 1304, 3000];
    const sent = arrivals.map((t) => t + buckets.reserve('k', { ratePerSecond: 4 }, t));
    for (const start of sent) {
      const inWindow = sent.filter((s) => s >= start && s < start + 1000);
      expect(inWindow.length).toBeLessThanOrEqual(4);
    }
    // And nothing is delayed more than needed: a request after a long quiet spell goes at once.
    expect(sent[sent.length - 1]).toBe(3000);
  });

  it('allows a burst when asked to, then the steady rate', () => {
    const buckets = new TokenBuckets();
    const waits = [0, 0, 0, 0].map(() => buckets.reserve('k', { ratePerSecond: 10, burst: 3 }, 0));
    expect(waits).toEqual([0, 0, 0, 100]);
  });

  it('keeps one bucket per key', () => {
    const buckets = new TokenBuckets();
    expect(buckets.reserve('team:a', { ratePerSecond: 1 }, 0)).toBe(0);
    expect(buckets.reserve('team:b', { ratePerSecond: 1 }, 0)).toBe(0);
    expect(buckets.reserve('team:a', { ratePerSecond: 1 }, 0)).toBe(1000);
  });

  it('forgets buckets that have refilled once there are many', () => {
    const buckets = new TokenBuckets();
    for (let i = 0; i < 300; i++) buckets.reserve(`team:${i}`, { ratePerSecond: 4 }, 0);
    buckets.reserve('team:late', { ratePerSecond: 4 }, 10_000);
    expect(buckets.size).toBe(1);
  });
});
