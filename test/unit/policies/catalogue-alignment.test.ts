import { INDICATOR_CATALOGUE, INDICATOR_IDS, indicatorsFor } from '../../../core/scoring/indicator-catalogue';
import { createPolicy } from '../../../core/policies/create-policy';
import { categoryOfIndicatorId } from '../../../core/policies/indicator-categories';
import { POLICY_TEMPLATES, getTemplate } from '../../../core/policies/policy-templates';
import { triggersFor } from '../../../core/policies/scoping';
import { DEFAULT_ENABLED_INDICATORS, defaultSettings } from '../../../core/settings/settings-defaults';
import { parseSettings } from '../../../core/settings/settings';
import { NOW, activity, settingsWithGroups } from './policy-test-kit';

/**
 * Settings and policies take indicator ids as plain strings; these tests keep them in step with
 * the scoring catalogue, which is the set of ids the product actually knows.
 */
const known: ReadonlySet<string> = new Set(INDICATOR_IDS);

describe('alignment with the scoring indicator catalogue', () => {
  it('reads the same category from an id as the catalogue declares', () => {
    for (const definition of INDICATOR_CATALOGUE) expect([definition.id, categoryOfIndicatorId(definition.id)]).toEqual([definition.id, definition.category]);
  });

  it('enables every catalogue indicator by default, and nothing else', () => {
    expect([...DEFAULT_ENABLED_INDICATORS].sort()).toEqual([...INDICATOR_IDS].sort());
    expect(parseSettings(defaultSettings(NOW), known).indicators.enabled).toHaveLength(INDICATOR_IDS.length);
  });

  it('creates a policy of every template except risky browsing from the defaults', () => {
    const settings = settingsWithGroups();
    for (const template of POLICY_TEMPLATES) {
      const input = {
        name: template.displayName,
        template: template.id,
        ...(template.requiresPriorityUserGroups ? { scope: { include: 'priority-user-groups', priorityUserGroups: ['Executives'] } } : {}),
      };
      if (template.id === 'UnacceptableUsage') {
        expect(() => createPolicy(input, { existing: [], settings, knownIndicators: known, now: NOW, actor: 'a' })).toThrow(/default indicators \(riskyBrowsing category\)/);
      } else {
        expect(createPolicy(input, { existing: [], settings, knownIndicators: known, now: NOW, actor: 'a' }).indicators.length).toBeGreaterThan(0);
      }
    }
  });

  it('triggers security violation policies on the Defender alerts the catalogue scores', () => {
    const settings = settingsWithGroups();
    const policy = createPolicy({ name: 'SPV', template: 'SecurityPolicyViolation' }, { existing: [], settings, knownIndicators: known, now: NOW, actor: 'a' });
    const context = { settings, indicatorsOf: (a: Parameters<typeof indicatorsFor>[0]) => indicatorsFor(a) };
    const tamper = activity('defender.alert', { category: 'SuspiciousActivity', title: 'Attempt to disable Microsoft Defender Antivirus protection' });
    expect(triggersFor(policy, getTemplate('SecurityPolicyViolation'), tamper, context).triggers).toBe(true);
    const lateral = activity('defender.alert', { category: 'LateralMovement', title: 'Suspicious remote session' });
    expect(triggersFor(policy, getTemplate('SecurityPolicyViolation'), lateral, context).triggers).toBe(false);
  });
});
