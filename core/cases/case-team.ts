import { z } from 'zod';
import type { CollectionDefinition } from '../ports/document-collection';
import type { FoundTeam, MembersAdded, TeamCreationState } from '../ports/team-provisioner';
import type { CaseStatus } from './case';

/**
 * A case's collaboration team (irm-reference §7) as a small state machine, persisted per case so
 * that provisioning survives crashes and Graph failures: each step is recorded as soon as it is
 * done, and a retry (the outbox redelivering the event, or a restart) continues from the record.
 *
 * Why there is no second team: before `POST /teams` the record says a creation is starting
 * (`creationStartedAt`). A record that says so without an operation URL may have lost the answer
 * to an accepted request, so the next attempt looks the team up by its reference first, and
 * creates again only once the directory has had `lookupGraceMs` to show it (lookups are eventually
 * consistent). A lookup always precedes every creation.
 *
 * This file is pure: `nextCaseTeamStep` decides, `applyCaseTeamOutcome` records; the provisioner
 * in bot/notifications does the I/O in between.
 */

export const CASE_TEAM_STATES = ['requested', 'creating', 'created', 'membersAdded', 'appInstalled', 'cardPosted', 'archived', 'failed'] as const;
export const CaseTeamStateSchema = z.enum(CASE_TEAM_STATES);
export type CaseTeamState = z.infer<typeof CaseTeamStateSchema>;

/** Members added with the team's first batch (irm-reference §7: "up to 100 initial users"); the rest follow. */
export const INITIAL_MEMBER_LIMIT = 100;
/** Consecutive failed attempts before provisioning stops (and stops holding back the user's later events). */
export const MAX_CASE_TEAM_ATTEMPTS = 8;

const PostedMessageSchema = z.object({ serviceUrl: z.string(), conversationId: z.string(), activityId: z.string() });

export const CaseTeamSchema = z.object({
  caseId: z.string(),
  userId: z.string(),
  state: CaseTeamStateSchema,
  /**
   * Written into the team (its description) so a lost creation is found again. The case id, with
   * `.rN` appended when a failed creation is retried (the failed group keeps the old reference).
   */
  reference: z.string(),
  /** Set just before `POST /teams`: from then on a team may exist that the record does not know. */
  creationStartedAt: z.string().optional(),
  /** A lookup after the latest creation attempt found nothing. */
  searched: z.boolean().default(false),
  operationUrl: z.string().optional(),
  teamId: z.string().optional(),
  generalChannelId: z.string().optional(),
  /** Entra object ids this provisioner made members (the owner is not listed). */
  members: z.array(z.string()),
  /** Object ids Graph refused to add (unknown, unlicensed): not tried again until re-requested. */
  notAdded: z.array(z.string()).default([]),
  cardMessage: PostedMessageSchema.optional(),
  attempts: z.number().int().min(0),
  lastError: z.string().optional(),
  /** Where a failed record resumes when provisioning is requested again. */
  resumeState: CaseTeamStateSchema.optional(),
  requestedAt: z.string(),
  updatedAt: z.string(),
});
export type CaseTeam = z.infer<typeof CaseTeamSchema>;

/** Case teams, partition = the case's user, id = case id. */
export const caseTeamsCollection: CollectionDefinition<CaseTeam> = {
  name: 'case-teams',
  schema: CaseTeamSchema,
  indexed: ['state'],
};

export function newCaseTeam(caseId: string, userId: string, now: string): CaseTeam {
  return { caseId, userId, state: 'requested', reference: caseId, searched: false, members: [], notAdded: [], attempts: 0, requestedAt: now, updatedAt: now };
}

/** The team's name: the case id only (case names may say more than every member should read in a team list). */
export function caseTeamName(caseId: string): string {
  return `IRM case ${caseId}`;
}

export interface CaseTeamFacts {
  readonly caseStatus: CaseStatus;
  /** Object ids that belong in the team now: role-group members and the case's contributors, owner excluded. */
  readonly desiredMembers: readonly string[];
  readonly now: string;
  /** How long a started creation may stay invisible to lookups before it counts as never made. */
  readonly lookupGraceMs: number;
}

export type CaseTeamStep =
  | { readonly kind: 'findTeam' }
  /** A creation may be in flight but is not visible yet: try again later (retryable). */
  | { readonly kind: 'waitForDirectory'; readonly untilMs: number }
  | { readonly kind: 'createTeam' }
  | { readonly kind: 'awaitCreation'; readonly operationUrl: string }
  | { readonly kind: 'addMembers'; readonly userObjectIds: readonly string[] }
  | { readonly kind: 'removeMembers'; readonly userObjectIds: readonly string[] }
  | { readonly kind: 'installApp' }
  | { readonly kind: 'findGeneralChannel' }
  | { readonly kind: 'postCard' }
  | { readonly kind: 'archive' }
  /** Nothing (more) to do. */
  | { readonly kind: 'none' };

function pending(team: CaseTeam, desired: readonly string[]): string[] {
  const have = new Set([...team.members, ...team.notAdded]);
  return [...new Set(desired)].filter((id) => !have.has(id));
}

/** The next thing to do for a case's team, from its record and the case as it is now. */
export function nextCaseTeamStep(team: CaseTeam, facts: CaseTeamFacts): CaseTeamStep {
  if (team.state === 'archived' || team.state === 'failed') return { kind: 'none' };
  const closed = facts.caseStatus === 'Closed';
  switch (team.state) {
    case 'requested': {
      // A closed case gets no new team; one possibly in flight is still found, so it can be archived.
      if (closed && team.creationStartedAt === undefined) return { kind: 'none' };
      if (!team.searched) return { kind: 'findTeam' };
      if (team.creationStartedAt !== undefined) {
        const untilMs = Date.parse(team.creationStartedAt) + facts.lookupGraceMs;
        if (Date.parse(facts.now) < untilMs) return { kind: 'waitForDirectory', untilMs };
        if (closed) return { kind: 'none' };
      }
      return { kind: 'createTeam' };
    }
    case 'creating':
      return team.operationUrl === undefined ? { kind: 'findTeam' } : { kind: 'awaitCreation', operationUrl: team.operationUrl };
    default:
      break;
  }
  if (closed) return { kind: 'archive' };
  switch (team.state) {
    case 'created':
      return { kind: 'addMembers', userObjectIds: pending(team, facts.desiredMembers).slice(0, INITIAL_MEMBER_LIMIT) };
    case 'membersAdded':
      return { kind: 'installApp' };
    case 'appInstalled':
      return team.generalChannelId === undefined ? { kind: 'findGeneralChannel' } : { kind: 'postCard' };
    default: {
      // cardPosted: keep membership in step with the role groups and the contributors.
      const add = pending(team, facts.desiredMembers);
      if (add.length > 0) return { kind: 'addMembers', userObjectIds: add };
      const wanted = new Set(facts.desiredMembers);
      const remove = team.members.filter((id) => !wanted.has(id));
      return remove.length > 0 ? { kind: 'removeMembers', userObjectIds: remove } : { kind: 'none' };
    }
  }
}

/** What a step's I/O produced, to be recorded. */
export type CaseTeamOutcome =
  | { readonly kind: 'found'; readonly team: FoundTeam | undefined }
  | { readonly kind: 'creationStarting' }
  | { readonly kind: 'creationStarted'; readonly operationUrl: string; readonly teamId?: string }
  /** Graph no longer knows the operation: find the team by its reference instead. */
  | { readonly kind: 'operationLost' }
  | { readonly kind: 'creationFinished'; readonly result: TeamCreationState }
  | { readonly kind: 'membersAdded'; readonly result: MembersAdded }
  | { readonly kind: 'membersRemoved'; readonly userObjectIds: readonly string[] }
  | { readonly kind: 'appInstalled' }
  | { readonly kind: 'generalChannel'; readonly channelId: string }
  | { readonly kind: 'cardPosted'; readonly message: z.infer<typeof PostedMessageSchema> }
  | { readonly kind: 'archived' }
  | { readonly kind: 'attemptFailed'; readonly error: string };

/** The record after an outcome. Any success resets the attempt count. */
export function applyCaseTeamOutcome(team: CaseTeam, outcome: CaseTeamOutcome, now: string): CaseTeam {
  const ok = { ...team, attempts: 0, updatedAt: now };
  switch (outcome.kind) {
    case 'found': {
      const found = outcome.team;
      if (found === undefined) return { ...ok, state: 'requested', searched: true, operationUrl: undefined };
      return { ...ok, state: found.provisioned ? 'created' : 'creating', teamId: found.teamId, operationUrl: undefined, searched: false };
    }
    case 'creationStarting':
      return { ...ok, creationStartedAt: now, searched: false };
    case 'creationStarted':
      return { ...ok, state: 'creating', operationUrl: outcome.operationUrl, ...(outcome.teamId === undefined ? {} : { teamId: outcome.teamId }) };
    case 'operationLost':
      return { ...ok, operationUrl: undefined };
    case 'creationFinished': {
      const result = outcome.result;
      if (result.status === 'succeeded') return { ...ok, state: 'created', ...(result.teamId === undefined ? {} : { teamId: result.teamId }) };
      // Graph gave up on this team; a new request creates another under a fresh reference.
      return { ...ok, state: 'failed', resumeState: 'requested', lastError: `team creation failed: ${result.error?.code ?? ''} ${result.error?.message ?? result.status}`.replace(/ +/g, ' ') };
    }
    case 'membersAdded': {
      const members = [...new Set([...team.members, ...outcome.result.added])];
      const refused = outcome.result.failed.map((f) => f.userObjectId);
      const notAdded = [...new Set([...team.notAdded, ...refused])];
      const state = team.state === 'created' ? 'membersAdded' : team.state;
      return { ...ok, state, members, notAdded, ...(refused.length === 0 ? {} : { lastError: `Graph could not add ${refused.length} member(s): ${outcome.result.failed.map((f) => f.code ?? f.message).join(', ')}` }) };
    }
    case 'membersRemoved': {
      const removed = new Set(outcome.userObjectIds);
      return { ...ok, members: team.members.filter((id) => !removed.has(id)) };
    }
    case 'appInstalled':
      return { ...ok, state: 'appInstalled' };
    case 'generalChannel':
      return { ...ok, generalChannelId: outcome.channelId };
    case 'cardPosted':
      return { ...ok, state: 'cardPosted', cardMessage: outcome.message };
    case 'archived':
      return { ...ok, state: 'archived' };
    case 'attemptFailed': {
      const attempts = team.attempts + 1;
      const failed = { ...team, attempts, lastError: outcome.error, updatedAt: now };
      return attempts >= MAX_CASE_TEAM_ATTEMPTS && team.state !== 'failed' ? { ...failed, state: 'failed', resumeState: team.state } : failed;
    }
  }
}

/**
 * A failed record asked for again (`case team create`): back where it stopped. A failed creation
 * starts over under a new reference, since Graph keeps the failed group with the old one.
 */
export function retryCaseTeam(team: CaseTeam, now: string): CaseTeam {
  if (team.state !== 'failed') return team;
  const resume = team.resumeState ?? 'requested';
  const base = { ...team, state: resume, attempts: 0, resumeState: undefined, updatedAt: now };
  if (resume !== 'requested' || team.teamId === undefined) return base;
  const retries = Number(/\.r(\d+)$/.exec(team.reference)?.[1] ?? '1') + 1;
  return { ...base, reference: `${team.caseId}.r${retries}`, teamId: undefined, operationUrl: undefined, creationStartedAt: undefined, searched: false };
}
