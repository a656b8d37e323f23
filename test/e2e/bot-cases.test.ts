import { unzipSync } from '../support/unzip';
import { alertsCollection, userFactsCollection } from '../../core/persistence/collections';
import { casesCollection } from '../../core/cases/case';
import { listAudit } from '../../core/audit/audit-log';
import { nodeHasher } from '../../infra/crypto/node-hasher';
import { people, startBotScenario, type BotScenario } from '../support/app/bot-scenario';
import { cardAction, channelMessage, postActivity } from '../support/teams-activities';

type Card = { actions?: { title: string }[] };
const text = (value: unknown): string => JSON.stringify(value);

describe('cases from chat and cards', () => {
  let s: BotScenario;
  let caseId = '';
  const conversation = (): string => s.alertPosts()[0].conversationId ?? '';

  beforeAll(async () => {
    s = await startBotScenario(1);
    const post = s.alertPosts()[0];
    const activity = s.t.teams.activity(post.activityId ?? '')?.activity as { attachments: { content: unknown }[] };
    const alertRef = /"alertRef":"(A-[0-9A-F]{12})"/.exec(text(activity.attachments[0].content))?.[1] ?? '';
    const confirmed = await postActivity(s.t.app.url, cardAction(s.t.teams.url, people.grace, conversation(), 'alert.confirm', { alertRef, caseName: 'USB copies before leaving', comment: 'first look' }));
    caseId = /case (C-[0-9A-F]{12})/.exec(text(confirmed.body))?.[1] ?? '';
  }, 60_000);

  afterAll(async () => {
    await s.t.close();
  });

  const act = async (who: (typeof people)[keyof typeof people], verb: string, data: Record<string, unknown>): Promise<{ statusCode: number; value: Card }> =>
    (await postActivity(s.t.app.url, cardAction(s.t.teams.url, who, conversation(), verb, { caseId, ...data }))).body as { statusCode: number; value: Card };

  it('shows the case card by command with the triage comment as its first note', async () => {
    expect(caseId).toMatch(/^C-[0-9A-F]{12}$/);
    await postActivity(s.t.app.url, channelMessage(s.t.teams.url, people.linus, `case show ${caseId}`));
    const reply = s.t.teams.posts().filter((p) => p.route === 'replyToActivity').map((p) => text(p.body)).find((b) => b.includes(`Case ${caseId}`));
    expect(reply).toContain('first look');
    expect(reply).toMatch(/Anon-[0-9A-F]{10}/);
  });

  it('adds a permanent note and a named contributor from the card; the contributor has restricted rights', async () => {
    const noted = await act(people.linus, 'case.addNote', { note: 'Manager says the copies were not approved' });
    expect(text(noted.value)).toContain('Manager says the copies were not approved');
    // Mallory holds no role: she may not add herself, and the attempt is audited.
    const denied = await act(people.mallory, 'case.addNote', { note: 'let me in' });
    expect(text(denied.value)).toContain('Not allowed');
    const added = await act(people.grace, 'case.addContributor', { contributor: people.mallory.aadObjectId });
    expect(text(added.value)).toContain('can now contribute to this case');
    const asContributor = await act(people.mallory, 'case.refresh', {});
    expect(asContributor.value.actions?.map((a) => a.title)).toEqual(['Add note', 'Activity (30 days)', 'Activity (90 days)']);
    const byContributor = await act(people.mallory, 'case.addNote', { note: 'HR confirms the resignation date' });
    expect(text(byContributor.value)).toContain('HR confirms the resignation date');
    const resolveByContributor = await act(people.mallory, 'case.resolve', { resolution: 'Benign', actionTaken: 'none' });
    expect(text(resolveByContributor.value)).toContain('case contributors cannot resolve a case');
  });

  it("shows the user's activity timeline", async () => {
    const card = await act(people.linus, 'case.activity', { days: 30 });
    expect(text(card.value)).toContain('Risk activity, last 30 days');
    expect(text(card.value)).toMatch(/2026-03-05 · [^"]*×25/);
  });

  it('exports the evidence package: a zip whose manifest hashes match its files', async () => {
    await postActivity(s.t.app.url, channelMessage(s.t.teams.url, people.linus, `case escalate ${caseId}`));
    const reply = s.t.teams.posts().map((p) => text(p.body)).find((b) => b.includes('Evidence package for case'));
    const url = /\((http:[^)]+\/api\/downloads\/[A-Za-z0-9_-]+)\)/.exec(reply ?? '')?.[1] ?? '';
    const response = await fetch(url);
    expect(response.status).toBe(200);
    const files = unzipSync(Buffer.from(await response.arrayBuffer()));
    const names = [...files.keys()].sort();
    expect(names).toEqual([`${caseId}/activities.csv`, `${caseId}/alerts.json`, `${caseId}/audit.csv`, `${caseId}/case.json`, `${caseId}/manifest.json`, `${caseId}/notes.csv`]);
    const manifest = JSON.parse(files.get(`${caseId}/manifest.json`) ?? '{}') as { files: { name: string; sha256: string }[] };
    for (const f of manifest.files) expect(nodeHasher.sha256Hex(files.get(`${caseId}/${f.name}`) ?? '')).toBe(f.sha256);
    expect(files.get(`${caseId}/activities.csv`)?.split('\r\n').filter((l) => l.includes('FileCopiedToRemovableMedia'))).toHaveLength(25);
    // The link works once.
    expect((await fetch(url)).status).toBe(404);
  });

  it('resolves as a confirmed violation: the case closes, its alerts resolve, the booster remembers it', async () => {
    const resolved = await act(people.grace, 'case.resolve', { resolution: 'ConfirmedPolicyViolation', actionTaken: 'Access revoked; HR informed' });
    expect(text(resolved.value)).toContain('Closed as confirmed policy violation by Grace Analyst');
    const store = s.t.app.container.store;
    const stored = await store.transaction((tx) => tx.documents(casesCollection).query({ limit: 10 }));
    expect(stored[0].value.status).toBe('Closed');
    expect(stored[0].value.notes.map((n) => n.text)).toContain('Resolved as Confirmed policy violation. Action taken: Access revoked; HR informed');
    const alerts = await store.transaction((tx) => tx.documents(alertsCollection).query({ partition: stored[0].value.userId, limit: 10 }));
    expect(alerts.filter((a) => a.value.caseId === caseId).every((a) => a.value.status === 'Resolved')).toBe(true);
    const facts = await store.transaction((tx) => tx.documents(userFactsCollection).query({ partition: stored[0].value.userId, limit: 1 }));
    expect(text(facts[0]?.value)).toContain(caseId);
    const audit = await store.transaction((tx) => listAudit(tx, { category: 'Cases' }));
    expect(audit.map((e) => e.activity)).toEqual(expect.arrayContaining(['Created case', 'Added case note', 'Added case contributor', 'Escalated case', 'Exported case evidence', 'Resolved case', 'Permission denied']));
    // A closed case takes no more notes.
    const late = await act(people.linus, 'case.addNote', { note: 'too late' });
    expect(text(late.value)).toContain('is closed');
  });
});
