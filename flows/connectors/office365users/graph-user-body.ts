import { z } from 'zod';
import type { DirectoryUser } from '../../../core/directory/directory-user';
import type { ConnectorResult } from '../../engine/contracts';
import { badParameter } from '../connector-errors';

/**
 * The body of Manager_V2 / UserProfile_V2 / MyProfile_V2: the swagger's `GraphUser_V1` (Graph's
 * user resource), filled from what the Directory port knows of a user.
 *
 * Without `$select` the body has the properties we know (id, userPrincipalName, displayName,
 * mail, department, jobTitle, accountEnabled), each only when the directory has a value. With
 * `$select` it has exactly the properties named: a known GraphUser_V1 property we hold no value
 * for is `null`, as Graph answers for a selected empty property; a name that is not a property
 * of GraphUser_V1 is refused (400), as Graph refuses it.
 */

/** Every property of the swagger's GraphUser_V1 definition, in its casing. */
export const GRAPH_USER_PROPERTIES = [
  'aboutMe',
  'accountEnabled',
  'birthday',
  'businessPhones',
  'city',
  'companyName',
  'country',
  'department',
  'displayName',
  'givenName',
  'hireDate',
  'id',
  'interests',
  'jobTitle',
  'mail',
  'mailNickname',
  'mobilePhone',
  'mySite',
  'officeLocation',
  'pastProjects',
  'postalCode',
  'preferredLanguage',
  'preferredName',
  'responsibilities',
  'schools',
  'skills',
  'state',
  'streetAddress',
  'surname',
  'userPrincipalName',
  'userType',
] as const;

const BY_LOWER: ReadonlyMap<string, string> = new Map(GRAPH_USER_PROPERTIES.map((p) => [p.toLowerCase(), p]));

/** `$select` as the swagger types it: a comma-separated string; absent or blank means "the default set". */
export const SelectParameter = z.string({ error: 'expected a comma-separated list of user properties' }).optional();

/** The properties named by `$select` in GraphUser_V1 casing, or undefined for the default set. Throws 400 for an unknown name. */
export function parseSelect(select: string | undefined): readonly string[] | undefined {
  if (select === undefined || select.trim() === '') return undefined;
  const names: string[] = [];
  for (const raw of select.split(',')) {
    const name = raw.trim();
    if (name === '') continue;
    const known = BY_LOWER.get(name.toLowerCase());
    if (known === undefined) throw badParameter('$select', `'${name}' is not a property of a user (expected some of ${GRAPH_USER_PROPERTIES.join(', ')})`);
    if (!names.includes(known)) names.push(known);
  }
  return names.length === 0 ? undefined : names;
}

function known(user: DirectoryUser): Record<string, unknown> {
  return {
    ...(user.objectId !== undefined && { id: user.objectId }),
    userPrincipalName: user.upn,
    displayName: user.displayName,
    ...(user.mail !== undefined && { mail: user.mail }),
    ...(user.department !== undefined && { department: user.department }),
    ...(user.jobTitle !== undefined && { jobTitle: user.jobTitle }),
    ...(user.accountEnabled !== undefined && { accountEnabled: user.accountEnabled }),
  };
}

/** The operation's 200 answer for `user`, limited to `select` when given (see parseSelect). */
export function userResult(user: DirectoryUser, select: readonly string[] | undefined): ConnectorResult {
  const all = known(user);
  if (select === undefined) return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: all };
  const body: Record<string, unknown> = {};
  for (const name of select) body[name] = name in all ? all[name] : null;
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body };
}
