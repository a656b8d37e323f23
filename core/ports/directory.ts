import type { GroupMembership } from '../access/access-control';
import type { DirectoryUser } from '../directory/directory-user';

/**
 * The live directory (Entra ID): who a user is, who their manager is, which groups they belong
 * to. Implemented over Microsoft Graph in infra/graph (graph-directory.ts). The stored directory
 * (`Store.users`, fed by uploads) is the offline copy; this port asks Entra at the moment of use.
 *
 * Read-only, so every method is idempotent and safe to retry.
 *
 * It is also the `GroupMembership` that access control uses for role groups mapped to Entra
 * groups (core/access/access-control.ts).
 *
 * Errors: ThrottledError (with `retryAfterMs` when Graph said) / OperationalError when Graph stays
 * unavailable after the client's retries; PermissionDeniedError when the app lacks User.Read.All
 * or GroupMember.Read.All; UnauthenticatedError for the app's credentials; ValidationError when
 * Graph refuses an id as malformed.
 */
export interface Directory extends GroupMembership {
  /**
   * The user with this Entra object id or UPN; `undefined` when Entra has no such user. The UPN in
   * the result is lower-cased (the key used everywhere else); `managerUpn` is not filled here.
   */
  getUser(idOrUpn: string): Promise<DirectoryUser | undefined>;
  /** The user's manager; `undefined` when the user has none, or the user does not exist. */
  getManager(idOrUpn: string): Promise<DirectoryUser | undefined>;
  /**
   * The ids among `groupIds` that the user is a member of, transitively (nested groups count).
   * Any number of ids (Graph checks 20 per call; the adapter splits). An unknown user is a member
   * of nothing: empty set, not an error.
   */
  memberGroups(objectId: string, groupIds: readonly string[]): Promise<ReadonlySet<string>>;
  /**
   * The object ids of the users in a group, transitively (members of nested groups too), lower
   * case. NotFoundError when there is no such group. Used to put the members of role groups
   * mapped to Entra into case teams.
   */
  groupMemberIds(groupId: string): Promise<string[]>;
}
