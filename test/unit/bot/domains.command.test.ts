import { cardTexts, replyCard, replyText, tableRows } from '../../support/bot/replies';
import { cardProblems } from '../../support/cards/validate-card';
import { type BotTestKit, createBotTestKit, PEOPLE } from '../../support/bot/test-services';

describe('domains', () => {
  let kit: BotTestKit;
  const admin = PEOPLE.irm;
  const ask = (text: string) => kit.ask(admin, text, 'channel');
  const editedSettings = async () => (await kit.audit()).filter((e) => e.activity === 'Edited settings');

  beforeEach(async () => {
    kit = await createBotTestKit();
  });

  it('shows the three lists, empty at first', async () => {
    const reply = await ask('domains');
    expect(tableRows(reply)).toEqual([]);
    expect(cardTexts(reply)).toEqual(expect.arrayContaining(['All three lists are empty.', expect.stringMatching(/^allowed 0, unallowed 0, third-party 0 \(at most 500 each\)/)]));
  });

  it('allow, block and third-party add to their lists; wildcards and the subdomain marker as the settings catalogue defines them', async () => {
    expect(replyText(await ask('domains allow contoso-partner.com *.fabrikam.com +subdomains'))).toBe(
      'The allowed domains (**domains.allowed**): added contoso-partner.com, *.fabrikam.com +subdomains; 2 entries now.',
    );
    expect(replyText(await ask('domains block Gmail.com,outlook.com'))).toBe('The unallowed domains (**domains.unallowed**): added gmail.com, outlook.com; 2 entries now.');
    expect(replyText(await ask('domains third-party box.com+subdomains'))).toBe('The third-party domains (**domains.thirdParty**): added box.com +subdomains; 1 entry now.');
    const settings = await kit.settings();
    expect(settings.domains).toEqual({
      allowed: [
        { domain: 'contoso-partner.com', includeSubdomains: false },
        { domain: '*.fabrikam.com', includeSubdomains: true },
      ],
      unallowed: [
        { domain: 'gmail.com', includeSubdomains: false },
        { domain: 'outlook.com', includeSubdomains: false },
      ],
      thirdParty: [{ domain: 'box.com', includeSubdomains: true }],
    });
    const reply = await ask('domains');
    expect(tableRows(reply)).toEqual([
      ['allowed', 'contoso-partner.com', 'no'],
      ['allowed', '*.fabrikam.com', 'yes'],
      ['unallowed', 'gmail.com', 'no'],
      ['unallowed', 'outlook.com', 'no'],
      ['third-party', 'box.com', 'yes'],
    ]);
    expect(cardProblems(replyCard(reply))).toEqual([]);
    expect(tableRows(await ask('domains --list block')).map((r) => r[1])).toEqual(['gmail.com', 'outlook.com']);

    const entries = await editedSettings();
    expect(entries.map((e) => e.target)).toEqual(['domains.thirdParty', 'domains.unallowed', 'domains.allowed']);
    expect(entries[2]).toMatchObject({
      category: 'Settings',
      actor: { id: admin.aadObjectId, name: admin.name },
      details: { setting: 'domains.allowed', operation: 'add', before: [], after: [{ domain: 'contoso-partner.com', includeSubdomains: false }, { domain: '*.fabrikam.com', includeSubdomains: true }] },
    });
  });

  it('remove takes a domain out of the named list', async () => {
    await ask('domains allow contoso-partner.com fabrikam.com');
    expect(replyText(await ask('domains remove allow FABRIKAM.com'))).toBe('The allowed domains (**domains.allowed**): removed fabrikam.com; 1 entry now.');
    expect((await kit.settings()).domains.allowed).toEqual([{ domain: 'contoso-partner.com', includeSubdomains: false }]);
    expect((await editedSettings())[0]).toMatchObject({ target: 'domains.allowed', details: { operation: 'remove', before: [{ domain: 'contoso-partner.com', includeSubdomains: false }, { domain: 'fabrikam.com', includeSubdomains: false }], after: [{ domain: 'contoso-partner.com', includeSubdomains: false }] } });
  });

  it('says what was expected for each bad value, with the closest name, and changes nothing', async () => {
    await ask('domains allow contoso-partner.com');
    const before = await kit.settings();
    const entries = (await kit.audit()).length;
    const replies = [
      await ask('domains block https://contoso.com/x, localhost'),
      await ask('domains block contoso-partner.com'),
      await ask('domains remove alow contoso-partner.com'),
      await ask('domains remove allow contoso-partnr.com'),
      await ask('domains allow'),
      await ask('domains --list blok'),
      await ask('domains alow x.com'),
    ].map(replyText);
    expect(replies[0]).toContain(
      '⚠️ domains.unallowed entry 1: expected a domain such as contoso.com, not a URL; got "https://contoso.com/x"; domains.unallowed entry 2: expected at least two labels (contoso.com); got "localhost"',
    );
    expect(replies[1]).toContain('domains.unallowed conflicts with another domain list: "contoso-partner.com" is in both domains.allowed and domains.unallowed; remove it from one of them');
    expect(replies[2]).toContain("list: expected one of allow, block, third-party; got 'alow' (did you mean allow?)");
    expect(replies[3]).toContain('domains.allowed entry 1: "contoso-partnr.com" is not in the list; did you mean "contoso-partner.com"?');
    expect(replies[4]).toContain('domains allow needs at least one domain: contoso.com or *.contoso.com (one subdomain level); add +subdomains for every level');
    expect(replies[5]).toContain("--list: expected one of allow, block, third-party; got 'blok' (did you mean block?)");
    expect(replies[6]).toContain("'domains' takes no words; did you mean 'domains allow …'?");
    for (const reply of replies) expect(reply).toMatch(/^⚠️ /u);
    expect(await kit.settings()).toEqual(before);
    expect((await kit.audit()).length).toBe(entries);
  });

  it('holds at most 500 domains per list, and a long list still fits one card', async () => {
    const many = Array.from({ length: 500 }, (_, i) => `partner-${i}.com`);
    expect(replyText(await ask(`domains third-party ${many.join(' ')}`))).toMatch(/; 500 entries now\.$/);
    const refused = replyText(await ask('domains third-party one-more.com'));
    expect(refused).toContain('domains.thirdParty accepts at most 500 entries; it has 500 and adding 1 would make 501');
    expect((await kit.settings()).domains.thirdParty).toHaveLength(500);

    const reply = await ask('domains');
    const rows = tableRows(reply);
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.length).toBeLessThan(500);
    expect(cardTexts(reply).at(-1)).toBe(`${500 - rows.length} more not shown; show one list with --list allow|block|third-party.`);
    expect(Buffer.byteLength(JSON.stringify(replyCard(reply)))).toBeLessThanOrEqual(28 * 1024);
    expect(cardProblems(replyCard(reply))).toEqual([]);
  });
});
