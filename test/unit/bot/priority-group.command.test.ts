import { changePriorityUserGroup } from '../../../core/settings/priority-user-group-service';
import { cardTexts, replyCard, replyText, tableRows } from '../../support/bot/replies';
import { cardProblems } from '../../support/cards/validate-card';
import { type BotTestKit, createBotTestKit, PEOPLE } from '../../support/bot/test-services';

describe('priority-group', () => {
  let kit: BotTestKit;
  const admin = PEOPLE.admins;
  const ask = (text: string) => kit.ask(admin, text);

  beforeEach(async () => {
    kit = await createBotTestKit();
  });

  it('creates a group, audited, visible to the full-access role group unless told otherwise', async () => {
    expect(tableRows(await ask('priority-group list'))).toEqual([]);
    expect(replyText(await ask('priority-group create Executives --description "Board and C-suite"'))).toBe(
      "Created the priority user group **Executives** with no members yet; viewers: InsiderRiskManagement. Add people with 'priority-group add Executives <upn…>'. Its name cannot change later.",
    );
    await ask('priority-group create Finance leads --viewers analysts,CISO@contoso.com');
    const groups = (await kit.settings()).priorityUserGroups;
    expect(groups).toEqual([
      { name: 'Executives', description: 'Board and C-suite', members: [], viewers: ['InsiderRiskManagement'] },
      { name: 'Finance leads', description: '', members: [], viewers: ['InsiderRiskManagementAnalysts', 'ciso@contoso.com'] },
    ]);
    const reply = await ask('priority-group list');
    expect(tableRows(reply)).toEqual([
      ['Executives', 'Board and C-suite', '0', 'InsiderRiskManagement'],
      ['Finance leads', ' ', '0', 'InsiderRiskManagementAnalysts, ciso@contoso.com'],
    ]);
    expect(cardProblems(replyCard(reply))).toEqual([]);
    const [, created] = await kit.audit();
    expect(created).toMatchObject({
      category: 'Settings',
      activity: 'Edited settings',
      actor: { id: admin.aadObjectId, name: admin.name },
      target: 'priorityUserGroups',
      details: { setting: 'priorityUserGroups', operation: 'create', priorityUserGroup: 'Executives', description: 'Board and C-suite', viewers: ['InsiderRiskManagement'], members: 0 },
    });
  });

  it('adds and removes members by UPN; the group name may be several words', async () => {
    await ask('priority-group create Board members');
    expect(replyText(await ask('priority-group add board MEMBERS ceo@contoso.com, CFO@contoso.com'))).toBe('Added to **Board members**: ceo@contoso.com, cfo@contoso.com; 2 members now.');
    expect(replyText(await ask('priority-group add Board members ceo@contoso.com'))).toBe('Nothing changed: already a member of **Board members** (2 members).');
    expect(replyText(await ask('priority-group remove Board members cfo@contoso.com'))).toBe('Removed from **Board members**: cfo@contoso.com; 1 member now.');
    expect((await kit.settings()).priorityUserGroups[0].members).toEqual(['ceo@contoso.com']);
    const entries = await kit.audit({ category: 'Settings' });
    expect(entries.map((e) => e.details?.operation)).toEqual(['remove members', 'add members', 'create']);
    expect(entries[0].details).toMatchObject({ priorityUserGroup: 'Board members', removed: ['cfo@contoso.com'], members: 1 });
    expect(entries[1].details).toMatchObject({ added: ['ceo@contoso.com', 'cfo@contoso.com'], members: 2 });
  });

  it('deleting a group says which policies named it; their health then warns', async () => {
    await ask('priority-group create Executives');
    await ask('priority-group add Executives ceo@contoso.com');
    const policy = { name: 'Executive leaks', template: 'HighValueEmployeeDataLeak', scope: { include: 'priority-user-groups', priorityUserGroups: ['executives'] } };
    expect(replyText(await ask(`policy create ${JSON.stringify(policy)}`))).toMatch(/^Created policy \*\*Executive leaks\*\*/);
    expect(replyText(await ask('priority-group delete executives'))).toBe(
      'Deleted the priority user group **Executives** (1 member). Policies that named it no longer score its users (policy health warns): Executive leaks.',
    );
    expect((await kit.settings()).priorityUserGroups).toEqual([]);
    expect(tableRows(await ask('policy show Executive leaks'))).toEqual(
      expect.arrayContaining([['⚠️ warning', expect.stringMatching(/^No priority user groups are included \("Executives" no longer exists\).*\(scope\.no-priority-groups\)$/)]]),
    );
    expect((await kit.audit({ category: 'Settings' }))[0].details).toMatchObject({ operation: 'delete', priorityUserGroup: 'Executives', members: 0 });
  });

  it('refuses mistakes with what was expected and the closest name, changing nothing', async () => {
    await ask('priority-group create Executives');
    const before = await kit.settings();
    const entries = (await kit.audit()).length;
    const replies = [
      await ask('priority-group create executives'),
      await ask('priority-group create Auditors --viewers auditors'),
      await ask('priority-group add Executivs ceo@contoso.com'),
      await ask('priority-group add Executives ceo@contoso.com guest_fabrikam.com#EXT#@contoso.onmicrosoft.com not-an-upn@'),
      await ask('priority-group remove Executives cfo@contoso.com'),
      await ask('priority-group add Executives'),
      await ask('priority-group add ceo@contoso.com'),
      await ask('priority-group create'),
      await ask('priority-group create Executives --viewer irm'),
    ].map(replyText);
    expect(replies[0]).toContain('the priority user group has 1 problem: name: a priority user group named "executives" already exists');
    expect(replies[1]).toContain('viewers[0]: expected a user principal name or one of InsiderRiskManagement, InsiderRiskManagementAnalysts, InsiderRiskManagementInvestigators; got "auditors"');
    expect(replies[2]).toBe('⚠️ no priority user group named "Executivs"; did you mean "Executives"?');
    expect(replies[3]).toContain('priority user group "Executives" has 2 problems: members[1]: guest accounts are not supported');
    expect(replies[3]).toContain('members[2]: expected a user principal name such as ada@contoso.com; got "not-an-upn@"');
    expect(replies[4]).toContain('members: "cfo@contoso.com" is not a member of "Executives"');
    expect(replies[5]).toContain('name at least one member by user principal name (ada@contoso.com) or @mention');
    expect(replies[6]).toContain('name the priority user group: priority-group add <name> <upn…|@person…>');
    expect(replies[7]).toContain('name the priority user group: priority-group create <name>');
    expect(replies[8]).toContain("'priority-group create' has no option --viewer; did you mean --viewers?");
    for (const reply of replies) expect(reply).toMatch(/^⚠️ /u);
    expect(await kit.settings()).toEqual(before);
    expect((await kit.audit()).length).toBe(entries);
  });

  it('holds at most 10,000 members per group', async () => {
    const members = Array.from({ length: 9_999 }, (_, i) => `user${i}@contoso.com`);
    await kit.store.transaction(async (tx) => {
      await changePriorityUserGroup(tx, kit.services.audit, { change: { operation: 'create', group: { name: 'Everyone', members, viewers: ['InsiderRiskManagement'] } }, actor: { id: admin.aadObjectId }, now: kit.clock.now() });
    });
    expect(replyText(await ask('priority-group add Everyone a@contoso.com b@contoso.com'))).toContain(
      'members: a priority user group has at most 10,000 members; "Everyone" has 9,999 and adding 2 would make 10,001',
    );
    expect(replyText(await ask('priority-group add Everyone a@contoso.com'))).toBe('Added to **Everyone**: a@contoso.com; 10,000 members now.');
    expect(cardTexts(await ask('priority-group list'))[1]).toBe('1 group, at most 10,000 members each.');
  });
});
