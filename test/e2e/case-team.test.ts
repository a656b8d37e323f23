import { caseTeamsCollection, type CaseTeam } from '../../core/cases/case-team';
import type { FakeGraph, FakeGraphRoute, FakeTeam } from '../support/fake-graph/fake-graph';
import { startFakeGraph } from '../support/fake-graph/fake-graph';
import { staticCredential } from '../support/fake-graph/fake-graph-connection';
import { people, startBotScenario, type BotScenario } from '../support/app/bot-scenario';
import { cardAction, channelMessage, postActivity, type TeamsPerson } from '../support/teams-activities';

/**
 * Case teams end to end: the real app (restify, CloudAdapter, SQLite, outbox) with the fake Teams
 * connector and the HTTPS fake Graph. Confirming an alert opens a case, and the case-team consumer
 * creates its team, adds the role groups' members, installs the app, posts the case card into
 * General, follows contributor changes and archives the team when the case is resolved. Then the
 * same with a Graph failure at each step, and with restarts in the middle: always one team.
 */

const APP_ID = '0a1b2c3d-0000-4000-8000-00000000abcd';
/** The investigators role group mapped to an Entra group, with one member known only to Entra. */
const INVESTIGATORS_GROUP = '9e8d7c6b-0000-4000-8000-00000000cafe';
const ERIN = { id: '6f1a2b3c-4d5e-4f60-8a7b-0000000000e1', userPrincipalName: 'erin@contoso.com', displayName: 'Erin Entra', memberOf: [INVESTIGATORS_GROUP] };
/** One alert per scenario user: each test opens its own case from its own alert. */
const ALERTS = 12;
const text = (value: unknown): string => JSON.stringify(value);

let graph: FakeGraph;
let s: BotScenario;
let nextAlert = 0;

beforeAll(async () => {
  graph = await startFakeGraph({
    users: [
      ...Object.values(people).map((p) => ({ id: p.aadObjectId, userPrincipalName: `${p.name.split(' ')[0].toLowerCase()}@contoso.com`, displayName: p.name })),
      ERIN,
      { id: '6f1a2b3c-4d5e-4f60-8a7b-0000000000f0', userPrincipalName: 'irm-notices@contoso.com', displayName: 'IRM notices' },
    ],
    teamsApps: [APP_ID],
  });
  s = await startBotScenario(ALERTS, {
    env: {
      GRAPH_USE_MANAGED_IDENTITY: 'true',
      GRAPH_BASE_URL: graph.url,
      IRM_TEAMS_APP_ID: APP_ID,
      IRM_CASE_TEAM_POLL_MS: '2',
      IRM_ROLE_GROUP_INVESTIGATORS: INVESTIGATORS_GROUP,
      IRM_NOTICE_MAILBOX: 'irm-notices@contoso.com',
    },
    overrides: { graphFetch: graph.fetch, graphCredential: staticCredential(), outboxRetryBaseMs: 20 },
  });
  await say(people.admin, 'settings set teams.caseTeams true');
}, 120_000);

afterAll(async () => {
  await s.t.close();
  await graph.close();
});

async function say(who: TeamsPerson, message: string): Promise<void> {
  const response = await postActivity(s.t.app.url, channelMessage(s.t.teams.url, who, message));
  if (response.status !== 200) throw new Error(`the bot answered ${response.status} to '${message}'`);
}

/** Grace confirms the next alert into a new case; returns the case id. */
async function confirmNextAlert(): Promise<string> {
  const post = s.alertPosts()[nextAlert++];
  const activity = s.t.teams.activity(post.activityId ?? '')?.activity as { attachments: { content: unknown }[] };
  const alertRef = /"alertRef":"(A-[0-9A-F]{12})"/.exec(text(activity.attachments[0].content))?.[1] ?? '';
  const confirmed = await postActivity(s.t.app.url, cardAction(s.t.teams.url, people.grace, post.conversationId ?? '', 'alert.confirm', { alertRef, caseName: `Case from alert ${nextAlert}` }));
  const caseId = /case (C-[0-9A-F]{12})/.exec(text(confirmed.body))?.[1];
  if (caseId === undefined) throw new Error(`confirm did not open a case: ${text(confirmed.body)}`);
  return caseId;
}

async function caseAction(caseId: string, verb: string, data: Record<string, unknown>): Promise<void> {
  const conversation = s.alertPosts()[0].conversationId ?? '';
  const response = await postActivity(s.t.app.url, cardAction(s.t.teams.url, people.grace, conversation, verb, { caseId, ...data }));
  if (response.status !== 200) throw new Error(`${verb} answered ${response.status}`);
}

async function record(caseId: string): Promise<CaseTeam | undefined> {
  const all = await s.t.app.container.store.transaction((tx) => tx.documents(caseTeamsCollection).query({ limit: 1000 }));
  return all.find((d) => d.value.caseId === caseId)?.value;
}

/** Polls `probe` until it returns something, within a bound. */
async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; log:\n${s.t.logs.slice(-10).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function untilState(caseId: string, state: CaseTeam['state']): Promise<CaseTeam> {
  return until(`case ${caseId} team ${state}`, async () => {
    const r = await record(caseId);
    return r?.state === state ? r : undefined;
  });
}

const teamsOf = (caseId: string): FakeTeam[] => graph.teams().filter((t) => t.description.startsWith(`[irm:${caseId}]`));
/** `POST /teams` requests Graph accepted for this case. */
const acceptedCreations = (caseId: string): number => graph.requests('createTeam').filter((r) => r.status === 202 && text(r.body).includes(`[irm:${caseId}]`)).length;
const memberIds = (team: FakeTeam | undefined): string[] => (team?.members ?? []).map((m) => m.userId).sort();
/** Posts into a team's General channel at the fake Teams connector. */
const cardPostsInto = (team: FakeTeam): number =>
  s.t.teams.posts().filter((p) => p.route === 'createConversation' && (p.body as { channelData?: { channel?: { id?: string } } }).channelData?.channel?.id === team.primaryChannelId).length;

/** One team, provisioned, with the card posted once into its General channel. */
function expectOneReadyTeam(caseId: string, done: CaseTeam): FakeTeam {
  const teams = teamsOf(caseId);
  expect(teams).toHaveLength(1);
  expect(acceptedCreations(caseId)).toBe(1);
  const [team] = teams;
  expect(done.teamId).toBe(team.id);
  expect(team).toMatchObject({ displayName: `IRM case ${caseId}`, visibility: 'private', provisioned: true, installedApps: [APP_ID] });
  expect(memberIds(team)).toEqual([people.admin.aadObjectId, people.grace.aadObjectId, people.linus.aadObjectId, ERIN.id].sort());
  expect(cardPostsInto(team)).toBe(1);
  return team;
}

describe('a case team through Microsoft Graph', () => {
  it('is created when a confirmed alert opens a case, follows contributors, and is archived on resolution', async () => {
    const caseId = await confirmNextAlert();
    const done = await untilState(caseId, 'cardPosted');
    const team = expectOneReadyTeam(caseId, done);
    // The owner is the first irm member (IRM_ADMINS); the analyst and investigator are members.
    expect(team.members.find((m) => m.userId === people.admin.aadObjectId)?.roles).toEqual(['owner']);
    expect(team.members.find((m) => m.userId === people.grace.aadObjectId)?.roles).toEqual([]);
    // A member of the Entra group mapped to investigators joins too (transitive members via Graph).
    expect(team.members.find((m) => m.userId === ERIN.id)?.roles).toEqual([]);
    // The case card went to General, through the bot.
    const card = s.t.teams.activity(done.cardMessage?.activityId ?? '');
    expect(text(card?.activity)).toContain(caseId);

    await caseAction(caseId, 'case.addNote', { note: 'Manager confirms the copies were not approved' });
    await caseAction(caseId, 'case.addContributor', { contributor: people.mallory.aadObjectId });
    await until('mallory in the team', () => (memberIds(graph.team(team.id)).includes(people.mallory.aadObjectId) ? true : undefined));
    graph.failNext('listMembers', 1, 500);
    await say(people.grace, `case contributors ${caseId} remove ${people.mallory.aadObjectId}`);
    await until('mallory out of the team', () => (memberIds(graph.team(team.id)).includes(people.mallory.aadObjectId) ? undefined : true));
    expect(graph.requests('listMembers').some((r) => r.fault === 'injected')).toBe(true);

    // A notice to the user: mailed through Graph, recorded in the case notes.
    await say(people.grace, `notice-template create Data handling --subject "Please review the data-handling policy" --body "Your recent file copies are being reviewed."`);
    await say(people.grace, `notice send ${caseId} --template "data handling"`);
    await until('the notice mail', () => (graph.mails().length > 0 ? true : undefined));
    expect(graph.mails().at(-1)).toMatchObject({ subject: 'Please review the data-handling policy' });
    expect(text(graph.mails().at(-1))).toContain((await record(caseId))?.userId ?? 'the case user');

    graph.failNext('archiveTeam', 1, 500);
    await caseAction(caseId, 'case.resolve', { resolution: 'Benign', actionTaken: 'Copies were approved' });
    const archived = await untilState(caseId, 'archived');
    expect(graph.team(team.id)?.archived).toBe(true);
    expect(graph.requests('archiveTeam').some((r) => r.fault === 'injected')).toBe(true);
    // The card in General says the case is closed.
    const shown = s.t.teams.activity(archived.cardMessage?.activityId ?? '');
    expect(shown?.updates).toBeGreaterThanOrEqual(1);
    expect(text(shown?.activity)).toContain('Closed');
    expect(text(shown?.activity)).toContain('Manager confirms the copies were not approved');
    expect(teamsOf(caseId)).toHaveLength(1);
  }, 60_000);

  const steps: readonly FakeGraphRoute[] = ['listGroups', 'createTeam', 'getOperation', 'addMembers', 'installApp', 'primaryChannel'];
  it.each(steps)('resumes after Graph fails at %s, ending with exactly one team', async (route) => {
    const before = graph.requests(route).filter((r) => r.fault === 'injected').length;
    graph.failNext(route, 1, 500);
    const caseId = await confirmNextAlert();
    const done = await untilState(caseId, 'cardPosted');
    expect(graph.requests(route).filter((r) => r.fault === 'injected')).toHaveLength(before + 1);
    expectOneReadyTeam(caseId, done);
  }, 60_000);

  it.each(['getOperation', 'installApp'] as const)('survives a restart while %s is failing: the run resumes from the record, one team', async (route) => {
    const injected = (): number => graph.requests(route).filter((r) => r.fault === 'injected').length;
    const before = injected();
    graph.failNext(route, 2, 500);
    const caseId = await confirmNextAlert();
    await until(`a failed ${route}`, () => (injected() > before ? true : undefined));
    await s.t.restart();
    const done = await untilState(caseId, 'cardPosted');
    expectOneReadyTeam(caseId, done);
  }, 60_000);

  it('after a crash that lost the record of an accepted creation, finds the team by reference instead of creating another', async () => {
    const caseId = await confirmNextAlert();
    const done = await untilState(caseId, 'cardPosted');
    const team = expectOneReadyTeam(caseId, done);
    // As if the process died right after Graph accepted POST /teams: the record says only that a creation was starting.
    const store = s.t.app.container.store;
    const now = new Date().toISOString();
    await store.transaction(async (tx) => {
      const docs = tx.documents(caseTeamsCollection);
      const current = await docs.get(done.userId, caseId);
      const lost: CaseTeam = { caseId, userId: done.userId, state: 'requested', reference: caseId, creationStartedAt: now, searched: false, members: [], notAdded: [], attempts: 0, requestedAt: done.requestedAt, updatedAt: now };
      await docs.replace(done.userId, caseId, lost, current?.etag ?? '');
      await tx.outbox.append([{ id: `case.updated:${caseId}:teamRequested:${now}`, type: 'case.updated', subject: done.userId, time: now, data: { caseId, userId: done.userId, change: 'teamRequested' } }]);
    });
    await s.t.restart();
    const resumed = await untilState(caseId, 'cardPosted');
    expect(resumed.teamId).toBe(team.id);
    expect(teamsOf(caseId)).toHaveLength(1);
    expect(acceptedCreations(caseId)).toBe(1);
  }, 60_000);

  it('case team shows the state; case team create refuses a closed case and reports an existing request', async () => {
    const caseId = await confirmNextAlert();
    await untilState(caseId, 'cardPosted');
    await say(people.linus, `case team ${caseId}`);
    await say(people.linus, `case team create ${caseId}`);
    const replies = s.t.teams.posts().filter((p) => p.route === 'replyToActivity').map((p) => text(p.body));
    expect(replies.some((r) => r.includes(`Team of case ${caseId}: ready: members added, app installed, case card posted`))).toBe(true);
    expect(replies.some((r) => r.includes(`Case ${caseId} already has a team request`))).toBe(true);
    await caseAction(caseId, 'case.resolve', { resolution: 'Benign', actionTaken: 'None needed' });
    await untilState(caseId, 'archived');
    await say(people.linus, `case team create ${caseId}`);
    const last = s.t.teams.posts().filter((p) => p.route === 'replyToActivity').map((p) => text(p.body)).at(-1);
    expect(last).toContain(`case ${caseId} is closed; closed cases get no team`);
  }, 60_000);
});

describe('a case opened while case teams were off', () => {
  it('gets no team until case team create asks for one', async () => {
    await say(people.admin, 'settings set teams.caseTeams false');
    const caseId = await confirmNextAlert();
    // The event was delivered (the alert card shows the case) and no record was made.
    await s.t.app.dispatcher.drain();
    expect(await record(caseId)).toBeUndefined();
    expect(teamsOf(caseId)).toHaveLength(0);
    await say(people.grace, `case team create ${caseId}`);
    const done = await untilState(caseId, 'cardPosted');
    expectOneReadyTeam(caseId, done);
  }, 60_000);
});
