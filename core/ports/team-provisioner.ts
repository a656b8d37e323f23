import { z } from 'zod';

/**
 * Teams teams for insider-risk cases: create one per case, keep its members in step, install the
 * app, find the General channel to post into, archive it when the case closes. Implemented over
 * Microsoft Graph in infra/graph (graph-team-provisioner.ts).
 *
 * Team creation is asynchronous in Graph: `startTeamCreation` returns as soon as Graph has
 * accepted the request, and the team exists only once `checkTeamCreation` reports `succeeded`
 * (poll politely: Graph asks for more than 30 s between checks). Between the two, a crash can lose
 * the operation URL; the case's `clientReference` is therefore written into the team so that
 * `findTeamByReference` finds it again and no second team is created for one case.
 *
 * Errors (all from core/errors.ts; callers branch on the class):
 * - ValidationError: the input breaks the schemas below, or Graph refused the request as built;
 *   issues name the field.
 * - NotFoundError: the team, membership, user or app does not exist (or not yet: see each method).
 * - PermissionDeniedError: the app lacks the Graph permission (Team.Create,
 *   TeamMember.ReadWrite.All, TeamsAppInstallation.ReadWriteForTeam.All, Group.Read.All …).
 * - ConflictError: Graph reports a conflicting state the method does not treat as success.
 * - ThrottledError (with `retryAfterMs` when Graph said): still throttled after the client's own
 *   retries; OperationalError: Graph unavailable or no answer. Both are retryable: the outbox
 *   redelivers the event later.
 * - UnauthenticatedError: the app's credentials were refused.
 */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An Entra object id (user, group, team). */
export const ObjectIdSchema = z.string().regex(GUID, 'expected an Entra object id (a GUID)');

/**
 * The case's stable reference, written into the team so a lost operation can be found again.
 * Letters, digits and `. _ : -` only: it is embedded in an OData string literal and a bracketed
 * marker, so quotes and brackets are excluded rather than escaped.
 */
export const TeamReferenceSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'expected 1 to 64 letters, digits, . _ : or - (starting with a letter or digit)');

/** Teams allows 1,024 characters; the adapter needs room for the reference marker. */
export const MAX_TEAM_DESCRIPTION = 900;

export const TeamCreationRequestSchema = z.object({
  displayName: z.string().trim().min(1, 'expected a team name').max(256, 'expected at most 256 characters'),
  description: z.string().max(MAX_TEAM_DESCRIPTION, `expected at most ${MAX_TEAM_DESCRIPTION} characters`),
  /**
   * The first becomes the team's owner at creation (Graph accepts a single owner in the create
   * request when the app creates the team); add the others with `addMembers(…, { asOwners: true })`
   * once the team exists.
   */
  ownerObjectIds: z.array(ObjectIdSchema).min(1, 'expected at least one owner (Graph needs an owner to create a team as an app)'),
  /** Case teams are never discoverable. */
  visibility: z.literal('private'),
  clientReference: TeamReferenceSchema,
});
export type TeamCreationRequest = z.infer<typeof TeamCreationRequestSchema>;

export interface TeamCreationStarted {
  /** Where to check progress (Graph's `Location`, relative to the Graph base URL). Persist it. */
  readonly operationUrl: string;
  /** The new team's id, when Graph named it already (it does, in `Location` and `Content-Location`). */
  readonly teamId?: string;
}

export type TeamCreationStatus = 'notStarted' | 'inProgress' | 'succeeded' | 'failed';

export interface TeamCreationState {
  readonly status: TeamCreationStatus;
  /** Set when `succeeded` (the team's id, which is also its Entra group's id). */
  readonly teamId?: string;
  /** Set when `failed`: Graph's own code and message. */
  readonly error?: { readonly code?: string; readonly message: string };
}

/** A team found by its case reference. */
export interface FoundTeam {
  readonly teamId: string;
  readonly displayName: string;
  /**
   * False while Graph is still provisioning the team behind the group (or when provisioning
   * failed): do not start another creation; look again later.
   */
  readonly provisioned: boolean;
}

export interface TeamMember {
  /** The membership's id: what `removeMember` takes. Not the user's id. */
  readonly membershipId: string;
  readonly userObjectId: string;
  readonly displayName?: string;
  /** `owner` for owners; empty for ordinary members. */
  readonly roles: readonly string[];
}

export interface MembersAdded {
  /** Users that are members now (newly added, or already members). */
  readonly added: readonly string[];
  /** Users Graph could not add (unknown user, unlicensed …), with Graph's code. */
  readonly failed: readonly { readonly userObjectId: string; readonly code?: string; readonly message: string }[];
}

export interface TeamProvisioner {
  /**
   * Asks Graph to create a private team from the standard template with the first owner.
   * **Not idempotent**: every call may create a team. Call `findTeamByReference` first; the
   * reference is stored in the team's description so that lookup works after a crash.
   * A freshly created owner or group can make Graph answer 404 for a while; the adapter retries
   * that itself (three times, ten seconds apart) before throwing NotFoundError.
   */
  startTeamCreation(request: TeamCreationRequest): Promise<TeamCreationStarted>;
  /** One status check of a creation (read-only). NotFoundError when Graph no longer knows the operation. */
  checkTeamCreation(operationUrl: string): Promise<TeamCreationState>;
  /**
   * The team whose description carries `clientReference`, or `undefined` when none does. Directory
   * queries are eventually consistent: a team whose creation started seconds ago may not be
   * visible yet, so after a crash wait a little before concluding it is absent. When several
   * teams carry the reference (created before this lookup existed), the oldest is returned.
   */
  findTeamByReference(clientReference: string): Promise<FoundTeam | undefined>;
  /** Every member of the team, owners included. NotFoundError when the team does not exist. */
  listMembers(teamId: string): Promise<TeamMember[]>;
  /**
   * Adds users as members (or owners), in batches of at most 200 (Graph's limit per call).
   * Idempotent: a user who is already a member stays one and counts as added. Per-user failures
   * are reported in `failed`, not thrown; a failure of the whole call throws.
   */
  addMembers(teamId: string, userObjectIds: readonly string[], options?: { readonly asOwners?: boolean }): Promise<MembersAdded>;
  /**
   * Removes one membership (`TeamMember.membershipId`). NotFoundError when the membership (or the
   * team) does not exist: after a redelivered removal, that means "already done".
   */
  removeMember(teamId: string, membershipId: string): Promise<void>;
  /** Installs a Teams app (catalog id) in the team. Idempotent: already installed is success. */
  installApp(teamId: string, teamsAppId: string): Promise<void>;
  /** The id (`19:…@thread.tacv2`) of the team's General channel. NotFoundError when the team does not exist. */
  generalChannelId(teamId: string): Promise<string>;
  /**
   * Starts archiving the team (read-only for members afterwards; membership changes still work).
   * Asynchronous in Graph; the returned operation can be checked like a creation.
   */
  archiveTeam(teamId: string): Promise<{ readonly operationUrl?: string }>;
}
