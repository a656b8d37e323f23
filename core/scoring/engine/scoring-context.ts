import type { Policy } from '../../policies/policy';
import { getTemplate, type PolicyTemplate } from '../../policies/policy-templates';
import { policiesCollection, SETTINGS_ID, settingsCollection, SYSTEM_PARTITION } from '../../persistence/collections';
import type { StoreTransaction } from '../../ports/store';
import { defaultSettings } from '../../settings/settings-defaults';
import type { Settings } from '../../settings/settings';
import { compileScoringLists, type CompiledScoringLists } from '../classify-activity';

/** Everything scoring needs from configuration, compiled once per unit of work. */
export interface ScoringContext {
  readonly settings: Settings;
  readonly policies: readonly { readonly policy: Policy; readonly template: PolicyTemplate }[];
  readonly lists: CompiledScoringLists;
  readonly priorityUserGroupMembers: ReadonlySet<string>;
  readonly enabledIndicators: ReadonlySet<string>;
}

/**
 * Reads settings and the enabled policies. Until an admin saves settings the documented
 * defaults apply (they are not written here: reading must not race a first save).
 */
export async function loadScoringContext(tx: StoreTransaction, now: Date): Promise<ScoringContext> {
  const stored = await tx.documents(settingsCollection).get(SYSTEM_PARTITION, SETTINGS_ID);
  const settings = stored?.value ?? defaultSettings(now);
  const policies = (await tx.documents(policiesCollection).query({ partition: SYSTEM_PARTITION, limit: 10_000 }))
    .map((d) => d.value)
    .filter((p) => p.enabled);
  return buildScoringContext(settings, policies);
}

export function buildScoringContext(settings: Settings, policies: readonly Policy[]): ScoringContext {
  // Priority content is chosen per policy; classification is shared, so the union of every
  // enabled policy's priority content marks content as priority (documented in docs/scoring.md).
  const sites = new Set<string>();
  const labels = new Set<string>();
  const infoTypes = new Set<string>();
  const extensions = new Set<string>();
  for (const p of policies) {
    p.priorityContent.sites.forEach((s) => sites.add(s));
    p.priorityContent.sensitivityLabels.forEach((s) => labels.add(s));
    p.priorityContent.sensitiveInfoTypes.forEach((s) => infoTypes.add(s));
    p.priorityContent.fileExtensions.forEach((s) => extensions.add(s));
  }
  const d = settings.intelligentDetections;
  const lists = compileScoringLists({
    fileTypeExclusions: d.fileTypeExclusions,
    filePathExclusions: d.filePathExclusions,
    keywordExclusions: d.keywordExclusions,
    siteUrlExclusions: d.siteUrlExclusions,
    allowedDomains: settings.domains.allowed,
    unallowedDomains: settings.domains.unallowed,
    thirdPartyDomains: settings.domains.thirdParty,
    priorityContent: {
      siteUrls: [...sites],
      sensitivityLabels: [...labels],
      sensitiveInfoTypes: [...infoTypes],
      fileExtensions: [...extensions].slice(0, 50),
    },
    priorityPhysicalAssets: settings.priorityPhysicalAssets,
  });
  return {
    settings,
    policies: policies.map((policy) => ({ policy, template: getTemplate(policy.template) })),
    lists,
    priorityUserGroupMembers: new Set(settings.priorityUserGroups.flatMap((g) => g.members.map((m) => m.toLowerCase()))),
    enabledIndicators: new Set(settings.indicators.enabled),
  };
}
