import { auditExportsCollection } from '../../../core/audit/audit-exports';
import { cardTexts, replyText, tableRows } from '../../support/bot/replies';
import { type BotTestKit, createBotTestKit, PEOPLE } from '../../support/bot/test-services';

describe('audit', () => {
  let kit: BotTestKit;
  const auditor = PEOPLE.auditors;
  const ask = (text: string) => kit.ask(auditor, text);

  beforeEach(async () => {
    kit = await createBotTestKit();
    await kit.ask(PEOPLE.admins, 'settings set timeframes.activationWindowDays 14');
    await kit.ask(PEOPLE.analysts, 'settings');
  });

  it('lists entries newest first and says whether the hash chain is intact', async () => {
    const reply = await ask('audit');
    expect(tableRows(reply).map((r) => [r[0], r[2], r[3], r[4]])).toEqual([
      ['2', 'Settings', 'Permission denied', 'Grace Analyst'],
      ['1', 'Settings', 'Edited settings', 'Ada Admin'],
    ]);
    expect(cardTexts(reply)[1]).toBe('The audit log is intact: 2 entries (1–2), kept 180 days.');
    expect(tableRows(await ask(`audit --actor ${PEOPLE.admins.aadObjectId.toUpperCase()}`)).map((r) => r[0])).toEqual(['1']);
    expect(replyText(await ask('audit verify'))).toBe('The audit log is intact: 2 entries (1–2), kept 180 days.');
  });

  it('export answers with a one-time link and stores what it is for', async () => {
    const text = replyText(await ask('audit export --category Settings'));
    const token = /\(https:\/\/irm\.contoso\.com\/api\/[a-z/]+\/([A-Za-z0-9_-]{43})\)/.exec(text)?.[1] ?? '';
    expect(text).toMatch(/^Your audit log export \(CSV\) is ready: \[download\]\(https:\/\/irm\.contoso\.com\/api\/.+\)\. The link works once, for 10 minutes\.$/);
    const stored = await kit.store.transaction((tx) => tx.documents(auditExportsCollection).get('system', token));
    expect(stored?.value).toMatchObject({ requestedBy: { id: auditor.aadObjectId }, filters: { category: 'Settings' }, expiresAt: '2026-03-02T09:10:00.000Z' });
  });

  it('checks its options, with the closest category', async () => {
    expect(replyText(await ask('audit --category Setings'))).toContain("--category: expected one of Policies, Cases, Alerts, Settings, Users, Notice templates, Flows; got 'Setings' (did you mean Settings?)");
    expect(replyText(await ask('audit --limit 0'))).toContain("--limit: expected 1 to 100; got '0'");
    expect(replyText(await ask('audit --from yesterday'))).toContain("from is not a date: 'yesterday'");
  });
});
