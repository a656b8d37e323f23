import { alertsCollection } from '../../../core/persistence/collections';
import { replyCard, replyText, tableRows } from '../../support/bot/replies';
import { cardProblems } from '../../support/cards/validate-card';
import { type BotTestKit, createBotTestKit, PEOPLE } from '../../support/bot/test-services';

describe('alerts and dismiss', () => {
  let kit: BotTestKit;
  const analyst = PEOPLE.analysts;
  const ask = (text: string) => kit.ask(analyst, text);
  let refs: string[];

  beforeEach(async () => {
    kit = await createBotTestKit();
    refs = [
      await kit.seedAlert({ id: 'data-leaks:ada@contoso.com:1', userId: 'ada@contoso.com', severity: 'High', createdAt: '2026-03-02T08:00:00.000Z' }),
      await kit.seedAlert({ id: 'data-leaks:bob@contoso.com:1', userId: 'bob@contoso.com', severity: 'Low', createdAt: '2026-03-01T08:00:00.000Z' }),
      await kit.seedAlert({ id: 'data-leaks:eve@contoso.com:1', userId: 'eve@contoso.com', severity: 'Low', createdAt: '2026-02-28T08:00:00.000Z' }),
    ];
  });

  const statuses = () => kit.store.transaction(async (tx) => (await tx.documents(alertsCollection).query({ limit: 10 })).map((a) => [a.value.userId, a.value.status]));

  it('lists alerts newest first, users pseudonymized', async () => {
    const reply = await ask('alerts');
    const rows = tableRows(reply);
    expect(rows.map((r) => r[0])).toEqual(refs);
    expect(rows.every((r) => /^Anon-[0-9A-F]{10}$/.test(r[1]))).toBe(true);
    expect(JSON.stringify(replyCard(reply))).not.toContain('@contoso.com');
    expect(cardProblems(replyCard(reply))).toEqual([]);
    expect(tableRows(await ask('alerts --severity low')).map((r) => r[0])).toEqual(refs.slice(1));
  });

  it('checks its options, with the closest value', async () => {
    expect(replyText(await ask('alerts --limit 101'))).toContain("--limit: expected a whole number from 1 to 100; got '101'");
    expect(replyText(await ask('alerts --severity Hgh'))).toContain('--severity: expected one of Low, Medium, High; got \'Hgh\' (did you mean High?)');
    expect(replyText(await ask('alerts --policy Data leak'))).toContain("'alerts' takes options only");
    await kit.ask(PEOPLE.irm, 'policy list');
    expect(replyText(await ask('alerts --policy "Data leak"'))).toContain("--policy: no policy named 'Data leak'; did you mean 'Data leaks'?");
  });

  it('dismiss by reference: one reason of three, audited, the dispatcher woken', async () => {
    const kicks = kit.kicks();
    expect(replyText(await ask(`dismiss ${refs[0]} --reason 1 --notes "known project"`))).toBe('Dismissed 1 alert ("Activity is expected for this user").');
    expect(await statuses()).toContainEqual(['ada@contoso.com', 'Dismissed']);
    expect(kit.kicks()).toBe(kicks + 1);
    const [entry] = await kit.audit({ category: 'Alerts' });
    expect(entry).toMatchObject({ activity: 'Dismissed alert', actor: { id: analyst.aadObjectId }, target: refs[0], details: { reason: 'Activity is expected for this user', notes: 'known project' } });
    expect(replyText(await ask(`dismiss ${refs[0]} --reason 1`))).toBe('Dismissed 0 alerts ("Activity is expected for this user"). 1 had already been triaged and were left as they were.');
  });

  it('dismiss by filter: every alert that needs review and matches', async () => {
    expect(replyText(await ask('dismiss --severity Low --reason 3'))).toBe('Dismissed 2 alerts ("Alerts for this user contain too much activity").');
    expect((await statuses()).filter(([, s]) => s === 'Dismissed').map(([u]) => u).sort()).toEqual(['bob@contoso.com', 'eve@contoso.com']);
  });

  it('refuses a dismissal it cannot do whole, dismissing nothing', async () => {
    const replies = [
      await ask(`dismiss ${refs[0]}`),
      await ask('dismiss --reason 1'),
      await ask(`dismiss ${refs[0]} --severity Low --reason 1`),
      await ask(`dismiss ${refs[0]} --reason 4`),
      await ask(`dismiss ${refs[0]} A-000000000000 --reason 1`),
    ].map(replyText);
    expect(replies[0]).toContain('--reason is required: 1 = "Activity is expected for this user", 2 = "Activity is impactful enough for me to investigate further", 3 = "Alerts for this user contain too much activity"');
    expect(replies[1]).toContain('say which alerts: their references (A-…) or at least one filter such as --policy or --severity');
    expect(replies[2]).toContain('give alert references or filters, not both');
    expect(replies[3]).toContain("dismiss reason: expected one of 1 \"Activity is expected for this user\"");
    expect(replies[4]).toContain('no alert A-000000000000: expected an alert reference like A-1B2C3D4E5F60');
    for (const reply of replies) expect(reply).toMatch(/^⚠️ /u);
    expect((await statuses()).every(([, s]) => s === 'NeedsReview')).toBe(true);
    expect(await kit.audit({ category: 'Alerts' })).toEqual([]);
  });
});
