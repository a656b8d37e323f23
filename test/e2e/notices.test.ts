import { casesCollection } from '../../core/cases/case';
import { startFakeGraph, type FakeGraph } from '../support/fake-graph/fake-graph';
import { staticCredential } from '../support/fake-graph/fake-graph-connection';
import { people, startBotScenario, type BotScenario } from '../support/app/bot-scenario';
import { cardAction, channelMessage, postActivity, type TeamsPerson } from '../support/teams-activities';

/**
 * Notices end to end: the real app (restify, CloudAdapter, SQLite) with the fake Teams connector
 * and the HTTPS fake Graph. Grace writes an HTML template in chat (escaped, as Teams sends typed
 * markup), confirms an alert into a case and sends the notice; the fake Graph records the mail:
 * to the case's user only, from the template's mailbox, the body sanitised. The same message
 * delivered again sends nothing more.
 */

const MAILBOX = 'irm-notices@contoso.com';
const text = (value: unknown): string => JSON.stringify(value);

let graph: FakeGraph;
let s: BotScenario;

beforeAll(async () => {
  graph = await startFakeGraph({ users: [{ id: '5d0c9a44-0000-4000-8000-00000000aaaa', userPrincipalName: MAILBOX, displayName: 'IRM notices' }] });
  s = await startBotScenario(1, {
    env: { GRAPH_USE_MANAGED_IDENTITY: 'true', GRAPH_BASE_URL: graph.url, IRM_NOTICE_MAILBOX: MAILBOX },
    overrides: { graphFetch: graph.fetch, graphCredential: staticCredential() },
  });
}, 120_000);

afterAll(async () => {
  await s.t.close();
  await graph.close();
});

function escapeAsTeams(html: string): string {
  return html.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

async function say(who: TeamsPerson, message: string): Promise<string> {
  const before = s.t.teams.posts().length;
  const response = await postActivity(s.t.app.url, channelMessage(s.t.teams.url, who, message));
  if (response.status !== 200) throw new Error(`the bot answered ${response.status} to '${message}'`);
  await s.t.teams.waitFor(() => s.t.teams.posts().slice(before).some((p) => p.route === 'replyToActivity'), 10_000);
  return text(s.t.teams.posts().slice(before).find((p) => p.route === 'replyToActivity')?.body);
}

it('mails the notice to the case user through Graph, sanitised, notes it on the case, and does not mail twice', async () => {
  const body = "<html><body><p onclick='steal()'>Please read <a href='https://contoso.sharepoint.com/policy'>the policy</a>.</p><script>alert(1)</script></body></html>";
  const created = await say(people.grace, `notice-template create Policy reminder --subject "Please review the data-handling policy" --body "${escapeAsTeams(body)}" --html --cc hr@contoso.com`);
  expect(created).toContain('Created the notice template **Policy reminder** (HTML, from irm-notices@contoso.com)');

  const post = s.alertPosts()[0];
  const activity = s.t.teams.activity(post.activityId ?? '')?.activity as { attachments: { content: unknown }[] };
  const alertRef = /"alertRef":"(A-[0-9A-F]{12})"/.exec(text(activity.attachments[0].content))?.[1] ?? '';
  const confirmed = await postActivity(s.t.app.url, cardAction(s.t.teams.url, people.grace, post.conversationId ?? '', 'alert.confirm', { alertRef, caseName: 'Departing user' }));
  const caseId = /case (C-[0-9A-F]{12})/.exec(text(confirmed.body))?.[1] ?? '';
  expect(caseId).toMatch(/^C-/);

  const command = `notice send ${caseId} --template "policy reminder" --subject "Final reminder: data-handling policy"`;
  const reply = await say(people.grace, command);
  expect(reply).toContain("Notice 'Policy reminder' sent to the case's user: Final reminder: data-handling policy");
  const user = s.users[0].upn;
  expect(graph.mails()).toEqual([
    {
      from: MAILBOX,
      subject: 'Final reminder: data-handling policy',
      contentType: 'html',
      content: "<p>Please read <a href='https://contoso.sharepoint.com/policy'>the policy</a>.</p>",
      to: [user],
      cc: ['hr@contoso.com'],
      bcc: [],
      saveToSentItems: true,
    },
  ]);
  expect(graph.requests('sendMail').map((r) => r.path)).toEqual(['/v1.0/users/irm-notices%40contoso.com/sendMail']);

  const stored = await s.t.app.container.store.transaction((tx) => tx.documents(casesCollection).query({ where: { status: 'Active' } }));
  expect(stored.find((c) => c.value.id === caseId)?.value.notes.map((n) => n.text)).toContain("Notice 'Policy reminder' sent to the user: Final reminder: data-handling policy");

  // The same message again within the minute (a redelivery): nothing more is mailed.
  expect(await say(people.grace, command)).toContain('was already sent for this request');
  expect(graph.mails()).toHaveLength(1);
}, 60_000);
