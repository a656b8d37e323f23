import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SETTING_DEFINITIONS, SETTING_NAMES, describeSettings } from '../../../core/settings/describe-settings';
import { DEFAULT_ENABLED_INDICATORS, SETTINGS_DEFAULTS, defaultSettings } from '../../../core/settings/settings-defaults';
import { parseSettings } from '../../../core/settings/settings';
import { createPriorityUserGroup } from '../../../core/settings/priority-user-groups';
import { updateSetting } from '../../../core/settings/update-setting';

const now = new Date('2026-03-01T10:00:00.000Z');
const docs = readFileSync(join(__dirname, '../../../docs/settings-and-policies.md'), 'utf8');

describe('defaults', () => {
  it('is a valid version-1 document with the documented values', () => {
    const settings = defaultSettings(now);
    expect(parseSettings(JSON.parse(JSON.stringify(settings)), new Set(DEFAULT_ENABLED_INDICATORS))).toEqual(settings);
    expect(settings).toMatchObject({
      version: 1,
      updatedAt: '2026-03-01T10:00:00.000Z',
      updatedBy: 'system',
      timeframes: { activationWindowDays: 30, pastActivityDays: 30 },
      intelligentDetections: { minimumDailyEventsToBoost: 50, alertVolume: 'Default', fileTypeExclusions: [] },
      privacy: { pseudonymize: true },
    });
    expect(settings.indicators.enabled).toHaveLength(18 + 14 + 4);
    expect(settings.indicators.enabled).toEqual(expect.arrayContaining(['SpoDownload', 'CopyToUSB', 'PhysicalAccess', 'HighSeverityDlpRuleMatch', 'SecurityAlertDefenseEvasion']));
  });

  it('does not share arrays between documents', () => {
    const a = defaultSettings(now);
    a.indicators.enabled.push('Extra');
    expect(defaultSettings(now).indicators.enabled).not.toContain('Extra');
    expect(SETTINGS_DEFAULTS.indicators.enabled).not.toContain('Extra');
  });

  it('refuses a stored document that breaks the rules, naming each field', () => {
    const broken = { ...defaultSettings(now), timeframes: { activationWindowDays: 31, pastActivityDays: 91 } };
    expect(() => parseSettings(broken)).toThrow(/timeframes\.activationWindowDays: .*; timeframes\.pastActivityDays: /);
    expect(() => parseSettings(defaultSettings(now), new Set(['SpoDownload']))).toThrow('indicators.enabled[1]: unknown indicator "OdbDownload"; did you mean "SpoDownload"?');
  });
});

describe('describeSettings', () => {
  it('describes every setting once, in catalogue order', () => {
    expect(SETTING_DEFINITIONS.map((d) => d.name)).toEqual([...SETTING_NAMES]);
    expect(describeSettings(defaultSettings(now)).map((d) => d.name)).toEqual([...SETTING_NAMES]);
  });

  it('gives type, allowed values, default and current value', () => {
    let settings = updateSetting(defaultSettings(now), 'timeframes.activationWindowDays', '14', 'a', now).settings;
    settings = updateSetting(settings, 'domains.unallowed', 'gmail.com, *.wetransfer.com +subdomains', 'a', now).settings;
    settings = createPriorityUserGroup(settings, { name: 'Executives', members: ['ceo@contoso.com'], viewers: ['InsiderRiskManagement'] }, 'a', now).settings;
    const byName = Object.fromEntries(describeSettings(settings).map((d) => [d.name, d]));
    expect(byName['timeframes.activationWindowDays']).toEqual({
      name: 'timeframes.activationWindowDays',
      type: 'integer',
      description: 'Days a user stays in a policy after a triggering event.',
      allowed: 'whole number from 1 to 30',
      default: '30',
      current: '14',
    });
    expect(byName['domains.unallowed']).toMatchObject({ type: 'domain-list', default: 'none', current: 'gmail.com, *.wetransfer.com +subdomains' });
    expect(byName['privacy.pseudonymize']).toMatchObject({ type: 'boolean', allowed: 'yes or no', default: 'yes', current: 'yes' });
    expect(byName['intelligentDetections.alertVolume']).toMatchObject({ allowed: 'Fewer, Default, More', default: 'Default' });
    expect(byName.priorityUserGroups).toMatchObject({ current: 'Executives (1 member)' });
  });

  it('prints values that updateSetting reads back to the same settings', () => {
    let settings = updateSetting(defaultSettings(now), 'domains.allowed', 'partner.com +subdomains, *.supplier.com', 'a', now).settings;
    settings = updateSetting(settings, 'intelligentDetections.filePathExclusions', 'C:\\temp, \\public\\local\\', 'a', now).settings;
    for (const d of describeSettings(settings)) {
      if (d.name === 'priorityUserGroups') continue;
      expect(updateSetting(settings, d.name, d.current, 'a', now).settings).toBe(settings);
    }
  });
});

describe('docs/settings-and-policies.md', () => {
  it('has a settings table that matches describeSettings of the defaults', () => {
    const table = docs.split('<!-- settings-table:start -->')[1].split('<!-- settings-table:end -->')[0];
    const rows = table
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) => line.slice(1, -1).split(' | ').map((cell) => cell.trim().replace(/^`|`$/g, '')));
    const expected = describeSettings(defaultSettings(now)).map((d) => [d.name, d.type, d.allowed, d.default]);
    expect(rows).toEqual(expected);
  });
});

describe('the defaults constant', () => {
  it('is frozen all the way down', () => {
    expect(Object.isFrozen(SETTINGS_DEFAULTS.indicators.enabled)).toBe(true);
    expect(() => SETTINGS_DEFAULTS.indicators.enabled.push('x')).toThrow(TypeError);
  });
});
