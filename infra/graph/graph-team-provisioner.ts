import { ResponseType } from '@microsoft/microsoft-graph-client';
import type { AadUserConversationMember, Channel, ConversationMember, Group, Team, TeamsAsyncOperation } from '@microsoft/microsoft-graph-types';
import { z } from 'zod';
import { OperationalError, ValidationError } from '../../core/errors';
import {
  ObjectIdSchema,
  TeamCreationRequestSchema,
  TeamReferenceSchema,
  type FoundTeam,
  type MembersAdded,
  type TeamCreationRequest,
  type TeamCreationStarted,
  type TeamCreationState,
  type TeamMember,
  type TeamProvisioner,
} from '../../core/ports/team-provisioner';
import { issuesFromZod, validationFailure } from '../../core/settings/validation-issues';
import { orUndefined, parseGraphAnswer as parseAnswer } from './graph-answers';
import type { GraphConnection } from './graph-client';
import { graphErrorFromResponse, graphStatusOf, translateGraphError, withGraphErrors, type GraphOperation } from './graph-errors';

/**
 * TeamProvisioner over Microsoft Graph v1.0. Requests, checked against Graph's documentation:
 *
 * | method | request |
 * |---|---|
 * | startTeamCreation | `POST /teams` (standard template, one owner as `aadUserConversationMember`) → 202 + `Location` |
 * | checkTeamCreation | `GET {Location}` → teamsAsyncOperation |
 * | findTeamByReference | `GET /groups?$filter=startsWith(description,'[irm:REF]')&$count=true` + `ConsistencyLevel: eventual` |
 * | listMembers | `GET /teams/{id}/members` (following `@odata.nextLink`) |
 * | addMembers | `POST /teams/{id}/members/add` with `values` (≤ 200 each) → 200 or 207 with per-user results |
 * | removeMember | `DELETE /teams/{id}/members/{membershipId}` → 204 |
 * | installApp | `POST /teams/{id}/installedApps` with `teamsApp@odata.bind`; 409 = already installed |
 * | generalChannelId | `GET /teams/{id}/primaryChannel?$select=id` |
 * | archiveTeam | `POST /teams/{id}/archive` → 202 + `Location` |
 *
 * Why the reference lives in the description: the create-team request takes no mailNickname
 * (Graph derives it from the display name), and Graph documents the group's description as
 * filterable with `startsWith` (api-reference/v1.0/resources/group.md). The display name is too,
 * but people read and rename it; a marker at the start of the description stays out of the way.
 * Filtering on the description is an advanced directory query (ConsistencyLevel: eventual and
 * $count=true), so results are eventually consistent. Graph's startsWith ignores case, so
 * references compare case-insensitively.
 */
export interface GraphTeamProvisionerOptions {
  readonly connection: GraphConnection;
  /**
   * Extra attempts when `POST /teams` answers 404, which Graph does while a new owner or group
   * has not replicated yet (it may take up to 15 minutes). Default 3, as Graph recommends.
   */
  readonly freshGroupRetries?: number;
  /** Pause before each of those attempts. Default 10,000 ms (Graph's advice). */
  readonly freshGroupRetryDelayMs?: number;
  /** Default a setTimeout promise; tests pass one that records the pause. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Graph's limit for one `members/add` call. */
export const MEMBERS_PER_ADD = 200;

/** The marker that opens a case team's description. */
export function teamReferenceMarker(clientReference: string): string {
  return `[irm:${clientReference}]`;
}

type MemberBinding = AadUserConversationMember & { readonly '@odata.type': string; readonly 'user@odata.bind': string };
/** The create-team body. `template@odata.bind` is an annotation the generated types do not know. */
type TeamCreationBody = Team & { readonly 'template@odata.bind': string; readonly members: MemberBinding[] };

const OperationSchema = z.looseObject({
  status: z.string(),
  targetResourceId: orUndefined(z.string()),
  error: orUndefined(z.looseObject({ code: orUndefined(z.string()), message: orUndefined(z.string()) })),
}) satisfies z.ZodType<Pick<TeamsAsyncOperation, 'targetResourceId'> & { status: string }>;

const GroupPageSchema = z.looseObject({
  value: z.array(
    z.looseObject({
      id: z.string(),
      displayName: orUndefined(z.string()),
      description: orUndefined(z.string()),
      createdDateTime: orUndefined(z.string()),
      // Listed for v1.0 groups in Graph's docs (`Team` once the team exists), though missing
      // from @microsoft/microsoft-graph-types 2.43's Group.
      resourceProvisioningOptions: orUndefined(z.array(z.string())),
    }) satisfies z.ZodType<Pick<Group, 'displayName' | 'description' | 'createdDateTime'> & { id: string }>,
  ),
});

const MemberPageSchema = z.looseObject({
  value: z.array(
    z.looseObject({
      id: z.string(),
      '@odata.type': z.string().optional(),
      roles: orUndefined(z.array(z.string())),
      displayName: orUndefined(z.string()),
      userId: orUndefined(z.string()),
    }) satisfies z.ZodType<Pick<AadUserConversationMember, 'roles' | 'displayName' | 'userId'> & { id: string }>,
  ),
  '@odata.nextLink': z.string().optional(),
});

const AddResultSchema = z.looseObject({
  value: z.array(
    z.looseObject({
      userId: orUndefined(z.string()),
      error: orUndefined(z.looseObject({ code: orUndefined(z.string()), message: orUndefined(z.string()) })),
    }),
  ),
});

const ChannelSchema = z.looseObject({ id: z.string().min(1) }) satisfies z.ZodType<Pick<Channel, 'id'>>;

const TeamsAppIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'expected a Teams app catalog id');
const MembershipIdSchema = z.string().min(1, 'expected a membership id (TeamMember.membershipId)').max(1024);

/** `/teams('{team}')/operations('{op}')` (Graph's Location) → the team id. */
const LOCATION_TEAM = /\/teams\('([^']+)'\)/i;

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function parseInput<T>(schema: z.ZodType<T>, value: unknown, subject: string, field?: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationFailure(subject, issuesFromZod(parsed.error, field));
  return parsed.data;
}

function teamIdFrom(location: string | null): string | undefined {
  if (location === null) return undefined;
  const match = LOCATION_TEAM.exec(location);
  return match?.[1];
}

export function createGraphTeamProvisioner(options: GraphTeamProvisionerOptions): TeamProvisioner {
  const { client, bindUrl, baseUrl } = options.connection;
  const freshGroupRetries = options.freshGroupRetries ?? 3;
  const freshGroupRetryDelayMs = options.freshGroupRetryDelayMs ?? 10_000;
  const sleep = options.sleep ?? realSleep;

  const teamPath = (teamId: string): string => `/teams/${encodeURIComponent(parseInput(ObjectIdSchema, teamId, 'The team id', 'teamId'))}`;

  /** A 202 with Location: the started operation. Anything else non-2xx becomes the translated error. */
  async function acceptedOperation(response: Response, operation: GraphOperation): Promise<TeamCreationStarted> {
    if (response.status !== 202) {
      if (!response.ok) throw translateGraphError(await graphErrorFromResponse(response), operation);
      throw new OperationalError(`${operation.action}: Graph answered ${response.status} instead of 202 Accepted`);
    }
    const location = response.headers.get('location');
    if (location === null || location.trim() === '') {
      throw new OperationalError(`${operation.action}: Graph accepted the request but named no operation (no Location header)`);
    }
    const teamId = teamIdFrom(location) ?? teamIdFrom(response.headers.get('content-location'));
    return { operationUrl: location, ...(teamId !== undefined && { teamId }) };
  }

  /** The path to GET for an operation URL; refuses URLs that would leave the Graph host. */
  function operationPath(operationUrl: string): string {
    const url = parseInput(z.string().trim().min(2, 'expected the operation URL from startTeamCreation'), operationUrl, 'The operation URL', 'operationUrl');
    if (url.startsWith('/')) return url;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new ValidationError('The operation URL is not a URL', [{ field: 'operationUrl', reason: 'expected the Location returned by startTeamCreation' }]);
    }
    if (parsed.origin !== baseUrl) {
      throw new ValidationError('The operation URL is not on the Graph host', [{ field: 'operationUrl', reason: `expected a URL under ${baseUrl}` }]);
    }
    return url;
  }

  return {
    async startTeamCreation(request: TeamCreationRequest): Promise<TeamCreationStarted> {
      const input = parseInput(TeamCreationRequestSchema, request, 'The team request');
      const description = `${teamReferenceMarker(input.clientReference)} ${input.description}`.trim();
      const body = {
        'template@odata.bind': bindUrl("teamsTemplates('standard')"),
        displayName: input.displayName,
        description,
        visibility: input.visibility,
        members: [
          {
            '@odata.type': '#microsoft.graph.aadUserConversationMember',
            roles: ['owner'],
            'user@odata.bind': bindUrl(`users('${input.ownerObjectIds[0]}')`),
          },
        ],
      } satisfies TeamCreationBody;
      const operation: GraphOperation = { action: 'start team creation', resource: input.clientReference };
      for (let attempt = 0; ; attempt++) {
        const response = await withGraphErrors(operation, () => client.api('/teams').responseType(ResponseType.RAW).post(body) as Promise<Response>);
        if (response.status === 404 && attempt < freshGroupRetries) {
          await response.body?.cancel();
          await sleep(freshGroupRetryDelayMs);
          continue;
        }
        return acceptedOperation(response, operation);
      }
    },

    async checkTeamCreation(operationUrl: string): Promise<TeamCreationState> {
      const path = operationPath(operationUrl);
      const operation: GraphOperation = { action: 'check team creation', resource: path };
      const answer = parseAnswer(OperationSchema, await withGraphErrors(operation, () => client.api(path).get() as Promise<unknown>), operation);
      const teamId = answer.targetResourceId ?? teamIdFrom(path);
      switch (answer.status) {
        case 'notStarted':
        case 'inProgress':
          return { status: answer.status };
        case 'succeeded':
          if (teamId === undefined) throw new OperationalError(`${operation.action}: Graph reports success but names no team`);
          return { status: 'succeeded', teamId };
        case 'failed':
        case 'invalid':
          return {
            status: 'failed',
            error: {
              ...(answer.error?.code !== undefined && { code: answer.error.code }),
              message: answer.error?.message ?? `Graph reports the operation as ${answer.status}`,
            },
          };
        default:
          // An enum value added after this was written: not finished as far as we can tell; the
          // caller's bounded polling decides how long to wait.
          return { status: 'inProgress' };
      }
    },

    async findTeamByReference(clientReference: string): Promise<FoundTeam | undefined> {
      const reference = parseInput(TeamReferenceSchema, clientReference, 'The team reference', 'clientReference');
      const marker = teamReferenceMarker(reference);
      const operation: GraphOperation = { action: 'find team by reference', resource: reference };
      const page = parseAnswer(
        GroupPageSchema,
        await withGraphErrors(operation, () =>
          client
            .api('/groups')
            .header('ConsistencyLevel', 'eventual')
            .filter(encodeURIComponent(`startsWith(description,'${marker}')`))
            .count(true)
            .select(['id', 'displayName', 'description', 'createdDateTime', 'resourceProvisioningOptions'])
            .top(50)
            .get() as Promise<unknown>,
        ),
        operation,
      );
      const matches = page.value
        .filter((g) => (g.description ?? '').toLowerCase().startsWith(marker.toLowerCase()))
        .sort((a, b) => (a.createdDateTime ?? '').localeCompare(b.createdDateTime ?? '') || a.id.localeCompare(b.id));
      const first = matches[0];
      if (first === undefined) return undefined;
      return {
        teamId: first.id,
        displayName: first.displayName ?? '',
        provisioned: (first.resourceProvisioningOptions ?? []).some((o) => o.toLowerCase() === 'team'),
      };
    },

    async listMembers(teamId: string): Promise<TeamMember[]> {
      const path = `${teamPath(teamId)}/members`;
      const operation: GraphOperation = { action: 'list team members', resource: teamId };
      const members: TeamMember[] = [];
      let next: string | undefined = path;
      for (let pages = 0; next !== undefined; pages++) {
        if (pages >= 100) throw new OperationalError(`${operation.action}: more than 100 pages of members; Graph keeps returning a next link`);
        const url: string = next;
        const page = parseAnswer(MemberPageSchema, await withGraphErrors(operation, () => client.api(url).get() as Promise<unknown>), operation);
        for (const m of page.value) {
          if (m.userId === undefined) continue; // not a user membership (none in a case team)
          members.push({
            membershipId: m.id,
            userObjectId: m.userId,
            ...(m.displayName !== undefined && { displayName: m.displayName }),
            roles: m.roles ?? [],
          });
        }
        next = page['@odata.nextLink'];
      }
      return members;
    },

    async addMembers(teamId: string, userObjectIds: readonly string[], addOptions?: { readonly asOwners?: boolean }): Promise<MembersAdded> {
      const path = `${teamPath(teamId)}/members/add`;
      const ids = [...new Set(parseInput(z.array(ObjectIdSchema), userObjectIds, 'The users to add', 'userObjectIds').map((id) => id.toLowerCase()))];
      const roles = addOptions?.asOwners === true ? ['owner'] : [];
      const operation: GraphOperation = { action: 'add team members', resource: teamId, field: 'userObjectIds' };
      const added: string[] = [];
      const failed: { userObjectId: string; code?: string; message: string }[] = [];
      for (let start = 0; start < ids.length; start += MEMBERS_PER_ADD) {
        const batch = ids.slice(start, start + MEMBERS_PER_ADD);
        const values = batch.map(
          (id) =>
            ({
              '@odata.type': 'microsoft.graph.aadUserConversationMember',
              roles,
              'user@odata.bind': bindUrl(`users('${id}')`),
            }) satisfies MemberBinding & ConversationMember,
        );
        const answer = parseAnswer(AddResultSchema, await withGraphErrors(operation, () => client.api(path).post({ values }) as Promise<unknown>), operation);
        const results = new Map(answer.value.flatMap((r) => (r.userId === undefined ? [] : [[r.userId.toLowerCase(), r] as const])));
        for (const id of batch) {
          const result = results.get(id);
          if (result === undefined) failed.push({ userObjectId: id, message: 'Graph did not report a result for this user' });
          else if (result.error === undefined) added.push(id);
          else {
            failed.push({
              userObjectId: id,
              ...(result.error.code !== undefined && { code: result.error.code }),
              message: result.error.message !== undefined && result.error.message.length > 0 ? result.error.message : (result.error.code ?? 'not added'),
            });
          }
        }
      }
      return { added, failed };
    },

    async removeMember(teamId: string, membershipId: string): Promise<void> {
      const id = parseInput(MembershipIdSchema, membershipId, 'The membership id', 'membershipId');
      const path = `${teamPath(teamId)}/members/${encodeURIComponent(id)}`;
      await withGraphErrors({ action: 'remove team member', resource: teamId }, () => client.api(path).delete() as Promise<unknown>);
    },

    async installApp(teamId: string, teamsAppId: string): Promise<void> {
      const appId = parseInput(TeamsAppIdSchema, teamsAppId, 'The Teams app id', 'teamsAppId');
      const path = `${teamPath(teamId)}/installedApps`;
      const operation: GraphOperation = { action: 'install app in team', resource: teamId, field: 'teamsAppId' };
      try {
        await client.api(path).post({ 'teamsApp@odata.bind': bindUrl(`appCatalogs/teamsApps/${encodeURIComponent(appId)}`) });
      } catch (error) {
        // Graph answers 409 Conflict when the app is already installed in the team
        // (microsoftgraph/microsoft-graph-docs-contrib#3686): the state we want.
        if (graphStatusOf(error) === 409) return;
        throw translateGraphError(error, operation);
      }
    },

    async generalChannelId(teamId: string): Promise<string> {
      const path = `${teamPath(teamId)}/primaryChannel`;
      const operation: GraphOperation = { action: 'get the General channel', resource: teamId };
      const channel = parseAnswer(ChannelSchema, await withGraphErrors(operation, () => client.api(path).select('id').get() as Promise<unknown>), operation);
      return channel.id;
    },

    async archiveTeam(teamId: string): Promise<{ readonly operationUrl?: string }> {
      const path = `${teamPath(teamId)}/archive`;
      const operation: GraphOperation = { action: 'archive team', resource: teamId };
      const response = await withGraphErrors(operation, () => client.api(path).responseType(ResponseType.RAW).post({}) as Promise<Response>);
      const started = await acceptedOperation(response, operation);
      return { operationUrl: started.operationUrl };
    },
  };
}
