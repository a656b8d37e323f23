import { z } from 'zod';
import { ValidationError } from '../errors';
import { type ExternalSeverity } from '../ingest/activity';
import { closestName } from '../settings/closest-name';
import { quote } from '../settings/setting-values';
import { type IndicatorCategory, type IndicatorCategoryOf, categoryOfIndicatorId } from './indicator-categories';

/**
 * The policy templates: which event brings a user into a policy, what must exist for that event
 * to happen, which indicators score, whether sequences and cumulative exfiltration apply, and how
 * many users a template may score at once. Ids are Purview's `InsiderRiskScenario` names so an
 * exported policy reads the same in both products.
 *
 * Left out on purpose (see docs/settings-and-policies.md): Patient data misuse (needs EMR access
 * events from a Microsoft Healthcare or Epic connector, which we do not ingest; an HR employee
 * profile alone cannot express "accessed a neighbour's record"), Risky AI usage and agents, and
 * Forensic evidence (no such signals). Entra account deletion and Communication Compliance
 * triggers are also absent: no activity kind carries them yet.
 */

export const TEMPLATE_IDS = [
  'IntellectualPropertyTheft',
  'LeakOfInformation',
  'HighValueEmployeeDataLeak',
  'DisgruntledEmployeeDataLeak',
  'SecurityPolicyViolation',
  'DepartingEmployeeSPV',
  'HighValueEmployeeSPV',
  'DisgruntledEmployeeSPV',
  'UnacceptableUsage',
] as const;
export const TemplateIdSchema = z.enum(TEMPLATE_IDS);
export type TemplateId = z.infer<typeof TemplateIdSchema>;

/** Purview's 2024/25 limit; it was 5 in 2023. */
export const MAX_POLICIES_PER_TEMPLATE = 20;

/**
 * Defender for Endpoint alert categories that security-violation templates react to when the
 * scoring catalogue cannot be asked. Malware counts as unwanted software ("unapproved or
 * malicious software" in the indicator's label).
 */
export const DEFENDER_TRIGGER_CATEGORIES: readonly string[] = ['DefenseEvasion', 'UnwantedSoftware', 'Malware'];

/**
 * A triggering event as data the engine evaluates (see scoping.ts for exactly how each matches).
 * A template lists alternatives: any one of them brings the user in.
 */
export type TriggeringEvent =
  | { readonly kind: 'hr.resignation' }
  | { readonly kind: 'hr.performance-improvement-plan' }
  /** Only reviews recognised as poor, or whose rating cannot be read (see trigger-rules.ts). */
  | { readonly kind: 'hr.performance-review'; readonly only: 'poor' }
  /** Only demotions, or level changes whose direction cannot be read (see trigger-rules.ts). */
  | { readonly kind: 'hr.job-level-change'; readonly only: 'demotion' }
  /** A DLP alert of at least this severity, from the policy's DLP policy when it names one. */
  | { readonly kind: 'dlp.alert'; readonly minSeverity: ExternalSeverity }
  | { readonly kind: 'defender.alert'; readonly categories: readonly string[] }
  /** An activity mapped to one of the policy's chosen trigger indicators (data leak templates). */
  | { readonly kind: 'exfiltration-activity' }
  /** An activity mapped to one of the policy's selected risky-browsing indicators. */
  | { readonly kind: 'browsing-activity' };

export type TriggeringEventKind = TriggeringEvent['kind'];

export type PrerequisiteId =
  | 'hr.resignations'
  | 'hr.risky-user-events'
  | 'dlp.high-severity-alerts'
  | 'defender.alerts'
  | 'priority-user-groups'
  | 'browsing-signals';

export interface Prerequisite {
  readonly id: PrerequisiteId;
  readonly description: string;
}

export interface PolicyTemplate {
  readonly id: TemplateId;
  readonly displayName: string;
  readonly summary: string;
  /** Alternatives; for data leak templates the policy picks DLP alerts or exfiltration activities. */
  readonly triggers: readonly TriggeringEvent[];
  /** Data leak templates: the policy chooses its trigger (one DLP policy, or trigger indicators). */
  readonly customisableTrigger: boolean;
  readonly prerequisites: readonly Prerequisite[];
  /** Defaults when a policy names no indicators: every enabled indicator of these categories, plus these ids. */
  readonly defaultIndicators: { readonly categories: readonly IndicatorCategory[]; readonly ids: readonly string[] };
  /** Categories a policy of this template may select from. */
  readonly allowedCategories: readonly IndicatorCategory[];
  /** Whether the template supports sequence detection (on by default where supported). */
  readonly sequenceDetection: boolean;
  /** Whether the template supports cumulative exfiltration detection (on by default where supported). */
  readonly cumulativeExfiltrationDetection: boolean;
  /** Unique users with a triggering event across all policies of the template (Purview, 2023). */
  readonly maxInScopeUsers: number;
  /** Scope must be priority user groups. */
  readonly requiresPriorityUserGroups: boolean;
  /** The scoping window runs to the last working day (scoping.ts). */
  readonly departingUsers: boolean;
  /** HR data the trigger depends on, for the HR health checks. */
  readonly hrData?: 'resignations' | 'risky-user-events';
  /** Defender for Endpoint alerts feed the trigger or the indicators. */
  readonly needsDefenderAlerts: boolean;
}

const DATA_CATEGORIES: readonly IndicatorCategory[] = [
  'office',
  'device',
  'physicalAccess',
  'dlpAlert',
  'defenderForCloudApps',
  'cloudStorage',
  'cloudService',
  'fabric',
  'generativeAi',
  'communicationCompliance',
  'entraIdProtection',
  'network',
  // Custom indicators are allowed only in data theft and data leak templates, as in Purview.
  'custom',
];

const SECURITY_CATEGORIES: readonly IndicatorCategory[] = [
  'defenderForEndpoint',
  'office',
  'device',
  'physicalAccess',
  'defenderForCloudApps',
  'entraIdProtection',
  'network',
];

/** Categories whose indicators a data leak policy may choose as triggers ("performs an exfiltration activity"). */
export const TRIGGER_INDICATOR_CATEGORIES: readonly IndicatorCategory[] = ['office', 'device', 'custom'];

const HR_RESIGNATIONS: Prerequisite = {
  id: 'hr.resignations',
  description: 'HR connector importing employee resignations (resignation date and last working date)',
};
const HR_RISKY_USER_EVENTS: Prerequisite = {
  id: 'hr.risky-user-events',
  description: 'HR connector importing performance improvement plans, performance reviews and job level changes',
};
const DLP_ALERTS: Prerequisite = {
  id: 'dlp.high-severity-alerts',
  description: 'DLP alerts imported with their severity (a DLP policy whose rules raise High severity alerts), unless the policy triggers on exfiltration indicators',
};
const DEFENDER_ALERTS: Prerequisite = {
  id: 'defender.alerts',
  description: 'Microsoft Defender for Endpoint alerts imported (defense evasion, unwanted software)',
};
const PRIORITY_GROUPS: Prerequisite = {
  id: 'priority-user-groups',
  description: 'at least one priority user group in settings',
};
const BROWSING_SIGNALS: Prerequisite = {
  id: 'browsing-signals',
  description: 'browsing activity from devices (Edge or the Chrome compliance extension) mapped to risky-browsing indicators; not among our signal sources yet',
};

const RESIGNATION: readonly TriggeringEvent[] = [{ kind: 'hr.resignation' }];
const RISKY_USER_HR_EVENTS: readonly TriggeringEvent[] = [
  { kind: 'hr.performance-improvement-plan' },
  { kind: 'hr.performance-review', only: 'poor' },
  { kind: 'hr.job-level-change', only: 'demotion' },
];
const DATA_LEAK_TRIGGERS: readonly TriggeringEvent[] = [{ kind: 'dlp.alert', minSeverity: 'High' }, { kind: 'exfiltration-activity' }];
const DEFENDER_TRIGGER: readonly TriggeringEvent[] = [{ kind: 'defender.alert', categories: DEFENDER_TRIGGER_CATEGORIES }];

const EXFILTRATION_DEFAULTS = { categories: ['office', 'device', 'physicalAccess'] as const, ids: [] as const };
const DATA_LEAK_DEFAULTS = { categories: ['office', 'device'] as const, ids: ['HighSeverityDlpRuleMatch'] as const };
const SECURITY_DEFAULTS = { categories: ['defenderForEndpoint'] as const, ids: [] as const };

const dataTemplate = {
  allowedCategories: DATA_CATEGORIES,
  sequenceDetection: true,
  cumulativeExfiltrationDetection: true,
  needsDefenderAlerts: false,
};
const securityTemplate = {
  allowedCategories: SECURITY_CATEGORIES,
  defaultIndicators: SECURITY_DEFAULTS,
  sequenceDetection: false,
  cumulativeExfiltrationDetection: false,
  customisableTrigger: false,
  needsDefenderAlerts: true,
};

export const POLICY_TEMPLATES: readonly PolicyTemplate[] = [
  {
    ...dataTemplate,
    id: 'IntellectualPropertyTheft',
    displayName: 'Data theft by departing users',
    summary: 'Exfiltration around a resignation: downloads, printing, USB and personal cloud copies near the last working day.',
    triggers: RESIGNATION,
    customisableTrigger: false,
    prerequisites: [HR_RESIGNATIONS],
    defaultIndicators: EXFILTRATION_DEFAULTS,
    maxInScopeUsers: 20_000,
    requiresPriorityUserGroups: false,
    departingUsers: true,
    hrData: 'resignations',
  },
  {
    ...dataTemplate,
    id: 'LeakOfInformation',
    displayName: 'Data leaks',
    summary: 'Accidental oversharing or deliberate leaks, started by a High severity DLP alert or a chosen exfiltration activity.',
    triggers: DATA_LEAK_TRIGGERS,
    customisableTrigger: true,
    prerequisites: [DLP_ALERTS],
    defaultIndicators: DATA_LEAK_DEFAULTS,
    maxInScopeUsers: 15_000,
    requiresPriorityUserGroups: false,
    departingUsers: false,
  },
  {
    ...dataTemplate,
    id: 'HighValueEmployeeDataLeak',
    displayName: 'Data leaks by priority users',
    summary: 'Data leaks by members of priority user groups, scored more sensitively.',
    triggers: DATA_LEAK_TRIGGERS,
    customisableTrigger: true,
    prerequisites: [DLP_ALERTS, PRIORITY_GROUPS],
    defaultIndicators: DATA_LEAK_DEFAULTS,
    maxInScopeUsers: 1_000,
    requiresPriorityUserGroups: true,
    departingUsers: false,
  },
  {
    ...dataTemplate,
    id: 'DisgruntledEmployeeDataLeak',
    displayName: 'Data leaks by risky users',
    summary: 'Data leaks after an employment stressor: improvement plan, poor review or demotion.',
    triggers: RISKY_USER_HR_EVENTS,
    customisableTrigger: false,
    prerequisites: [HR_RISKY_USER_EVENTS],
    defaultIndicators: { categories: ['office', 'device'], ids: [] },
    maxInScopeUsers: 7_500,
    requiresPriorityUserGroups: false,
    departingUsers: false,
    hrData: 'risky-user-events',
  },
  {
    ...securityTemplate,
    id: 'SecurityPolicyViolation',
    displayName: 'Security policy violations',
    summary: 'Defense evasion or unwanted software reported by Defender for Endpoint.',
    triggers: DEFENDER_TRIGGER,
    prerequisites: [DEFENDER_ALERTS],
    maxInScopeUsers: 1_000,
    requiresPriorityUserGroups: false,
    departingUsers: false,
  },
  {
    ...securityTemplate,
    id: 'DepartingEmployeeSPV',
    displayName: 'Security policy violations by departing users',
    summary: 'Security violations around a resignation.',
    triggers: RESIGNATION,
    prerequisites: [HR_RESIGNATIONS, DEFENDER_ALERTS],
    maxInScopeUsers: 15_000,
    requiresPriorityUserGroups: false,
    departingUsers: true,
    hrData: 'resignations',
  },
  {
    ...securityTemplate,
    id: 'HighValueEmployeeSPV',
    displayName: 'Security policy violations by priority users',
    summary: 'Security violations by members of priority user groups.',
    triggers: DEFENDER_TRIGGER,
    prerequisites: [DEFENDER_ALERTS, PRIORITY_GROUPS],
    maxInScopeUsers: 1_000,
    requiresPriorityUserGroups: true,
    departingUsers: false,
  },
  {
    ...securityTemplate,
    id: 'DisgruntledEmployeeSPV',
    displayName: 'Security policy violations by risky users',
    summary: 'Security violations after an employment stressor: improvement plan, poor review or demotion.',
    triggers: RISKY_USER_HR_EVENTS,
    prerequisites: [HR_RISKY_USER_EVENTS, DEFENDER_ALERTS],
    maxInScopeUsers: 7_500,
    requiresPriorityUserGroups: false,
    departingUsers: false,
    hrData: 'risky-user-events',
  },
  {
    id: 'UnacceptableUsage',
    displayName: 'Risky browser usage',
    summary: 'Browsing to sites that break the acceptable use policy (phishing, malware, gambling …).',
    triggers: [{ kind: 'browsing-activity' }],
    customisableTrigger: false,
    prerequisites: [BROWSING_SIGNALS],
    defaultIndicators: { categories: ['riskyBrowsing'], ids: [] },
    allowedCategories: ['riskyBrowsing'],
    sequenceDetection: false,
    cumulativeExfiltrationDetection: false,
    maxInScopeUsers: 7_000,
    requiresPriorityUserGroups: false,
    departingUsers: false,
    needsDefenderAlerts: false,
  },
];

export function getTemplate(id: TemplateId): PolicyTemplate {
  const template = POLICY_TEMPLATES.find((t) => t.id === id);
  // TEMPLATE_IDS and POLICY_TEMPLATES are written together; a test checks they agree.
  if (template === undefined) throw new Error(`no template ${id}`);
  return template;
}

/** A template by id or display name, case-insensitive; an unknown one fails with the closest. */
export function findTemplate(idOrName: string): PolicyTemplate {
  const wanted = idOrName.trim().toLowerCase();
  const found = POLICY_TEMPLATES.find((t) => t.id.toLowerCase() === wanted || t.displayName.toLowerCase() === wanted);
  if (found !== undefined) return found;
  const suggestion = closestName(idOrName, POLICY_TEMPLATES.map((t) => t.id));
  const reason = `unknown template ${quote(idOrName.trim())}; expected one of ${TEMPLATE_IDS.join(', ')}${suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`}`;
  throw new ValidationError(reason, [{ field: 'template', reason }]);
}

/** Whether a policy of this template may select the indicator. */
export function indicatorSuitsTemplate(template: PolicyTemplate, indicatorId: string, categoryOf: IndicatorCategoryOf = categoryOfIndicatorId): boolean {
  return template.allowedCategories.includes(categoryOf(indicatorId));
}

export interface IndicatorResolution {
  /** Ids the indicator catalogue knows. */
  readonly knownIndicators: ReadonlySet<string>;
  /** Ids enabled in the global settings. */
  readonly enabledIndicators: readonly string[];
  readonly categoryOf?: IndicatorCategoryOf;
}

/**
 * The indicators a new policy of this template gets when it names none: every known, globally
 * enabled indicator of the template's default categories, plus its explicit ids, sorted.
 */
export function defaultIndicatorsFor(template: PolicyTemplate, resolution: IndicatorResolution): string[] {
  const categoryOf = resolution.categoryOf ?? categoryOfIndicatorId;
  const categories: readonly IndicatorCategory[] = template.defaultIndicators.categories;
  const explicit: readonly string[] = template.defaultIndicators.ids;
  return resolution.enabledIndicators
    .filter((id) => resolution.knownIndicators.has(id))
    .filter((id) => categories.includes(categoryOf(id)) || explicit.includes(id))
    .sort();
}
