import { CloudAdapter } from 'botbuilder';
import { TEAMS_APP_LIMITS, TEAMS_THREAD_LIMITS } from '../../infra/teams/rate-limits';
import { SingleAttemptBotFrameworkAuthentication } from '../../infra/teams/single-attempt-authentication';
import type { WindowLimits } from '../../infra/teams/sliding-window-limiter';
import { createThrottledSender } from '../../infra/teams/throttled-sender';
import { startFakeTeamsConnector } from '../support/fake-teams-connector';
import { cardTitle, postToChannel, titledCard } from '../support/teams-proactive';
import { createWarpClock } from '../support/virtual-clock';

/**
 * 2,000 alert cards into one channel through a real CloudAdapter, real HTTP and the throttled
 * sender, against the fake connector enforcing Teams' real (unscaled) limits.
 *
 * Time: sender and fake share a warp clock — wall-clock time while requests run, and a jump
 * instead of a wait whenever the sender sleeps. Scaling the windows instead (an hour in 3.6 s)
 * makes the test depend on machine speed: on a loaded 2-core box 1,800 posts take 5–18 s, longer
 * than a scaled hour, so the hour window would never hold anything back and the test would prove
 * nothing. With the warp clock the 1,800-per-hour window is always reached.
 */

const ALERTS = '19:alerts@thread.tacv2';
const HOUR_MS = 3_600_000;

function maxInAnyWindow(sorted: readonly number[], windowMs: number): number {
  let max = 0;
  let lo = 0;
  for (let hi = 0; hi < sorted.length; hi++) {
    while (sorted[lo] <= sorted[hi] - windowMs) lo++;
    max = Math.max(max, hi - lo + 1);
  }
  return max;
}

function expectWithinLimits(arrivals: readonly number[], limits: WindowLimits): void {
  for (const { limit, windowMs } of limits) expect(maxInAnyWindow(arrivals, windowMs)).toBeLessThanOrEqual(limit);
}

it('delivers a burst of 2,000 posts into one channel exactly once, never over a limit, and the hour window holds the rest back', async () => {
  const clock = createWarpClock();
  const adapter = new CloudAdapter(new SingleAttemptBotFrameworkAuthentication({}));
  const fake = await startFakeTeamsConnector({ now: clock.now });
  try {
    const sender = createThrottledSender({ now: clock.now, sleep: clock.sleep });
    const posted = await Promise.all(
      Array.from({ length: 2000 }, (_, i) =>
        sender.run(ALERTS, () => postToChannel(adapter, fake.url, ALERTS, titledCard(`alert ${i}`)), `post alert ${i}`),
      ),
    );

    const posts = fake.posts();
    expect(posts.map((p) => cardTitle(p.body))).toEqual(Array.from({ length: 2000 }, (_, i) => `alert ${i}`));
    expect(new Set(posted.map((p) => p.activityId)).size).toBe(2000);
    expect(posts.every((p) => p.route === 'createConversation' && p.threadKey === ALERTS)).toBe(true);
    expect(fake.violations()).toBe(0);
    expect(fake.requests().filter((r) => r.status !== 201)).toEqual([]);
    expect(sender.stats()).toMatchObject({ pending: 0, attempts: 2000, retries: 0, succeeded: 2000, failed: 0 });

    // Checked independently of both limiters, on the fake's arrival times: no window exceeded.
    const arrivals = posts.map((p) => p.at);
    expectWithinLimits(arrivals, TEAMS_THREAD_LIMITS);
    expectWithinLimits(arrivals, TEAMS_APP_LIMITS);
    // The hour window filled up (1,800 posts within the first hour) and held the 1,801st back.
    expect(arrivals[1799] - arrivals[0]).toBeLessThan(HOUR_MS);
    expect(arrivals[1800] - arrivals[0]).toBeGreaterThanOrEqual(HOUR_MS);
    expect(arrivals[1999] - arrivals[0]).toBeLessThan(HOUR_MS + 30_000 * 4); // 200 more at 60 per 30 s
    expect(clock.warpedMs()).toBeGreaterThan(HOUR_MS / 2); // the waiting was skipped, not done
  } finally {
    await fake.close();
  }
  // 2,000 requests through the real CloudAdapter: about 15 s here, twice that when the machine is shared.
}, 120_000);
