import { z } from 'zod';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import type { CollectionDefinition } from '../ports/document-collection';
import type { StoreTransaction, Versioned } from '../ports/store';
import { ADMINISTERING_GROUPS, ROLE_GROUP_DISPLAY_NAMES, RoleGroupSchema, type RoleGroup } from './role-groups';

/**
 * Local role-group membership: the embedded default's source of roles (Entra groups, when
 * configured, add to it; see access-control.ts). One document per role group, partition `system`.
 */
export const RoleMemberSchema = z.object({
  /** Entra object id (GUID) — what Teams sends as `from.aadObjectId`. */
  aadObjectId: z.string().min(1),
  upn: z.string().optional(),
  displayName: z.string().optional(),
  addedBy: z.string(),
  addedAt: z.string(),
});
export type RoleMember = z.infer<typeof RoleMemberSchema>;

export const RoleAssignmentSchema = z.object({
  group: RoleGroupSchema,
  members: z.array(RoleMemberSchema),
});
export type RoleAssignment = z.infer<typeof RoleAssignmentSchema>;

export const roleAssignmentsCollection: CollectionDefinition<RoleAssignment> = {
  name: 'role-assignments',
  schema: RoleAssignmentSchema,
  indexed: [],
};
const PARTITION = 'system';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Entra object ids are GUIDs; anything else typed as one is a mistake worth naming. */
export function parseObjectId(value: string, field = 'user'): string {
  const id = value.trim().toLowerCase();
  if (!GUID.test(id)) {
    throw new ValidationError(`${field}: expected an Entra object id (a GUID such as 0f8fad5b-d9cb-469f-a165-70867728950e), got '${value.trim()}'`, [
      { field, reason: 'expected an Entra object id (GUID)' },
    ]);
  }
  return id;
}

export async function getRoleAssignment(tx: StoreTransaction, group: RoleGroup): Promise<Versioned<RoleAssignment> | undefined> {
  return tx.documents(roleAssignmentsCollection).get(PARTITION, group);
}

export async function listRoleAssignments(tx: StoreTransaction): Promise<Map<RoleGroup, RoleMember[]>> {
  const found = await tx.documents(roleAssignmentsCollection).query({ partition: PARTITION, limit: 100 });
  const byGroup = new Map<RoleGroup, RoleMember[]>(RoleGroupSchema.options.map((g) => [g, []]));
  for (const doc of found) byGroup.set(doc.value.group, doc.value.members);
  return byGroup;
}

/** The local groups an object id belongs to. */
export async function localGroupsOf(tx: StoreTransaction, aadObjectId: string): Promise<Set<RoleGroup>> {
  const id = aadObjectId.toLowerCase();
  const groups = new Set<RoleGroup>();
  for (const [group, members] of await listRoleAssignments(tx)) {
    if (members.some((m) => m.aadObjectId === id)) groups.add(group);
  }
  return groups;
}

export interface MembershipChange {
  readonly group: RoleGroup;
  readonly member: RoleMember;
  /** False when the request changed nothing (already a member / not a member). */
  readonly changed: boolean;
}

/** Adds a member; adding someone already there is a no-op reported as unchanged. */
export async function addRoleMember(tx: StoreTransaction, group: RoleGroup, member: RoleMember): Promise<MembershipChange> {
  const docs = tx.documents(roleAssignmentsCollection);
  const current = await docs.get(PARTITION, group);
  const members = current?.value.members ?? [];
  const existing = members.find((m) => m.aadObjectId === member.aadObjectId);
  if (existing !== undefined) return { group, member: existing, changed: false };
  const next: RoleAssignment = { group, members: [...members, member] };
  if (current === undefined) await docs.create(PARTITION, group, next);
  else await docs.replace(PARTITION, group, next, current.etag);
  return { group, member, changed: true };
}

export interface RemovalOptions {
  /**
   * True when an Entra group is configured for an administering role group: its members can
   * still administer, so removing the last local admin does not lock the product.
   */
  readonly entraAdministratorsConfigured: boolean;
}

/**
 * Removes a member. Refuses (ConflictError) to remove the last administrator, counting the local
 * members of Insider Risk Management and its Admins group together.
 */
export async function removeRoleMember(tx: StoreTransaction, group: RoleGroup, aadObjectId: string, options: RemovalOptions): Promise<MembershipChange> {
  const docs = tx.documents(roleAssignmentsCollection);
  const current = await docs.get(PARTITION, group);
  const id = aadObjectId.toLowerCase();
  const member = current?.value.members.find((m) => m.aadObjectId === id);
  if (current === undefined || member === undefined) {
    throw new NotFoundError(`${aadObjectId} is not a member of ${ROLE_GROUP_DISPLAY_NAMES[group]} (${group})`);
  }
  if (ADMINISTERING_GROUPS.includes(group) && !options.entraAdministratorsConfigured) {
    const all = await listRoleAssignments(tx);
    const remaining = new Set<string>();
    for (const g of ADMINISTERING_GROUPS) for (const m of all.get(g) ?? []) if (!(g === group && m.aadObjectId === id)) remaining.add(m.aadObjectId);
    if (remaining.size === 0) {
      throw new ConflictError(
        `cannot remove ${member.displayName ?? member.aadObjectId} from ${group}: at least one member of irm or admins must remain, ` +
          'or nobody could administer the product; add another administrator first',
      );
    }
  }
  await docs.replace(PARTITION, group, { group, members: current.value.members.filter((m) => m.aadObjectId !== id) }, current.etag);
  return { group, member, changed: true };
}
