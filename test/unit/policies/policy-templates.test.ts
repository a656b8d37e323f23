import { categoryOfIndicatorId } from '../../../core/policies/indicator-categories';
import {
  MAX_POLICIES_PER_TEMPLATE,
  POLICY_TEMPLATES,
  TEMPLATE_IDS,
  defaultIndicatorsFor,
  findTemplate,
  getTemplate,
  indicatorSuitsTemplate,
} from '../../../core/policies/policy-templates';
import { DEFAULT_ENABLED_INDICATORS } from '../../../core/settings/settings-defaults';
import { KNOWN_INDICATORS } from './policy-test-kit';

describe('policy templates', () => {
  it('has one template per id, in the same order, with at most 20 policies each', () => {
    expect(POLICY_TEMPLATES.map((t) => t.id)).toEqual([...TEMPLATE_IDS]);
    expect(MAX_POLICIES_PER_TEMPLATE).toBe(20);
  });

  it('carries the documented in-scope user limits', () => {
    expect(Object.fromEntries(POLICY_TEMPLATES.map((t) => [t.id, t.maxInScopeUsers]))).toEqual({
      IntellectualPropertyTheft: 20_000,
      LeakOfInformation: 15_000,
      HighValueEmployeeDataLeak: 1_000,
      DisgruntledEmployeeDataLeak: 7_500,
      SecurityPolicyViolation: 1_000,
      DepartingEmployeeSPV: 15_000,
      HighValueEmployeeSPV: 1_000,
      DisgruntledEmployeeSPV: 7_500,
      UnacceptableUsage: 7_000,
    });
  });

  it('describes each trigger as data', () => {
    const triggers = Object.fromEntries(POLICY_TEMPLATES.map((t) => [t.id, t.triggers]));
    const hr = [{ kind: 'hr.performance-improvement-plan' }, { kind: 'hr.performance-review', only: 'poor' }, { kind: 'hr.job-level-change', only: 'demotion' }];
    const defender = [{ kind: 'defender.alert', categories: ['DefenseEvasion', 'UnwantedSoftware', 'Malware'] }];
    const leaks = [{ kind: 'dlp.alert', minSeverity: 'High' }, { kind: 'exfiltration-activity' }];
    expect(triggers).toEqual({
      IntellectualPropertyTheft: [{ kind: 'hr.resignation' }],
      LeakOfInformation: leaks,
      HighValueEmployeeDataLeak: leaks,
      DisgruntledEmployeeDataLeak: hr,
      SecurityPolicyViolation: defender,
      DepartingEmployeeSPV: [{ kind: 'hr.resignation' }],
      HighValueEmployeeSPV: defender,
      DisgruntledEmployeeSPV: hr,
      UnacceptableUsage: [{ kind: 'browsing-activity' }],
    });
  });

  it('supports sequences and cumulative exfiltration in the data theft and data leak templates only', () => {
    const supporting = POLICY_TEMPLATES.filter((t) => t.sequenceDetection && t.cumulativeExfiltrationDetection).map((t) => t.id);
    expect(supporting).toEqual(['IntellectualPropertyTheft', 'LeakOfInformation', 'HighValueEmployeeDataLeak', 'DisgruntledEmployeeDataLeak']);
    expect(POLICY_TEMPLATES.filter((t) => t.sequenceDetection !== t.cumulativeExfiltrationDetection)).toEqual([]);
  });

  it('lists prerequisites per template', () => {
    expect(Object.fromEntries(POLICY_TEMPLATES.map((t) => [t.id, t.prerequisites.map((p) => p.id)]))).toEqual({
      IntellectualPropertyTheft: ['hr.resignations'],
      LeakOfInformation: ['dlp.high-severity-alerts'],
      HighValueEmployeeDataLeak: ['dlp.high-severity-alerts', 'priority-user-groups'],
      DisgruntledEmployeeDataLeak: ['hr.risky-user-events'],
      SecurityPolicyViolation: ['defender.alerts'],
      DepartingEmployeeSPV: ['hr.resignations', 'defender.alerts'],
      HighValueEmployeeSPV: ['defender.alerts', 'priority-user-groups'],
      DisgruntledEmployeeSPV: ['hr.risky-user-events', 'defender.alerts'],
      UnacceptableUsage: ['browsing-signals'],
    });
  });

  it('resolves default indicators by category plus explicit ids, among enabled and known ones', () => {
    const resolution = { knownIndicators: KNOWN_INDICATORS, enabledIndicators: DEFAULT_ENABLED_INDICATORS };
    const leaks = defaultIndicatorsFor(getTemplate('LeakOfInformation'), resolution);
    expect(leaks).toContain('HighSeverityDlpRuleMatch');
    expect(leaks).toHaveLength(18 + 14 + 1);
    expect(defaultIndicatorsFor(getTemplate('DepartingEmployeeSPV'), resolution)).toEqual(['SecurityAlertDefenseEvasion', 'SecurityAlertUnwantedSoftware']);
    expect(defaultIndicatorsFor(getTemplate('UnacceptableUsage'), resolution)).toEqual([]);
    expect(defaultIndicatorsFor(getTemplate('UnacceptableUsage'), { ...resolution, enabledIndicators: ['EpoBrowseToGamblingSites', 'SpoDownload'] })).toEqual([
      'EpoBrowseToGamblingSites',
    ]);
  });

  it('finds templates by id or display name and suggests the closest id', () => {
    expect(findTemplate('data theft by departing users').id).toBe('IntellectualPropertyTheft');
    expect(() => findTemplate('LeakOfInfo')).toThrow(/did you mean LeakOfInformation\?/);
  });

  it('decides which indicators suit a template by category', () => {
    expect(indicatorSuitsTemplate(getTemplate('UnacceptableUsage'), 'EpoBrowseToPhishingSites')).toBe(true);
    expect(indicatorSuitsTemplate(getTemplate('UnacceptableUsage'), 'EpoFileRenamed')).toBe(false);
    expect(indicatorSuitsTemplate(getTemplate('LeakOfInformation'), 'SalesforceExport')).toBe(true);
    expect(indicatorSuitsTemplate(getTemplate('SecurityPolicyViolation'), 'SalesforceExport')).toBe(false);
  });
});

describe('indicator categories from Purview ids', () => {
  it.each([
    ['SpoDownload', 'office'],
    ['EmailExternal', 'office'],
    ['TeamsChatFileSharedExternal', 'office'],
    ['CopyToUSB', 'device'],
    ['EpoFileArchived', 'device'],
    ['EpoBrowseToLlmSites', 'riskyBrowsing'],
    ['SecurityAlertUnwantedSoftware', 'defenderForEndpoint'],
    ['PhysicalAccess', 'physicalAccess'],
    ['HighSeverityDlpRuleMatch', 'dlpAlert'],
    ['McasImpossibleTravel', 'defenderForCloudApps'],
    ['CCPromptShields', 'generativeAi'],
    ['CCSupervisionRuleMatch', 'communicationCompliance'],
    ['EmployeeAccessedNeighbourData', 'healthRecordAccess'],
    ['CumulativeExfiltrationDetector', 'cumulativeExfiltration'],
    ['constructor', 'custom'],
  ])('%s is %s', (id, category) => {
    expect(categoryOfIndicatorId(id)).toBe(category);
  });
});
