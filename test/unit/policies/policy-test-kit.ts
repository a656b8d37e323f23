import { type Activity } from '../../../core/ingest/activity';
import { createPolicy, type PolicyContext } from '../../../core/policies/create-policy';
import { type Policy } from '../../../core/policies/policy';
import { createPriorityUserGroup } from '../../../core/settings/priority-user-groups';
import { DEFAULT_ENABLED_INDICATORS, defaultSettings } from '../../../core/settings/settings-defaults';
import { type Settings } from '../../../core/settings/settings';

/** Shared fixtures for the policy tests: a catalogue, settings with one priority group, helpers. */

export const NOW = new Date('2026-03-01T10:00:00.000Z');

export const BROWSING_INDICATORS = ['EpoBrowseToGamblingSites', 'EpoBrowseToPhishingSites', 'EpoBrowseToMalwareSites'];

/** What the indicator catalogue will know: the defaults, some browsing ones, a cloud one, a custom one. */
export const KNOWN_INDICATORS: ReadonlySet<string> = new Set([
  ...DEFAULT_ENABLED_INDICATORS,
  ...BROWSING_INDICATORS,
  'BoxContentDownload',
  'SalesforceExport',
  'CumulativeExfiltrationDetector',
]);

export function settingsWithGroups(): Settings {
  const base = defaultSettings(NOW);
  const withBrowsing: Settings = { ...base, indicators: { enabled: [...base.indicators.enabled, ...BROWSING_INDICATORS, 'SalesforceExport'] } };
  return createPriorityUserGroup(
    withBrowsing,
    { name: 'Executives', members: ['ceo@contoso.com', 'cfo@contoso.com'], viewers: ['InsiderRiskManagementInvestigators'] },
    'admin@contoso.com',
    NOW,
  ).settings;
}

export function contextFor(existing: readonly Policy[] = [], settings: Settings = settingsWithGroups()): PolicyContext {
  return { existing, settings, knownIndicators: KNOWN_INDICATORS, now: NOW, actor: 'admin@contoso.com' };
}

export function makePolicy(input: Record<string, unknown>, existing: readonly Policy[] = [], settings?: Settings): Policy {
  return createPolicy(input, contextFor(existing, settings));
}

let counter = 0;
export function activity(kind: Activity['kind'], fields: Partial<Activity> = {}): Activity {
  counter++;
  const source: Activity['source'] = kind.startsWith('hr.') ? 'hr' : kind === 'dlp.alert' ? 'dlp' : kind === 'defender.alert' ? 'defender' : kind === 'physical.access' ? 'badging' : 'audit';
  return {
    id: `${source}:${counter}`,
    source,
    kind,
    userId: 'ada@contoso.com',
    time: '2026-03-10T09:00:00.000Z',
    operation: kind,
    ...fields,
  };
}
