import { type Policy } from '../../../core/policies/policy';
import { type PolicyHealthFacts, policyHealth } from '../../../core/policies/policy-health';
import { deletePriorityUserGroup, removePriorityUserGroupMembers } from '../../../core/settings/priority-user-groups';
import { updateSetting } from '../../../core/settings/update-setting';
import { NOW, makePolicy, settingsWithGroups } from './policy-test-kit';

const settings = settingsWithGroups();
const day = 24 * 60 * 60 * 1000;
const at = (days: number) => new Date(NOW.getTime() + days * day);

/** Facts under which a policy is healthy: fresh HR and Defender data, alerts, quiet triggers. */
const healthy: PolicyHealthFacts = {
  now: at(1),
  settings,
  lastHrImportAt: at(0),
  lastDefenderAlertAt: at(0),
  triggerRate: { usersTriggered: 1, usersInScope: 100, windowDays: 30 },
  templateUsersInScope: 10,
  activitiesScored: 10,
  alertsGenerated: 1,
};

const departing = makePolicy({ name: 'Departing', template: 'IntellectualPropertyTheft' });
const leaks = makePolicy({ name: 'Leaks', template: 'LeakOfInformation', trigger: { type: 'dlp-alert', dlpPolicy: 'Exfil' } });
const vip = makePolicy({ name: 'VIP', template: 'HighValueEmployeeDataLeak', scope: { include: 'priority-user-groups', priorityUserGroups: ['Executives'] }, trigger: { type: 'dlp-alert', dlpPolicy: 'Exfil' } });
const spv = makePolicy({ name: 'SPV', template: 'SecurityPolicyViolation' });

const codes = (policy: Policy, facts: PolicyHealthFacts) => policyHealth(policy, facts).findings.map((f) => [f.code, f.severity]);

describe('policyHealth', () => {
  it('is healthy when nothing is wrong', () => {
    for (const policy of [departing, leaks, vip, spv]) expect(policyHealth(policy, healthy)).toEqual({ status: 'healthy', findings: [] });
  });

  it('warns when no indicators are selected or all are off globally, and recommends when some are off', () => {
    expect(policyHealth({ ...departing, indicators: [] }, healthy)).toEqual({
      status: 'warnings',
      findings: [{ code: 'indicators.none', severity: 'warning', message: 'No indicators have been selected: the policy has nothing to score. Select indicators in the policy.' }],
    });
    const policy = { ...departing, indicators: ['SpoDownload', 'CopyToUSB'] };
    const onlyUsb = updateSetting(settings, 'indicators.enabled', 'CopyToUSB', 'a', NOW).settings;
    expect(policyHealth(policy, { ...healthy, settings: onlyUsb })).toEqual({
      status: 'recommendations',
      findings: [{ code: 'indicators.disabled-globally', severity: 'recommendation', message: "1 of the policy's 2 indicators is disabled in settings and score nothing: SpoDownload." }],
    });
    const neither = updateSetting(settings, 'indicators.enabled', 'Print', 'a', NOW).settings;
    expect(policyHealth(policy, { ...healthy, settings: neither }).findings).toEqual([
      { code: 'indicators.none', severity: 'warning', message: 'No indicators have been selected that are turned on: SpoDownload, CopyToUSB are disabled in settings (indicators.enabled).' },
    ]);
  });

  it('warns when no users or groups are included', () => {
    const empty: Policy = { ...departing, scope: { include: 'specific', users: [], groups: [], excludedUsers: [] } };
    expect(policyHealth(empty, healthy).findings).toEqual([
      { code: 'scope.no-users', severity: 'warning', message: 'No users or groups are included: add users or groups, or include all users.' },
    ]);
    let memberless = removePriorityUserGroupMembers(settings, 'Executives', ['ceo@contoso.com', 'cfo@contoso.com'], 'a', NOW).settings;
    expect(policyHealth(vip, { ...healthy, settings: memberless }).findings).toEqual([
      { code: 'scope.no-users', severity: 'warning', message: 'No users or groups are included: the priority user groups "Executives" have no members.' },
    ]);
    memberless = deletePriorityUserGroup(settings, 'Executives', 'a', NOW).settings;
    expect(codes(vip, { ...healthy, settings: memberless })).toEqual([['scope.no-priority-groups', 'warning']]);
  });

  it('warns when the priority user groups of a priority template are gone', () => {
    const gone = deletePriorityUserGroup(settings, 'Executives', 'a', NOW).settings;
    expect(policyHealth(vip, { ...healthy, settings: gone }).findings).toEqual([
      {
        code: 'scope.no-priority-groups',
        severity: 'warning',
        message: 'No priority user groups are included ("Executives" no longer exists): the Data leaks by priority users template scores only members of priority user groups.',
      },
    ]);
  });

  it('warns when HR data is absent or more than 7 days old for templates that need it', () => {
    expect(policyHealth(departing, { ...healthy, lastHrImportAt: undefined }).findings).toEqual([
      { code: 'hr.absent', severity: 'warning', message: "HR connector isn't configured or working as expected: no HR data has been imported, and this template is triggered by resignations." },
    ]);
    expect(codes(departing, { ...healthy, lastHrImportAt: at(-6) })).toEqual([]);
    expect(codes(departing, { ...healthy, now: at(7), lastHrImportAt: at(0).toISOString() })).toEqual([]);
    expect(policyHealth(departing, { ...healthy, now: at(8), lastHrImportAt: at(0) }).findings).toEqual([
      { code: 'hr.stale', severity: 'warning', message: "HR connector hasn't uploaded data recently: the last import was 8 days ago (more than 7)." },
    ]);
    // Templates that do not use HR data do not care.
    expect(codes(leaks, { ...healthy, lastHrImportAt: undefined })).toEqual([]);
  });

  it('warns when a data leak policy has no DLP policy chosen', () => {
    const anyDlp = makePolicy({ name: 'Any', template: 'LeakOfInformation' });
    expect(policyHealth(anyDlp, healthy).findings).toEqual([
      {
        code: 'dlp.policy-not-selected',
        severity: 'warning',
        message: "DLP policy isn't selected as the triggering event: High severity alerts from any DLP policy bring users in. Choose the one DLP policy for this policy, or trigger on exfiltration indicators.",
      },
    ]);
    const exfil = makePolicy({ name: 'Exfil', template: 'LeakOfInformation', trigger: { type: 'exfiltration-activity', indicators: [{ indicator: 'CopyToUSB' }] } });
    expect(codes(exfil, healthy)).toEqual([]);
  });

  it('warns when no Defender alerts have arrived for a security violation template', () => {
    expect(policyHealth(spv, { ...healthy, lastDefenderAlertAt: undefined }).findings).toEqual([
      { code: 'defender.no-alerts', severity: 'warning', message: "Microsoft Defender for Endpoint alerts aren't being shared: none has been imported, and this template relies on them." },
    ]);
    expect(codes(departing, { ...healthy, lastDefenderAlertAt: undefined })).toEqual([]);
  });

  it('recommends narrowing a trigger that fires for more than 15% of users', () => {
    expect(codes(leaks, { ...healthy, triggerRate: { usersTriggered: 15, usersInScope: 100, windowDays: 30 } })).toEqual([]);
    expect(policyHealth(leaks, { ...healthy, triggerRate: { usersTriggered: 16, usersInScope: 100, windowDays: 30 } }).findings).toEqual([
      {
        code: 'trigger.noisy',
        severity: 'recommendation',
        message: 'Triggering event is repeatedly occurring for over 15% of users in this policy: 16 of 100 (16%) in the last 30 days. Narrow the trigger or the users.',
      },
    ]);
    expect(codes(leaks, { ...healthy, triggerRate: { usersTriggered: 0, usersInScope: 0, windowDays: 30 } })).toEqual([]);
  });

  it('recommends above 90% of the template user limit and warns at the limit', () => {
    expect(codes(leaks, { ...healthy, templateUsersInScope: 13_500 })).toEqual([]);
    expect(policyHealth(leaks, { ...healthy, templateUsersInScope: 13_501 }).findings).toEqual([
      {
        code: 'template.user-limit',
        severity: 'recommendation',
        message: 'Approaching the maximum limit of users being actively scored for the Data leaks template (13,501 of 15,000 users, 90%).',
      },
    ]);
    expect(policyHealth(vip, { ...healthy, templateUsersInScope: 1_000 }).findings).toEqual([
      {
        code: 'template.user-limit',
        severity: 'warning',
        message: 'Reached the maximum of users being actively scored for the Data leaks by priority users template (1,000 of 1,000 users); further users may not be scored.',
      },
    ]);
  });

  it('recommends a look at a policy that has scored nothing or alerted nothing after a week', () => {
    expect(codes(leaks, { ...healthy, now: at(6), activitiesScored: 0, alertsGenerated: 0 })).toEqual([]);
    expect(policyHealth(leaks, { ...healthy, now: at(7), activitiesScored: 0, alertsGenerated: 0 }).findings).toEqual([
      { code: 'scoring.none', severity: 'recommendation', message: "Policy isn't assigning risk scores to activity: nothing scored in the 7 days since it was created." },
      { code: 'alerts.none', severity: 'recommendation', message: "Policy hasn't generated any alerts in the 7 days since it was created; check its users, trigger and thresholds." },
    ]);
    expect(codes({ ...leaks, enabled: false }, { ...healthy, now: at(30), alertsGenerated: 0 })).toEqual([]);
  });
});
