import type { IndicatorCategory } from './indicator-catalogue';
import type { BoosterApplication } from './insight';

/**
 * Multiplicative boosters and content factors. Each applies at most once per insight, in a fixed
 * order, and the product is capped at 100. Purview's four boosters (unusual activity, previous
 * case, priority user group, potential high-impact user) apply only to Office and Device
 * indicators; content factors (priority content, unallowed domain) and the departing window apply
 * to any insight whose facts say so.
 */

export const BOOSTER_IDS = [
  'unusualActivity',
  'previousConfirmedCase',
  'priorityUserGroup',
  'potentialHighImpactUser',
  'priorityContent',
  'unallowedDomain',
  'departingWindow',
] as const;
export type BoosterId = (typeof BOOSTER_IDS)[number];

export const BOOSTER_FACTORS: Readonly<Record<BoosterId, number>> = {
  unusualActivity: 1.5,
  previousConfirmedCase: 1.5,
  priorityUserGroup: 1.25,
  potentialHighImpactUser: 1.2,
  priorityContent: 1.5,
  unallowedDomain: 1.5,
  departingWindow: 1.25,
};

/** The boosters Purview documents as boosters, which it applies to Office and Device indicators only. */
export const USER_BOOSTERS: ReadonlySet<BoosterId> = new Set(['unusualActivity', 'previousConfirmedCase', 'priorityUserGroup', 'potentialHighImpactUser']);

const BOOSTABLE_CATEGORIES: ReadonlySet<IndicatorCategory> = new Set(['office', 'device']);

export const MAX_SCORE = 100;

/** The facts about one insight and its user that boosters look at. */
export interface BoosterFacts {
  readonly unusual?: boolean;
  /** Cases of this user resolved as a confirmed policy violation. */
  readonly previousConfirmedCases?: number;
  readonly priorityUserGroupMember?: boolean;
  readonly potentialHighImpactUser?: boolean;
  readonly priorityContent?: boolean;
  readonly unallowedDomain?: boolean;
  /** The activity falls between resignation and last working day (plus the activation window) under a departure template. */
  readonly inDepartingWindow?: boolean;
}

export interface BoosterOptions {
  /**
   * The indicator's category; user boosters apply only to 'office' and 'device'. Sequence and
   * cumulative insights are not boosted again: a sequence sums step scores that already are.
   */
  readonly category: IndicatorCategory;
  /** Boosters the policy turned off; all are on by default. */
  readonly disabled?: ReadonlySet<BoosterId>;
}

export interface BoostedScore {
  readonly score: number;
  readonly applied: readonly BoosterApplication[];
}

function applies(id: BoosterId, facts: BoosterFacts): boolean {
  switch (id) {
    case 'unusualActivity':
      return facts.unusual === true;
    case 'previousConfirmedCase':
      // The current UI label says "a previous case"; the 2022 wording said "more than one". One suffices here.
      return (facts.previousConfirmedCases ?? 0) >= 1;
    case 'priorityUserGroup':
      return facts.priorityUserGroupMember === true;
    case 'potentialHighImpactUser':
      return facts.potentialHighImpactUser === true;
    case 'priorityContent':
      return facts.priorityContent === true;
    case 'unallowedDomain':
      return facts.unallowedDomain === true;
    case 'departingWindow':
      return facts.inDepartingWindow === true;
  }
}

/**
 * `score × Π factors`, capped at 100, with one explanation line per factor applied. A user who is
 * both in a priority group and a potential high-impact user is boosted once, by the larger factor
 * (as Purview documents).
 */
export function applyBoosters(score: number, facts: BoosterFacts, options: BoosterOptions): BoostedScore {
  const userBoostersApply = BOOSTABLE_CATEGORIES.has(options.category);
  const active = (id: BoosterId): boolean =>
    options.disabled?.has(id) !== true && (userBoostersApply || !USER_BOOSTERS.has(id)) && applies(id, facts);
  // Both group membership and high impact: one boost, by the larger factor, at the group's place.
  const both = active('priorityUserGroup') && active('potentialHighImpactUser');
  const applied: BoosterApplication[] = [];
  let product = 1;
  for (const id of BOOSTER_IDS) {
    if (!active(id)) continue;
    let name = id;
    if (both) {
      if (id === 'potentialHighImpactUser') continue;
      if (id === 'priorityUserGroup' && BOOSTER_FACTORS.potentialHighImpactUser > BOOSTER_FACTORS.priorityUserGroup) {
        name = 'potentialHighImpactUser';
      }
    }
    applied.push({ name, factor: BOOSTER_FACTORS[name] });
    product *= BOOSTER_FACTORS[name];
  }
  const boosted = Math.max(0, score) * product;
  return { score: Math.min(MAX_SCORE, boosted), applied };
}

/** `base × level × factor … = score` with the cap shown when it bit. */
export function explainBoosted(baseScore: number, multiplier: number, boosted: BoostedScore): string {
  const parts = [`${round2(baseScore)} × ${multiplier}`, ...boosted.applied.map((a) => `${a.factor} (${a.name})`)];
  const raw = baseScore * multiplier * boosted.applied.reduce((p, a) => p * a.factor, 1);
  const capped = raw > MAX_SCORE ? ` = ${round2(raw)}, capped at ${MAX_SCORE}` : '';
  return `${parts.join(' × ')}${capped} = ${round2(boosted.score)}`;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

// ---------------------------------------------------------------------------------------------
// Potential high-impact user

/** What the directory says about a user, as far as impact goes. */
export interface DirectoryFacts {
  readonly directReports?: number;
  readonly indirectReports?: number;
  /** Distance from the top of the management chain: 0 for the person nobody manages, 1 for their reports … */
  readonly hierarchyLevel?: number;
  readonly jobTitle?: string;
  /** Member of an Entra built-in role with elevated permissions (Global Administrator and the like). */
  readonly privilegedRole?: boolean;
}

export interface HighImpactRule {
  /** Direct plus indirect reports at or above which a manager is high impact. */
  readonly minReports: number;
  /** Managers (at least one report) this close to the top are high impact. */
  readonly maxHierarchyLevel: number;
}

export const DEFAULT_HIGH_IMPACT_RULE: HighImpactRule = { minReports: 25, maxHierarchyLevel: 2 };

// Titles that carry authority over an organization's data or money. Whole words only, so
// "Directory Services Engineer" does not count as a director.
const HIGH_IMPACT_TITLE =
  /\b(?:chief|ceo|cfo|cto|cio|ciso|coo|cso|cdo|cpo|president|vice[- ]president|vp|svp|evp|director|general counsel|head of|managing partner|treasurer|controller|board member)\b/i;

export interface HighImpactVerdict {
  readonly highImpact: boolean;
  /** Each criterion that held, in words an analyst reads. */
  readonly reasons: readonly string[];
}

/**
 * Purview's criteria for a potential high-impact user are its level in the Entra hierarchy, its
 * number of reports, membership of a privileged built-in role and (not available to us) handling
 * more sensitive content than others. We make them concrete: 25 or more direct and indirect
 * reports; or a manager within two levels of the top; or an executive title; or a privileged role.
 */
export function potentialHighImpactUser(facts: DirectoryFacts, rule: HighImpactRule = DEFAULT_HIGH_IMPACT_RULE): HighImpactVerdict {
  const reasons: string[] = [];
  const reports = Math.max(0, facts.directReports ?? 0) + Math.max(0, facts.indirectReports ?? 0);
  if (reports >= rule.minReports) reasons.push(`${reports} direct and indirect reports (≥ ${rule.minReports})`);
  if (facts.hierarchyLevel !== undefined && facts.hierarchyLevel <= rule.maxHierarchyLevel && reports >= 1) {
    reasons.push(`manager at level ${facts.hierarchyLevel} of the hierarchy (≤ ${rule.maxHierarchyLevel})`);
  }
  const title = facts.jobTitle ?? '';
  const titleMatch = HIGH_IMPACT_TITLE.exec(title);
  if (titleMatch !== null) reasons.push(`job title "${title.trim()}" (${titleMatch[0].toLowerCase()})`);
  if (facts.privilegedRole === true) reasons.push('member of a privileged built-in role');
  return { highImpact: reasons.length > 0, reasons };
}
