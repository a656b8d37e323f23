import { INDICATOR_CATALOGUE, indicatorDefinition } from '../../../core/scoring/indicator-catalogue';
import { cardTexts, replyText, tableHeaders, tableRows } from '../../support/bot/replies';
import { type BotTestKit, createBotTestKit, PEOPLE } from '../../support/bot/test-services';

describe('indicators', () => {
  let kit: BotTestKit;
  const admin = PEOPLE.admins;
  const ask = (text: string) => kit.ask(admin, text);

  beforeEach(async () => {
    kit = await createBotTestKit();
  });

  it('lists every catalogue indicator with its label, category, global switch and default thresholds', async () => {
    const reply = await ask('indicators');
    expect(tableHeaders(reply)).toEqual(['Indicator', 'Label', 'Category', 'On', 'Thresholds']);
    const rows = tableRows(reply);
    expect(rows.map((r) => r[0])).toEqual(INDICATOR_CATALOGUE.map((d) => d.id));
    const usb = indicatorDefinition('CopyToUSB');
    expect(rows.find((r) => r[0] === 'CopyToUSB')).toEqual(['CopyToUSB', usb.label, 'device', 'on', `${usb.thresholds.low} / ${usb.thresholds.medium} / ${usb.thresholds.high}`]);
    expect(cardTexts(reply)[1]).toBe(`${rows.length} of ${rows.length} on globally. Thresholds are the default daily event counts for low / medium / high impact; a policy may set its own.`);
  });

  it('narrows to one category, and suggests the closest category when mistyped', async () => {
    const rows = tableRows(await ask('indicators --category Device'));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r[2] === 'device')).toBe(true);
    const refused = replyText(await ask('indicators --category devise'));
    expect(refused).toContain("--category: expected one of office, device, physicalAccess, dlpAlert, defenderForEndpoint; got 'devise' (did you mean device?)");
    expect(refused).toContain('Usage: `indicators [--category');
    expect(replyText(await ask('indicators enabel Print'))).toContain("'indicators' takes no words; did you mean 'indicators enable'?");
  });

  it('disable turns indicators off in one audited change and names the policies that select them', async () => {
    const reply = replyText(await ask('indicators disable print, EpoFileArchived'));
    expect(reply).toMatch(/^The indicators on globally \(\*\*indicators\.enabled\*\*\): removed Print, EpoFileArchived; 34 entries now\. Policies that select them score nothing for them now \(policy health warns\): .*Data theft by departing users/);
    const settings = await kit.settings();
    expect(settings.indicators.enabled).not.toContain('Print');
    expect(settings.indicators.enabled).not.toContain('EpoFileArchived');
    expect(settings.version).toBe(2);
    const [entry] = await kit.audit();
    expect(entry).toMatchObject({
      category: 'Settings',
      activity: 'Edited settings',
      actor: { id: admin.aadObjectId, name: admin.name },
      target: 'indicators.enabled',
      details: { setting: 'indicators.enabled', operation: 'remove' },
    });
    expect(entry.details?.before).toEqual(expect.arrayContaining(['Print']));
    expect(entry.details?.after).not.toEqual(expect.arrayContaining(['Print']));
    expect(tableRows(await ask('indicators')).find((r) => r[0] === 'Print')?.[3]).toBe('off');
  });

  it('enable turns them back on; one already in that state changes nothing and writes no entry', async () => {
    await ask('indicators disable Print');
    expect(replyText(await ask('indicators enable Print'))).toBe('The indicators on globally (**indicators.enabled**): added Print; 36 entries now.');
    expect((await kit.settings()).indicators.enabled).toContain('Print');
    const entries = (await kit.audit()).length;
    expect(replyText(await ask('indicators enable Print'))).toBe('Nothing changed: already in the indicators on globally (**indicators.enabled**); 36 entries now.');
    await ask('indicators disable Print');
    expect(replyText(await ask('indicators disable Print'))).toBe('Nothing changed: Print is already off.');
    expect((await kit.audit()).length).toBe(entries + 1);
  });

  it('refuses unknown ids with the closest known id, changing nothing', async () => {
    const before = await kit.settings();
    const reply = replyText(await ask('indicators enable SpoDownlod CopyToUSB Prnt'));
    expect(reply).toContain("⚠️ unknown indicator 'SpoDownlod' (did you mean SpoDownload?); unknown indicator 'Prnt' (did you mean Print?); type 'indicators' for the list");
    expect(reply).toContain('Usage: `indicators enable <indicator id…>`');
    expect(replyText(await ask('indicators disable CopyToUBS'))).toContain("unknown indicator 'CopyToUBS' (did you mean CopyToUSB?)");
    expect(replyText(await ask('indicators enable'))).toContain('indicators enable needs at least one indicator id, such as SpoDownload');
    expect(await kit.settings()).toEqual(before);
    expect((await kit.audit()).filter((e) => e.activity === 'Edited settings')).toEqual([]);
  });
});
