import fs from 'node:fs';
import path from 'node:path';
import { casesCollection } from '../../core/cases/case';
import http from 'node:http';
import { httpPost, httpRequest } from '../support/http-post';
import type { FlowRunRecord } from '../../flows/engine/runner/run-records';
import { ingest, startTestApp, type TestApp } from '../support/app/start-test-app';
import { startFakeGraph, type FakeGraph } from '../support/fake-graph/fake-graph';
import { staticCredential } from '../support/fake-graph/fake-graph-connection';
import { startFakeServiceNow, type FakeServiceNow } from '../support/fake-servicenow';
import { directoryCsv, resignationCsv, scenarioUsers, usbCopiesNdjson } from '../support/scenarios/departing-user.scenario';
import { ALERTS_CHANNEL, BOT_ID, botAddedToTeam, cardAction, channelMessage, GENERAL_CHANNEL, person, personalMessage, postActivity, TENANT_ID, type TeamsPerson } from '../support/teams-activities';

/**
 * The five shipped templates end to end: the real server (restify, CloudAdapter, SQLite, the
 * outbox) with the fake Teams connector, the HTTPS fake Graph (users, managers, mail, calendar)
 * and a local ServiceNow Table API. Flows are enabled by chat command, then the departing-user
 * scenario is ingested in real formats and an alert confirmed into a case: every template runs on
 * its event (or by `flows run`), with the side effects asserted where they land. The HR request
 * waits for an answer across a restart of the server and writes the answer into the case notes.
 */

const admin = person(1, 'Ada Admin');
const grace = person(2, 'Grace Analyst');
const linus = person(3, 'Linus Investigator');
const hr = person(5, 'Harriet HR');
const MAILBOX = 'irm-flows@contoso.com';
const [user] = scenarioUsers(1);
const MANAGER = { id: '0b5e2c11-0000-4000-8000-00000000b055', userPrincipalName: 'boss@contoso.com', displayName: 'Barbara Boss', mail: 'boss@contoso.com' };

let graph: FakeGraph;
let serviceNow: FakeServiceNow;
let t: TestApp;

async function expectOk(activity: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
  const response = await postActivity(t.app.url, activity);
  if (response.status !== 200) throw new Error(`the bot answered ${response.status}: ${JSON.stringify(response.body)}\n${t.logs.slice(-5).join('\n')}`);
  return response;
}

async function say(who: TeamsPerson, message: string): Promise<string> {
  const before = t.teams.posts().length;
  await expectOk(channelMessage(t.teams.url, who, message));
  await t.teams.waitFor(() => t.teams.posts().slice(before).some((p) => p.route === 'replyToActivity'), 10_000);
  return JSON.stringify(t.teams.posts().slice(before).find((p) => p.route === 'replyToActivity')?.body);
}

async function runsOf(flowId: string): Promise<FlowRunRecord[]> {
  return t.app.flows.listRuns(flowId, 20);
}

async function waitForRun(flowId: string, status: FlowRunRecord['status'], count = 1): Promise<FlowRunRecord[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    await t.app.flows.drain();
    const runs = (await runsOf(flowId)).filter((r) => r.status === status);
    if (runs.length >= count) return runs;
    if (Date.now() > deadline) throw new Error(`flow ${flowId}: expected ${count} run(s) ${status}, have ${JSON.stringify(await runsOf(flowId))}\n${t.logs.join('\n')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function caseNotes(caseId: string): Promise<string[]> {
  const found = await t.app.container.store.transaction((tx) => tx.documents(casesCollection).get(user.upn, caseId));
  return found?.value.notes.map((n) => n.text) ?? [];
}

beforeAll(async () => {
  graph = await startFakeGraph({
    users: [
      { id: user.objectId, userPrincipalName: user.upn, displayName: user.displayName, mail: user.upn, department: 'Research', jobTitle: 'Engineer', managerId: MANAGER.id },
      MANAGER,
      { id: hr.aadObjectId, userPrincipalName: 'harriet@contoso.com', displayName: hr.name, mail: 'harriet@contoso.com' },
      { id: '5d0c9a44-0000-4000-8000-00000000aaaa', userPrincipalName: MAILBOX, displayName: 'IRM flows', mail: MAILBOX },
    ],
  });
  serviceNow = await startFakeServiceNow();
  t = await startTestApp({
    admins: [admin.aadObjectId],
    connector: {
      channels: [GENERAL_CHANNEL, ALERTS_CHANNEL],
      members: [admin, grace, linus, hr].map((p) => ({ id: p.teamsId, name: p.name, aadObjectId: p.aadObjectId, userPrincipalName: `${p.name.split(' ')[0].toLowerCase()}@contoso.com` })),
    },
    env: {
      GRAPH_USE_MANAGED_IDENTITY: 'true',
      GRAPH_BASE_URL: graph.url,
      IRM_FLOW_MAILBOX: MAILBOX,
      IRM_SERVICENOW_INSTANCE: serviceNow.url,
      IRM_SERVICENOW_USER: 'flow.bot',
      IRM_SERVICENOW_PASSWORD: 'secret',
      IRM_FLOW_RESUME_POLL_MS: '200',
    },
    overrides: { graphFetch: graph.fetch, graphCredential: staticCredential() },
  });
  await expectOk(botAddedToTeam(t.teams.url, admin));
  await expectOk(channelMessage(t.teams.url, admin, 'alerts channel here'));
  await expectOk(channelMessage(t.teams.url, admin, `roles add analysts ${grace.aadObjectId}`));
  await expectOk(channelMessage(t.teams.url, admin, `roles add investigators ${linus.aadObjectId}`));
  // HR has the app in a personal chat (a flow can message only people who installed it).
  await expectOk(personalMessage(t.teams.url, hr, 'help'));
}, 120_000);

afterAll(async () => {
  await t.close();
  await graph.close();
  await serviceNow.close();
});

let caseId = '';

describe('the shipped flow templates', () => {
  it('are enabled by admin command with their parameters', async () => {
    expect(await say(admin, 'flows enable notify-user-added-to-policy "policyNames=Data theft by departing users"')).toContain('Flow notify-user-added-to-policy is enabled');
    expect(await say(admin, 'flows enable notify-manager-on-alert notifySeverities=Low;Medium;High')).toContain('It starts on alert.created');
    expect(await say(admin, 'flows enable servicenow-record-for-case serviceNowTable=sn_si_incident')).toContain('enabled');
    expect(await say(admin, 'flows enable case-review-reminder reviewers=linus@contoso.com timeZone="W. Europe Standard Time" reviewAfterDays=3')).toContain('enabled');
    expect(await say(admin, 'flows enable request-hr-information')).toContain('needs values for hrRecipients');
    expect(await say(admin, 'flows enable request-hr-information hrRecipients=harriet@contoso.com')).toContain('enabled');
    expect(await say(grace, 'flows enable case-review-reminder')).toContain('may not run');
  });

  it('1 and 3 run on the events of the ingested scenario: the user, their manager, and the manager about the alerts', async () => {
    await ingest(t.app, '/api/signals/directory', directoryCsv([user]), 'text/csv');
    await ingest(t.app, '/api/signals?jobid=hr-1', resignationCsv([user], '2026-03-02', '2026-03-27'), 'text/csv');
    await ingest(t.app, '/api/signals/audit', usbCopiesNdjson([user], '2026-03-05', 25), 'application/x-ndjson');

    // The resignation brings the user into the departing-users policy once; the copies that follow only extend the window.
    const [scoped] = await waitForRun('notify-user-added-to-policy', 'Succeeded');
    expect(scoped.trigger.name).toBe('When_a_user_is_added_to_a_policy');
    const alerted = await waitForRun('notify-manager-on-alert', 'Succeeded', 2);
    expect(alerted.every((r) => r.trigger.name === 'When_an_alert_is_created')).toBe(true);

    const mails = graph.mails();
    const toUser = mails.filter((m) => m.to.includes(user.upn));
    expect(toUser).toEqual([expect.objectContaining({ from: MAILBOX, subject: 'Information about your use of company resources', contentType: 'html' })]);
    expect(toUser[0].content).toContain(`Hello ${user.displayName},`);
    const toManager = mails.filter((m) => m.to.includes(MANAGER.mail));
    expect(toManager.map((m) => m.subject).sort()).toEqual([`Insider risk alert for ${user.displayName}`, `Insider risk alert for ${user.displayName}`, `${user.displayName} has been informed about the acceptable-use policy`]);
    const alertMail = toManager.find((m) => m.subject.startsWith('Insider risk alert'))!;
    // The alerts as an HTML table with policy, time and severity.
    expect(alertMail.content).toMatch(/<table>.*<th>Policy<\/th><th>Time \(UTC\)<\/th><th>Severity<\/th>.*<td>Low<\/td>/s);
    expect(alertMail.content).toContain('2026-03-05');

    // Each event ran each flow once, even though the outbox delivers at least once.
    expect(await runsOf('notify-user-added-to-policy')).toHaveLength(1);
  });

  it('4 and 5 run when an alert is confirmed into a case: a ServiceNow record whose number is noted, and a review in the calendar', async () => {
    const post = t.teams.posts().find((p) => p.route === 'createConversation');
    const activity = t.teams.activity(post?.activityId ?? '')?.activity as { attachments: { content: unknown }[] };
    const alertRef = /"alertRef":"(A-[0-9A-F]{12})"/.exec(JSON.stringify(activity.attachments[0].content))?.[1] ?? '';
    const confirmed = await expectOk(cardAction(t.teams.url, grace, post?.conversationId ?? '', 'alert.confirm', { alertRef, caseName: 'Departing engineer' }));
    caseId = /case (C-[0-9A-F]{12})/.exec(JSON.stringify(confirmed.body))?.[1] ?? '';
    expect(caseId).toMatch(/^C-/);

    await waitForRun('servicenow-record-for-case', 'Succeeded');
    await waitForRun('case-review-reminder', 'Succeeded');

    const [record] = serviceNow.records('sn_si_incident');
    expect(record).toMatchObject({ correlation_id: caseId, short_description: `Insider risk case ${caseId}: Departing engineer`, urgency: '2' });
    expect(record.description).toContain('1 alert(s)');
    expect(record.description).not.toContain(user.upn);
    expect(serviceNow.requests().map((r) => [r.method, r.path.split('?')[0], r.status, r.headers.authorization?.split(' ')[0]])).toEqual([['POST', '/api/now/table/sn_si_incident', 201, 'Basic']]);

    const [event] = graph.events();
    expect(event.event).toMatchObject({ subject: `Review insider risk case ${caseId}`, start: { timeZone: 'W. Europe Standard Time' }, isReminderOn: true, sensitivity: 'private' });
    expect(JSON.stringify(event.event)).toContain('linus@contoso.com');

    const notes = await caseNotes(caseId);
    expect(notes).toContainEqual(`ServiceNow record ${record.number} created in sn_si_incident (sys_id ${record.sys_id}).`);
    expect(notes.some((n) => n.startsWith('Review scheduled for '))).toBe(true);
  });

  it('3 also runs for a selected case, and notes on the case that the manager was told', async () => {
    expect(await say(linus, `flows run notify-manager-on-alert --case ${caseId}`)).toMatch(/started as run R-/);
    const runs = await waitForRun('notify-manager-on-alert', 'Succeeded', 3);
    expect(runs.some((r) => r.trigger.name === 'For_a_selected_case')).toBe(true);
    expect(await caseNotes(caseId)).toContainEqual(expect.stringMatching(/^Manager Barbara Boss was notified of 1 alert\(s\) by flow /));
  });

  it('2 asks HR with an approval card, waits across a restart, and writes the answer into the case notes', async () => {
    const before = t.teams.posts().length;
    expect(await say(linus, `flows run request-hr-information --case ${caseId}`)).toMatch(/started as run R-/);
    const [waiting] = await waitForRun('request-hr-information', 'Waiting');
    await t.teams.waitFor(() => t.teams.posts().slice(before).some((p) => JSON.stringify(p.body).includes('Information request for insider risk case')), 10_000);
    const cardPost = t.teams.posts().slice(before).find((p) => JSON.stringify(p.body).includes('Information request for insider risk case'))!;
    expect(cardPost.conversationId).toBe(`a:1${hr.aadObjectId.replace(/-/g, '')}`);
    const token = /"waitToken":"([0-9a-f]+)"/.exec(JSON.stringify(cardPost.body))?.[1] ?? '';
    expect(token).not.toBe('');

    await t.restart();
    expect((await t.app.flows.getRun(waiting.id))?.status).toBe('Waiting');

    // Harriet picks an answer on the card in her chat with the app.
    const answer = {
      id: '1700000009999',
      timestamp: new Date().toISOString(),
      serviceUrl: t.teams.url,
      channelId: 'msteams',
      from: { id: hr.teamsId, name: hr.name, aadObjectId: hr.aadObjectId },
      recipient: { id: BOT_ID, name: 'Insider Risk' },
      conversation: { id: cardPost.conversationId, conversationType: 'personal', tenantId: TENANT_ID },
      channelData: { tenant: { id: TENANT_ID } },
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'flow.respond', data: { waitToken: token, response: 'Concerns: see comments', comments: 'Resigned last week; joining a competitor.' } }, trigger: 'manual' },
    };
    const reply = await expectOk(answer);
    expect(JSON.stringify(reply.body)).toContain('Concerns: see comments');

    await waitForRun('request-hr-information', 'Succeeded');
    expect(await caseNotes(caseId)).toContainEqual('HR information request answered by Harriet HR: Concerns: see comments. Comments: Resigned last week; joining a competitor.');

    // The same click again: the wait is over, nothing more is written.
    await postActivity(t.app.url, answer);
    expect((await caseNotes(caseId)).filter((n) => n.startsWith('HR information request answered'))).toHaveLength(1);
  });

  it('run history is readable from chat: the runs of a flow and the steps of one run', async () => {
    const runs = await say(linus, 'flows runs request-hr-information');
    expect(runs).toContain('Succeeded');
    const [run] = await runsOf('request-hr-information');
    const steps = await say(linus, `flows run ${run.id}`);
    for (const step of ['Get_case', 'Get_user_profile', 'Ask_HR', 'Record_the_answer_in_the_case', 'Record_that_nobody_answered']) expect(steps).toContain(step);
    expect(steps).toContain('Skipped');
  });

  it('flows import stores a real export disabled with the linter findings; enabling it is refused while they stand', async () => {
    const fixtures = path.resolve(__dirname, '../../../shared/fixtures/flows/pnp-powerautomate-samples');
    const sharepoint = fs.readFileSync(path.join(fixtures, 'sharepoint-collect-feedback--definition.json'), 'utf8');
    const imported = await say(admin, `flows import ${sharepoint}`);
    expect(imported).toContain('(disabled). It cannot be enabled until these are resolved');
    expect(imported).toContain('shared_sharepointonline:GetFileItem');
    const id = /Stored as ([a-z0-9-]+) \(disabled\)/.exec(imported)?.[1] ?? '';
    expect(await say(admin, `flows enable ${id}`)).toContain('cannot be enabled');
    expect(await say(admin, 'flows list')).toContain(id);
  });

  it('flows import takes the exported file sent in a chat with the app (Teams file download info)', async () => {
    const fixtures = path.resolve(__dirname, '../../../shared/fixtures/flows/pnp-powerautomate-samples');
    const file = fs.readFileSync(path.join(fixtures, 'Try-Catch-Finally--definition.json'));
    const files = http.createServer((_req, res) => res.end(file));
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', () => resolve()));
    try {
      const port = (files.address() as { port: number }).port;
      const before = t.teams.posts().length;
      await expectOk({
        ...personalMessage(t.teams.url, admin, 'flows import'),
        attachments: [{ contentType: 'application/vnd.microsoft.teams.file.download.info', name: 'Try-Catch-Finally.json', content: { downloadUrl: `http://127.0.0.1:${port}/download?token=x`, uniqueId: 'f1', fileType: 'json' } }],
      });
      await t.teams.waitFor(() => t.teams.posts().length > before, 10_000);
      const reply = JSON.stringify(t.teams.posts().slice(before).map((p) => p.body));
      expect(reply).toContain('Everything in it runs here');
      expect(reply).toContain('legacy-package');
    } finally {
      await new Promise<void>((resolve) => files.close(() => resolve()));
    }
  });

  it('the Power Platform connector endpoints answer only with the connector key', async () => {
    const url = `${t.app.url}/api/flows/subscriptions/alert.created`;
    const body = JSON.stringify({ callbackUrl: 'https://prod-00.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig=x' });
    expect((await httpPost(url, { 'content-type': 'application/json' }, body)).status).toBe(401);
    expect((await httpPost(url, { 'content-type': 'application/json', authorization: `Bearer ${t.app.ingestKey}` }, body)).status).toBe(401);
    const created = await httpPost(url, { 'content-type': 'application/json', authorization: `Bearer ${t.app.flowsKey}` }, body);
    expect(created.status).toBe(201);
    const location = String(created.headers.location ?? '');
    expect(location).toMatch(new RegExp(`^${t.app.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/api/flows/subscriptions/`));
    const listed = await say(admin, 'flows subscriptions');
    expect(listed).toContain('prod-00.westeurope.logic.azure.com');
    expect(listed).toContain('alert.created');
    expect(listed).not.toContain('sig=');
    const removed = await httpRequest('DELETE', location, { authorization: `Bearer ${t.app.flowsKey}` });
    expect(removed.status).toBe(204);
  });
});
