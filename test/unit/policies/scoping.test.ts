import { ValidationError } from '../../../core/errors';
import { type Activity } from '../../../core/ingest/activity';
import { type Policy } from '../../../core/policies/policy';
import { getTemplate } from '../../../core/policies/policy-templates';
import {
  type ScopeWindow,
  type TriggerContext,
  createManualScopes,
  mergeScopeWindows,
  parseManualScopingCsv,
  scopeFromTrigger,
  scopeWindowAt,
  triggersFor,
} from '../../../core/policies/scoping';
import { updateSetting } from '../../../core/settings/update-setting';
import { NOW, activity, makePolicy, settingsWithGroups } from './policy-test-kit';

const settings = settingsWithGroups();
const context: TriggerContext = { settings };

function decide(policy: Policy, a: Activity, ctx: TriggerContext = context) {
  return triggersFor(policy, getTemplate(policy.template), a, ctx);
}

const departing = makePolicy({ name: 'Departing', template: 'IntellectualPropertyTheft' });
const leaks = makePolicy({ name: 'Leaks', template: 'LeakOfInformation', trigger: { type: 'dlp-alert', dlpPolicy: 'Exfil to competitors' } });
const anyDlp = makePolicy({ name: 'Any DLP', template: 'LeakOfInformation' });
const exfil = makePolicy({
  name: 'USB leaks',
  template: 'LeakOfInformation',
  trigger: { type: 'exfiltration-activity', indicators: [{ indicator: 'CopyToUSB', minDailyCount: 3 }] },
});
const vipLeaks = makePolicy({ name: 'VIP leaks', template: 'HighValueEmployeeDataLeak', scope: { include: 'priority-user-groups', priorityUserGroups: ['Executives'] } });
const risky = makePolicy({ name: 'Risky', template: 'DisgruntledEmployeeDataLeak' });
const spv = makePolicy({ name: 'SPV', template: 'SecurityPolicyViolation' });
const spvDeparting = makePolicy({ name: 'SPV departing', template: 'DepartingEmployeeSPV' });
const spvVip = makePolicy({ name: 'SPV VIP', template: 'HighValueEmployeeSPV', scope: { include: 'priority-user-groups', priorityUserGroups: ['Executives'] } });
const spvRisky = makePolicy({ name: 'SPV risky', template: 'DisgruntledEmployeeSPV' });
const browsing = makePolicy({ name: 'Browsing', template: 'UnacceptableUsage' }, [], settings);

describe('triggersFor, template by template', () => {
  it('departing-user templates trigger on a resignation and nothing else', () => {
    for (const policy of [departing, spvDeparting]) {
      expect(decide(policy, activity('hr.resignation'))).toEqual({ triggers: true, event: { kind: 'hr.resignation' } });
      expect(decide(policy, activity('file.downloaded'))).toEqual({ triggers: false, reason: `file.downloaded is not a triggering event of ${getTemplate(policy.template).displayName} (hr.resignation)` });
    }
  });

  it('data leaks trigger on a High DLP alert from the chosen DLP policy', () => {
    expect(decide(leaks, activity('dlp.alert', { severity: 'High', details: { PolicyName: 'exfil to competitors' } })).triggers).toBe(true);
    expect(decide(leaks, activity('dlp.alert', { severity: 'High', details: { PolicyName: 'Credit cards' } }))).toEqual({
      triggers: false,
      reason: 'the DLP alert came from DLP policy "Credit cards", not "Exfil to competitors"',
    });
    expect(decide(leaks, activity('dlp.alert', { severity: 'Medium' }))).toEqual({ triggers: false, reason: "the DLP alert's severity is Medium; the trigger needs High" });
    expect(decide(leaks, activity('dlp.alert'))).toEqual({ triggers: false, reason: "the DLP alert's severity is unknown; the trigger needs High" });
    // An alert that does not name its DLP policy, and a policy that names none, both trigger.
    expect(decide(leaks, activity('dlp.alert', { severity: 'High' })).triggers).toBe(true);
    expect(decide(anyDlp, activity('dlp.alert', { severity: 'High', details: { PolicyName: 'Credit cards' } })).triggers).toBe(true);
  });

  it('data leaks with exfiltration triggers fire when a chosen indicator reaches its daily count', () => {
    const usb = activity('device.copied-to-usb');
    const mapped: TriggerContext = { settings, indicatorsOf: (a) => (a.kind === 'device.copied-to-usb' ? ['CopyToUSB'] : []), dailyCountOf: () => 3 };
    expect(decide(exfil, usb, mapped)).toEqual({ triggers: true, event: { kind: 'exfiltration-activity' } });
    expect(decide(exfil, usb, { ...mapped, dailyCountOf: () => 2 })).toEqual({ triggers: false, reason: 'the daily count of CopyToUSB has not reached 3' });
    // The DLP alternative is off once the policy chose exfiltration activities.
    expect(decide(exfil, activity('dlp.alert', { severity: 'High' }), mapped).triggers).toBe(false);
    // Without the catalogue's mapping the trigger cannot be evaluated.
    expect(decide(exfil, usb).triggers).toBe(false);
  });

  it('priority-user templates trigger only for members of the policy\'s priority user groups', () => {
    expect(decide(vipLeaks, activity('dlp.alert', { severity: 'High', userId: 'ceo@contoso.com' })).triggers).toBe(true);
    expect(decide(vipLeaks, activity('dlp.alert', { severity: 'High' }))).toEqual({
      triggers: false,
      reason: 'ada@contoso.com is in none of the priority user groups of policy "VIP leaks"',
    });
    expect(decide(spvVip, activity('defender.alert', { userId: 'cfo@contoso.com', category: 'DefenseEvasion' })).triggers).toBe(true);
  });

  it('risky-user templates trigger on improvement plans, poor reviews and demotions', () => {
    for (const policy of [risky, spvRisky]) {
      expect(decide(policy, activity('hr.performance-improvement-plan')).triggers).toBe(true);
      expect(decide(policy, activity('hr.performance-review', { details: { Rating: '1 Below expectations' } }))).toEqual({
        triggers: true,
        event: { kind: 'hr.performance-review', only: 'poor' },
      });
      expect(decide(policy, activity('hr.performance-review', { details: { Rating: '4 Exceeds expectations' } }))).toEqual({
        triggers: false,
        reason: 'the performance review is not a poor one',
      });
      expect(decide(policy, activity('hr.job-level-change', { details: { OldLevel: 'L5', NewLevel: 'L4' } })).triggers).toBe(true);
      expect(decide(policy, activity('hr.job-level-change', { details: { OldLevel: 'L5', NewLevel: 'L6' } }))).toEqual({
        triggers: false,
        reason: 'the job level change is a promotion, not a demotion',
      });
      expect(decide(policy, activity('hr.resignation')).triggers).toBe(false);
    }
  });

  it('security violation templates trigger on Defender defense-evasion and unwanted-software alerts', () => {
    expect(decide(spv, activity('defender.alert', { category: 'Defense evasion' })).triggers).toBe(true);
    expect(decide(spv, activity('defender.alert', { category: 'UnwantedSoftware' })).triggers).toBe(true);
    expect(decide(spv, activity('defender.alert', { category: 'Malware' })).triggers).toBe(true);
    expect(decide(spv, activity('defender.alert'))).toEqual({ triggers: true, event: { kind: 'defender.alert', categories: ['DefenseEvasion', 'UnwantedSoftware', 'Malware'] } });
    expect(decide(spv, activity('defender.alert', { category: 'CredentialAccess' }))).toEqual({
      triggers: false,
      reason: 'the Defender alert category "CredentialAccess" is not one of DefenseEvasion, UnwantedSoftware, Malware',
    });
  });

  it('follows the indicator catalogue for Defender alerts when it is given', () => {
    const ctx = (ids: string[]): TriggerContext => ({ settings, indicatorsOf: () => ids });
    expect(decide(spv, activity('defender.alert', { category: 'SuspiciousActivity' }), ctx(['SecurityAlertDefenseEvasion'])).triggers).toBe(true);
    expect(decide(spv, activity('defender.alert', { category: 'DefenseEvasion' }), ctx([]))).toEqual({
      triggers: false,
      reason: 'the Defender alert is neither defense evasion nor unwanted software',
    });
  });

  it('risky browser usage triggers on activity mapped to a selected browsing indicator', () => {
    expect(browsing.indicators).toEqual(['EpoBrowseToGamblingSites', 'EpoBrowseToMalwareSites', 'EpoBrowseToPhishingSites']);
    const browse = activity('file.accessed');
    expect(decide(browsing, browse, { settings, indicatorsOf: () => ['EpoBrowseToGamblingSites'] }).triggers).toBe(true);
    expect(decide(browsing, browse, { settings, indicatorsOf: () => ['EpoBrowseToHackingSites'] }).triggers).toBe(false);
  });

  it('never triggers a turned-off policy, an excluded user or a user outside specific users and groups', () => {
    const off = { ...departing, enabled: false };
    expect(decide(off, activity('hr.resignation'))).toEqual({ triggers: false, reason: 'policy "Departing" is turned off' });
    const excluding = makePolicy({ name: 'Ex', template: 'IntellectualPropertyTheft', scope: { include: 'all', excludedUsers: ['ada@contoso.com'] } });
    expect(decide(excluding, activity('hr.resignation'))).toEqual({ triggers: false, reason: 'ada@contoso.com is excluded from policy "Ex"' });
    const specific = makePolicy({ name: 'Sp', template: 'IntellectualPropertyTheft', scope: { include: 'specific', groups: ['rnd@contoso.com'] } });
    expect(decide(specific, activity('hr.resignation'))).toEqual({ triggers: false, reason: 'ada@contoso.com is not among the users and groups of policy "Sp"' });
    expect(decide(specific, activity('hr.resignation'), { settings, groupsOf: () => ['RnD@contoso.com'] }).triggers).toBe(true);
  });

  it('refuses a template that is not the policy\'s', () => {
    expect(() => triggersFor(departing, getTemplate('LeakOfInformation'), activity('hr.resignation'), context)).toThrow('uses template IntellectualPropertyTheft, not LeakOfInformation');
  });
});

describe('scope windows', () => {
  const t = '2026-03-10T09:00:00.000Z';

  it('runs from past activity detection before the trigger to the activation window after it', () => {
    const window = scopeFromTrigger(leaks, getTemplate('LeakOfInformation'), activity('dlp.alert', { id: 'dlp:a1', time: t, severity: 'High' }), settings);
    expect(window).toEqual({
      policyId: 'leaks',
      userId: 'ada@contoso.com',
      from: '2026-02-08T09:00:00.000Z',
      to: '2026-04-09T09:00:00.000Z',
      reason: 'trigger',
      triggerActivityId: 'dlp:a1',
      triggerKind: 'dlp.alert',
      triggeredAt: t,
    });
  });

  it.each([
    [0, 1, '2026-03-10T09:00:00.000Z', '2026-03-11T09:00:00.000Z'],
    [90, 30, '2025-12-10T09:00:00.000Z', '2026-04-09T09:00:00.000Z'],
  ])('with %i past days and %i activation days spans %s to %s', (past, activation, from, to) => {
    let s = updateSetting(settings, 'timeframes.pastActivityDays', String(past), 'a', NOW).settings;
    s = updateSetting(s, 'timeframes.activationWindowDays', String(activation), 'a', NOW).settings;
    const window = scopeFromTrigger(spv, getTemplate('SecurityPolicyViolation'), activity('defender.alert', { time: t }), s);
    expect([window.from, window.to]).toEqual([from, to]);
  });

  it('for departing users runs to the activation window after the last working date', () => {
    const resignation = activity('hr.resignation', { time: t, details: { LastWorkingDate: '2026-04-03' } });
    const window = scopeFromTrigger(departing, getTemplate('IntellectualPropertyTheft'), resignation, settings);
    expect([window.from, window.to]).toEqual(['2026-02-08T09:00:00.000Z', '2026-05-03T00:00:00.000Z']);
    // A last working date before the resignation (a data error) does not shorten the window.
    const early = activity('hr.resignation', { time: t, details: { lastWorkingDate: '2026-03-01T00:00:00Z' } });
    expect(scopeFromTrigger(departing, getTemplate('IntellectualPropertyTheft'), early, settings).to).toBe('2026-04-09T09:00:00.000Z');
    // Other templates ignore the last working date.
    expect(scopeFromTrigger(spv, getTemplate('SecurityPolicyViolation'), resignation, settings).to).toBe('2026-04-09T09:00:00.000Z');
  });

  const w = (from: string, to: string, id: string, userId = 'ada@contoso.com'): ScopeWindow => ({
    policyId: 'p',
    userId,
    from,
    to,
    reason: 'trigger',
    triggerActivityId: id,
    triggeredAt: from,
  });

  it('merges overlapping and touching triggers; the longest reach wins', () => {
    const merged = mergeScopeWindows([
      w('2026-03-05T00:00:00.000Z', '2026-03-20T00:00:00.000Z', 'b'),
      w('2026-03-01T00:00:00.000Z', '2026-03-10T00:00:00.000Z', 'a'),
      w('2026-03-20T00:00:00.000Z', '2026-03-25T00:00:00.000Z', 'c'),
      w('2026-04-01T00:00:00.000Z', '2026-04-02T00:00:00.000Z', 'd'),
      w('2026-03-02T00:00:00.000Z', '2026-03-03T00:00:00.000Z', 'e', 'bob@contoso.com'),
    ]);
    expect(merged.map((m) => [m.userId, m.from, m.to, m.triggerActivityId])).toEqual([
      ['ada@contoso.com', '2026-03-01T00:00:00.000Z', '2026-03-25T00:00:00.000Z', 'c'],
      ['ada@contoso.com', '2026-04-01T00:00:00.000Z', '2026-04-02T00:00:00.000Z', 'd'],
      ['bob@contoso.com', '2026-03-02T00:00:00.000Z', '2026-03-03T00:00:00.000Z', 'e'],
    ]);
  });

  it('keeps the longer window when a later trigger falls inside it', () => {
    const merged = mergeScopeWindows([w('2026-03-01T00:00:00.000Z', '2026-04-30T00:00:00.000Z', 'long'), w('2026-03-10T00:00:00.000Z', '2026-03-12T00:00:00.000Z', 'short')]);
    expect(merged).toEqual([w('2026-03-01T00:00:00.000Z', '2026-04-30T00:00:00.000Z', 'long')]);
  });

  it('merges manual windows among themselves, never into a trigger window', () => {
    const manual = (from: string, to: string, manualReason: string): ScopeWindow => ({ policyId: 'p', userId: 'ada@contoso.com', from, to, reason: 'manual', triggeredAt: from, manualReason });
    const merged = mergeScopeWindows([
      manual('2026-03-05T00:00:00.000Z', '2026-03-20T00:00:00.000Z', 'first'),
      w('2026-03-01T00:00:00.000Z', '2026-03-10T00:00:00.000Z', 'a'),
      manual('2026-03-15T00:00:00.000Z', '2026-03-30T00:00:00.000Z', 'second'),
    ]);
    expect(merged.map((m) => [m.reason, m.from, m.to, m.triggerActivityId ?? m.manualReason])).toEqual([
      ['trigger', '2026-03-01T00:00:00.000Z', '2026-03-10T00:00:00.000Z', 'a'],
      ['manual', '2026-03-05T00:00:00.000Z', '2026-03-30T00:00:00.000Z', 'second'],
    ]);
  });

  it('finds the window in force at a time, end exclusive', () => {
    const windows = [w('2026-03-01T00:00:00.000Z', '2026-03-10T00:00:00.000Z', 'a')];
    expect(scopeWindowAt(windows, 'p', 'ada@contoso.com', '2026-03-01T00:00:00.000Z')?.triggerActivityId).toBe('a');
    expect(scopeWindowAt(windows, 'p', 'ada@contoso.com', new Date('2026-03-10T00:00:00.000Z'))).toBeUndefined();
  });
});

describe('manual scoping', () => {
  const input = { policies: ['Departing', 'spv'], users: ['Ada@contoso.com', 'bob@contoso.com'], reason: 'Tip from HR', durationDays: 5 };

  it('adds each user to each policy from 90 days back to the chosen days ahead', () => {
    const windows = createManualScopes(input, { policies: [departing, spv], now: NOW, actor: 'admin@contoso.com' });
    expect(windows).toHaveLength(4);
    expect(windows[0]).toEqual({
      policyId: 'departing',
      userId: 'ada@contoso.com',
      from: '2025-12-01T10:00:00.000Z',
      to: '2026-03-06T10:00:00.000Z',
      reason: 'manual',
      triggeredAt: '2026-03-01T10:00:00.000Z',
      manualReason: 'Tip from HR',
      addedBy: 'admin@contoso.com',
    });
    expect(createManualScopes({ ...input, durationDays: 30 }, { policies: [departing, spv], now: NOW, actor: 'a' })[0].to).toBe('2026-03-31T10:00:00.000Z');
  });

  it.each([4, 31, 7.5, '10'])('refuses a duration of %j', (durationDays) => {
    try {
      createManualScopes({ ...input, durationDays }, { policies: [departing, spv], now: NOW, actor: 'a' });
      throw new Error('expected a ValidationError');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues).toEqual([{ field: 'durationDays', reason: `must be a whole number from 5 to 30; got ${JSON.stringify(durationDays)}` }]);
    }
  });

  it('reports every problem at once', () => {
    try {
      createManualScopes({ policies: ['Departng'], users: ['nobody'], reason: ' ', durationDays: 5 }, { policies: [departing, { ...spv, enabled: false }], now: NOW, actor: 'a' });
      throw new Error('expected a ValidationError');
    } catch (error) {
      expect((error as ValidationError).issues).toEqual([
        { field: 'policies[0]', reason: 'no policy named "Departng"; did you mean "Departing"?' },
        { field: 'users[0]', reason: 'expected a user principal name such as ada@contoso.com; got "nobody"' },
        { field: 'reason', reason: "expected a reason of 1 to 500 characters (it is shown on the user's timeline)" },
      ]);
    }
  });
});

describe('manual scoping CSV', () => {
  it('reads one UPN per line under the header, reporting bad rows by number', () => {
    const csv = '\ufeffUser Principal Name\r\nada@contoso.com\r\n\r\n"Bob@Contoso.com"\nnot-an-upn\ncarol@contoso.com,dave@contoso.com\nADA@contoso.com\nguest_x.com#EXT#@contoso.onmicrosoft.com\n"unclosed@contoso.com\neve@contoso.com,\n';
    expect(parseManualScopingCsv(csv, 'users.csv')).toEqual({
      userPrincipalNames: ['ada@contoso.com', 'bob@contoso.com', 'eve@contoso.com'],
      rows: [2, 4, 10],
      rejected: [
        { file: 'users.csv', row: 5, field: 'user principal name', reason: 'expected a user principal name such as ada@contoso.com; got "not-an-upn"' },
        { file: 'users.csv', row: 6, field: 'user principal name', reason: 'expected one column (a user principal name); got 2' },
        { file: 'users.csv', row: 7, field: 'user principal name', reason: 'ada@contoso.com is a duplicate of row 2' },
        { file: 'users.csv', row: 8, field: 'user principal name', reason: 'guest accounts are not supported; got "guest_x.com#EXT#@contoso.onmicrosoft.com"' },
        { file: 'users.csv', row: 9, field: 'user principal name', reason: 'a quoted value is not closed' },
      ],
    });
  });

  it('refuses a file without the expected header or without anything', () => {
    expect(() => parseManualScopingCsv('upn\nada@contoso.com', 'users.csv')).toThrow('users.csv row 1: expected the single header "user principal name"; got "upn"');
    expect(() => parseManualScopingCsv('user principal name,department\n', 'users.csv')).toThrow(
      'users.csv row 1: expected the single header "user principal name"; got "user principal name,department"',
    );
    expect(() => parseManualScopingCsv('\n \n', 'users.csv')).toThrow('users.csv is empty; expected the header "user principal name" and one UPN per line');
  });

  it('accepts 10,000 users and refuses 10,001', () => {
    const rows = (n: number) => ['user principal name', ...Array.from({ length: n }, (_, i) => `u${i}@contoso.com`)].join('\n');
    expect(parseManualScopingCsv(rows(10_000)).userPrincipalNames).toHaveLength(10_000);
    expect(() => parseManualScopingCsv(rows(10_001), 'big.csv')).toThrow('big.csv has 10,001 users; at most 10,000 can be added at once');
  });
});
