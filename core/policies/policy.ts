import { z } from 'zod';
import {
  type Parsed,
  parseFileExtension,
  parseIndicatorId,
  parseSiteUrl,
  parseUserPrincipalName,
  parsedString,
  quote,
} from '../settings/setting-values';
import { TemplateIdSchema } from './policy-templates';

/**
 * An insider-risk policy: a template applied to some users, with the indicators that score,
 * their thresholds and the content to prioritise. The name is the policy's identity for people
 * (unique, fixed at creation); `id` is derived from it once and never changes either.
 */

export const POLICY_LIMITS = {
  nameLength: 64,
  descriptionLength: 1_024,
  /** Purview: at most 50 file extensions as priority content. */
  fileExtensions: 50,
  /** Sites, sensitivity labels and sensitive info types: Purview documents no limit; ours matches the 500 of exclusions. */
  priorityContentEntries: 500,
  /** Named users (included or excluded) in one policy; ours, the size of a priority user group. */
  users: 10_000,
  groups: 500,
  triggerIndicators: 50,
  /** Highest daily count a custom threshold may name. */
  thresholdMax: 1_000_000,
} as const;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

export function parsePolicyName(raw: string): Parsed<string> {
  const name = raw.trim();
  if (name.length === 0 || name.length > POLICY_LIMITS.nameLength || CONTROL.test(name)) {
    return { ok: false, reason: `expected a name of 1 to ${POLICY_LIMITS.nameLength} printable characters; got ${quote(name)}` };
  }
  return { ok: true, value: name };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A directory group by its mail address or Entra object id (GUID), lower-cased. */
export function parseGroupReference(raw: string): Parsed<string> {
  const text = raw.trim().toLowerCase();
  if (GUID.test(text)) return { ok: true, value: text };
  const mail = parseUserPrincipalName(text);
  if (mail.ok) return mail;
  return { ok: false, reason: `expected a group's mail address (sales@contoso.com) or object id (GUID); got ${quote(raw.trim())}` };
}

/** A sensitivity label or sensitive info type, by name or id. */
function parseContentName(raw: string): Parsed<string> {
  const text = raw.trim();
  if (text.length === 0 || text.length > 256 || CONTROL.test(text)) {
    return { ok: false, reason: `expected a name or id of 1 to 256 printable characters; got ${quote(text)}` };
  }
  return { ok: true, value: text };
}

function unique<T>(key: (item: T) => string, what: string) {
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

const list = (parse: (raw: string) => Parsed<string>, max: number, what: string) =>
  z
    .array(parsedString(parse))
    .max(max, { error: `at most ${max} entries` })
    .superRefine(unique((s: string) => s.toLowerCase(), what));

const users = () => list(parseUserPrincipalName, POLICY_LIMITS.users, 'user');

/** Who the policy applies to. Priority-user templates use priority user groups (by name). */
export const PolicyUserScopeSchema = z.discriminatedUnion('include', [
  z.object({ include: z.literal('all'), excludedUsers: users().default([]) }),
  z.object({
    include: z.literal('specific'),
    users: users().default([]),
    groups: list(parseGroupReference, POLICY_LIMITS.groups, 'group').default([]),
    excludedUsers: users().default([]),
  }),
  z.object({
    include: z.literal('priority-user-groups'),
    priorityUserGroups: z.array(z.string().trim().min(1)).max(POLICY_LIMITS.groups).default([]),
    excludedUsers: users().default([]),
  }),
]);
export type PolicyUserScope = z.output<typeof PolicyUserScopeSchema>;

export const PriorityContentSchema = z.object({
  sites: list(parseSiteUrl, POLICY_LIMITS.priorityContentEntries, 'site').default([]),
  sensitivityLabels: list(parseContentName, POLICY_LIMITS.priorityContentEntries, 'sensitivity label').default([]),
  sensitiveInfoTypes: list(parseContentName, POLICY_LIMITS.priorityContentEntries, 'sensitive info type').default([]),
  /** Stored lower-case without the dot; ".docx" and "DOCX" are the same extension. */
  fileExtensions: list(parseFileExtension, POLICY_LIMITS.fileExtensions, 'file extension').default([]),
});
export type PriorityContent = z.output<typeof PriorityContentSchema>;

export function isPriorityContentEmpty(content: PriorityContent): boolean {
  return content.sites.length + content.sensitivityLabels.length + content.sensitiveInfoTypes.length + content.fileExtensions.length === 0;
}

/** Daily event counts for low, medium and high impact: positive whole numbers, strictly increasing. */
export const ThresholdLevelsSchema = z
  .tuple([z.number().int(), z.number().int(), z.number().int()], { error: 'expected [low, medium, high], three whole numbers' })
  .superRefine((levels, ctx) => {
    const [low, medium, high] = levels;
    if (low < 1 || high > POLICY_LIMITS.thresholdMax || !(low < medium && medium < high)) {
      ctx.addIssue({
        code: 'custom',
        message: `expected [low, medium, high] as strictly increasing whole numbers from 1 to ${POLICY_LIMITS.thresholdMax} (e.g. [10, 20, 30]); got [${levels.join(', ')}]`,
      });
    }
  });
export type ThresholdLevels = z.output<typeof ThresholdLevelsSchema>;

export const IndicatorIdSchema = parsedString(parseIndicatorId);

/** Data leak templates only: what brings a user in. */
export const PolicyTriggerSchema = z.discriminatedUnion('type', [
  /** A High severity alert from the named DLP policy (one per IRM policy); any DLP policy when unnamed. */
  z.object({ type: z.literal('dlp-alert'), dlpPolicy: z.string().trim().min(1).max(256).optional() }),
  /** "User performs an exfiltration activity": any of these indicators reaching its daily count. */
  z.object({
    type: z.literal('exfiltration-activity'),
    indicators: z
      .array(z.object({ indicator: IndicatorIdSchema, minDailyCount: z.number().int().min(1).max(POLICY_LIMITS.thresholdMax).default(1) }))
      .min(1, { error: 'choose at least one trigger indicator' })
      .max(POLICY_LIMITS.triggerIndicators)
      .superRefine(unique((t: { indicator: string }) => t.indicator, 'trigger indicator')),
  }),
]);
export type PolicyTrigger = z.output<typeof PolicyTriggerSchema>;

export const PolicySchema = z.object({
  /** Stable key derived from the name at creation. */
  id: z.string().min(1).max(80),
  /** Unique (case-insensitive), fixed at creation. */
  name: parsedString(parsePolicyName),
  template: TemplateIdSchema,
  description: z.string().max(POLICY_LIMITS.descriptionLength),
  scope: PolicyUserScopeSchema,
  priorityContent: PriorityContentSchema,
  /** Score only activity that involves priority content. */
  alertsOnlyForPriorityContent: z.boolean(),
  indicators: z.array(IndicatorIdSchema),
  /** Custom thresholds; an indicator missing here uses its default thresholds. */
  thresholds: z.record(z.string(), ThresholdLevelsSchema),
  trigger: PolicyTriggerSchema.optional(),
  sequenceDetection: z.boolean(),
  cumulativeExfiltrationDetection: z.boolean(),
  enabled: z.boolean(),
  version: z.number().int().min(1),
  createdAt: z.iso.datetime(),
  createdBy: z.string().min(1),
  updatedAt: z.iso.datetime(),
  updatedBy: z.string().min(1),
});
export type Policy = z.output<typeof PolicySchema>;
