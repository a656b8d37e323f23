import { replyText, tableRows } from '../../support/bot/replies';
import { type BotTestKit, createBotTestKit, PEOPLE } from '../../support/bot/test-services';

const NEWCOMER = '0b8e4c1d-2f3a-4b5c-9d6e-7f8a9b0c1d2e';

describe('roles', () => {
  let kit: BotTestKit;
  const admin = PEOPLE.admins;
  const ask = (text: string) => kit.ask(admin, text);

  beforeEach(async () => {
    kit = await createBotTestKit();
  });

  it('lists who holds each role group', async () => {
    const rows = tableRows(await ask('roles list'));
    expect(rows).toContainEqual(['analysts', 'Insider Risk Management Analysts', `Grace Analyst ${PEOPLE.analysts.aadObjectId}`]);
    expect(rows.map((r) => r[0])).toEqual(['irm', 'admins', 'analysts', 'investigators', 'auditors', 'approvers']);
  });

  it('adds by object id or by UPN from the directory, audited; the newcomer may then act', async () => {
    await kit.store.transaction((tx) => tx.users.upsertMany([{ upn: 'ada@contoso.com', objectId: NEWCOMER.toUpperCase(), displayName: 'Ada Lovelace' }]));
    const newcomer = { teamsId: '29:1newcomer', aadObjectId: NEWCOMER, name: 'Ada Lovelace' };
    expect(replyText(await kit.ask(newcomer, 'alerts'))).toMatch(/^⛔ /u);
    expect(replyText(await ask('roles add analysts ada@contoso.com'))).toBe('Added Ada Lovelace to Insider Risk Management Analysts (analysts).');
    expect(replyText(await ask(`roles add analysts ${NEWCOMER}`))).toBe(`${NEWCOMER} is already in analysts; nothing changed.`);
    expect(replyText(await kit.ask(newcomer, 'alerts'))).not.toMatch(/^⛔ /u);
    const added = (await kit.audit()).filter((e) => e.activity === 'Added role member');
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ category: 'Settings', actor: { id: admin.aadObjectId }, target: 'analysts', details: { member: NEWCOMER, name: 'Ada Lovelace' } });
  });

  it('removes a member, but never the last administrator', async () => {
    expect(replyText(await ask(`roles remove irm ${PEOPLE.irm.aadObjectId}`))).toBe('Removed Ida Irm from Insider Risk Management (irm).');
    const last = replyText(await ask(`roles remove admins ${admin.aadObjectId}`));
    expect(last).toBe('⚠️ cannot remove Ada Admin from admins: at least one member of irm or admins must remain, or nobody could administer the product; add another administrator first');
    expect(tableRows(await ask('roles list')).find((r) => r[0] === 'admins')?.[2]).toBe(`Ada Admin ${admin.aadObjectId}`);
    expect((await kit.audit()).filter((e) => e.activity === 'Removed role member').map((e) => e.target)).toEqual(['irm']);
  });

  it('says what was expected, with the closest group name, and changes nothing', async () => {
    const replies = [
      await ask(`roles add analyst ${NEWCOMER}`),
      await ask('roles add analysts'),
      await ask('roles add analysts nobody@contoso.com'),
      await ask('roles add analysts not-a-guid'),
      await ask(`roles remove auditors ${NEWCOMER}`),
      await ask('roles add'),
    ].map(replyText);
    expect(replies[0]).toContain("--group: expected one of irm, admins, analysts, investigators, auditors, approvers; got 'analyst' (did you mean analysts?)");
    expect(replies[1]).toContain('name the person: @mention them, or give their UPN or Entra object id');
    expect(replies[2]).toContain('no user nobody@contoso.com in the directory; @mention them or give their Entra object id');
    expect(replies[3]).toMatch(/^⚠️ .*not-a-guid/u);
    expect(replies[4]).toContain(`${NEWCOMER} is not a member of Insider Risk Management Auditors (auditors)`);
    expect(replies[5]).toContain('name the role group: one of irm, admins, analysts, investigators, auditors, approvers');
    for (const reply of replies) expect(reply).toMatch(/^⚠️ /u);
    expect(await kit.audit()).toEqual([]);
  });
});
