import { replyText, tableHeaders, tableRows } from '../../support/bot/replies';
import { type BotTestKit, createBotTestKit, PEOPLE } from '../../support/bot/test-services';

describe('settings', () => {
  let kit: BotTestKit;
  const admin = PEOPLE.admins;
  const ask = (text: string) => kit.ask(admin, text);

  beforeEach(async () => {
    kit = await createBotTestKit();
  });

  it('shows every global setting with its value, what is allowed and the default', async () => {
    const reply = await ask('settings');
    expect(tableHeaders(reply)).toEqual(['Setting', 'Value', 'Allowed', 'Default']);
    const rows = tableRows(reply);
    expect(rows).toHaveLength(16);
    expect(rows).toContainEqual(['timeframes.activationWindowDays', '30', 'whole number from 1 to 30', '30']);
    expect(rows).toContainEqual(['privacy.pseudonymize', 'yes', 'yes or no', 'yes']);
  });

  it('set changes one setting in one audited unit of work; the same value again changes nothing', async () => {
    expect(replyText(await ask('settings set timeframes.activationWindowDays 14 days'))).toBe('**timeframes.activationWindowDays**: 30 → 14');
    expect(replyText(await ask('settings set intelligentDetections.alertVolume more alerts'))).toBe('**intelligentDetections.alertVolume**: Default → More');
    expect(replyText(await ask('settings set timeframes.activationWindowDays 14'))).toBe('**timeframes.activationWindowDays**: 14 (unchanged)');
    const settings = await kit.settings();
    expect(settings).toMatchObject({ version: 3, updatedBy: admin.name, timeframes: { activationWindowDays: 14 }, intelligentDetections: { alertVolume: 'More' } });
    const entries = await kit.audit();
    expect(entries).toHaveLength(2);
    expect(entries[1]).toMatchObject({
      category: 'Settings',
      activity: 'Edited settings',
      actor: { id: admin.aadObjectId, name: admin.name },
      target: 'timeframes.activationWindowDays',
      details: { setting: 'timeframes.activationWindowDays', operation: 'set', before: 30, after: 14 },
    });
  });

  it('add and remove change entries of a list setting', async () => {
    expect(replyText(await ask('settings add priorityPhysicalAssets Mid-Sec-7, Lab-2'))).toBe('**priorityPhysicalAssets**: none → Mid-Sec-7, Lab-2');
    expect(replyText(await ask('settings remove priorityPhysicalAssets lab-2'))).toBe('**priorityPhysicalAssets**: Mid-Sec-7, Lab-2 → Mid-Sec-7');
    expect((await kit.settings()).priorityPhysicalAssets).toEqual(['Mid-Sec-7']);
    expect((await kit.audit()).map((e) => e.details?.operation)).toEqual(['remove', 'add']);
  });

  it('says what was expected, with the closest valid name, and changes nothing', async () => {
    const before = await kit.settings();
    const replies = [
      await ask('settings set timeframes.activationWindowDays 45'),
      await ask('settings set activationWindowDays 5'),
      await ask('settings set timeframes.pastActivityDay 5'),
      await ask('settings set intelligentDetections.alertVolume Mor'),
      await ask('settings set privacy.pseudonymize maybe'),
      await ask('settings add privacy.pseudonymize yes'),
      await ask('settings set priorityUserGroups x'),
      await ask('settings remove priorityPhysicalAssets Mid-Sec-7'),
      await ask('settings set timeframes.activationWindowDays'),
    ].map(replyText);
    expect(replies[0]).toBe('⚠️ timeframes.activationWindowDays must be a whole number from 1 to 30; got 45\n\nUsage: `settings set <name> <value>`');
    expect(replies[1]).toContain('unknown setting "activationWindowDays"; did you mean "timeframes.activationWindowDays"?');
    expect(replies[2]).toContain('unknown setting "timeframes.pastActivityDay"; did you mean "timeframes.pastActivityDays"?');
    expect(replies[3]).toContain('intelligentDetections.alertVolume must be one of Fewer, Default, More; got "Mor" (did you mean More?)');
    expect(replies[4]).toContain('privacy.pseudonymize must be yes or no (also true/false, on/off); got "maybe"');
    expect(replies[5]).toContain('privacy.pseudonymize is not a list; use "set" to change it');
    expect(replies[6]).toContain('priorityUserGroups is changed with the priority user group commands');
    expect(replies[7]).toContain('priorityPhysicalAssets entry 1: "Mid-Sec-7" is not in the list');
    expect(replies[8]).toContain('settings set needs <name> <value>');
    for (const reply of replies) expect(reply).toMatch(/^⚠️ /u);
    expect(await kit.settings()).toEqual(before);
    expect(await kit.audit()).toEqual([]);
  });
});
