import { z } from 'zod';
import { type ValidationIssue } from '../errors';
import {
  DomainEntrySchema,
  parseAssetId,
  parseFileExtension,
  parseFilePathExclusion,
  parseIndicatorId,
  parseKeyword,
  parseSiteUrl,
  parseUserPrincipalName,
  formatCount,
  parsedString,
  quote,
  type Parsed,
} from './setting-values';
import { closestName } from './closest-name';
import { issuesFromZod, validationFailure } from './validation-issues';

/**
 * The global settings: one document for the whole organisation (Purview keeps the same data in
 * its `TenantSetting` pseudo-policy). Every change bumps `version`, so stores can use it for
 * optimistic concurrency and the audit log can name the version an action saw.
 */

/** Ranges and limits. Purview's documented numbers where it has them (see docs/settings-and-policies.md). */
export const SETTINGS_LIMITS = {
  activationWindowDays: { min: 1, max: 30 },
  pastActivityDays: { min: 0, max: 90 },
  /** Purview documents no range; ours keeps the boost threshold within a plausible daily count. */
  minimumDailyEventsToBoost: { min: 0, max: 10_000 },
  /** File path, keyword and site URL exclusions, and each domain list: 500 in Purview. */
  listEntries: 500,
  /** Purview documents no limit for file type exclusions; we apply the same 500 as the other lists. */
  fileTypeExclusions: 500,
  /** Purview documents no limit; ours bounds the settings document. */
  priorityPhysicalAssets: 10_000,
  indicators: 1_000,
  priorityUserGroupMembers: 10_000,
  priorityUserGroupNameLength: 64,
  priorityUserGroupDescriptionLength: 1_024,
} as const;

export const ALERT_VOLUMES = ['Fewer', 'Default', 'More'] as const;
export const AlertVolumeSchema = z.enum(ALERT_VOLUMES);
export type AlertVolume = z.infer<typeof AlertVolumeSchema>;

/** Role groups that may be named as viewers of a priority user group (besides individual users). */
export const PRIORITY_GROUP_VIEWER_ROLE_GROUPS = [
  'InsiderRiskManagement',
  'InsiderRiskManagementAnalysts',
  'InsiderRiskManagementInvestigators',
] as const;

/** A viewer is a role group from the list above (any case) or a user principal name. */
export function parseViewer(raw: string): Parsed<string> {
  const text = raw.trim();
  const roleGroup = PRIORITY_GROUP_VIEWER_ROLE_GROUPS.find((g) => g.toLowerCase() === text.toLowerCase());
  if (roleGroup !== undefined) return { ok: true, value: roleGroup };
  if (!text.includes('@')) {
    const suggestion = closestName(text, PRIORITY_GROUP_VIEWER_ROLE_GROUPS);
    return {
      ok: false,
      reason: `expected a user principal name or one of ${PRIORITY_GROUP_VIEWER_ROLE_GROUPS.join(', ')}; got ${quote(text)}${suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`}`,
    };
  }
  return parseUserPrincipalName(text);
}

/** Group names: trimmed, 1–64 characters, no control characters. Compared case-insensitively. */
export function parsePriorityGroupName(raw: string): Parsed<string> {
  const name = raw.trim();
  const max = SETTINGS_LIMITS.priorityUserGroupNameLength;
  // eslint-disable-next-line no-control-regex
  if (name.length === 0 || name.length > max || /[\u0000-\u001f\u007f]/.test(name)) {
    return { ok: false, reason: `expected a name of 1 to ${max} printable characters; got ${quote(name)}` };
  }
  return { ok: true, value: name };
}

function uniqueBy<T>(key: (item: T) => string, what: string) {
  return (items: readonly T[], ctx: z.RefinementCtx): void => {
    const seen = new Map<string, number>();
    items.forEach((item, index) => {
      const k = key(item);
      const first = seen.get(k);
      if (first === undefined) seen.set(k, index);
      else ctx.addIssue({ code: 'custom', path: [index], message: `${what} ${quote(k)} is listed twice (entries ${first + 1} and ${index + 1})` });
    });
  };
}

const caseless = (s: string): string => s.toLowerCase();

export const PriorityUserGroupSchema = z.object({
  /** Immutable after creation; policies refer to the group by it. */
  name: parsedString(parsePriorityGroupName),
  description: z.string().max(SETTINGS_LIMITS.priorityUserGroupDescriptionLength).default(''),
  members: z
    .array(parsedString(parseUserPrincipalName))
    .max(SETTINGS_LIMITS.priorityUserGroupMembers, { error: `a priority user group has at most ${formatCount(SETTINGS_LIMITS.priorityUserGroupMembers)} members` })
    .superRefine(uniqueBy((m: string) => m, 'member')),
  /** Who may see the group's users, alerts and cases: at least one user or IRM role group. */
  viewers: z
    .array(parsedString(parseViewer))
    .min(1, { error: 'name at least one viewer: a user or an IRM role group' })
    .superRefine(uniqueBy((v: string) => v.toLowerCase(), 'viewer')),
});
export type PriorityUserGroup = z.output<typeof PriorityUserGroupSchema>;

const listOf = (parse: (raw: string) => Parsed<string>, max: number, what: string, key: (s: string) => string = caseless) =>
  z
    .array(parsedString(parse))
    .max(max, { error: `at most ${formatCount(max)} entries` })
    .superRefine(uniqueBy(key, what));

const domainList = z
  .array(DomainEntrySchema)
  .max(SETTINGS_LIMITS.listEntries, { error: `at most ${formatCount(SETTINGS_LIMITS.listEntries)} entries` })
  .superRefine(uniqueBy((e: { domain: string }) => e.domain, 'domain'));

export const SettingsSchema = z
  .object({
    version: z.number().int().min(1),
    updatedAt: z.iso.datetime(),
    updatedBy: z.string().min(1),
    indicators: z.object({
      /** Indicators collected at all ("Settings › Policy indicators"); policies choose among these. */
      enabled: listOf(parseIndicatorId, SETTINGS_LIMITS.indicators, 'indicator', (s) => s),
    }),
    timeframes: z.object({
      activationWindowDays: z.number().int().min(SETTINGS_LIMITS.activationWindowDays.min).max(SETTINGS_LIMITS.activationWindowDays.max),
      pastActivityDays: z.number().int().min(SETTINGS_LIMITS.pastActivityDays.min).max(SETTINGS_LIMITS.pastActivityDays.max),
    }),
    intelligentDetections: z.object({
      fileTypeExclusions: listOf(parseFileExtension, SETTINGS_LIMITS.fileTypeExclusions, 'file type'),
      filePathExclusions: listOf(parseFilePathExclusion, SETTINGS_LIMITS.listEntries, 'file path'),
      keywordExclusions: listOf(parseKeyword, SETTINGS_LIMITS.listEntries, 'keyword'),
      siteUrlExclusions: listOf(parseSiteUrl, SETTINGS_LIMITS.listEntries, 'site URL'),
      minimumDailyEventsToBoost: z
        .number()
        .int()
        .min(SETTINGS_LIMITS.minimumDailyEventsToBoost.min)
        .max(SETTINGS_LIMITS.minimumDailyEventsToBoost.max),
      alertVolume: AlertVolumeSchema,
    }),
    domains: z.object({
      /** Treated like internal: activity with these domains is ignored. */
      allowed: domainList,
      /** Activity with these domains scores higher. */
      unallowed: domainList,
      /** Business cloud domains for "download content from a third-party site". */
      thirdParty: domainList,
    }),
    priorityUserGroups: z.array(PriorityUserGroupSchema).superRefine(uniqueBy((g: { name: string }) => g.name.toLowerCase(), 'priority user group')),
    priorityPhysicalAssets: listOf(parseAssetId, SETTINGS_LIMITS.priorityPhysicalAssets, 'asset id'),
    privacy: z.object({
      /** Show pseudonyms instead of names in alerts, cases and cards. */
      pseudonymize: z.boolean(),
    }),
    /**
     * Microsoft Teams integration (irm-reference §7, `FeatureSettings.EnableTeam`): a team per
     * case. Defaulted because documents stored before the setting existed lack it; off, as in Purview.
     */
    teams: z.object({ caseTeams: z.boolean().default(false) }).default({ caseTeams: false }),
  })
  .superRefine((settings, ctx) => {
    for (const issue of domainListConflicts(settings.domains)) ctx.addIssue({ code: 'custom', path: ['domains', issue.list], message: issue.reason });
  });

export type Settings = z.output<typeof SettingsSchema>;
/** The settings without their version stamp: what the defaults and every getter deal in. */
export type SettingsBody = Omit<Settings, 'version' | 'updatedAt' | 'updatedBy'>;
export type DomainListName = keyof Settings['domains'];

/**
 * A domain may not be both allowed and unallowed, nor both third-party and unallowed: each pair
 * says opposite things about the same destination, and scoring could only pick one silently.
 */
export function domainListConflicts(domains: Settings['domains']): { list: DomainListName; reason: string }[] {
  const conflicts: { list: DomainListName; reason: string }[] = [];
  const unallowed = new Set(domains.unallowed.map((e) => e.domain));
  for (const list of ['allowed', 'thirdParty'] as const) {
    for (const entry of domains[list]) {
      if (unallowed.has(entry.domain)) {
        conflicts.push({ list, reason: `${quote(entry.domain)} is in both domains.${list} and domains.unallowed; remove it from one of them` });
      }
    }
  }
  return conflicts;
}

/**
 * Reads a stored or imported settings document. With `knownIndicators`, every enabled indicator
 * must be one of them. Throws ValidationError listing every problem.
 */
export function parseSettings(value: unknown, knownIndicators?: ReadonlySet<string>): Settings {
  const parsed = SettingsSchema.safeParse(value);
  if (!parsed.success) throw validationFailure('the settings document', issuesFromZod(parsed.error));
  if (knownIndicators !== undefined) {
    const issues = unknownIndicatorIssues(parsed.data.indicators.enabled, knownIndicators, 'indicators.enabled');
    if (issues.length > 0) throw validationFailure('the settings document', issues);
  }
  return parsed.data;
}

/** One issue per id not in `known`, with the closest known id suggested. */
export function unknownIndicatorIssues(ids: readonly string[], known: ReadonlySet<string>, field: string): ValidationIssue[] {
  const candidates = [...known];
  return ids.flatMap((id, index) => {
    if (known.has(id)) return [];
    const suggestion = closestName(id, candidates);
    return [{ field: `${field}[${index}]`, reason: `unknown indicator ${quote(id)}${suggestion === undefined ? '' : `; did you mean ${quote(suggestion)}?`}` }];
  });
}

/** The priority user group with this name (case-insensitive), if any. */
export function findPriorityUserGroup(settings: Settings, name: string): PriorityUserGroup | undefined {
  const wanted = name.trim().toLowerCase();
  return settings.priorityUserGroups.find((g) => g.name.toLowerCase() === wanted);
}
