import { PermissionDeniedError } from '../errors';
import type { Store } from '../ports/store';
import { groupsGranting, isGranted, PERMISSION_DESCRIPTIONS, type Permission } from './permissions';
import { localGroupsOf } from './role-assignments';
import { ROLE_GROUPS, type RoleGroup } from './role-groups';

/** Who is asking: Teams' `from.aadObjectId` (or `cli:<user>` for the command line) and a name for messages. */
export interface Caller {
  readonly id: string;
  readonly name?: string;
}

/**
 * Entra group membership, for role groups mapped to Entra groups in configuration. Implemented
 * over Graph (`checkMemberGroups`); absent in the embedded default.
 */
export interface GroupMembership {
  /** The ids among `groupIds` that `aadObjectId` is a transitive member of. OperationalError when Graph fails. */
  memberGroups(aadObjectId: string, groupIds: readonly string[]): Promise<ReadonlySet<string>>;
}

export interface AccessControlOptions {
  readonly store: Store;
  /** Role group → Entra group object id, from configuration. */
  readonly entraGroups?: Partial<Readonly<Record<RoleGroup, string>>>;
  readonly groupMembership?: GroupMembership;
  /** Records a denied attempt in the audit log, in its own unit of work (the denied work is not run). */
  readonly recordDenied: (caller: Caller, permission: Permission, action: string) => Promise<void>;
}

export interface AccessControl {
  /** The role groups the caller belongs to, local and Entra. */
  groupsOf(caller: Caller): Promise<ReadonlySet<RoleGroup>>;
  /** True when the caller may; never audits. For showing or hiding card actions. */
  can(caller: Caller, permission: Permission): Promise<boolean>;
  /**
   * Returns the caller's groups when `permission` is granted. Otherwise audits the attempt and
   * throws PermissionDeniedError naming what was asked and which role groups grant it.
   */
  require(caller: Caller, permission: Permission, action: string): Promise<ReadonlySet<RoleGroup>>;
  /** True when an administering role group is mapped to an Entra group. */
  readonly entraAdministratorsConfigured: boolean;
}

export function createAccessControl(options: AccessControlOptions): AccessControl {
  const entra = options.entraGroups ?? {};
  const mapped = ROLE_GROUPS.filter((g) => entra[g] !== undefined);

  const groupsOf = async (caller: Caller): Promise<ReadonlySet<RoleGroup>> => {
    // A caller without an Entra id (an anonymous or misconfigured client) holds no role.
    if (caller.id.trim() === '') return new Set();
    const groups = await options.store.transaction((tx) => localGroupsOf(tx, caller.id));
    if (mapped.length > 0 && options.groupMembership !== undefined && !caller.id.startsWith('cli:')) {
      const ids = mapped.map((g) => entra[g] as string);
      const memberOf = await options.groupMembership.memberGroups(caller.id, ids);
      for (const g of mapped) if (memberOf.has(entra[g] as string)) groups.add(g);
    }
    return groups;
  };

  return {
    groupsOf,
    entraAdministratorsConfigured: entra.irm !== undefined || entra.admins !== undefined,
    async can(caller, permission) {
      return isGranted(permission, await groupsOf(caller));
    },
    async require(caller, permission, action) {
      const groups = await groupsOf(caller);
      if (isGranted(permission, groups)) return groups;
      await options.recordDenied(caller, permission, action);
      throw new PermissionDeniedError(
        `${caller.name ?? 'You'} may not ${action}: that needs permission to ${PERMISSION_DESCRIPTIONS[permission]}, ` +
          `granted to the role groups ${groupsGranting(permission).join(', ')}. Ask an administrator (irm or admins) to run 'roles add'.`,
      );
    },
  };
}
