import { DEFAULT_FILE_PATH_EXCLUSIONS } from '../../../core/settings/settings-defaults';
import { cardTexts, replyCard, replyText, tableRows } from '../../support/bot/replies';
import { cardProblems } from '../../support/cards/validate-card';
import { type BotTestKit, createBotTestKit, PEOPLE } from '../../support/bot/test-services';

describe('exclusions', () => {
  let kit: BotTestKit;
  const admin = PEOPLE.admins;
  const ask = (text: string) => kit.ask(admin, text);

  beforeEach(async () => {
    kit = await createBotTestKit();
  });

  it('lists all four lists; out of the box only the default file paths', async () => {
    const reply = await ask('exclusions');
    expect(tableRows(reply)).toEqual(DEFAULT_FILE_PATH_EXCLUSIONS.map((p) => ['file-paths', p]));
    expect(cardTexts(reply)[1]).toBe('file-types 0, file-paths 4, keywords 0, sites 0. Activity matching an exclusion generates no alerts in any policy.');
    expect(cardProblems(replyCard(reply))).toEqual([]);
  });

  it('adds and removes entries of each list in one audited change each', async () => {
    expect(replyText(await ask('exclusions add file-types .MP3 wav,aac'))).toBe('The file type exclusions (**intelligentDetections.fileTypeExclusions**): added mp3, wav, aac; 3 entries now.');
    expect(replyText(await ask('exclusions add file-paths "C:\\Program Files\\Temp" \\public\\local\\'))).toBe(
      'The file path exclusions (**intelligentDetections.filePathExclusions**): added C:\\Program Files\\Temp, \\public\\local\\; 6 entries now.',
    );
    expect(replyText(await ask('exclusions add keywords "top secret" draft'))).toBe('The keyword exclusions (**intelligentDetections.keywordExclusions**): added top secret, draft; 2 entries now.');
    expect(replyText(await ask('exclusions add sites https://Contoso.sharepoint.com/sites/public/'))).toBe(
      'The site URL exclusions (**intelligentDetections.siteUrlExclusions**): added https://contoso.sharepoint.com/sites/public; 1 entry now.',
    );
    expect(replyText(await ask('exclusions remove keywords DRAFT'))).toBe('The keyword exclusions (**intelligentDetections.keywordExclusions**): removed draft; 1 entry now.');
    const detections = (await kit.settings()).intelligentDetections;
    expect(detections.fileTypeExclusions).toEqual(['mp3', 'wav', 'aac']);
    expect(detections.filePathExclusions.slice(4)).toEqual(['C:\\Program Files\\Temp', '\\public\\local\\']);
    expect(detections.keywordExclusions).toEqual(['top secret']);
    expect(detections.siteUrlExclusions).toEqual(['https://contoso.sharepoint.com/sites/public']);
    const entries = (await kit.audit()).filter((e) => e.activity === 'Edited settings');
    expect(entries.map((e) => [e.target, e.details?.operation])).toEqual([
      ['intelligentDetections.keywordExclusions', 'remove'],
      ['intelligentDetections.siteUrlExclusions', 'add'],
      ['intelligentDetections.keywordExclusions', 'add'],
      ['intelligentDetections.filePathExclusions', 'add'],
      ['intelligentDetections.fileTypeExclusions', 'add'],
    ]);
    expect(entries.every((e) => e.actor.id === admin.aadObjectId)).toBe(true);
    expect(tableRows(await ask('exclusions --list keywords'))).toEqual([['keywords', 'top secret']]);
  });

  it('says what each list accepts, with the closest list name, and changes nothing on a mistake', async () => {
    const before = await kit.settings();
    const replies = [
      await ask('exclusions add file-type mp3'),
      await ask('exclusions add file-paths C:\\temp\\*x\\y'),
      await ask('exclusions add sites contoso.sharepoint.com/sites/x'),
      await ask('exclusions add file-types mp3 "not an extension!"'),
      await ask('exclusions remove keywords secret'),
      await ask('exclusions add keywords'),
      await ask('exclusions ad keywords x'),
    ].map(replyText);
    expect(replies[0]).toContain("list: expected one of file-types, file-paths, keywords, sites; got 'file-type' (did you mean file-types?)");
    expect(replies[1]).toContain('intelligentDetections.filePathExclusions entry 1: a wildcard must be a whole folder name, either * (one folder) or *(n) with n from 1 to 9 (up to n folders); got "*x"');
    expect(replies[2]).toContain('intelligentDetections.siteUrlExclusions entry 1: expected an absolute site URL such as https://contoso.sharepoint.com/sites/finance; got "contoso.sharepoint.com/sites/x"');
    expect(replies[3]).toContain('intelligentDetections.fileTypeExclusions entry 2: expected a file extension such as docx or .docx');
    expect(replies[4]).toContain('intelligentDetections.keywordExclusions entry 1: "secret" is not in the list');
    expect(replies[5]).toContain('exclusions add keywords needs at least one entry: up to 500 keywords matched in file names, file paths and e-mail subjects');
    expect(replies[6]).toContain("'exclusions' takes no words; did you mean 'exclusions add …'?");
    for (const reply of replies) expect(reply).toMatch(/^⚠️ /u);
    expect(await kit.settings()).toEqual(before);
    expect(await kit.audit()).toEqual([]);
  });
});
