import { randomUUID } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TeamsAsyncOperationStatus } from '@microsoft/microsoft-graph-types';
import { z } from 'zod';
import {
  APP_BIND,
  AddMembersBodySchema,
  CheckMemberGroupsBodySchema,
  CreateEventBodySchema,
  CreateTeamBodySchema,
  InstallAppBodySchema,
  SendMailBodySchema,
  USER_BIND,
} from './fake-graph-schemas';
import { testCertificate } from './test-certificate';
import { createTrustingFetch } from './trusting-fetch';

/**
 * A recording fake of the Microsoft Graph v1.0 endpoints the Graph adapters call, served over
 * **HTTPS** on 127.0.0.1 with a self-signed certificate made at test time (test-certificate.ts).
 * Point a client at it with `baseUrl: graph.url` and `fetch: graph.fetch` (a fetch that trusts
 * the certificate; trusting-fetch.ts says why), or set NODE_EXTRA_CA_CERTS=graph.certPath in a
 * child process.
 *
 * Like Graph it:
 * - requires `Authorization: Bearer …` on every call (401 InvalidAuthenticationToken otherwise);
 * - creates teams asynchronously: `POST /teams` → 202 with `Location: /teams('{id}')/operations('{op}')`
 *   and `Content-Location`, no body and no content type; the operation goes notStarted →
 *   inProgress → succeeded over successive GETs, and only then does the team exist;
 * - validates request bodies (fake-graph-schemas.ts) and answers 400 with Graph's error shape;
 * - answers 202/204 without a content type (the client chokes on an empty JSON body);
 * - answers `members/add` with per-user results (207 when some failed), `installedApps` with 409
 *   when the app is already installed, `manager` with 404 when there is none;
 * - needs `ConsistencyLevel: eventual` and `$count=true` for `$filter` on a group's description.
 *
 * Faults on demand: `failNext(route, n, status, headers)` (e.g. 429 with Retry-After), the first
 * N team creations answering 404 as for a group not replicated yet (`freshGroup404s`), a creation
 * whose operation fails (`failNextTeamCreation`).
 *
 * Simplifications: one tenant; a team's group exists (and is findable) from the moment creation
 * is accepted, the team behind it only once the operation has succeeded; transitive group
 * membership is a flat list per user; unknown routes answer 400.
 */

export type FakeGraphRoute =
  | 'createTeam'
  | 'getOperation'
  | 'listGroups'
  | 'listMembers'
  | 'addMembers'
  | 'removeMember'
  | 'installApp'
  | 'primaryChannel'
  | 'archiveTeam'
  | 'sendMail'
  | 'getUser'
  | 'getManager'
  | 'checkMemberGroups'
  | 'groupMembers'
  | 'createEvent'
  | 'unknown';

export interface FakeGraphUser {
  readonly id: string;
  readonly userPrincipalName: string;
  readonly displayName: string;
  readonly mail?: string;
  readonly department?: string;
  readonly jobTitle?: string;
  readonly accountEnabled?: boolean;
  /** The manager's id. */
  readonly managerId?: string;
  /** Groups the user is a (transitive) member of. */
  readonly memberOf?: readonly string[];
  /** Ids of the user's calendars besides the default one (creating an event in another answers 404). */
  readonly calendars?: readonly string[];
}

/** An event created through `POST /users/{id}/events` (or a calendar's), as the fake answered it. */
export interface FakeCalendarEvent {
  readonly id: string;
  /** The mailbox owner's user id. */
  readonly userId: string;
  /** `undefined` for the default calendar. */
  readonly calendarId?: string;
  /** The answer Graph gave (and gives again for a retried create with the same transactionId). */
  readonly event: Readonly<Record<string, unknown>>;
}

export interface RecordedGraphRequest {
  /** Arrival order, from 1. */
  readonly seq: number;
  readonly at: number;
  readonly method: string;
  /** As sent, query included. */
  readonly path: string;
  readonly route: FakeGraphRoute;
  readonly teamId?: string;
  readonly userId?: string;
  readonly authorization?: string;
  readonly consistencyLevel?: string;
  readonly body?: unknown;
  readonly status: number;
  readonly responseHeaders: Readonly<Record<string, string>>;
  readonly fault?: 'injected' | 'freshGroup' | 'unauthenticated';
}

export interface FakeTeamMember {
  readonly membershipId: string;
  readonly userId: string;
  readonly roles: readonly string[];
}

export interface FakeTeam {
  readonly id: string;
  readonly displayName: string;
  readonly description: string;
  readonly visibility: string;
  readonly createdDateTime: string;
  /** The team exists (its creation operation succeeded); before that only its group does. */
  readonly provisioned: boolean;
  readonly archived: boolean;
  readonly members: readonly FakeTeamMember[];
  readonly installedApps: readonly string[];
  readonly primaryChannelId: string;
}

export interface RecordedMail {
  readonly from: string;
  readonly subject: string;
  readonly contentType: 'text' | 'html';
  readonly content: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly bcc: readonly string[];
  readonly saveToSentItems: boolean;
}

export interface FakeGraphOptions {
  readonly users?: readonly FakeGraphUser[];
  /** Groups that exist even with no user in them (membership is each user's `memberOf`). */
  readonly groups?: readonly string[];
  /** Status per successive GET of a creation operation (the last repeats). Default notStarted, inProgress, succeeded. */
  readonly operationSteps?: readonly TeamsAsyncOperationStatus[];
  /** The first N `POST /teams` answer 404, as for a group that has not replicated yet. Default 0. */
  readonly freshGroup404s?: number;
  /** Teams app catalog ids that exist; installing another answers 404. Default: any. */
  readonly teamsApps?: readonly string[];
  /** Members per page of `GET /teams/{id}/members`. Default 100. */
  readonly memberPageSize?: number;
  /** Bearer tokens accepted; default any non-empty one. */
  readonly acceptedTokens?: readonly string[];
}

export interface FakeGraph {
  /** `https://127.0.0.1:PORT`, the base URL to give the client. */
  readonly url: string;
  /** The self-signed certificate (also its own CA) and its file. */
  readonly certPem: string;
  readonly certPath: string;
  /** A fetch that trusts the certificate. */
  readonly fetch: typeof fetch;
  requests(route?: FakeGraphRoute): readonly RecordedGraphRequest[];
  teams(): readonly FakeTeam[];
  team(id: string): FakeTeam | undefined;
  mails(): readonly RecordedMail[];
  events(): readonly FakeCalendarEvent[];
  /** The next `count` requests to `route` (or to any route) answer `status` with `headers` and Graph's error body. */
  failNext(route: FakeGraphRoute | 'any', count: number, status: number, headers?: Readonly<Record<string, string>>): void;
  /** The next `count` team creations answer 404 (fresh group). */
  setFreshGroup404s(count: number): void;
  /** The next accepted team creation ends `failed` with this error; its team is never provisioned. */
  failNextTeamCreation(error?: { readonly code: string; readonly message: string }): void;
  /** Finishes every creation still running, as if Graph had got there without being polled. */
  completePendingOperations(): void;
  close(): Promise<void>;
}

interface MutableTeam {
  id: string;
  displayName: string;
  description: string;
  visibility: string;
  createdDateTime: string;
  provisioned: boolean;
  archived: boolean;
  members: FakeTeamMember[];
  installedApps: Set<string>;
  primaryChannelId: string;
}

interface Operation {
  readonly id: string;
  readonly teamId: string;
  readonly type: 'createTeam' | 'archiveTeam';
  readonly steps: readonly TeamsAsyncOperationStatus[];
  readonly error?: { readonly code: string; readonly message: string };
  gets: number;
  done: boolean;
}

interface Fault {
  readonly route: FakeGraphRoute | 'any';
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
}

interface Answer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

interface Route {
  readonly route: FakeGraphRoute;
  readonly teamId?: string;
  readonly userId?: string;
  readonly operationId?: string;
  readonly membershipId?: string;
  readonly groupId?: string;
  readonly calendarId?: string;
}

function errorBody(code: string, message: string): unknown {
  return { error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': randomUUID() } } };
}

function graphError(status: number, code: string, message: string): Answer {
  return { status, body: errorBody(code, message) };
}

/**
 * Maps method + path segments (each decoded on its own, so an encoded `/` inside an id stays part
 * of the id; version segment removed) to a route.
 */
function routeOf(method: string, segments: readonly string[]): Route {
  const [first, second, third, fourth] = segments;
  const n = segments.length;
  const parenthesised = (segment: string | undefined, name: string): string | undefined =>
    segment === undefined ? undefined : new RegExp(`^${name}\\('([^']+)'\\)$`).exec(segment)?.[1];
  // /teams('{id}')/operations('{op}') as Graph's Location gives it, or /teams/{id}/operations/{op}
  const opTeam = parenthesised(first, 'teams');
  const opId = parenthesised(second, 'operations');
  if (method === 'GET' && n === 2 && opTeam !== undefined && opId !== undefined) return { route: 'getOperation', teamId: opTeam, operationId: opId };
  if (method === 'GET' && n === 4 && first === 'teams' && third === 'operations') return { route: 'getOperation', teamId: second, operationId: fourth };
  if (n === 1 && first === 'teams' && method === 'POST') return { route: 'createTeam' };
  if (n === 1 && first === 'groups' && method === 'GET') return { route: 'listGroups' };
  if (n === 4 && first === 'groups' && third === 'transitiveMembers' && fourth === 'microsoft.graph.user' && method === 'GET') return { route: 'groupMembers', groupId: second };
  if (first === 'teams' && second !== undefined) {
    const teamId = second;
    if (n === 3 && third === 'members' && method === 'GET') return { route: 'listMembers', teamId };
    if (n === 4 && third === 'members' && fourth === 'add' && method === 'POST') return { route: 'addMembers', teamId };
    if (n === 4 && third === 'members' && method === 'DELETE') return { route: 'removeMember', teamId, membershipId: fourth };
    if (n === 3 && third === 'installedApps' && method === 'POST') return { route: 'installApp', teamId };
    if (n === 3 && third === 'primaryChannel' && method === 'GET') return { route: 'primaryChannel', teamId };
    if (n === 3 && third === 'archive' && method === 'POST') return { route: 'archiveTeam', teamId };
    return { route: 'unknown', teamId };
  }
  if (first === 'users' && second !== undefined) {
    const userId = second;
    if (n === 2 && method === 'GET') return { route: 'getUser', userId };
    if (n === 3 && third === 'manager' && method === 'GET') return { route: 'getManager', userId };
    if (n === 3 && third === 'sendMail' && method === 'POST') return { route: 'sendMail', userId };
    if (n === 3 && third === 'checkMemberGroups' && method === 'POST') return { route: 'checkMemberGroups', userId };
    if (n === 3 && third === 'events' && method === 'POST') return { route: 'createEvent', userId };
    if (n === 5 && third === 'calendars' && segments[4] === 'events' && method === 'POST') return { route: 'createEvent', userId, calendarId: fourth };
    return { route: 'unknown', userId };
  }
  return { route: 'unknown' };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Graph's membership ids are base64 of team and user; these are similar and opaque to callers. */
function membershipIdOf(teamId: string, userId: string): string {
  return Buffer.from(`1#${teamId}##${userId}`).toString('base64');
}

/** Starts the fake Graph; resolves once it listens. */
export async function startFakeGraph(options: FakeGraphOptions = {}): Promise<FakeGraph> {
  const certificate = testCertificate();
  const users = [...(options.users ?? [])];
  const steps: readonly TeamsAsyncOperationStatus[] = options.operationSteps ?? ['notStarted', 'inProgress', 'succeeded'];
  const teamsApps = options.teamsApps === undefined ? undefined : new Set(options.teamsApps.map((a) => a.toLowerCase()));
  const memberPageSize = options.memberPageSize ?? 100;
  const acceptedTokens = options.acceptedTokens === undefined ? undefined : new Set(options.acceptedTokens);

  const recorded: RecordedGraphRequest[] = [];
  const teams = new Map<string, MutableTeam>();
  const operations = new Map<string, Operation>();
  const mails: RecordedMail[] = [];
  const events: FakeCalendarEvent[] = [];
  const faults: Fault[] = [];
  let freshGroup404s = options.freshGroup404s ?? 0;
  let nextCreationFailure: { code: string; message: string } | undefined;
  let url = '';

  const findUser = (idOrUpn: string): FakeGraphUser | undefined => {
    const wanted = idOrUpn.toLowerCase();
    return users.find((u) => u.id.toLowerCase() === wanted || u.userPrincipalName.toLowerCase() === wanted);
  };
  const userNotFound = (id: string): Answer =>
    graphError(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
  const teamNotFound = (id: string): Answer => graphError(404, 'NotFound', `No team found with Group Id ${id}`);
  const badRequest = (error: z.ZodError): Answer => graphError(400, 'BadRequest', z.prettifyError(error));

  /** A provisioned team, or the 404 Graph gives for a missing (or still provisioning) one. */
  const liveTeam = (id: string | undefined): MutableTeam | Answer => {
    const team = id === undefined ? undefined : teams.get(id.toLowerCase());
    return team !== undefined && team.provisioned ? team : teamNotFound(id ?? '');
  };
  const isAnswer = (value: MutableTeam | Answer): value is Answer => !('members' in value);

  function finish(operation: Operation): void {
    operation.done = true;
    const team = teams.get(operation.teamId);
    const final = operation.steps[operation.steps.length - 1];
    if (team !== undefined && operation.type === 'createTeam' && final === 'succeeded') team.provisioned = true;
  }

  function userView(user: FakeGraphUser): unknown {
    return {
      '@odata.type': '#microsoft.graph.user',
      id: user.id,
      userPrincipalName: user.userPrincipalName,
      displayName: user.displayName,
      mail: user.mail ?? null,
      department: user.department ?? null,
      jobTitle: user.jobTitle ?? null,
      accountEnabled: user.accountEnabled ?? true,
    };
  }

  function serve(route: Route, body: unknown, query: URLSearchParams, headers: Readonly<Record<string, string | undefined>>): Answer {
    switch (route.route) {
      case 'createTeam': {
        const parsed = CreateTeamBodySchema.safeParse(body);
        if (!parsed.success) return badRequest(parsed.error);
        if (freshGroup404s > 0) {
          freshGroup404s--;
          return { ...graphError(404, 'NotFound', 'Failed to execute Templates backend request CreateTeamFromTemplateRequest: the group was not found (replication).'), headers: { 'x-fake-fault': 'freshGroup' } };
        }
        const ownerId = USER_BIND.exec(parsed.data.members[0]['user@odata.bind'])?.[1] ?? '';
        const owner = findUser(ownerId);
        if (owner === undefined) return userNotFound(ownerId);
        const teamId = randomUUID();
        teams.set(teamId, {
          id: teamId,
          displayName: parsed.data.displayName,
          description: parsed.data.description ?? '',
          visibility: parsed.data.visibility,
          createdDateTime: new Date().toISOString(),
          provisioned: false,
          archived: false,
          members: [{ membershipId: membershipIdOf(teamId, owner.id), userId: owner.id, roles: ['owner'] }],
          installedApps: new Set(),
          primaryChannelId: `19:${randomUUID().replace(/-/g, '')}@thread.tacv2`,
        });
        const failure = nextCreationFailure;
        nextCreationFailure = undefined;
        const operationId = randomUUID();
        operations.set(operationId, {
          id: operationId,
          teamId,
          type: 'createTeam',
          steps: failure === undefined ? steps : ['notStarted', 'failed'],
          ...(failure !== undefined && { error: failure }),
          gets: 0,
          done: false,
        });
        return { status: 202, headers: { Location: `/teams('${teamId}')/operations('${operationId}')`, 'Content-Location': `/teams('${teamId}')` } };
      }
      case 'getOperation': {
        const operation = operations.get((route.operationId ?? '').toLowerCase());
        if (operation === undefined || operation.teamId !== (route.teamId ?? '').toLowerCase()) {
          return graphError(404, 'NotFound', 'No operation with this id for this team');
        }
        const status = operation.done ? operation.steps[operation.steps.length - 1] : operation.steps[Math.min(operation.gets, operation.steps.length - 1)];
        operation.gets++;
        if (status === 'succeeded' || status === 'failed') finish(operation);
        const team = teams.get(operation.teamId);
        return {
          status: 200,
          body: {
            '@odata.context': `${url}/v1.0/$metadata#teams('${operation.teamId}')/operations/$entity`,
            id: operation.id,
            operationType: operation.type,
            createdDateTime: team?.createdDateTime ?? null,
            status,
            lastActionDateTime: new Date().toISOString(),
            attemptsCount: 1,
            targetResourceId: operation.teamId,
            targetResourceLocation: `/teams('${operation.teamId}')`,
            error: status === 'failed' ? (operation.error ?? { code: 'InternalServerError', message: 'team creation failed' }) : null,
          },
        };
      }
      case 'listGroups': {
        const filter = query.get('$filter');
        const match = filter === null ? null : /^startsWith\(description,\s*'((?:[^']|'')*)'\)$/i.exec(filter.trim());
        if (filter !== null && match === null) {
          return graphError(400, 'Request_UnsupportedQuery', `The fake Graph supports only startsWith(description,'…'), got ${filter}`);
        }
        if (match !== null && (headers['consistencylevel']?.toLowerCase() !== 'eventual' || query.get('$count') !== 'true')) {
          return graphError(400, 'Request_UnsupportedQuery', "Unsupported or invalid query filter clause specified for property 'description' of resource 'Group'.");
        }
        const prefix = match === null ? '' : match[1].replace(/''/g, "'").toLowerCase();
        const value = [...teams.values()]
          .filter((t) => t.description.toLowerCase().startsWith(prefix))
          .map((t) => ({
            id: t.id,
            displayName: t.displayName,
            description: t.description,
            createdDateTime: t.createdDateTime,
            visibility: t.visibility === 'private' ? 'Private' : 'Public',
            resourceProvisioningOptions: t.provisioned ? ['Team'] : [],
          }));
        return { status: 200, body: { '@odata.context': `${url}/v1.0/$metadata#groups`, '@odata.count': value.length, value } };
      }
      case 'listMembers': {
        const team = liveTeam(route.teamId);
        if (isAnswer(team)) return team;
        const skip = Number(query.get('$skiptoken') ?? '0');
        const page = team.members.slice(skip, skip + memberPageSize);
        const more = skip + memberPageSize < team.members.length;
        return {
          status: 200,
          body: {
            value: page.map((m) => ({
              '@odata.type': '#microsoft.graph.aadUserConversationMember',
              id: m.membershipId,
              roles: m.roles,
              displayName: findUser(m.userId)?.displayName ?? null,
              userId: m.userId,
              email: findUser(m.userId)?.mail ?? null,
            })),
            ...(more && { '@odata.nextLink': `${url}/v1.0/teams/${team.id}/members?$skiptoken=${skip + memberPageSize}` }),
          },
        };
      }
      case 'addMembers': {
        const team = liveTeam(route.teamId);
        if (isAnswer(team)) return team;
        const parsed = AddMembersBodySchema.safeParse(body);
        if (!parsed.success) return badRequest(parsed.error);
        const results = parsed.data.values.map((v) => {
          const id = USER_BIND.exec(v['user@odata.bind'])?.[1] ?? '';
          const user = findUser(id);
          if (user === undefined) return { '@odata.type': '#microsoft.graph.aadUserConversationMemberResult', userId: id, error: { code: 'NotFound', message: '' } };
          if (!team.members.some((m) => m.userId === user.id)) {
            team.members.push({ membershipId: membershipIdOf(team.id, user.id), userId: user.id, roles: [...v.roles] });
          }
          return { '@odata.type': '#microsoft.graph.aadUserConversationMemberResult', userId: user.id, error: null };
        });
        const partial = results.some((r) => r.error !== null);
        return { status: partial ? 207 : 200, body: { '@odata.context': `${url}/v1.0/$metadata#Collection(microsoft.graph.aadUserConversationMemberResult)`, value: results } };
      }
      case 'removeMember': {
        const team = liveTeam(route.teamId);
        if (isAnswer(team)) return team;
        const index = team.members.findIndex((m) => m.membershipId === route.membershipId);
        if (index < 0) return graphError(404, 'NotFound', 'Membership not found');
        team.members.splice(index, 1);
        return { status: 204 };
      }
      case 'installApp': {
        const team = liveTeam(route.teamId);
        if (isAnswer(team)) return team;
        const parsed = InstallAppBodySchema.safeParse(body);
        if (!parsed.success) return badRequest(parsed.error);
        const appId = decode(APP_BIND.exec(parsed.data['teamsApp@odata.bind'])?.[1] ?? '').toLowerCase();
        if (teamsApps !== undefined && !teamsApps.has(appId)) return graphError(404, 'NotFound', `App ${appId} is not in the app catalog`);
        if (team.installedApps.has(appId)) return graphError(409, 'Conflict', 'The app is already installed in this team.');
        team.installedApps.add(appId);
        return { status: 200 };
      }
      case 'primaryChannel': {
        const team = liveTeam(route.teamId);
        if (isAnswer(team)) return team;
        return { status: 200, body: { id: team.primaryChannelId, displayName: 'General', membershipType: 'standard' } };
      }
      case 'archiveTeam': {
        const team = liveTeam(route.teamId);
        if (isAnswer(team)) return team;
        team.archived = true;
        const operationId = randomUUID();
        operations.set(operationId, { id: operationId, teamId: team.id, type: 'archiveTeam', steps: ['succeeded'], gets: 0, done: true });
        return { status: 202, headers: { Location: `/teams('${team.id}')/operations('${operationId}')` } };
      }
      case 'sendMail': {
        const parsed = SendMailBodySchema.safeParse(body);
        if (!parsed.success) return badRequest(parsed.error);
        const sender = findUser(route.userId ?? '');
        if (sender === undefined) return graphError(404, 'ErrorInvalidUser', `The requested user '${route.userId ?? ''}' is invalid.`);
        const m = parsed.data.message;
        if (m.toRecipients.length + m.ccRecipients.length + m.bccRecipients.length === 0) {
          return graphError(400, 'ErrorInvalidRecipients', 'At least one recipient is not valid., Recipient is missing.');
        }
        mails.push({
          from: sender.userPrincipalName,
          subject: m.subject,
          contentType: m.body.contentType,
          content: m.body.content,
          to: m.toRecipients.map((r) => r.emailAddress.address),
          cc: m.ccRecipients.map((r) => r.emailAddress.address),
          bcc: m.bccRecipients.map((r) => r.emailAddress.address),
          saveToSentItems: parsed.data.saveToSentItems ?? true,
        });
        return { status: 202 };
      }
      case 'getUser': {
        const user = findUser(route.userId ?? '');
        return user === undefined ? userNotFound(route.userId ?? '') : { status: 200, body: userView(user) };
      }
      case 'getManager': {
        const user = findUser(route.userId ?? '');
        if (user === undefined) return userNotFound(route.userId ?? '');
        const manager = user.managerId === undefined ? undefined : findUser(user.managerId);
        return manager === undefined
          ? graphError(404, 'Request_ResourceNotFound', "Resource 'manager' does not exist or one of its queried reference-property objects are not present.")
          : { status: 200, body: userView(manager) };
      }
      case 'groupMembers': {
        // Membership comes from the users' memberOf; a group nobody is in exists only if it was declared.
        const groupId = (route.groupId ?? '').toLowerCase();
        const members = users.filter((u) => (u.memberOf ?? []).some((g) => g.toLowerCase() === groupId));
        if (members.length === 0 && !(options.groups ?? []).some((g) => g.toLowerCase() === groupId)) {
          return graphError(404, 'Request_ResourceNotFound', `Resource '${route.groupId ?? ''}' does not exist or one of its queried reference-property objects are not present.`);
        }
        const skip = Number(query.get('$skiptoken') ?? '0');
        const page = members.slice(skip, skip + memberPageSize);
        const more = skip + memberPageSize < members.length;
        return {
          status: 200,
          body: {
            value: page.map((u) => ({ '@odata.type': '#microsoft.graph.user', id: u.id })),
            ...(more && { '@odata.nextLink': `${url}/v1.0/groups/${route.groupId ?? ''}/transitiveMembers/microsoft.graph.user?$select=id&$skiptoken=${skip + memberPageSize}` }),
          },
        };
      }
      case 'checkMemberGroups': {
        const parsed = CheckMemberGroupsBodySchema.safeParse(body);
        if (!parsed.success) return badRequest(parsed.error);
        const user = findUser(route.userId ?? '');
        if (user === undefined) return userNotFound(route.userId ?? '');
        const memberOf = new Set((user.memberOf ?? []).map((g) => g.toLowerCase()));
        return { status: 200, body: { '@odata.context': `${url}/v1.0/$metadata#Collection(Edm.String)`, value: parsed.data.groupIds.filter((g) => memberOf.has(g.toLowerCase())) } };
      }
      case 'createEvent': {
        const parsed = CreateEventBodySchema.safeParse(body);
        if (!parsed.success) return badRequest(parsed.error);
        const owner = findUser(route.userId ?? '');
        if (owner === undefined) return graphError(404, 'ErrorInvalidUser', `The requested user '${route.userId ?? ''}' is invalid.`);
        if (route.calendarId !== undefined && !(owner.calendars ?? []).includes(route.calendarId)) {
          return graphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
        }
        const e = parsed.data;
        for (const zone of [e.start.timeZone, e.end.timeZone]) {
          // Graph takes Windows ids and IANA names, not the "(UTC+01:00) …" display names.
          if (zone.trim() === '' || zone.startsWith('(')) {
            return graphError(400, 'TimeZoneNotSupportedException', `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${zone}'.`);
          }
        }
        // Like Graph: a create with the transactionId of an existing event returns that event.
        const again = e.transactionId === undefined ? undefined : events.find((x) => x.userId === owner.id && x.event.transactionId === e.transactionId);
        if (again !== undefined) return { status: 201, body: again.event };
        const id = Buffer.from(randomUUID()).toString('base64url');
        const now = new Date().toISOString();
        const event: Record<string, unknown> = {
          '@odata.context': `${url}/v1.0/$metadata#users('${owner.id}')/events/$entity`,
          id,
          createdDateTime: now,
          lastModifiedDateTime: now,
          iCalUId: `040000008200E00074C5B7101A82E008${randomUUID().replace(/-/g, '').toUpperCase()}`,
          webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(id)}&exvsurl=1&path=/calendar/item`,
          subject: e.subject,
          body: e.body ?? { contentType: 'html', content: '' },
          start: e.start,
          end: e.end,
          location: { displayName: e.location?.displayName ?? '' },
          attendees: e.attendees.map((a) => ({ ...a, status: { response: 'none', time: '0001-01-01T00:00:00Z' } })),
          organizer: { emailAddress: { name: owner.displayName, address: owner.mail ?? owner.userPrincipalName } },
          isAllDay: e.isAllDay ?? false,
          isReminderOn: e.isReminderOn ?? true,
          reminderMinutesBeforeStart: e.reminderMinutesBeforeStart ?? 15,
          showAs: e.showAs ?? 'busy',
          importance: e.importance ?? 'normal',
          sensitivity: e.sensitivity ?? 'normal',
          categories: e.categories ?? [],
          recurrence: e.recurrence ?? null,
          type: e.recurrence === undefined ? 'singleInstance' : 'seriesMaster',
          seriesMasterId: null,
          responseRequested: e.responseRequested ?? true,
          responseStatus: { response: 'organizer', time: '0001-01-01T00:00:00Z' },
          ...(e.transactionId !== undefined && { transactionId: e.transactionId }),
        };
        events.push({ id, userId: owner.id, ...(route.calendarId !== undefined && { calendarId: route.calendarId }), event });
        return { status: 201, body: event };
      }
      case 'unknown':
        return graphError(400, 'BadRequest', 'Resource not found for the segment (no such route in the fake Graph).');
    }
  }

  function handle(method: string, rawPath: string, raw: string, headers: Readonly<Record<string, string | undefined>>): { record: RecordedGraphRequest; answer: Answer } {
    const target = new URL(rawPath, 'https://fake.invalid');
    const segments = target.pathname.split('/').filter((p) => p.length > 0).map(decode);
    if (segments[0] === 'v1.0') segments.shift();
    const route = routeOf(method, segments);
    let body: unknown;
    let badJson = false;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw) as unknown;
      } catch {
        badJson = true;
        body = raw;
      }
    }
    const authorization = headers['authorization'];
    const base = {
      seq: recorded.length + 1,
      at: Date.now(),
      method,
      path: rawPath,
      route: route.route,
      ...(route.teamId !== undefined && { teamId: route.teamId }),
      ...(route.userId !== undefined && { userId: route.userId }),
      ...(authorization !== undefined && { authorization }),
      ...(headers['consistencylevel'] !== undefined && { consistencyLevel: headers['consistencylevel'] }),
      ...(body !== undefined && { body }),
    };
    const record = (answer: Answer, fault?: RecordedGraphRequest['fault']): { record: RecordedGraphRequest; answer: Answer } => ({
      record: { ...base, status: answer.status, responseHeaders: { ...answer.headers }, ...(fault !== undefined && { fault }) },
      answer,
    });

    const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
    if (token === undefined || (acceptedTokens !== undefined && !acceptedTokens.has(token))) {
      return record(graphError(401, 'InvalidAuthenticationToken', token === undefined ? 'Access token is empty.' : 'Access token validation failure.'), 'unauthenticated');
    }
    const faultIndex = faults.findIndex((f) => f.route === 'any' || f.route === route.route);
    if (faultIndex >= 0) {
      const [fault] = faults.splice(faultIndex, 1);
      const code = fault.status === 429 ? 'TooManyRequests' : fault.status === 503 ? 'ServiceUnavailable' : `Injected${fault.status}`;
      return record({ status: fault.status, headers: fault.headers, body: errorBody(code, 'injected failure') }, 'injected');
    }
    if (badJson) return record(graphError(400, 'BadRequest', 'The request body is not JSON'));
    const answer = serve(route, body, target.searchParams, headers);
    return record(answer, answer.headers?.['x-fake-fault'] === 'freshGroup' ? 'freshGroup' : undefined);
  }

  const server = https.createServer({ key: certificate.keyPem, cert: certificate.certPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      const { record, answer } = handle(req.method ?? 'GET', req.url ?? '/', Buffer.concat(chunks).toString('utf8'), headers);
      recorded.push(record);
      const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
      const outgoing: Record<string, string> = { ...answer.headers };
      delete outgoing['x-fake-fault'];
      // Like Graph: no content type on an empty answer (202, 204); the client parses JSON otherwise.
      if (text.length > 0) outgoing['content-type'] = 'application/json; odata.metadata=minimal; charset=utf-8';
      res.writeHead(answer.status, outgoing);
      res.end(text);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const view = (t: MutableTeam): FakeTeam => ({
    id: t.id,
    displayName: t.displayName,
    description: t.description,
    visibility: t.visibility,
    createdDateTime: t.createdDateTime,
    provisioned: t.provisioned,
    archived: t.archived,
    members: t.members.map((m) => ({ ...m, roles: [...m.roles] })),
    installedApps: [...t.installedApps],
    primaryChannelId: t.primaryChannelId,
  });

  return {
    url,
    certPem: certificate.certPem,
    certPath: certificate.certPath,
    fetch: createTrustingFetch(certificate.certPem),
    requests: (route) => recorded.filter((r) => route === undefined || r.route === route),
    teams: () => [...teams.values()].map(view),
    team: (id) => {
      const team = teams.get(id.toLowerCase());
      return team === undefined ? undefined : view(team);
    },
    mails: () => [...mails],
    events: () => [...events],
    failNext(route, count, status, headers = {}) {
      for (let i = 0; i < count; i++) faults.push({ route, status, headers });
    },
    setFreshGroup404s(count) {
      freshGroup404s = count;
    },
    failNextTeamCreation(error = { code: 'InternalServerError', message: 'Team provisioning failed' }) {
      nextCreationFailure = error;
    },
    completePendingOperations() {
      for (const operation of operations.values()) if (!operation.done) finish(operation);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
