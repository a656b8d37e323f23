import type { User } from '@microsoft/microsoft-graph-types';
import { z } from 'zod';
import { NotFoundError, OperationalError, ValidationError } from '../../core/errors';
import type { DirectoryUser } from '../../core/directory/directory-user';
import type { Directory } from '../../core/ports/directory';
import { orUndefined, parseGraphAnswer } from './graph-answers';
import type { GraphConnection } from './graph-client';
import { graphStatusOf, translateGraphError, type GraphOperation } from './graph-errors';

/**
 * Directory over Graph v1.0:
 * - getUser: `GET /users/{id | userPrincipalName}?$select=…`; 404 → undefined.
 * - getManager: `GET /users/{id}/manager?$select=…`; 404 (no manager, or no such user) → undefined.
 * - memberGroups: `POST /users/{id}/checkMemberGroups` with `{ groupIds }`, at most 20 ids a call
 *   (Graph's limit), transitive; 404 (no such user) → empty set.
 */
export interface GraphDirectoryOptions {
  readonly connection: GraphConnection;
}

const GroupMembersPageSchema = z.looseObject({
  value: z.array(z.looseObject({ id: z.string() })),
  '@odata.nextLink': z.string().optional(),
});

/** Graph's limit for one checkMemberGroups call. */
export const GROUPS_PER_CHECK = 20;

const USER_FIELDS = ['id', 'userPrincipalName', 'displayName', 'mail', 'department', 'jobTitle', 'accountEnabled'] as const;

const UserSchema = z.looseObject({
  id: z.string().min(1),
  userPrincipalName: orUndefined(z.string()),
  displayName: orUndefined(z.string()),
  mail: orUndefined(z.string()),
  department: orUndefined(z.string()),
  jobTitle: orUndefined(z.string()),
  accountEnabled: orUndefined(z.boolean()),
}) satisfies z.ZodType<Pick<User, (typeof USER_FIELDS)[number]>>;

const MemberGroupsSchema = z.looseObject({ value: z.array(z.string()) });

/** User ids are GUIDs, UPNs contain `@`; neither contains `/`, `?` or `#`. */
const IdOrUpnSchema = z
  .string()
  .trim()
  .min(1, 'expected an Entra object id or a UPN')
  .max(1024)
  .regex(/^[^/?#\\]+$/, 'expected an Entra object id or a UPN, without / ? # or \\');

function idOrUpn(value: string, field: string): string {
  const parsed = IdOrUpnSchema.safeParse(value);
  if (!parsed.success) throw new ValidationError(`${field} is not a user id or UPN`, [{ field, reason: parsed.error.issues[0]?.message ?? 'invalid' }]);
  return parsed.data;
}

function parseUser(value: unknown, operation: GraphOperation): DirectoryUser {
  const u = parseGraphAnswer(UserSchema, value, operation);
  // Entra users always have a UPN; a manager can be an organizational contact, which has none:
  // fall back to its mail, then its id, so the result still has a key.
  const upn = (u.userPrincipalName ?? u.mail ?? u.id).toLowerCase();
  return {
    upn,
    objectId: u.id,
    displayName: u.displayName !== undefined && u.displayName.trim() !== '' ? u.displayName : upn,
    ...(u.mail !== undefined && { mail: u.mail }),
    ...(u.department !== undefined && { department: u.department }),
    ...(u.jobTitle !== undefined && { jobTitle: u.jobTitle }),
    ...(u.accountEnabled !== undefined && { accountEnabled: u.accountEnabled }),
  };
}

/** Runs a read whose 404 means "absent": undefined instead of NotFoundError. */
async function orAbsent<T>(operation: GraphOperation, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    if (graphStatusOf(error) === 404) return undefined;
    throw translateGraphError(error, operation);
  }
}

export function createGraphDirectory(options: GraphDirectoryOptions): Directory {
  const { client } = options.connection;
  return {
    async getUser(idOrUpnValue: string): Promise<DirectoryUser | undefined> {
      const id = idOrUpn(idOrUpnValue, 'idOrUpn');
      const operation: GraphOperation = { action: 'get user', resource: id };
      const user = await orAbsent(operation, () => client.api(`/users/${encodeURIComponent(id)}`).select([...USER_FIELDS]).get() as Promise<unknown>);
      return user === undefined ? undefined : parseUser(user, operation);
    },

    async getManager(idOrUpnValue: string): Promise<DirectoryUser | undefined> {
      const id = idOrUpn(idOrUpnValue, 'idOrUpn');
      const operation: GraphOperation = { action: 'get manager', resource: id };
      const manager = await orAbsent(operation, () =>
        client.api(`/users/${encodeURIComponent(id)}/manager`).select([...USER_FIELDS]).get() as Promise<unknown>,
      );
      return manager === undefined ? undefined : parseUser(manager, operation);
    },

    async groupMemberIds(groupId: string): Promise<string[]> {
      const id = idOrUpn(groupId, 'groupId');
      const operation: GraphOperation = { action: 'list group members', resource: id, field: 'groupId' };
      const ids: string[] = [];
      // The user cast keeps nested groups, devices and service principals out; transitive counts nested members.
      let next: string | undefined = `/groups/${encodeURIComponent(id)}/transitiveMembers/microsoft.graph.user?$select=id&$top=999`;
      for (let pages = 0; next !== undefined; pages++) {
        if (pages >= 100) throw new OperationalError(`${operation.action}: more than 100 pages; Graph keeps returning a next link`);
        const url: string = next;
        const answer = await orAbsent(operation, () => client.api(url).get() as Promise<unknown>);
        if (answer === undefined) throw new NotFoundError(`there is no Entra group ${id} (check IRM_ROLE_GROUP_*)`);
        const page = parseGraphAnswer(GroupMembersPageSchema, answer, operation);
        for (const member of page.value) ids.push(member.id.toLowerCase());
        next = page['@odata.nextLink'];
      }
      return ids;
    },

    async memberGroups(objectId: string, groupIds: readonly string[]): Promise<ReadonlySet<string>> {
      const id = idOrUpn(objectId, 'objectId');
      const wanted = [...new Set(groupIds.map((g) => g.trim()).filter((g) => g !== ''))];
      const member = new Set<string>();
      const operation: GraphOperation = { action: 'check group membership', resource: id, field: 'groupIds' };
      for (let start = 0; start < wanted.length; start += GROUPS_PER_CHECK) {
        const batch = wanted.slice(start, start + GROUPS_PER_CHECK);
        const answer = await orAbsent(operation, () =>
          client.api(`/users/${encodeURIComponent(id)}/checkMemberGroups`).post({ groupIds: batch }) as Promise<unknown>,
        );
        if (answer === undefined) return new Set(); // no such user: a member of nothing
        const parsed = parseGraphAnswer(MemberGroupsSchema, answer, operation);
        // Graph answers with the ids as stored; map back to the caller's spelling of each id.
        const byLower = new Map(batch.map((g) => [g.toLowerCase(), g]));
        for (const g of parsed.value) member.add(byLower.get(g.toLowerCase()) ?? g);
      }
      return member;
    },
  };
}
