import { NotFoundError, ValidationError } from '../../../core/errors';
import { createPolicy, deletePolicy, parsePolicyFile, policyIdFor, policyToInput, updatePolicy } from '../../../core/policies/create-policy';
import { type Policy, PolicySchema } from '../../../core/policies/policy';
import { updateSetting } from '../../../core/settings/update-setting';
import { NOW, contextFor, makePolicy, settingsWithGroups } from './policy-test-kit';

function failure(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

const departing = { name: 'Departing engineers', template: 'IntellectualPropertyTheft' };

describe('createPolicy', () => {
  it('creates a policy with the template defaults filled in', () => {
    const policy = makePolicy(departing);
    expect(policy).toMatchObject({
      id: 'departing-engineers',
      name: 'Departing engineers',
      template: 'IntellectualPropertyTheft',
      description: '',
      scope: { include: 'all', excludedUsers: [] },
      priorityContent: { sites: [], sensitivityLabels: [], sensitiveInfoTypes: [], fileExtensions: [] },
      alertsOnlyForPriorityContent: false,
      thresholds: {},
      sequenceDetection: true,
      cumulativeExfiltrationDetection: true,
      enabled: true,
      version: 1,
      createdAt: '2026-03-01T10:00:00.000Z',
      createdBy: 'admin@contoso.com',
    });
    expect(policy.trigger).toBeUndefined();
    // Office, device and physical access categories, enabled and known, sorted.
    expect(policy.indicators).toContain('SpoDownload');
    expect(policy.indicators).toContain('CopyToUSB');
    expect(policy.indicators).toContain('PhysicalAccess');
    expect(policy.indicators).not.toContain('HighSeverityDlpRuleMatch');
    expect(policy.indicators).not.toContain('SecurityAlertDefenseEvasion');
    expect(policy.indicators).toEqual([...policy.indicators].sort());
    expect(PolicySchema.parse(JSON.parse(JSON.stringify(policy)))).toEqual(policy);
  });

  it('accepts the template by display name too', () => {
    expect(makePolicy({ name: 'Leaks', template: 'data leaks' }).template).toBe('LeakOfInformation');
  });

  it('reports every violation with its field and what was expected', () => {
    const error = failure(() =>
      createPolicy(
        {
          name: 'x'.repeat(65),
          template: 'IntelectualPropertyTheft',
          scope: { include: 'specific', users: ['bob'] },
          priorityContent: { fileExtensions: ['.docx', 'not an extension'] },
          indicators: ['SpoDownlod'],
          enabled: 'yes',
          colour: 'blue',
        },
        contextFor(),
      ),
    );
    expect(error.issues).toEqual([
      { field: 'colour', reason: 'unknown field; did you mean "scope"?' },
      { field: 'name', reason: `expected a name of 1 to 64 printable characters; got "${'x'.repeat(65)}"` },
      {
        field: 'template',
        reason:
          'expected one of IntellectualPropertyTheft, LeakOfInformation, HighValueEmployeeDataLeak, DisgruntledEmployeeDataLeak, SecurityPolicyViolation, DepartingEmployeeSPV, HighValueEmployeeSPV, DisgruntledEmployeeSPV, UnacceptableUsage; got "IntelectualPropertyTheft" (did you mean IntellectualPropertyTheft?)',
      },
      { field: 'scope.users[0]', reason: 'expected a user principal name such as ada@contoso.com; got "bob"' },
      {
        field: 'priorityContent.fileExtensions[1]',
        reason: 'expected a file extension such as docx or .docx (letters and digits, at most 20); got "not an extension"',
      },
      { field: 'enabled', reason: 'expected true or false; got "\\"yes\\""' },
    ]);
    expect(error.message.startsWith('the policy has 6 problems: colour: unknown field')).toBe(true);
  });

  it('accepts a 64-character name and refuses an empty one', () => {
    expect(makePolicy({ ...departing, name: 'n'.repeat(64) }).name).toHaveLength(64);
    expect(failure(() => makePolicy({ ...departing, name: '   ' })).issues).toEqual([{ field: 'name', reason: 'expected a name of 1 to 64 printable characters; got ""' }]);
  });

  it('keeps names unique without regard to case', () => {
    const first = makePolicy(departing);
    expect(failure(() => makePolicy({ ...departing, name: 'DEPARTING ENGINEERS' }, [first])).issues).toEqual([
      { field: 'name', reason: 'a policy named "Departing engineers" already exists; policy names are unique' },
    ]);
  });

  it('allows 20 policies per template and refuses the 21st', () => {
    const existing: Policy[] = [];
    for (let i = 1; i <= 20; i++) existing.push(makePolicy({ ...departing, name: `Departing ${i}` }, existing));
    expect(existing).toHaveLength(20);
    expect(failure(() => makePolicy({ ...departing, name: 'Departing 21' }, existing)).issues).toEqual([
      { field: 'template', reason: 'at most 20 policies may use the template IntellectualPropertyTheft (Data theft by departing users); 20 already do' },
    ]);
    // Other templates are counted separately.
    expect(makePolicy({ name: 'Leaks', template: 'LeakOfInformation' }, existing).template).toBe('LeakOfInformation');
  });

  it('normalises up to 50 priority file extensions and refuses 51', () => {
    const fifty = Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? `.EXT${i}` : `ext${i}`));
    const policy = makePolicy({ ...departing, priorityContent: { fileExtensions: fifty } });
    expect(policy.priorityContent.fileExtensions.slice(0, 2)).toEqual(['ext0', 'ext1']);
    expect(policy.priorityContent.fileExtensions).toHaveLength(50);
    expect(failure(() => makePolicy({ ...departing, priorityContent: { fileExtensions: [...fifty, 'ext50'] } })).issues).toEqual([
      { field: 'priorityContent.fileExtensions', reason: 'at most 50 entries' },
    ]);
    expect(failure(() => makePolicy({ ...departing, priorityContent: { fileExtensions: ['.docx', 'DOCX'] } })).issues).toEqual([
      { field: 'priorityContent.fileExtensions[1]', reason: 'file extension "docx" is listed twice (entries 1 and 2)' },
    ]);
  });

  it('requires priority content when alerts are limited to it', () => {
    expect(failure(() => makePolicy({ ...departing, alertsOnlyForPriorityContent: true })).issues).toEqual([
      { field: 'alertsOnlyForPriorityContent', reason: 'is true but priorityContent names no sites, sensitivity labels, sensitive info types or file extensions' },
    ]);
    const policy = makePolicy({ ...departing, alertsOnlyForPriorityContent: true, priorityContent: { sensitivityLabels: ['Highly Confidential'], sites: ['https://contoso.sharepoint.com/sites/rnd/'] } });
    expect(policy.priorityContent.sites).toEqual(['https://contoso.sharepoint.com/sites/rnd']);
  });

  it('checks indicators against the catalogue, the global switches and the template', () => {
    const settings = updateSetting(settingsWithGroups(), 'indicators.enabled', 'SpoDownload, CopyToUSB, SecurityAlertDefenseEvasion', 'a', NOW).settings;
    const error = failure(() =>
      makePolicy({ ...departing, indicators: ['SpoDownload', 'Print', 'SecurityAlertDefenseEvasion', 'CopyToUsb', 'SpoDownload'] }, [], settings),
    );
    expect(error.issues).toEqual([
      { field: 'indicators[1]', reason: 'indicator "Print" is not enabled globally; turn it on in settings (indicators.enabled) first' },
      {
        field: 'indicators[2]',
        reason:
          'indicator "SecurityAlertDefenseEvasion" (defenderForEndpoint) does not suit template IntellectualPropertyTheft; it takes office, device, physicalAccess, dlpAlert, defenderForCloudApps, cloudStorage, cloudService, fabric, generativeAi, communicationCompliance, entraIdProtection, network, custom indicators',
      },
      { field: 'indicators[3]', reason: 'unknown indicator "CopyToUsb"; did you mean "CopyToUSB"?' },
      { field: 'indicators[4]', reason: 'indicator "SpoDownload" is listed twice' },
    ]);
  });

  it('says when none of the default indicators is enabled', () => {
    const settings = updateSetting(settingsWithGroups(), 'indicators.enabled', 'SpoDownload', 'a', NOW).settings;
    expect(failure(() => makePolicy({ name: 'SPV', template: 'SecurityPolicyViolation' }, [], settings)).issues).toEqual([
      {
        field: 'indicators',
        reason:
          "none of template SecurityPolicyViolation's default indicators (defenderForEndpoint category) is enabled globally; enable some in settings (indicators.enabled) or list indicators explicitly",
      },
    ]);
    expect(failure(() => makePolicy({ ...departing, indicators: [] })).issues).toEqual([
      { field: 'indicators', reason: 'select at least one indicator (or leave the field out to get the template defaults)' },
    ]);
  });

  it('takes custom thresholds as strictly increasing positive whole numbers for selected indicators', () => {
    const policy = makePolicy({ ...departing, indicators: ['SpoDownload', 'CopyToUSB'], thresholds: { SpoDownload: [10, 20, 30], CopyToUSB: 'default' } });
    expect(policy.thresholds).toEqual({ SpoDownload: [10, 20, 30] });
    const error = failure(() =>
      makePolicy({ ...departing, indicators: ['SpoDownload', 'CopyToUSB'], thresholds: { SpoDownload: [10, 10, 30], CopyToUSB: [0, 1, 2], Print: [1, 2, 3] } }),
    );
    expect(error.issues).toEqual([
      { field: 'thresholds.SpoDownload', reason: 'expected [low, medium, high] as strictly increasing whole numbers from 1 to 1000000 (e.g. [10, 20, 30]); got [10, 10, 30]' },
      { field: 'thresholds.CopyToUSB', reason: 'expected [low, medium, high] as strictly increasing whole numbers from 1 to 1000000 (e.g. [10, 20, 30]); got [0, 1, 2]' },
      { field: 'thresholds.Print', reason: '"Print" is not among the policy\'s indicators; thresholds apply to selected indicators only' },
    ]);
  });

  it('gives data leak policies a DLP trigger by default and checks exfiltration trigger indicators', () => {
    expect(makePolicy({ name: 'Leaks', template: 'LeakOfInformation' }).trigger).toEqual({ type: 'dlp-alert' });
    expect(makePolicy({ name: 'Leaks', template: 'LeakOfInformation', trigger: { type: 'dlp-alert', dlpPolicy: 'Exfil to competitors' } }).trigger).toEqual({
      type: 'dlp-alert',
      dlpPolicy: 'Exfil to competitors',
    });
    const exfil = makePolicy({ name: 'Leaks', template: 'LeakOfInformation', trigger: { type: 'exfiltration-activity', indicators: [{ indicator: 'CopyToUSB', minDailyCount: 5 }, { indicator: 'EmailExternal' }] } });
    expect(exfil.trigger).toEqual({ type: 'exfiltration-activity', indicators: [{ indicator: 'CopyToUSB', minDailyCount: 5 }, { indicator: 'EmailExternal', minDailyCount: 1 }] });
    const error = failure(() =>
      makePolicy({ name: 'Leaks', template: 'LeakOfInformation', trigger: { type: 'exfiltration-activity', indicators: [{ indicator: 'PhysicalAccess' }] } }),
    );
    expect(error.issues).toEqual([
      { field: 'trigger.indicators[0].indicator', reason: 'indicator "PhysicalAccess" (physicalAccess) does not suit template LeakOfInformation; it takes office, device, custom indicators' },
    ]);
  });

  it('refuses a trigger choice for templates with a fixed trigger', () => {
    expect(failure(() => makePolicy({ ...departing, trigger: { type: 'dlp-alert' } })).issues).toEqual([
      { field: 'trigger', reason: 'template IntellectualPropertyTheft has a fixed trigger (hr.resignation); only the data leak templates take a trigger choice' },
    ]);
  });

  it('allows sequence and cumulative detection only where the template supports them', () => {
    expect(makePolicy({ ...departing, sequenceDetection: false }).sequenceDetection).toBe(false);
    const spv = makePolicy({ name: 'SPV', template: 'SecurityPolicyViolation' });
    expect(spv).toMatchObject({ sequenceDetection: false, cumulativeExfiltrationDetection: false, indicators: ['SecurityAlertDefenseEvasion', 'SecurityAlertUnwantedSoftware'] });
    expect(failure(() => makePolicy({ name: 'SPV', template: 'SecurityPolicyViolation', sequenceDetection: true, cumulativeExfiltrationDetection: true })).issues).toEqual([
      { field: 'sequenceDetection', reason: 'template SecurityPolicyViolation does not support sequence detection; leave it out or set false' },
      { field: 'cumulativeExfiltrationDetection', reason: 'template SecurityPolicyViolation does not support cumulative exfiltration detection; leave it out or set false' },
    ]);
  });

  it('scopes priority-user templates to existing priority user groups', () => {
    const policy = makePolicy({ name: 'VIP leaks', template: 'HighValueEmployeeDataLeak', scope: { include: 'priority-user-groups', priorityUserGroups: ['executives'] } });
    expect(policy.scope).toEqual({ include: 'priority-user-groups', priorityUserGroups: ['Executives'], excludedUsers: [] });
    expect(failure(() => makePolicy({ name: 'VIP', template: 'HighValueEmployeeSPV' })).issues).toEqual([
      { field: 'scope', reason: 'template HighValueEmployeeSPV (Security policy violations by priority users) needs { "include": "priority-user-groups", "priorityUserGroups": [...] }' },
    ]);
    expect(failure(() => makePolicy({ name: 'VIP', template: 'HighValueEmployeeSPV', scope: { include: 'priority-user-groups', priorityUserGroups: ['Executive'] } })).issues).toEqual([
      { field: 'scope.priorityUserGroups[0]', reason: 'no priority user group named "Executive"; did you mean "Executives"?' },
    ]);
    expect(failure(() => makePolicy({ name: 'VIP', template: 'HighValueEmployeeSPV', scope: { include: 'all' } })).issues).toEqual([
      { field: 'scope.include', reason: 'template HighValueEmployeeSPV (Security policy violations by priority users) applies to priority user groups; expected "priority-user-groups", got "all"' },
    ]);
    expect(failure(() => makePolicy({ ...departing, scope: { include: 'priority-user-groups', priorityUserGroups: ['Executives'] } })).issues).toEqual([
      { field: 'scope.include', reason: 'only the priority-user templates (HighValueEmployeeDataLeak, HighValueEmployeeSPV) take priority user groups; expected "all" or "specific" for IntellectualPropertyTheft' },
    ]);
  });

  it('requires someone in a specific scope and refuses guest accounts', () => {
    expect(failure(() => makePolicy({ ...departing, scope: { include: 'specific' } })).issues).toEqual([
      { field: 'scope', reason: 'include at least one user or group, or use { "include": "all" }' },
    ]);
    const policy = makePolicy({ ...departing, scope: { include: 'specific', users: ['Ada@Contoso.com'], groups: ['Engineering@contoso.com', '0F8FAD5B-D9CB-469F-A165-70867728950E'], excludedUsers: ['cto@contoso.com'] } });
    expect(policy.scope).toEqual({ include: 'specific', users: ['ada@contoso.com'], groups: ['engineering@contoso.com', '0f8fad5b-d9cb-469f-a165-70867728950e'], excludedUsers: ['cto@contoso.com'] });
    expect(failure(() => makePolicy({ ...departing, scope: { include: 'all', excludedUsers: ['x_y.com#EXT#@contoso.onmicrosoft.com'] } })).issues).toEqual([
      { field: 'scope.excludedUsers[0]', reason: 'guest accounts are not supported; got "x_y.com#EXT#@contoso.onmicrosoft.com"' },
    ]);
  });
});

describe('updatePolicy and deletePolicy', () => {
  it('keeps the name and template fixed', () => {
    const policy = makePolicy(departing);
    const error = failure(() => updatePolicy(policy, { name: 'Leavers', template: 'LeakOfInformation' }, contextFor([policy])));
    expect(error.issues).toEqual([
      { field: 'name', reason: 'a policy\'s name cannot be changed after creation (it is "Departing engineers"); copy the policy under a new name instead' },
      { field: 'template', reason: "a policy's template cannot be changed after creation (it is IntellectualPropertyTheft); create a new policy instead" },
    ]);
  });

  it('changes fields, bumps the version and lists the changes', () => {
    const policy = makePolicy(departing);
    const later = { ...contextFor([policy]), now: new Date('2026-03-05T00:00:00.000Z'), actor: 'other@contoso.com' };
    const { policy: updated, changes } = updatePolicy(policy, { name: 'Departing engineers', description: 'R&D leavers', enabled: false }, later);
    expect(updated).toMatchObject({ id: policy.id, version: 2, description: 'R&D leavers', enabled: false, createdAt: policy.createdAt, updatedAt: '2026-03-05T00:00:00.000Z', updatedBy: 'other@contoso.com' });
    expect(changes).toEqual([
      { field: 'description', before: '', after: 'R&D leavers' },
      { field: 'enabled', before: true, after: false },
    ]);
    expect(updatePolicy(updated, { enabled: false }, later).policy).toBe(updated);
  });

  it('does not re-check indicators already saved when one was switched off globally since', () => {
    const policy = makePolicy({ ...departing, indicators: ['SpoDownload', 'CopyToUSB'], thresholds: { CopyToUSB: [1, 2, 3] } });
    const settings = updateSetting(settingsWithGroups(), 'indicators.enabled', 'SpoDownload, Print', 'a', NOW).settings;
    const ctx = { ...contextFor([policy], settings) };
    expect(updatePolicy(policy, { description: 'still fine' }, ctx).policy.indicators).toEqual(['SpoDownload', 'CopyToUSB']);
    // Dropping an indicator drops its custom thresholds.
    expect(updatePolicy(policy, { indicators: ['SpoDownload'] }, ctx).policy.thresholds).toEqual({});
    expect(failure(() => updatePolicy(policy, { indicators: ['SpoDownload', 'CopyToUSB', 'OdbDownload'] }, ctx)).issues).toEqual([
      { field: 'indicators[2]', reason: 'indicator "OdbDownload" is not enabled globally; turn it on in settings (indicators.enabled) first' },
    ]);
  });

  it('round-trips through its JSON input form', () => {
    const policy = makePolicy({ ...departing, description: 'x', thresholds: { SpoDownload: [5, 10, 15] } });
    const again = createPolicy(policyToInput(policy), contextFor());
    expect({ ...again, id: policy.id }).toEqual(policy);
  });

  it('deletes by id or name and names the closest policy when the name is wrong', () => {
    const a = makePolicy(departing);
    const b = makePolicy({ name: 'Leaks', template: 'LeakOfInformation' }, [a]);
    expect(deletePolicy([a, b], 'leaks')).toEqual({ policies: [a], deleted: b });
    expect(deletePolicy([a, b], 'departing-engineers').deleted).toBe(a);
    expect(() => deletePolicy([a, b], 'Leak')).toThrow(NotFoundError);
    expect(() => deletePolicy([a, b], 'Leak')).toThrow('no policy named "Leak"; did you mean "Leaks"?');
  });
});

describe('policy ids and files', () => {
  it('derives unique ids from names', () => {
    expect(policyIdFor('Data leaks — VIPs!', new Set())).toBe('data-leaks-vips');
    expect(policyIdFor('Data leaks — VIPs?', new Set(['data-leaks-vips', 'data-leaks-vips-2']))).toBe('data-leaks-vips-3');
    expect(policyIdFor('!!!', new Set())).toBe('policy');
  });

  it('reads a policy file and names the file when it is not JSON', () => {
    expect(parsePolicyFile('\ufeff{"name":"A"}', 'policy.json')).toEqual({ name: 'A' });
    const error = failure(() => parsePolicyFile('{"name": ', 'policy.json'));
    expect(error.message.startsWith('policy.json is not valid JSON: ')).toBe(true);
    expect(error.issues[0]).toMatchObject({ file: 'policy.json' });
  });
});
