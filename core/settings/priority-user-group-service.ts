import { AUDIT_ACTIVITIES } from '../audit/audit-entry';
import type { RecordAudit } from '../ports/audit-trail';
import type { StoreTransaction } from '../ports/store';
import {
  addPriorityUserGroupMembers,
  createPriorityUserGroup,
  deletePriorityUserGroup,
  removePriorityUserGroupMembers,
} from './priority-user-groups';
import type { PriorityUserGroup, Settings } from './settings';
import { saveSettingChange } from './settings.repository';
import { loadSettingsWithDefaults } from './settings-service';

/**
 * Changing priority user groups as one unit of work with its audit entry, for the chat commands
 * and the CLI alike (as settings-service.ts does for the other settings). The rules (immutable
 * names, ≤ 10,000 members, at least one viewer) are priority-user-groups.ts's.
 */

export type PriorityUserGroupChange =
  /** `group` is `{ name, description?, members?, viewers }`, checked by `createPriorityUserGroup`. */
  | { readonly operation: 'create'; readonly group: unknown }
  | { readonly operation: 'delete'; readonly name: string }
  | { readonly operation: 'add members'; readonly name: string; readonly members: readonly string[] }
  | { readonly operation: 'remove members'; readonly name: string; readonly members: readonly string[] };

export interface PriorityUserGroupChangeRequest {
  readonly change: PriorityUserGroupChange;
  readonly actor: { readonly id: string; readonly name?: string };
  readonly now: Date;
}

export interface PriorityUserGroupChangeResult {
  /** The group after the change (before it, for a deletion). */
  readonly group: PriorityUserGroup;
  /** False when nothing changed (adding members who all were members already). */
  readonly changed: boolean;
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

/**
 * Applies one change. ValidationError (every problem of the input at once), NotFoundError (no
 * such group, with the closest name), ConflictError (someone changed the settings meanwhile).
 */
export async function changePriorityUserGroup(tx: StoreTransaction, audit: RecordAudit, request: PriorityUserGroupChangeRequest): Promise<PriorityUserGroupChangeResult> {
  const current = await loadSettingsWithDefaults(tx, request.now);
  const actor = request.actor.name ?? request.actor.id;
  const change = request.change;
  let next: Settings;
  let group: PriorityUserGroup;
  let before: readonly string[] = [];
  switch (change.operation) {
    case 'create': {
      const created = createPriorityUserGroup(current.value, change.group, actor, request.now);
      next = created.settings;
      group = created.group;
      break;
    }
    case 'delete': {
      const deleted = deletePriorityUserGroup(current.value, change.name, actor, request.now);
      next = deleted.settings;
      group = deleted.deleted;
      break;
    }
    case 'add members':
    case 'remove members': {
      const apply = change.operation === 'add members' ? addPriorityUserGroupMembers : removePriorityUserGroupMembers;
      const updated = apply(current.value, change.name, change.members, actor, request.now);
      before = current.value.priorityUserGroups.find((g) => g.name === updated.group.name)?.members ?? [];
      next = updated.settings;
      group = updated.group;
      break;
    }
  }
  const changed = next !== current.value;
  if (!changed) return { group, changed, added: [], removed: [] };
  await saveSettingChange(tx, current, next);
  const after = change.operation === 'delete' ? [] : group.members;
  const added = change.operation === 'delete' ? [] : after.filter((m) => !before.includes(m));
  const removed = change.operation === 'create' || change.operation === 'delete' ? [] : before.filter((m) => !after.includes(m));
  await audit(tx, {
    category: 'Settings',
    activity: AUDIT_ACTIVITIES.editedSettings,
    actor: request.actor,
    target: 'priorityUserGroups',
    details: {
      setting: 'priorityUserGroups',
      operation: change.operation,
      priorityUserGroup: group.name,
      ...(added.length === 0 ? {} : { added }),
      ...(removed.length === 0 ? {} : { removed }),
      ...(change.operation === 'create' ? { description: group.description, viewers: group.viewers } : {}),
      members: change.operation === 'delete' ? 0 : group.members.length,
    },
  });
  return { group, changed, added, removed };
}
