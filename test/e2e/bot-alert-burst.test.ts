import { alertsCollection } from '../../core/persistence/collections';
import { alertPostsCollection } from '../../core/conversations/conversation';
import { startTestApp, type TestApp } from '../support/app/start-test-app';
import { sampleAlert } from '../support/samples/sample-alert';
import { ALERTS_CHANNEL, botAddedToTeam, channelMessage, GENERAL_CHANNEL, person, postActivity } from '../support/teams-activities';

const admin = person(1, 'Ada Admin');
const BURST = 2_000;

describe('a burst of alerts', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Teams' real limits on a warp clock: the sender's waits (up to the 1,800-per-hour window) cost no real time.
    t = await startTestApp({ admins: [admin.aadObjectId], warp: true, connector: { channels: [GENERAL_CHANNEL, ALERTS_CHANNEL] } });
    await postActivity(t.app.url, botAddedToTeam(t.teams.url, admin));
    await postActivity(t.app.url, channelMessage(t.teams.url, admin, 'alerts channel here'));
  });

  afterAll(async () => {
    await t.close();
  });

  it(`delivers ${BURST} alert cards into one channel, each exactly once, never over Teams' limits`, async () => {
    // Alerts as scoring writes them: the document and its alert.created event in one unit of work.
    await t.app.container.store.transaction(async (tx) => {
      for (let i = 0; i < BURST; i++) {
        const userId = `burst${String(i).padStart(5, '0')}@contoso.com`;
        const alert = sampleAlert({ id: `data-leaks:${userId}:1`, userId });
        await tx.documents(alertsCollection).create(userId, alert.id, alert);
        await tx.outbox.append([{ id: `alert.created:${alert.id}`, type: 'alert.created', subject: userId, time: alert.createdAt, data: { alertId: alert.id, userId } }]);
      }
    });
    t.app.dispatcher.kick();
    const posts = () => t.teams.posts().filter((p) => p.route === 'createConversation');
    // No fixed deadline for the whole burst (13 s alone, far more beside other suites on 2 cores):
    // it fails when deliveries stop, not when they are slow. Speed is measured in bench:triage.
    await t.teams.waitForProgress(() => posts().length, BURST, 30_000);
    await t.app.dispatcher.drain();
    await t.app.sender.idle();

    expect(posts()).toHaveLength(BURST);
    expect(t.teams.requests().filter((r) => r.status === 429).map((r) => `${r.seq} ${r.route} ${r.at}`)).toEqual([]);
    expect(t.teams.violations()).toBe(0);
    // The hour window (1,800 per thread) was reached: the sender waited instead of being refused.
    expect(t.app.sender.stats().windowWaits).toBeGreaterThan(0);
    const recorded = await t.app.container.store.transaction((tx) => tx.documents(alertPostsCollection).count());
    expect(recorded).toBe(BURST);
    const activityIds = new Set(posts().map((p) => p.activityId));
    expect(activityIds.size).toBe(BURST);
    expect(t.app.dispatcher.failing()).toEqual([]);
  }, 600_000);
});
