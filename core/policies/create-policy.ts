import { type z } from 'zod';
import { NotFoundError, ValidationError, type ValidationIssue } from '../errors';
import { closestName } from '../settings/closest-name';
import { type Settings, findPriorityUserGroup } from '../settings/settings';
import { quote } from '../settings/setting-values';
import { issuesFromZod, validationFailure } from '../settings/validation-issues';
import { type IndicatorCategoryOf, categoryOfIndicatorId } from './indicator-categories';
import {
  type Policy,
  POLICY_LIMITS,
  PolicySchema,
  type PolicyTrigger,
  PolicyTriggerSchema,
  type PolicyUserScope,
  PolicyUserScopeSchema,
  type PriorityContent,
  PriorityContentSchema,
  type ThresholdLevels,
  ThresholdLevelsSchema,
  isPriorityContentEmpty,
  parsePolicyName,
} from './policy';
import {
  MAX_POLICIES_PER_TEMPLATE,
  POLICY_TEMPLATES,
  type PolicyTemplate,
  TEMPLATE_IDS,
  TRIGGER_INDICATOR_CATEGORIES,
  defaultIndicatorsFor,
} from './policy-templates';

/**
 * Creating, changing and deleting policies. The input is the JSON of `irm policy create --file`
 * (documented in docs/settings-and-policies.md) or the same object built by a chat command.
 * Every problem is reported at once, each naming its field and what was expected, so an admin
 * fixes a file in one pass.
 */

export interface PolicyContext {
  /** All policies that exist now (the one being updated included). */
  readonly existing: readonly Policy[];
  readonly settings: Settings;
  /** Ids the indicator catalogue knows. */
  readonly knownIndicators: ReadonlySet<string>;
  readonly now: Date;
  readonly actor: string;
  /** The catalogue's categories (`indicatorDefinition(id).category`); Purview's id conventions when absent. */
  readonly categoryOf?: IndicatorCategoryOf;
}

export const POLICY_INPUT_FIELDS = [
  'name',
  'template',
  'description',
  'scope',
  'priorityContent',
  'alertsOnlyForPriorityContent',
  'indicators',
  'thresholds',
  'trigger',
  'sequenceDetection',
  'cumulativeExfiltrationDetection',
  'enabled',
] as const;

/** The fields of a policy that its author chooses (what the JSON file holds). */
export type PolicyBody = Omit<Policy, 'id' | 'version' | 'createdAt' | 'createdBy' | 'updatedAt' | 'updatedBy'>;

interface ValidationScope {
  readonly others: readonly Policy[];
  readonly settings: Settings;
  readonly knownIndicators: ReadonlySet<string>;
  readonly categoryOf: IndicatorCategoryOf;
  /** When updating: references that were valid when saved are not re-checked against settings. */
  readonly previous?: Policy;
}

class IssueList {
  readonly issues: ValidationIssue[] = [];
  add(field: string, reason: string): void {
    this.issues.push({ field, reason });
  }
  addZod(error: z.ZodError, prefix: string): void {
    this.issues.push(...issuesFromZod(error, prefix));
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkUnknownFields(input: Record<string, unknown>, issues: IssueList): void {
  for (const key of Object.keys(input)) {
    if ((POLICY_INPUT_FIELDS as readonly string[]).includes(key)) continue;
    const suggestion = closestName(key, POLICY_INPUT_FIELDS);
    issues.add(key, `unknown field${suggestion === undefined ? '' : `; did you mean ${quote(suggestion)}?`}`);
  }
}

function checkName(raw: unknown, scope: ValidationScope, issues: IssueList): string | undefined {
  if (typeof raw !== 'string') {
    issues.add('name', 'expected a name of 1 to 64 printable characters');
    return undefined;
  }
  const parsed = parsePolicyName(raw);
  if (!parsed.ok) {
    issues.add('name', parsed.reason);
    return undefined;
  }
  const clash = scope.others.find((p) => p.name.toLowerCase() === parsed.value.toLowerCase());
  if (clash !== undefined) issues.add('name', `a policy named ${quote(clash.name)} already exists; policy names are unique`);
  return parsed.value;
}

function checkTemplate(raw: unknown, scope: ValidationScope, issues: IssueList): PolicyTemplate | undefined {
  const text = typeof raw === 'string' ? raw.trim() : '';
  const template = POLICY_TEMPLATES.find((t) => t.id.toLowerCase() === text.toLowerCase() || t.displayName.toLowerCase() === text.toLowerCase());
  if (template === undefined) {
    const suggestion = text.length === 0 ? undefined : closestName(text, TEMPLATE_IDS);
    issues.add('template', `expected one of ${TEMPLATE_IDS.join(', ')}; got ${raw === undefined ? 'nothing' : typeof raw === 'string' ? quote(raw) : JSON.stringify(raw)}${suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`}`);
    return undefined;
  }
  const sameTemplate = scope.others.filter((p) => p.template === template.id).length;
  if (scope.previous === undefined && sameTemplate >= MAX_POLICIES_PER_TEMPLATE) {
    issues.add('template', `at most ${MAX_POLICIES_PER_TEMPLATE} policies may use the template ${template.id} (${template.displayName}); ${sameTemplate} already do`);
  }
  return template;
}

function checkScope(raw: unknown, template: PolicyTemplate | undefined, scope: ValidationScope, issues: IssueList): PolicyUserScope | undefined {
  if (raw === undefined && template?.requiresPriorityUserGroups === true) {
    issues.add('scope', `template ${template.id} (${template.displayName}) needs { "include": "priority-user-groups", "priorityUserGroups": [...] }`);
    return undefined;
  }
  // Other templates default to all users: the triggering event still decides who is scored.
  const parsed = PolicyUserScopeSchema.safeParse(raw ?? { include: 'all' });
  if (!parsed.success) {
    issues.addZod(parsed.error, 'scope');
    return undefined;
  }
  const userScope = parsed.data;
  if (template !== undefined) {
    if (template.requiresPriorityUserGroups && userScope.include !== 'priority-user-groups') {
      issues.add('scope.include', `template ${template.id} (${template.displayName}) applies to priority user groups; expected "priority-user-groups", got ${quote(userScope.include)}`);
    }
    if (!template.requiresPriorityUserGroups && userScope.include === 'priority-user-groups') {
      issues.add('scope.include', `only the priority-user templates (HighValueEmployeeDataLeak, HighValueEmployeeSPV) take priority user groups; expected "all" or "specific" for ${template.id}`);
    }
  }
  if (userScope.include === 'specific' && userScope.users.length === 0 && userScope.groups.length === 0) {
    issues.add('scope', 'include at least one user or group, or use { "include": "all" }');
  }
  if (userScope.include === 'priority-user-groups') {
    if (userScope.priorityUserGroups.length === 0) issues.add('scope.priorityUserGroups', 'name at least one priority user group');
    const previouslyNamed = new Set(scope.previous?.scope.include === 'priority-user-groups' ? scope.previous.scope.priorityUserGroups : []);
    const names = scope.settings.priorityUserGroups.map((g) => g.name);
    const resolved: string[] = [];
    userScope.priorityUserGroups.forEach((name, index) => {
      const group = findPriorityUserGroup(scope.settings, name);
      if (group !== undefined) {
        resolved.push(group.name);
        return;
      }
      resolved.push(name);
      if (previouslyNamed.has(name)) return;
      const suggestion = closestName(name, names);
      issues.add(
        `scope.priorityUserGroups[${index}]`,
        names.length === 0
          ? `no priority user group named ${quote(name)}; none exist yet (create one in settings first)`
          : `no priority user group named ${quote(name)}${suggestion === undefined ? '' : `; did you mean ${quote(suggestion)}?`}`,
      );
    });
    // Store the group's own spelling so later lookups and displays agree.
    return { ...userScope, priorityUserGroups: resolved };
  }
  return userScope;
}

function checkPriorityContent(raw: unknown, issues: IssueList): PriorityContent | undefined {
  const parsed = PriorityContentSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    issues.addZod(parsed.error, 'priorityContent');
    return undefined;
  }
  return parsed.data;
}

function checkBoolean(raw: unknown, field: string, fallback: boolean, issues: IssueList): boolean {
  if (raw === undefined) return fallback;
  if (typeof raw === 'boolean') return raw;
  issues.add(field, `expected true or false; got ${quote(JSON.stringify(raw))}`);
  return fallback;
}

/** One indicator id checked against the catalogue, the global switches and the template. */
function indicatorProblem(id: string, template: PolicyTemplate, scope: ValidationScope, allowedCategories: readonly string[]): string | undefined {
  if (!scope.knownIndicators.has(id)) {
    const suggestion = closestName(id, [...scope.knownIndicators]);
    return `unknown indicator ${quote(id)}${suggestion === undefined ? '' : `; did you mean ${quote(suggestion)}?`}`;
  }
  if (!scope.settings.indicators.enabled.includes(id)) {
    return `indicator ${quote(id)} is not enabled globally; turn it on in settings (indicators.enabled) first`;
  }
  const category = scope.categoryOf(id);
  if (!allowedCategories.includes(category)) {
    return `indicator ${quote(id)} (${category}) does not suit template ${template.id}; it takes ${allowedCategories.join(', ')} indicators`;
  }
  return undefined;
}

function checkIndicators(raw: unknown, template: PolicyTemplate | undefined, scope: ValidationScope, issues: IssueList): string[] | undefined {
  if (template === undefined) return undefined;
  if (raw === undefined) {
    const defaults = defaultIndicatorsFor(template, {
      knownIndicators: scope.knownIndicators,
      enabledIndicators: scope.settings.indicators.enabled,
      categoryOf: scope.categoryOf,
    });
    if (defaults.length === 0) {
      const { categories, ids } = template.defaultIndicators;
      issues.add(
        'indicators',
        `none of template ${template.id}'s default indicators (${[...categories.map((c) => `${c} category`), ...ids].join(', ')}) is enabled globally; enable some in settings (indicators.enabled) or list indicators explicitly`,
      );
    }
    return defaults;
  }
  if (!Array.isArray(raw)) {
    issues.add('indicators', 'expected a list of indicator ids such as ["SpoDownload", "CopyToUSB"]');
    return undefined;
  }
  if (raw.length === 0) issues.add('indicators', 'select at least one indicator (or leave the field out to get the template defaults)');
  const previous = new Set(scope.previous?.indicators ?? []);
  const selected: string[] = [];
  raw.forEach((entry, index) => {
    const field = `indicators[${index}]`;
    if (typeof entry !== 'string') {
      issues.add(field, 'expected an indicator id (text)');
      return;
    }
    const id = entry.trim();
    if (selected.includes(id)) {
      issues.add(field, `indicator ${quote(id)} is listed twice`);
      return;
    }
    selected.push(id);
    // An indicator saved earlier stays even if it was switched off globally since; health reports it.
    if (previous.has(id)) return;
    const problem = indicatorProblem(id, template, scope, template.allowedCategories);
    if (problem !== undefined) issues.add(field, problem);
  });
  return selected;
}

function checkThresholds(raw: unknown, indicators: readonly string[] | undefined, issues: IssueList): Record<string, ThresholdLevels> {
  const thresholds: Record<string, ThresholdLevels> = {};
  if (raw === undefined) return thresholds;
  if (!isRecord(raw)) {
    issues.add('thresholds', 'expected an object of indicator id → "default" or [low, medium, high]');
    return thresholds;
  }
  for (const [id, value] of Object.entries(raw)) {
    const field = `thresholds.${id}`;
    if (indicators !== undefined && !indicators.includes(id)) {
      issues.add(field, `${quote(id)} is not among the policy's indicators; thresholds apply to selected indicators only`);
      continue;
    }
    if (value === 'default') continue;
    const parsed = ThresholdLevelsSchema.safeParse(value);
    if (!parsed.success) {
      issues.add(field, parsed.error.issues[0]?.message ?? 'expected "default" or [low, medium, high]');
      continue;
    }
    thresholds[id] = parsed.data;
  }
  return thresholds;
}

function checkTrigger(raw: unknown, template: PolicyTemplate | undefined, scope: ValidationScope, issues: IssueList): PolicyTrigger | undefined {
  if (template === undefined) return undefined;
  if (!template.customisableTrigger) {
    if (raw !== undefined) {
      issues.add('trigger', `template ${template.id} has a fixed trigger (${template.triggers.map((t) => t.kind).join(' or ')}); only the data leak templates take a trigger choice`);
    }
    return undefined;
  }
  const parsed = PolicyTriggerSchema.safeParse(raw ?? { type: 'dlp-alert' });
  if (!parsed.success) {
    issues.addZod(parsed.error, 'trigger');
    return undefined;
  }
  const trigger = parsed.data;
  if (trigger.type === 'exfiltration-activity') {
    const previous = new Set(scope.previous?.trigger?.type === 'exfiltration-activity' ? scope.previous.trigger.indicators.map((t) => t.indicator) : []);
    trigger.indicators.forEach((entry, index) => {
      if (previous.has(entry.indicator)) return;
      const problem = indicatorProblem(entry.indicator, template, scope, TRIGGER_INDICATOR_CATEGORIES);
      if (problem !== undefined) issues.add(`trigger.indicators[${index}].indicator`, problem);
    });
  }
  return trigger;
}

function checkDetectionSwitch(raw: unknown, field: 'sequenceDetection' | 'cumulativeExfiltrationDetection', template: PolicyTemplate | undefined, issues: IssueList): boolean {
  const supported = template?.[field] ?? false;
  const value = checkBoolean(raw, field, supported, issues);
  if (value && !supported && template !== undefined) {
    issues.add(field, `template ${template.id} does not support ${field === 'sequenceDetection' ? 'sequence detection' : 'cumulative exfiltration detection'}; leave it out or set false`);
    return false;
  }
  return value;
}

/** Validates a whole policy body, collecting every issue. */
function validateBody(raw: unknown, scope: ValidationScope): { body: PolicyBody | undefined; issues: ValidationIssue[] } {
  const issues = new IssueList();
  if (!isRecord(raw)) {
    issues.add('', `expected a JSON object with the fields ${POLICY_INPUT_FIELDS.join(', ')}`);
    return { body: undefined, issues: issues.issues };
  }
  checkUnknownFields(raw, issues);
  const name = checkName(raw.name, scope, issues);
  const template = checkTemplate(raw.template, scope, issues);
  let description = '';
  if (raw.description !== undefined) {
    if (typeof raw.description !== 'string' || raw.description.length > POLICY_LIMITS.descriptionLength) {
      issues.add('description', `expected text of at most ${POLICY_LIMITS.descriptionLength} characters`);
    }
    else description = raw.description.trim();
  }
  const userScope = checkScope(raw.scope, template, scope, issues);
  const priorityContent = checkPriorityContent(raw.priorityContent, issues);
  const alertsOnlyForPriorityContent = checkBoolean(raw.alertsOnlyForPriorityContent, 'alertsOnlyForPriorityContent', false, issues);
  if (alertsOnlyForPriorityContent && priorityContent !== undefined && isPriorityContentEmpty(priorityContent)) {
    issues.add('alertsOnlyForPriorityContent', 'is true but priorityContent names no sites, sensitivity labels, sensitive info types or file extensions');
  }
  const indicators = checkIndicators(raw.indicators, template, scope, issues);
  const thresholds = checkThresholds(raw.thresholds, indicators, issues);
  const trigger = checkTrigger(raw.trigger, template, scope, issues);
  const sequenceDetection = checkDetectionSwitch(raw.sequenceDetection, 'sequenceDetection', template, issues);
  const cumulativeExfiltrationDetection = checkDetectionSwitch(raw.cumulativeExfiltrationDetection, 'cumulativeExfiltrationDetection', template, issues);
  const enabled = checkBoolean(raw.enabled, 'enabled', true, issues);

  if (issues.issues.length > 0 || name === undefined || template === undefined || userScope === undefined || priorityContent === undefined || indicators === undefined) {
    return { body: undefined, issues: issues.issues };
  }
  const body: PolicyBody = {
    name,
    template: template.id,
    description,
    scope: userScope,
    priorityContent,
    alertsOnlyForPriorityContent,
    indicators,
    thresholds,
    ...(trigger === undefined ? {} : { trigger }),
    sequenceDetection,
    cumulativeExfiltrationDetection,
    enabled,
  };
  return { body, issues: [] };
}

/** A URL-safe id from the name, made unique among `taken` with -2, -3 …. */
export function policyIdFor(name: string, taken: ReadonlySet<string>): string {
  const base = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'policy';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

function finalise(policy: Policy): Policy {
  const parsed = PolicySchema.safeParse(policy);
  // The checks above cover the schema; failing here means they and the schema disagree.
  if (!parsed.success) throw validationFailure(`policy ${quote(policy.name)}`, issuesFromZod(parsed.error));
  return parsed.data;
}

/**
 * Creates a policy from its JSON (or equivalent object). Throws ValidationError with every
 * problem: unknown fields, name (1–64 characters, unique), template (≤ 20 policies each), scope,
 * priority content (≤ 50 extensions), indicators (known, enabled globally, suited to the
 * template), thresholds, trigger (data leak templates), detection switches.
 */
export function createPolicy(input: unknown, context: PolicyContext): Policy {
  const { body, issues } = validateBody(input, {
    others: context.existing,
    settings: context.settings,
    knownIndicators: context.knownIndicators,
    categoryOf: context.categoryOf ?? categoryOfIndicatorId,
  });
  if (body === undefined) throw validationFailure('the policy', issues);
  const now = context.now.toISOString();
  return finalise({
    id: policyIdFor(body.name, new Set(context.existing.map((p) => p.id))),
    ...body,
    version: 1,
    createdAt: now,
    createdBy: context.actor,
    updatedAt: now,
    updatedBy: context.actor,
  });
}

/** The JSON a policy would be created from: what `irm policy export` writes and `create` reads back. */
export function policyToInput(policy: Policy): Record<string, unknown> {
  return {
    name: policy.name,
    template: policy.template,
    description: policy.description,
    scope: policy.scope,
    priorityContent: policy.priorityContent,
    alertsOnlyForPriorityContent: policy.alertsOnlyForPriorityContent,
    indicators: policy.indicators,
    thresholds: policy.thresholds,
    ...(policy.trigger === undefined ? {} : { trigger: policy.trigger }),
    sequenceDetection: policy.sequenceDetection,
    cumulativeExfiltrationDetection: policy.cumulativeExfiltrationDetection,
    enabled: policy.enabled,
  };
}

export interface PolicyFieldChange {
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
}

export interface PolicyUpdate {
  readonly policy: Policy;
  readonly changes: readonly PolicyFieldChange[];
}

/**
 * Changes a policy. `patch` holds only the fields to change; the result is validated as a whole.
 * The name and template are fixed at creation. Indicators and priority user groups the policy
 * already had are not re-checked against today's settings (policy health reports them instead),
 * so editing a description never fails because an indicator was switched off meanwhile.
 */
export function updatePolicy(current: Policy, patch: unknown, context: PolicyContext): PolicyUpdate {
  if (!isRecord(patch)) throw new ValidationError('a policy change must be a JSON object of the fields to change', [{ reason: 'expected an object' }]);
  const fixed: ValidationIssue[] = [];
  if ('name' in patch && patch.name !== current.name) {
    fixed.push({ field: 'name', reason: `a policy's name cannot be changed after creation (it is ${quote(current.name)}); copy the policy under a new name instead` });
  }
  if ('template' in patch && patch.template !== current.template) {
    fixed.push({ field: 'template', reason: `a policy's template cannot be changed after creation (it is ${current.template}); create a new policy instead` });
  }
  const merged: Record<string, unknown> = { ...policyToInput(current), ...patch, name: current.name, template: current.template };
  // Dropping an indicator drops its custom thresholds, unless the patch sets thresholds itself.
  if (Array.isArray(patch.indicators) && !('thresholds' in patch)) {
    const kept = new Set(patch.indicators.filter((i): i is string => typeof i === 'string').map((i) => i.trim()));
    merged.thresholds = Object.fromEntries(Object.entries(current.thresholds).filter(([id]) => kept.has(id)));
  }
  const { body, issues } = validateBody(merged, {
    others: context.existing.filter((p) => p.id !== current.id),
    settings: context.settings,
    knownIndicators: context.knownIndicators,
    categoryOf: context.categoryOf ?? categoryOfIndicatorId,
    previous: current,
  });
  const all = [...fixed, ...issues];
  if (all.length > 0 || body === undefined) throw validationFailure(`policy ${quote(current.name)}`, all);
  const before = policyToInput(current);
  const after: Record<string, unknown> = { ...body };
  const changes = POLICY_INPUT_FIELDS.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field])).map((field) => ({
    field,
    before: before[field],
    after: after[field],
  }));
  if (changes.length === 0) return { policy: current, changes };
  const policy = finalise({
    ...body,
    id: current.id,
    version: current.version + 1,
    createdAt: current.createdAt,
    createdBy: current.createdBy,
    updatedAt: context.now.toISOString(),
    updatedBy: context.actor,
  });
  return { policy, changes };
}

/** Finds a policy by id or name (case-insensitive); fails with the closest name. */
export function findPolicy(policies: readonly Policy[], idOrName: string): Policy {
  const wanted = idOrName.trim().toLowerCase();
  const found = policies.find((p) => p.id === wanted || p.name.toLowerCase() === wanted);
  if (found !== undefined) return found;
  const suggestion = closestName(idOrName, policies.map((p) => p.name));
  throw new NotFoundError(`no policy named ${quote(idOrName.trim())}${suggestion === undefined ? '' : `; did you mean ${quote(suggestion)}?`}`);
}

/** Removes a policy. Its alerts and cases stay (they are kept by their own retention). */
export function deletePolicy(policies: readonly Policy[], idOrName: string): { policies: Policy[]; deleted: Policy } {
  const deleted = findPolicy(policies, idOrName);
  return { policies: policies.filter((p) => p !== deleted), deleted };
}

/**
 * Reads the text of a policy file. Not JSON → ValidationError naming the file and, where the
 * parser says, the position; the object itself is checked by `createPolicy`.
 */
export function parsePolicyFile(text: string, file: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ValidationError(`${file} is not valid JSON: ${detail}`, [{ file, reason: `expected a JSON object describing one policy (${detail})` }], { cause: error });
  }
}
