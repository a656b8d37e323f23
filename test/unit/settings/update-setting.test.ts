import { ValidationError } from '../../../core/errors';
import { defaultSettings } from '../../../core/settings/settings-defaults';
import { addSettingListEntries, removeSettingListEntries, resolveSettingName, updateSetting } from '../../../core/settings/update-setting';

const now = new Date('2026-03-01T10:00:00.000Z');
const later = new Date('2026-03-02T10:00:00.000Z');
const base = defaultSettings(now);
/** Mid-range values, so that setting either boundary is a change. */
const middle = {
  ...base,
  timeframes: { activationWindowDays: 15, pastActivityDays: 45 },
  intelligentDetections: { ...base.intelligentDetections, minimumDailyEventsToBoost: 500 },
};

function failure(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('updateSetting: whole-number ranges', () => {
  it.each([
    ['timeframes.activationWindowDays', '1', 1],
    ['timeframes.activationWindowDays', '30', 30],
    ['timeframes.pastActivityDays', '0', 0],
    ['timeframes.pastActivityDays', '90', 90],
    ['intelligentDetections.minimumDailyEventsToBoost', '0', 0],
    ['intelligentDetections.minimumDailyEventsToBoost', '10000', 10000],
  ])('accepts %s = %s at the boundary', (name, raw, expected) => {
    const { settings, change } = updateSetting(middle, name, raw, 'admin@contoso.com', later);
    expect(change).toEqual({ name, before: expect.any(Number), after: expected });
    expect(change.before).not.toBe(expected);
    expect(settings.version).toBe(2);
    expect(settings.updatedAt).toBe('2026-03-02T10:00:00.000Z');
    expect(settings.updatedBy).toBe('admin@contoso.com');
  });

  it.each([
    ['timeframes.activationWindowDays', '0', 'timeframes.activationWindowDays must be a whole number from 1 to 30; got 0'],
    ['timeframes.activationWindowDays', '31', 'timeframes.activationWindowDays must be a whole number from 1 to 30; got 31'],
    ['timeframes.activationWindowDays', '45', 'timeframes.activationWindowDays must be a whole number from 1 to 30; got 45'],
    ['timeframes.activationWindowDays', '7.5', 'timeframes.activationWindowDays must be a whole number from 1 to 30; got 7.5'],
    ['timeframes.activationWindowDays', 'soon', 'timeframes.activationWindowDays must be a whole number from 1 to 30; got "soon"'],
    ['timeframes.pastActivityDays', '-1', 'timeframes.pastActivityDays must be a whole number from 0 to 90; got -1'],
    ['timeframes.pastActivityDays', '91', 'timeframes.pastActivityDays must be a whole number from 0 to 90; got 91'],
    ['intelligentDetections.minimumDailyEventsToBoost', '10001', 'intelligentDetections.minimumDailyEventsToBoost must be a whole number from 0 to 10,000; got 10001'],
  ])('rejects %s = %s naming the setting and the range', (name, raw, message) => {
    const error = failure(() => updateSetting(base, name, raw, 'admin@contoso.com', later));
    expect(error.message).toBe(message);
    expect(error.issues).toEqual([{ field: name, reason: message.slice(name.length + 1) }]);
  });

  it('accepts a days suffix on day settings only', () => {
    expect(updateSetting(base, 'timeframes.activationWindowDays', '14 days', 'a', later).settings.timeframes.activationWindowDays).toBe(14);
    expect(updateSetting(base, 'timeframes.pastActivityDays', '7d', 'a', later).settings.timeframes.pastActivityDays).toBe(7);
    expect(failure(() => updateSetting(base, 'intelligentDetections.minimumDailyEventsToBoost', '7d', 'a', later)).message).toBe(
      'intelligentDetections.minimumDailyEventsToBoost must be a whole number from 0 to 10,000; got "7d"',
    );
  });

  it('does not bump the version when the value is unchanged', () => {
    const { settings, change } = updateSetting(base, 'timeframes.activationWindowDays', '30', 'a', later);
    expect(settings).toBe(base);
    expect(change).toEqual({ name: 'timeframes.activationWindowDays', before: 30, after: 30 });
  });

  it('never mutates the settings it was given', () => {
    const snapshot = JSON.stringify(base);
    updateSetting(base, 'timeframes.activationWindowDays', '5', 'a', later);
    updateSetting(base, 'domains.unallowed', 'gmail.com', 'a', later);
    expect(JSON.stringify(base)).toBe(snapshot);
  });
});

describe('updateSetting: booleans and choices', () => {
  it.each([
    ['yes', true],
    ['TRUE', true],
    ['on', true],
    ['no', false],
    ['False', false],
    ['off', false],
  ])('reads %s as %s', (raw, expected) => {
    const start = updateSetting(base, 'privacy.pseudonymize', expected ? 'no' : 'yes', 'a', later).settings;
    expect(updateSetting(start, 'privacy.pseudonymize', raw, 'a', later).settings.privacy.pseudonymize).toBe(expected);
  });

  it('rejects other words for a boolean', () => {
    expect(failure(() => updateSetting(base, 'privacy.pseudonymize', 'maybe', 'a', later)).message).toBe(
      'privacy.pseudonymize must be yes or no (also true/false, on/off); got "maybe"',
    );
  });

  it('reads alert volume case-insensitively and by its portal label', () => {
    expect(updateSetting(base, 'intelligentDetections.alertVolume', 'fewer', 'a', later).settings.intelligentDetections.alertVolume).toBe('Fewer');
    expect(updateSetting(base, 'intelligentDetections.alertVolume', 'More alerts', 'a', later).settings.intelligentDetections.alertVolume).toBe('More');
  });

  it('rejects an unknown alert volume with the values and the closest one', () => {
    expect(failure(() => updateSetting(base, 'intelligentDetections.alertVolume', 'Fewr', 'a', later)).message).toBe(
      'intelligentDetections.alertVolume must be one of Fewer, Default, More; got "Fewr" (did you mean Fewer?)',
    );
    expect(failure(() => updateSetting(base, 'intelligentDetections.alertVolume', 'constructor', 'a', later))).toBeInstanceOf(ValidationError);
  });
});

describe('setting names', () => {
  it('resolves names case-insensitively', () => {
    expect(resolveSettingName('Timeframes.ActivationWindowDays')).toBe('timeframes.activationWindowDays');
  });

  it.each([
    ['timeframes.activationWindow', 'timeframes.activationWindowDays'],
    ['activationWindowDays', 'timeframes.activationWindowDays'],
    ['privacy.pseudonymise', 'privacy.pseudonymize'],
    ['domains.unalowed', 'domains.unallowed'],
    ['intelligentDetections.alertvolumes', 'intelligentDetections.alertVolume'],
  ])('suggests the closest valid name for %s', (typed, suggestion) => {
    const error = failure(() => updateSetting(base, typed, '5', 'a', later));
    expect(error.message).toBe(`unknown setting "${typed}"; did you mean "${suggestion}"?`);
  });

  it('refuses to set priority user groups from a value', () => {
    expect(failure(() => updateSetting(base, 'priorityUserGroups', 'x', 'a', later)).message).toBe(
      'priorityUserGroups is changed with the priority user group commands (create, update, add or remove members, delete), not by a value',
    );
  });
});

describe('list settings', () => {
  const domains = (n: number, prefix = 'd') => Array.from({ length: n }, (_, i) => `${prefix}${i}.example.com`);

  it('replaces a domain list from comma-separated text, with wildcards and the subdomains marker', () => {
    const { settings, change } = updateSetting(base, 'domains.unallowed', 'gmail.com, *.wetransfer.com +subdomains,Dropbox.com', 'a', later);
    expect(settings.domains.unallowed).toEqual([
      { domain: 'gmail.com', includeSubdomains: false },
      { domain: '*.wetransfer.com', includeSubdomains: true },
      { domain: 'dropbox.com', includeSubdomains: false },
    ]);
    expect(change.before).toEqual([]);
  });

  it('accepts 500 domains and rejects 501', () => {
    expect(updateSetting(base, 'domains.allowed', domains(500).join(','), 'a', later).settings.domains.allowed).toHaveLength(500);
    expect(failure(() => updateSetting(base, 'domains.allowed', domains(501).join(','), 'a', later)).message).toBe(
      'domains.allowed accepts at most 500 entries; got 501',
    );
  });

  it('reports every invalid domain by entry number', () => {
    const error = failure(() => updateSetting(base, 'domains.thirdParty', 'ok.com, https://box.com, a*.b.com, com, -bad.com', 'a', later));
    expect(error.issues.map((i) => i.reason)).toEqual([
      'entry 2: expected a domain such as contoso.com, not a URL; got "https://box.com"',
      'entry 3: a wildcard is allowed only as a leading "*." (as in *.contoso.com); got "a*.b.com"',
      'entry 4: expected at least two labels (contoso.com); got "com"',
      'entry 5: label "-bad" of "-bad.com" must be 1 to 63 letters, digits or hyphens, not starting or ending with a hyphen',
    ]);
    expect(error.message.split('; domains.thirdParty ')).toHaveLength(4);
  });

  it('refuses a domain that is both allowed and unallowed', () => {
    const withUnallowed = updateSetting(base, 'domains.unallowed', 'gmail.com', 'a', later).settings;
    expect(failure(() => updateSetting(withUnallowed, 'domains.allowed', 'gmail.com', 'a', later)).message).toBe(
      'domains.allowed conflicts with another domain list: "gmail.com" is in both domains.allowed and domains.unallowed; remove it from one of them',
    );
  });

  it('adds entries up to the limit and names the arithmetic when it would pass it', () => {
    const full = updateSetting(base, 'domains.unallowed', domains(499).join(','), 'a', later).settings;
    const added = addSettingListEntries(full, 'domains.unallowed', 'last.example.com, d0.example.com', 'a', later);
    expect(added.settings.domains.unallowed).toHaveLength(500);
    expect(failure(() => addSettingListEntries(added.settings, 'domains.unallowed', 'one.more.com', 'a', later)).message).toBe(
      'domains.unallowed accepts at most 500 entries; it has 500 and adding 1 would make 501',
    );
  });

  it('removes entries and rejects ones not in the list with the closest suggested', () => {
    const start = updateSetting(base, 'intelligentDetections.fileTypeExclusions', 'mp3, .WAV, aac', 'a', later).settings;
    expect(start.intelligentDetections.fileTypeExclusions).toEqual(['mp3', 'wav', 'aac']);
    const removed = removeSettingListEntries(start, 'intelligentDetections.fileTypeExclusions', '.mp3', 'a', later);
    expect(removed.settings.intelligentDetections.fileTypeExclusions).toEqual(['wav', 'aac']);
    expect(failure(() => removeSettingListEntries(start, 'intelligentDetections.fileTypeExclusions', 'wab', 'a', later)).message).toBe(
      'intelligentDetections.fileTypeExclusions entry 1: "wab" is not in the list; did you mean "wav"?',
    );
  });

  it('refuses add/remove on a setting that is not a list', () => {
    expect(failure(() => addSettingListEntries(base, 'privacy.pseudonymize', 'yes', 'a', later)).message).toBe(
      'privacy.pseudonymize is not a list; use "set" to change it (add works on list settings)',
    );
  });

  it('empties a list with "none"', () => {
    const { settings } = updateSetting(base, 'intelligentDetections.filePathExclusions', 'none', 'a', later);
    expect(settings.intelligentDetections.filePathExclusions).toEqual([]);
  });

  it('validates file path wildcards', () => {
    const good = updateSetting(base, 'intelligentDetections.filePathExclusions', 'C:\\temp, \\public\\local\\, C:\\Users\\*(2)\\Desktop, \\\\ms.temp\\LocalFolder\\', 'a', later);
    expect(good.settings.intelligentDetections.filePathExclusions).toHaveLength(4);
    const error = failure(() => updateSetting(base, 'intelligentDetections.filePathExclusions', 'C:\\Users\\a*\\x, C:\\Users\\*(0)\\x, \\*\\, D:\\a\\\\b, C:\\what?', 'a', later));
    expect(error.issues.map((i) => i.reason)).toEqual([
      'entry 1: a wildcard must be a whole folder name, either * (one folder) or *(n) with n from 1 to 9 (up to n folders); got "a*" in "C:\\\\Users\\\\a*\\\\x"',
      'entry 2: a wildcard must be a whole folder name, either * (one folder) or *(n) with n from 1 to 9 (up to n folders); got "*(0)" in "C:\\\\Users\\\\*(0)\\\\x"',
      'entry 3: a file path must name at least one folder besides wildcards; got "\\\\*\\\\"',
      'entry 4: "D:\\\\a\\\\\\\\b" has an empty folder name (two separators in a row)',
      'entry 5: a file path may not contain ? " < > | or control characters; got "C:\\\\what?"',
    ]);
  });

  it('accepts 500 file paths, keywords and site URLs and rejects 501', () => {
    const paths = Array.from({ length: 501 }, (_, i) => `C:\\share${i}`);
    expect(updateSetting(base, 'intelligentDetections.filePathExclusions', paths.slice(0, 500).join(','), 'a', later).settings.intelligentDetections.filePathExclusions).toHaveLength(500);
    expect(failure(() => updateSetting(base, 'intelligentDetections.filePathExclusions', paths.join(','), 'a', later)).message).toBe(
      'intelligentDetections.filePathExclusions accepts at most 500 entries; got 501',
    );
    const keywords = Array.from({ length: 501 }, (_, i) => `kw${i}`);
    expect(failure(() => updateSetting(base, 'intelligentDetections.keywordExclusions', keywords.join(','), 'a', later)).message).toBe(
      'intelligentDetections.keywordExclusions accepts at most 500 entries; got 501',
    );
    const sites = Array.from({ length: 501 }, (_, i) => `https://contoso.sharepoint.com/sites/s${i}`);
    expect(updateSetting(base, 'intelligentDetections.siteUrlExclusions', sites.slice(0, 500).join(','), 'a', later).settings.intelligentDetections.siteUrlExclusions).toHaveLength(500);
    expect(failure(() => updateSetting(base, 'intelligentDetections.siteUrlExclusions', sites.join(','), 'a', later)).message).toBe(
      'intelligentDetections.siteUrlExclusions accepts at most 500 entries; got 501',
    );
  });

  it('normalises site URLs and rejects ones that are not absolute http(s) URLs', () => {
    const { settings } = updateSetting(base, 'intelligentDetections.siteUrlExclusions', 'https://Contoso.SharePoint.com/sites/Public/', 'a', later);
    expect(settings.intelligentDetections.siteUrlExclusions).toEqual(['https://contoso.sharepoint.com/sites/Public']);
    expect(failure(() => updateSetting(base, 'intelligentDetections.siteUrlExclusions', 'contoso.sharepoint.com/sites/x', 'a', later)).message).toBe(
      'intelligentDetections.siteUrlExclusions entry 1: expected an absolute site URL such as https://contoso.sharepoint.com/sites/finance; got "contoso.sharepoint.com/sites/x"',
    );
  });

  it('checks indicator ids against the catalogue when it is given', () => {
    const known = new Set(['SpoDownload', 'CopyToUSB']);
    const { settings } = updateSetting(base, 'indicators.enabled', 'SpoDownload, CopyToUSB', 'a', later, { knownIndicators: known });
    expect(settings.indicators.enabled).toEqual(['SpoDownload', 'CopyToUSB']);
    expect(failure(() => updateSetting(base, 'indicators.enabled', 'SpoDownlod', 'a', later, { knownIndicators: known })).message).toBe(
      'indicators.enabled entry 1: unknown indicator "SpoDownlod"; did you mean "SpoDownload"?',
    );
  });

  it('keeps priority physical assets as typed, without repeats', () => {
    const { settings } = updateSetting(base, 'priorityPhysicalAssets', 'Mid-Sec-7, HQ-Lab-2, mid-sec-7', 'a', later);
    expect(settings.priorityPhysicalAssets).toEqual(['Mid-Sec-7', 'HQ-Lab-2']);
  });
});
