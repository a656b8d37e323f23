import { type Settings, findPriorityUserGroup } from '../settings/settings';
import { formatCount, quote } from '../settings/setting-values';
import { type Policy } from './policy';
import { getTemplate } from './policy-templates';

/**
 * Policy health: the warnings and recommendations of Purview's policy dashboard that our data
 * can express. Warnings mean the policy cannot work as intended (nothing to score, nobody to
 * score, a trigger that cannot fire); recommendations mean it works but should be tuned.
 */

export type HealthSeverity = 'warning' | 'recommendation';

/** Every finding code, in the order findings are reported. */
export const HEALTH_CODES = [
  'indicators.none',
  'indicators.disabled-globally',
  'scope.no-users',
  'scope.no-priority-groups',
  'hr.absent',
  'hr.stale',
  'dlp.policy-not-selected',
  'defender.no-alerts',
  'trigger.noisy',
  'template.user-limit',
  'scoring.none',
  'alerts.none',
] as const;
export type HealthCode = (typeof HEALTH_CODES)[number];

export interface HealthFinding {
  /** Stable; cards, flows and tests branch on it. */
  readonly code: HealthCode;
  readonly severity: HealthSeverity;
  readonly message: string;
}

export interface PolicyHealth {
  readonly status: 'healthy' | 'recommendations' | 'warnings';
  readonly findings: readonly HealthFinding[];
}

export interface PolicyHealthFacts {
  readonly now: Date;
  readonly settings: Settings;
  /** When HR data was last imported; absent when never. */
  readonly lastHrImportAt?: Date | string;
  /** When a Defender for Endpoint alert was last imported; absent when never. */
  readonly lastDefenderAlertAt?: Date | string;
  /** Users whose triggering event fired, among the policy's users, over the last `windowDays`. */
  readonly triggerRate?: { readonly usersTriggered: number; readonly usersInScope: number; readonly windowDays: number };
  /** Unique users actively scored across every policy of this template. */
  readonly templateUsersInScope?: number;
  /** Activities the policy has scored since it was created. */
  readonly activitiesScored?: number;
  /** Alerts the policy has generated since it was created. */
  readonly alertsGenerated?: number;
}

export const HEALTH_THRESHOLDS = {
  /** Purview: "HR connector hasn't uploaded data recently" after more than 7 days. */
  hrStaleDays: 7,
  /** Purview: triggering event "repeatedly occurring for over 15% of users". */
  noisyTriggerShare: 0.15,
  /** Approaching the template's in-scope user limit above 90 % of it. */
  userLimitShare: 0.9,
  /** A new policy may take a day to alert (Purview says up to 24 h); give it a week before saying it never did. */
  quietPolicyDays: 7,
} as const;

const DAY_MS = 24 * 60 * 60 * 1000;

function toTime(value: Date | string): number {
  return typeof value === 'string' ? Date.parse(value) : value.getTime();
}

function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

export function policyHealth(policy: Policy, facts: PolicyHealthFacts): PolicyHealth {
  const template = getTemplate(policy.template);
  const findings: HealthFinding[] = [];
  const add = (code: HealthCode, severity: HealthSeverity, message: string): void => {
    findings.push({ code, severity, message });
  };
  const enabled = new Set(facts.settings.indicators.enabled);
  const now = facts.now.getTime();

  // Indicators: chosen ones switched off globally are not collected, so they score nothing.
  const off = policy.indicators.filter((id) => !enabled.has(id));
  if (policy.indicators.length === 0) {
    add('indicators.none', 'warning', 'No indicators have been selected: the policy has nothing to score. Select indicators in the policy.');
  } else if (off.length === policy.indicators.length) {
    add('indicators.none', 'warning', `No indicators have been selected that are turned on: ${off.join(', ')} ${off.length === 1 ? 'is' : 'are'} disabled in settings (indicators.enabled).`);
  } else if (off.length > 0) {
    add('indicators.disabled-globally', 'recommendation', `${off.length} of the policy's ${policy.indicators.length} indicators ${off.length === 1 ? 'is' : 'are'} disabled in settings and score nothing: ${off.join(', ')}.`);
  }

  // Users.
  const scope = policy.scope;
  if (scope.include === 'specific' && scope.users.length === 0 && scope.groups.length === 0) {
    add('scope.no-users', 'warning', 'No users or groups are included: add users or groups, or include all users.');
  }
  if (template.requiresPriorityUserGroups) {
    const named = scope.include === 'priority-user-groups' ? scope.priorityUserGroups : [];
    const groups = named.flatMap((name) => {
      const group = findPriorityUserGroup(facts.settings, name);
      return group === undefined ? [] : [group];
    });
    const missing = named.filter((name) => findPriorityUserGroup(facts.settings, name) === undefined);
    if (groups.length === 0) {
      const detail = missing.length > 0 ? ` (${missing.map(quote).join(', ')} no longer ${missing.length === 1 ? 'exists' : 'exist'})` : '';
      add('scope.no-priority-groups', 'warning', `No priority user groups are included${detail}: the ${template.displayName} template scores only members of priority user groups.`);
    } else if (groups.every((g) => g.members.length === 0)) {
      add('scope.no-users', 'warning', `No users or groups are included: the priority user groups ${groups.map((g) => quote(g.name)).join(', ')} have no members.`);
    }
  }

  // HR data the trigger depends on.
  if (template.hrData !== undefined) {
    const what = template.hrData === 'resignations' ? 'resignations' : 'performance improvement plans, performance reviews and job level changes';
    if (facts.lastHrImportAt === undefined) {
      add('hr.absent', 'warning', `HR connector isn't configured or working as expected: no HR data has been imported, and this template is triggered by ${what}.`);
    } else {
      const ageDays = (now - toTime(facts.lastHrImportAt)) / DAY_MS;
      if (ageDays > HEALTH_THRESHOLDS.hrStaleDays) {
        add('hr.stale', 'warning', `HR connector hasn't uploaded data recently: the last import was ${Math.floor(ageDays)} days ago (more than ${HEALTH_THRESHOLDS.hrStaleDays}).`);
      }
    }
  }

  // Data leak trigger.
  if (template.customisableTrigger && policy.trigger?.type !== 'exfiltration-activity' && (policy.trigger === undefined || policy.trigger.dlpPolicy === undefined)) {
    add('dlp.policy-not-selected', 'warning', "DLP policy isn't selected as the triggering event: High severity alerts from any DLP policy bring users in. Choose the one DLP policy for this policy, or trigger on exfiltration indicators.");
  }

  if (template.needsDefenderAlerts && facts.lastDefenderAlertAt === undefined) {
    add('defender.no-alerts', 'warning', "Microsoft Defender for Endpoint alerts aren't being shared: none has been imported, and this template relies on them.");
  }

  // Tuning.
  const rate = facts.triggerRate;
  if (rate !== undefined && rate.usersInScope > 0) {
    const share = rate.usersTriggered / rate.usersInScope;
    if (share > HEALTH_THRESHOLDS.noisyTriggerShare) {
      add(
        'trigger.noisy',
        'recommendation',
        `Triggering event is repeatedly occurring for over ${percent(HEALTH_THRESHOLDS.noisyTriggerShare)} of users in this policy: ${formatCount(rate.usersTriggered)} of ${formatCount(rate.usersInScope)} (${percent(share)}) in the last ${rate.windowDays} days. Narrow the trigger or the users.`,
      );
    }
  }

  if (facts.templateUsersInScope !== undefined) {
    const share = facts.templateUsersInScope / template.maxInScopeUsers;
    const counts = `${formatCount(facts.templateUsersInScope)} of ${formatCount(template.maxInScopeUsers)} users`;
    if (share >= 1) {
      add('template.user-limit', 'warning', `Reached the maximum of users being actively scored for the ${template.displayName} template (${counts}); further users may not be scored.`);
    } else if (share > HEALTH_THRESHOLDS.userLimitShare) {
      add('template.user-limit', 'recommendation', `Approaching the maximum limit of users being actively scored for the ${template.displayName} template (${counts}, ${percent(share)}).`);
    }
  }

  const ageDays = (now - Date.parse(policy.createdAt)) / DAY_MS;
  if (policy.enabled && ageDays >= HEALTH_THRESHOLDS.quietPolicyDays) {
    if (facts.activitiesScored === 0) {
      add('scoring.none', 'recommendation', `Policy isn't assigning risk scores to activity: nothing scored in the ${Math.floor(ageDays)} days since it was created.`);
    }
    if (facts.alertsGenerated === 0) {
      add('alerts.none', 'recommendation', `Policy hasn't generated any alerts in the ${Math.floor(ageDays)} days since it was created; check its users, trigger and thresholds.`);
    }
  }

  const status = findings.some((f) => f.severity === 'warning') ? 'warnings' : findings.length > 0 ? 'recommendations' : 'healthy';
  return { status, findings };
}
