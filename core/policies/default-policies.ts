import { INDICATOR_IDS, indicatorDefinition, isIndicatorId } from '../scoring/indicator-catalogue';
import type { Settings } from '../settings/settings';
import type { StoreTransaction, Versioned } from '../ports/store';
import { createPolicy } from './create-policy';
import { type IndicatorCategoryOf, categoryOfIndicatorId } from './indicator-categories';
import type { Policy } from './policy';
import { type TemplateId, getTemplate } from './policy-templates';
import { listPolicies, savePolicy } from './policy.repository';

/**
 * The policies a fresh installation starts with, so that the first HR, DLP or Defender import
 * already produces alerts instead of waiting for an admin to visit the policy wizard.
 */

/** The scoring catalogue's ids: what `createPolicy` and `updateSetting` accept as known. */
export const CATALOGUE_INDICATORS: ReadonlySet<string> = new Set<string>(INDICATOR_IDS);

/** The catalogue's category for its own ids; Purview's id conventions for any other (custom) id. */
export const catalogueCategoryOf: IndicatorCategoryOf = (id) => (isIndicatorId(id) ? indicatorDefinition(id).category : categoryOfIndicatorId(id));

/**
 * One policy per template whose triggering event our connectors can deliver without further
 * setup choices: resignations and risky-user HR events (HR CSV), High severity DLP alerts from any
 * DLP policy, and Defender for Endpoint alerts. Priority-user templates are left out because they
 * need priority user groups, which an admin has to define first.
 */
export const DEFAULT_POLICY_TEMPLATES: readonly TemplateId[] = [
  'IntellectualPropertyTheft',
  'LeakOfInformation',
  'DisgruntledEmployeeDataLeak',
  'SecurityPolicyViolation',
];

export const DEFAULT_POLICY_ACTOR = 'system:defaults';

/** The policy files the defaults are created from: the template's own name, all users, template indicators. */
export function defaultPolicyInputs(): Record<string, unknown>[] {
  const byTemplate: Record<string, unknown>[] = DEFAULT_POLICY_TEMPLATES.map((id) => {
    const template = getTemplate(id);
    return {
      name: template.displayName,
      template: id,
      description: `Created automatically with the template's defaults: ${template.summary}`,
      scope: { include: 'all' },
      // Indicators are left out so createPolicy picks the template defaults among those enabled.
      ...(template.customisableTrigger ? { trigger: { type: 'dlp-alert' } } : {}),
    };
  });
  // Data leaks without a DLP alert: Purview's other trigger, "user performs an exfiltration
  // activity". One copy to USB or personal cloud brings the user into scope; whether that becomes
  // an alert is still decided by the scores (thresholds, sequences), so ordinary users stay quiet
  // (measured on the synthetic organization: docs/scoring.md).
  const leak = getTemplate('LeakOfInformation');
  byTemplate.push({
    name: 'Data leaks (exfiltration activity)',
    template: leak.id,
    description: `Created automatically: ${leak.summary} Triggered by copying to USB or uploading to personal cloud storage.`,
    scope: { include: 'all' },
    trigger: {
      type: 'exfiltration-activity',
      indicators: [
        { indicator: 'CopyToUSB', minDailyCount: 1 },
        { indicator: 'CopyToPersonalCloud', minDailyCount: 1 },
      ],
    },
  });
  return byTemplate;
}

/**
 * Creates the default policies when no policy exists at all, and returns every policy. Once any
 * policy exists (including after an admin deleted some defaults) nothing is created, so deleting
 * a default is respected and running this on every start is safe.
 */
export async function ensureDefaultPolicies(tx: StoreTransaction, settings: Settings, now: Date): Promise<Versioned<Policy>[]> {
  const existing = await listPolicies(tx);
  if (existing.length > 0) return existing;
  const created: Policy[] = [];
  for (const input of defaultPolicyInputs()) {
    // createPolicy validates exactly as for an admin's file; a failure here is a bug in the defaults.
    created.push(
      createPolicy(input, {
        existing: created,
        settings,
        knownIndicators: CATALOGUE_INDICATORS,
        categoryOf: catalogueCategoryOf,
        now,
        actor: DEFAULT_POLICY_ACTOR,
      }),
    );
  }
  const stored: Versioned<Policy>[] = [];
  for (const policy of created) stored.push(await savePolicy(tx, policy));
  return stored.sort((a, b) => (a.value.id < b.value.id ? -1 : a.value.id > b.value.id ? 1 : 0));
}
