import { casesCollection } from '../../core/cases/case';
import { listAudit } from '../../core/audit/audit-log';
import { alertsCollection } from '../../core/persistence/collections';
import { ingest, startTestApp, type TestApp } from '../support/app/start-test-app';
import { directoryCsv, resignationCsv, scenarioUsers, usbCopiesNdjson } from '../support/scenarios/departing-user.scenario';
import { ALERTS_CHANNEL, botAddedToTeam, cardAction, channelMessage, GENERAL_CHANNEL, person, postActivity } from '../support/teams-activities';

const admin = person(1, 'Ada Admin');
const grace = person(2, 'Grace Analyst');
const linus = person(3, 'Linus Investigator');
const mallory = person(4, 'Mallory Member');

type Card = { body?: unknown[]; actions?: { title: string; card?: unknown }[]; refresh?: { userIds: string[] } };

function cardOf(activity: Partial<{ attachments: { content: unknown }[] }> | undefined): Card {
  const content = activity?.attachments?.[0]?.content;
  if (content === undefined) throw new Error('the activity carries no card');
  return content as Card;
}

const text = (card: Card): string => JSON.stringify(card);

describe('the bot in Teams: alert cards with in-place triage', () => {
  let t: TestApp;
  const users = scenarioUsers(3);

  beforeAll(async () => {
    t = await startTestApp({
      admins: [admin.aadObjectId],
      connector: {
        channels: [GENERAL_CHANNEL, ALERTS_CHANNEL],
        members: [admin, grace, linus, mallory].map((p) => ({ id: p.teamsId, name: p.name, aadObjectId: p.aadObjectId, userPrincipalName: `${p.name.split(' ')[0].toLowerCase()}@contoso.com` })),
      },
    });
    const url = t.app.url;
    const serviceUrl = t.teams.url;
    // Installed in a team; the admin picks the channel and names the analysts.
    expect((await postActivity(url, botAddedToTeam(serviceUrl, admin))).status).toBe(200);
    expect((await postActivity(url, channelMessage(serviceUrl, admin, 'alerts channel here'))).status).toBe(200);
    for (const [group, who] of [['analysts', grace], ['investigators', linus]] as const) {
      expect((await postActivity(url, channelMessage(serviceUrl, admin, `roles add ${group} ${who.aadObjectId}`))).status).toBe(200);
    }
    // The analysts have talked to the bot, so their Teams ids are known for the card's refresh list.
    await postActivity(url, channelMessage(serviceUrl, grace, 'help'));
    await postActivity(url, channelMessage(serviceUrl, linus, 'help'));

    await ingest(t.app, '/api/signals/directory', directoryCsv(users), 'text/csv');
    await ingest(t.app, '/api/signals?jobid=hr-1', resignationCsv(users, '2026-03-02', '2026-03-27'), 'text/csv');
    await ingest(t.app, '/api/signals/audit', usbCopiesNdjson(users, '2026-03-05', 25), 'application/x-ndjson');
    // Each user raises two alerts (the departing-user policy and the exfiltration data-leak policy).
    const alerts = await t.app.container.store.transaction((tx) => tx.documents(alertsCollection).count());
    expect(alerts).toBe(2 * users.length);
    await t.teams.waitFor((c) => c.posts().filter((p) => p.route === 'createConversation').length === alerts, 15_000);
  }, 60_000);

  afterAll(async () => {
    await t.close();
  });

  const alertPosts = () => t.teams.posts().filter((p) => p.route === 'createConversation');
  const refOf = (card: Card): string => /"alertRef":"(A-[0-9A-F]{12})"/.exec(text(card))?.[1] ?? '';

  it('answers the admin in the thread and keeps the team and channel', () => {
    const replies = t.teams.posts().filter((p) => p.route === 'replyToActivity' && p.conversationId?.startsWith(ALERTS_CHANNEL.id));
    expect(replies.map((r) => JSON.stringify(r.body))).toEqual(expect.arrayContaining([expect.stringContaining('Alert cards will be posted into **IRM Alerts**')]));
  });

  it('posts one card per alert as its own thread in the alerts channel, pseudonymized, with the triage actions', () => {
    expect(alertPosts()).toHaveLength(6);
    for (const post of alertPosts()) {
      expect(post.conversationId).toMatch(new RegExp(`^${ALERTS_CHANNEL.id.replace(/[.]/g, '\\.')};messageid=`));
      const card = cardOf(t.teams.activity(post.activityId ?? '')?.activity as never);
      expect(text(card)).toMatch(/Anon-[0-9A-F]{10}/);
      expect(text(card)).not.toMatch(/user0000\d@contoso\.com/);
      expect(card.actions?.map((a) => a.title)).toEqual(['Confirm and create case', 'Dismiss', 'Details']);
      // Everyone who may triage: the irm group (the bootstrap admin), analysts and investigators.
      expect(new Set(card.refresh?.userIds)).toEqual(new Set([admin.teamsId, grace.teamsId, linus.teamsId]));
    }
  });

  it('Confirm returns the updated card, creates the case, and updates the channel card in place', async () => {
    const post = alertPosts()[0];
    const card = cardOf(t.teams.activity(post.activityId ?? '')?.activity as never);
    const alertRef = refOf(card);
    const updatesBefore = t.teams.activity(post.activityId ?? '')?.updates ?? 0;
    const response = await postActivity(t.app.url, cardAction(t.teams.url, grace, post.conversationId ?? '', 'alert.confirm', { alertRef, caseName: 'Roadmap copied to USB', comment: 'Resigned and copying files' }));
    expect(response.status).toBe(200);
    const body = response.body as { statusCode: number; value: Card };
    expect(body.statusCode).toBe(200);
    expect(text(body.value)).toContain('Confirmed by Grace Analyst on');
    expect(body.value.actions?.map((a) => a.title)).toEqual(['Details']);
    const cases = await t.app.container.store.transaction((tx) => tx.documents(casesCollection).query({ where: { status: 'Active' } }));
    expect(cases.map((c) => c.value.name)).toEqual(['Roadmap copied to USB']);
    expect(cases[0].value.notes.map((n) => n.text)).toEqual(['Resigned and copying files']);
    await t.teams.waitFor((c) => (c.activity(post.activityId ?? '')?.updates ?? 0) > updatesBefore, 10_000);
    expect(text(cardOf(t.teams.activity(post.activityId ?? '')?.activity as never))).toContain('Confirmed by Grace Analyst');
    expect(alertPosts()).toHaveLength(6);
  });

  it('two analysts confirming the same alert at once make exactly one case; the second sees who won', async () => {
    const post = alertPosts()[1];
    const alertRef = refOf(cardOf(t.teams.activity(post.activityId ?? '')?.activity as never));
    const [a, b] = await Promise.all([
      postActivity(t.app.url, cardAction(t.teams.url, grace, post.conversationId ?? '', 'alert.confirm', { alertRef, caseName: 'Grace case' })),
      postActivity(t.app.url, cardAction(t.teams.url, linus, post.conversationId ?? '', 'alert.confirm', { alertRef, caseName: 'Linus case' })),
    ]);
    const cards = [a, b].map((r) => text((r.body as { value: Card }).value));
    const cases = await t.app.container.store.transaction((tx) => tx.documents(casesCollection).query({ where: { status: 'Active' } }));
    const names = cases.map((c) => c.value.name).filter((n) => n === 'Grace case' || n === 'Linus case');
    expect(names).toHaveLength(1);
    const winner = names[0] === 'Grace case' ? 'Grace Analyst' : 'Linus Investigator';
    expect(cards.every((c) => c.includes(`Confirmed by ${winner} on`))).toBe(true);
    expect(cards.filter((c) => c.includes('Nothing changed: this alert was already confirmed'))).toHaveLength(1);
  });

  it('Dismiss with a documented reason; someone outside the role groups is refused and audited', async () => {
    const post = alertPosts()[2];
    const alertRef = refOf(cardOf(t.teams.activity(post.activityId ?? '')?.activity as never));
    const denied = await postActivity(t.app.url, cardAction(t.teams.url, mallory, post.conversationId ?? '', 'alert.dismiss', { alertRef, reason: 'Activity is expected for this user' }));
    expect(denied.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(text((denied.body as { value: Card }).value)).toContain('Mallory Member may not use');
    const audit = await t.app.container.store.transaction((tx) => listAudit(tx, { category: 'Alerts' }));
    expect(audit.some((e) => e.activity === 'Permission denied' && e.actor.id === mallory.aadObjectId)).toBe(true);

    const ok = await postActivity(t.app.url, cardAction(t.teams.url, grace, post.conversationId ?? '', 'alert.dismiss', { alertRef, reason: 'Activity is expected for this user', notes: 'handover to successor' }));
    expect(text((ok.body as { value: Card }).value)).toContain('Dismissed by Grace Analyst');
    const alerts = await t.app.container.store.transaction((tx) => tx.documents(alertsCollection).query({ where: { status: 'Dismissed' } }));
    expect(alerts).toHaveLength(1);
  });

  it('a refresh shows the current state, with actions only for those who may triage', async () => {
    const post = alertPosts()[0];
    const alertRef = refOf(cardOf(t.teams.activity(post.activityId ?? '')?.activity as never));
    const forMallory = await postActivity(t.app.url, cardAction(t.teams.url, mallory, post.conversationId ?? '', 'alert.refresh', { alertRef }, 'automatic'));
    expect((forMallory.body as { statusCode: number }).statusCode).toBe(200);
    expect(text((forMallory.body as { value: Card }).value)).toContain('Confirmed by Grace Analyst');
  });

  it('never posts a second card for an alert, also after a restart and a redelivered event', async () => {
    const before = alertPosts().length;
    const app = await t.restart();
    const ids = await app.container.store.transaction((tx) => tx.documents(alertsCollection).query({ limit: 10 }));
    for (const a of ids) expect(await app.publisher.publish(a.value.userId, a.value.id)).toBe('updated');
    expect(alertPosts()).toHaveLength(before);
  });
});
