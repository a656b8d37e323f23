import { PermissionDeniedError } from '../errors';
import type { Clock } from '../ports/clock';
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
  /** For the Entra cache's age; default the system time. */
  readonly clock?: Clock;
}

const ENTRA_CACHE_MS = 5 * 60_000;

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

  // Entra answers are kept a few minutes: a card refresh or a command must not cost a Graph call
  // each (Purview itself takes up to 30 minutes to apply a role change).
  const cache = new Map<string, { readonly groups: ReadonlySet<RoleGroup>; readonly at: number }>();
  const now = (): number => options.clock?.now().getTime() ?? Date.now();
  const entraGroupsOf = async (id: string): Promise<ReadonlySet<RoleGroup>> => {
    const hit = cache.get(id);
    if (hit !== undefined && now() - hit.at < ENTRA_CACHE_MS) return hit.groups;
    const ids = mapped.map((g) => entra[g] as string);
    const memberOf = await (options.groupMembership as GroupMembership).memberGroups(id, ids);
    const groups = new Set(mapped.filter((g) => memberOf.has(entra[g] as string)));
    cache.set(id, { groups, at: now() });
    return groups;
  };

  const groupsOf = async (caller: Caller): Promise<ReadonlySet<RoleGroup>> => {
    // A caller without an Entra id (an anonymous or misconfigured client) holds no role.
    if (caller.id.trim() === '') return new Set();
    const groups = await options.store.transaction((tx) => localGroupsOf(tx, caller.id));
    if (mapped.length > 0 && options.groupMembership !== undefined && !caller.id.startsWith('cli:')) {
      for (const g of await entraGroupsOf(caller.id)) groups.add(g);
    }
    return groups;
  };

  return {
    groupsOf,
    // Only when Graph can answer: mapped groups nobody can resolve administer nothing.
    entraAdministratorsConfigured: options.groupMembership !== undefined && (entra.irm !== undefined || entra.admins !== undefined),
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
