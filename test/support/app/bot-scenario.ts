import { alertsCollection } from '../../../core/persistence/collections';
import { directoryCsv, resignationCsv, scenarioUsers, type ScenarioUser, usbCopiesNdjson } from '../scenarios/departing-user.scenario';
import { ALERTS_CHANNEL, botAddedToTeam, channelMessage, GENERAL_CHANNEL, person, postActivity, type TeamsPerson } from '../teams-activities';
import { ingest, startTestApp, type TestApp, type TestAppOptions } from './start-test-app';

export const people = {
  admin: person(1, 'Ada Admin'),
  grace: person(2, 'Grace Analyst'),
  linus: person(3, 'Linus Investigator'),
  mallory: person(4, 'Mallory Member'),
};

export interface BotScenario {
  readonly t: TestApp;
  readonly users: readonly ScenarioUser[];
  /** Alert cards posted into the alerts channel, in posting order. */
  alertPosts(): ReturnType<TestApp['teams']['posts']>;
}

/**
 * The real server with the app installed in a team, the alerts channel chosen, Grace an analyst,
 * Linus an investigator, and a departing-user scenario for `count` users ingested in real
 * formats; returns once every alert's card is in the channel.
 */
export async function startBotScenario(count: number, extra: Pick<TestAppOptions, 'env' | 'overrides'> = {}): Promise<BotScenario> {
  const t = await startTestApp({
    ...extra,
    admins: [people.admin.aadObjectId],
    connector: {
      channels: [GENERAL_CHANNEL, ALERTS_CHANNEL],
      members: Object.values(people).map((p: TeamsPerson) => ({ id: p.teamsId, name: p.name, aadObjectId: p.aadObjectId, userPrincipalName: `${p.name.split(' ')[0].toLowerCase()}@contoso.com` })),
    },
  });
  const url = t.app.url;
  const serviceUrl = t.teams.url;
  const expectOk = async (activity: Record<string, unknown>): Promise<void> => {
    const response = await postActivity(url, activity);
    if (response.status !== 200) throw new Error(`the bot answered ${response.status} to ${String(activity.type)}`);
  };
  await expectOk(botAddedToTeam(serviceUrl, people.admin));
  await expectOk(channelMessage(serviceUrl, people.admin, 'alerts channel here'));
  await expectOk(channelMessage(serviceUrl, people.admin, `roles add analysts ${people.grace.aadObjectId}`));
  await expectOk(channelMessage(serviceUrl, people.admin, `roles add investigators ${people.linus.aadObjectId}`));
  await expectOk(channelMessage(serviceUrl, people.grace, 'help'));
  await expectOk(channelMessage(serviceUrl, people.linus, 'help'));
  const users = scenarioUsers(count);
  await ingest(t.app, '/api/signals/directory', directoryCsv(users), 'text/csv');
  await ingest(t.app, '/api/signals?jobid=hr-1', resignationCsv(users, '2026-03-02', '2026-03-27'), 'text/csv');
  await ingest(t.app, '/api/signals/audit', usbCopiesNdjson(users, '2026-03-05', 25), 'application/x-ndjson');
  const alerts = await t.app.container.store.transaction((tx) => tx.documents(alertsCollection).count());
  const alertPosts = (): ReturnType<TestApp['teams']['posts']> => t.teams.posts().filter((p) => p.route === 'createConversation');
  await t.teams.waitFor(() => alertPosts().length === alerts, 15_000);
  return { t, users, alertPosts };
}
