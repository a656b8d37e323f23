import { NotFoundError, ValidationError, type ValidationIssue } from '../errors';
import { closestName } from './closest-name';
import { formatCount, parseUserPrincipalName, quote } from './setting-values';
import { type PriorityUserGroup, PriorityUserGroupSchema, SETTINGS_LIMITS, type Settings, SettingsSchema, findPriorityUserGroup } from './settings';
import { issuesFromZod, validationFailure } from './validation-issues';

/**
 * Priority user groups: named sets of users that the priority-user templates watch more closely.
 * The name is fixed at creation because policies refer to a group by it; members (≤ 10,000) and
 * viewers change freely. Deleting a group leaves policies that named it without those users, and
 * policy health says so.
 */

export interface PriorityUserGroupUpdate {
  readonly settings: Settings;
  readonly group: PriorityUserGroup;
}

const GROUP_FIELDS = ['name', 'description', 'members', 'viewers'] as const;

function unknownFieldIssues(input: Record<string, unknown>, allowed: readonly string[]): ValidationIssue[] {
  return Object.keys(input)
    .filter((key) => !allowed.includes(key))
    .map((key) => {
      const suggestion = closestName(key, allowed);
      return { field: key, reason: `unknown field${suggestion === undefined ? '' : `; did you mean ${quote(suggestion)}?`}` };
    });
}

function asRecord(input: unknown, subject: string): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ValidationError(`${subject} must be an object with ${GROUP_FIELDS.join(', ')}`, [{ reason: 'expected an object' }]);
  }
  return input as Record<string, unknown>;
}

function requireGroup(settings: Settings, name: string): PriorityUserGroup {
  const group = findPriorityUserGroup(settings, name);
  if (group !== undefined) return group;
  const suggestion = closestName(name, settings.priorityUserGroups.map((g) => g.name));
  throw new NotFoundError(`no priority user group named ${quote(name.trim())}${suggestion === undefined ? '' : `; did you mean ${quote(suggestion)}?`}`);
}

function commit(current: Settings, groups: PriorityUserGroup[], actor: string, now: Date): Settings {
  const next = { ...current, priorityUserGroups: groups, version: current.version + 1, updatedAt: now.toISOString(), updatedBy: actor };
  const checked = SettingsSchema.safeParse(next);
  if (!checked.success) throw validationFailure('the settings', issuesFromZod(checked.error));
  return checked.data;
}

function parseGroup(value: Record<string, unknown>, subject: string): PriorityUserGroup {
  const parsed = PriorityUserGroupSchema.safeParse(value);
  if (!parsed.success) throw validationFailure(subject, issuesFromZod(parsed.error));
  return parsed.data;
}

/** Creates a group from `{ name, description?, members?, viewers }`; every problem is reported at once. */
export function createPriorityUserGroup(current: Settings, input: unknown, actor: string, now: Date): PriorityUserGroupUpdate {
  const record = asRecord(input, 'a priority user group');
  const issues = unknownFieldIssues(record, GROUP_FIELDS);
  const parsed = PriorityUserGroupSchema.safeParse({ description: '', members: [], ...record });
  if (!parsed.success) issues.push(...issuesFromZod(parsed.error));
  if (parsed.success && findPriorityUserGroup(current, parsed.data.name) !== undefined) {
    issues.push({ field: 'name', reason: `a priority user group named ${quote(parsed.data.name)} already exists` });
  }
  if (issues.length > 0 || !parsed.success) throw validationFailure('the priority user group', issues);
  const group = parsed.data;
  return { settings: commit(current, [...current.priorityUserGroups, group], actor, now), group };
}

/** Changes a group's description, members (replaced) or viewers. The name cannot change. */
export function updatePriorityUserGroup(current: Settings, name: string, patch: unknown, actor: string, now: Date): PriorityUserGroupUpdate {
  const existing = requireGroup(current, name);
  const record = asRecord(patch, 'a priority user group change');
  const issues = unknownFieldIssues(record, GROUP_FIELDS);
  if ('name' in record && record.name !== existing.name) {
    issues.push({
      field: 'name',
      reason: `the name of a priority user group cannot be changed after creation (it is ${quote(existing.name)}); create a new group and delete this one instead`,
    });
  }
  if (issues.length > 0) throw validationFailure(`priority user group ${quote(existing.name)}`, issues);
  const group = parseGroup({ ...existing, ...record, name: existing.name }, `priority user group ${quote(existing.name)}`);
  const groups = current.priorityUserGroups.map((g) => (g === existing ? group : g));
  return { settings: commit(current, groups, actor, now), group };
}

export function deletePriorityUserGroup(current: Settings, name: string, actor: string, now: Date): { settings: Settings; deleted: PriorityUserGroup } {
  const existing = requireGroup(current, name);
  const groups = current.priorityUserGroups.filter((g) => g !== existing);
  return { settings: commit(current, groups, actor, now), deleted: existing };
}

function parseMembers(members: readonly string[]): { upns: string[]; issues: ValidationIssue[] } {
  const upns: string[] = [];
  const issues: ValidationIssue[] = [];
  members.forEach((raw, index) => {
    const parsed = parseUserPrincipalName(raw);
    if (parsed.ok) upns.push(parsed.value);
    else issues.push({ field: `members[${index}]`, reason: parsed.reason });
  });
  return { upns, issues };
}

/** Adds members (UPNs); ones already in the group are ignored. At most 10,000 members in all. */
export function addPriorityUserGroupMembers(current: Settings, name: string, members: readonly string[], actor: string, now: Date): PriorityUserGroupUpdate {
  const existing = requireGroup(current, name);
  const { upns, issues } = parseMembers(members);
  const present = new Set(existing.members);
  const added = [...new Set(upns)].filter((upn) => !present.has(upn));
  const total = existing.members.length + added.length;
  const max = SETTINGS_LIMITS.priorityUserGroupMembers;
  if (total > max) {
    issues.push({
      field: 'members',
      reason: `a priority user group has at most ${formatCount(max)} members; ${quote(existing.name)} has ${formatCount(existing.members.length)} and adding ${formatCount(added.length)} would make ${formatCount(total)}`,
    });
  }
  if (issues.length > 0) throw validationFailure(`priority user group ${quote(existing.name)}`, issues);
  if (added.length === 0) return { settings: current, group: existing };
  const group = { ...existing, members: [...existing.members, ...added] };
  const groups = current.priorityUserGroups.map((g) => (g === existing ? group : g));
  return { settings: commit(current, groups, actor, now), group };
}

/** Removes members; naming someone who is not a member is an error, so typos do not pass silently. */
export function removePriorityUserGroupMembers(current: Settings, name: string, members: readonly string[], actor: string, now: Date): PriorityUserGroupUpdate {
  const existing = requireGroup(current, name);
  const { upns, issues } = parseMembers(members);
  const present = new Set(existing.members);
  upns.forEach((upn) => {
    if (!present.has(upn)) issues.push({ field: 'members', reason: `${quote(upn)} is not a member of ${quote(existing.name)}` });
  });
  if (issues.length > 0) throw validationFailure(`priority user group ${quote(existing.name)}`, issues);
  const removed = new Set(upns);
  const group = { ...existing, members: existing.members.filter((m) => !removed.has(m)) };
  const groups = current.priorityUserGroups.map((g) => (g === existing ? group : g));
  return { settings: commit(current, groups, actor, now), group };
}
