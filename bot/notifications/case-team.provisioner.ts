import { listRoleAssignments } from '../../core/access/role-assignments';
import { CASE_WORKING_GROUPS } from '../../core/access/role-groups';
import { type Case, casesCollection } from '../../core/cases/case';
import {
  applyCaseTeamOutcome,
  type CaseTeam,
  type CaseTeamOutcome,
  caseTeamName,
  caseTeamsCollection,
  type CaseTeamStep,
  newCaseTeam,
  nextCaseTeamStep,
} from '../../core/cases/case-team';
import { getAlertsChannel } from '../../core/conversations/conversation.repository';
import { ConflictError, NotFoundError, OperationalError, ValidationError } from '../../core/errors';
import type { DomainEvent } from '../../core/events/domain-event';
import type { EventConsumer } from '../../core/events/outbox-dispatcher';
import type { Messenger } from '../../core/ports/messenger';
import type { StoreTransaction, Versioned } from '../../core/ports/store';
import type { TeamCreationState, TeamProvisioner } from '../../core/ports/team-provisioner';
import { currentSettings } from '../../core/settings/current-settings';
import type { BotServices } from '../bot-services';
import { renderCaseCard } from '../case-card-view';


function noOwner(): ValidationError {
  return new ValidationError('a case team needs an owner: set IRM_CASE_TEAM_OWNER, or add someone to the irm role group', [
    { field: 'IRM_CASE_TEAM_OWNER', reason: 'required (no irm or admins member either)' },
  ]);
}

/** Teams' global service URL for proactive messages, when no alerts channel has told us the tenant's own. */
export const DEFAULT_TEAMS_SERVICE_URL = 'https://smba.trafficmanager.net/teams/';

export interface CaseTeamProvisionerOptions {
  readonly teams: TeamProvisioner;
  readonly messenger: Messenger;
  /** The Teams app's catalog id (IRM_TEAMS_APP_ID): installed in each team so the bot can post there. */
  readonly teamsAppId: string;
  /** The team's owner (IRM_CASE_TEAM_OWNER); default the first member of the irm (then admins) role group. */
  readonly ownerObjectId?: string;
  /** Polls one creation to its end (composed from infra's awaitTeamCreation with the configured interval). */
  readonly awaitCreation: (operationUrl: string) => Promise<TeamCreationState>;
  /** How long a started creation may stay invisible to the reference lookup before it counts as never made. */
  readonly lookupGraceMs: number;
  readonly serviceUrl?: string;
  /**
   * Members of the role groups mapped to Entra groups (IRM_ROLE_GROUP_* for irm, analysts,
   * investigators), looked up before each run and joined with the local members.
   */
  readonly entraTeamMembers?: () => Promise<readonly string[]>;
}

export interface CaseTeamProvisioner extends EventConsumer {
  /** Runs a case's team steps until nothing is left to do; throws (retryable) when a step fails. */
  provision(userId: string, caseId: string): Promise<CaseTeam | undefined>;
}

/**
 * The `case-team` consumer: a private team per case (created when the case is, while the
 * `teams.caseTeams` setting is on, or on request with `case team create`), its members kept in
 * step with the role groups and the contributors, the case card in its General channel, archived
 * when the case is resolved. Every step is recorded in the case's record (core/cases/case-team.ts)
 * as soon as it is done, so a failure (thrown: the outbox redelivers) or a restart resumes there.
 * One case is provisioned at a time in this process (the outbox already orders a user's events).
 */
export function createCaseTeamProvisioner(services: BotServices, options: CaseTeamProvisionerOptions): CaseTeamProvisioner {
  const inFlight = new Map<string, Promise<CaseTeam | undefined>>();
  const now = (): string => services.clock.now().toISOString();

  const save = async (team: CaseTeam, etag: string): Promise<Versioned<CaseTeam>> =>
    services.store.transaction((tx) => tx.documents(caseTeamsCollection).replace(team.userId, team.caseId, team, etag));

  const load = async (userId: string, caseId: string): Promise<{ record: Versioned<CaseTeam>; current: Case; desired: string[]; owner?: string } | undefined> => {
    // Outside the unit of work: a Graph call must not hold the store.
    const entra = options.entraTeamMembers === undefined ? [] : await options.entraTeamMembers();
    return services.store.transaction(async (tx) => {
      const record = await tx.documents(caseTeamsCollection).get(userId, caseId);
      const current = await tx.documents(casesCollection).get(userId, caseId);
      if (record === undefined || current === undefined) return undefined;
      const roles = await listRoleAssignments(tx);
      const owner = options.ownerObjectId?.toLowerCase() ?? [...(roles.get('irm') ?? []), ...(roles.get('admins') ?? [])][0]?.aadObjectId;
      const wanted = [...CASE_WORKING_GROUPS.flatMap((g) => (roles.get(g) ?? []).map((m) => m.aadObjectId)), ...entra, ...current.value.contributors.map((c) => c.id)];
      const desired = [...new Set(wanted.map((id) => id.toLowerCase()))].filter((id) => id !== owner);
      return { record, current: current.value, desired, ...(owner === undefined ? {} : { owner }) };
    });
  };

  const caseCard = (tx: StoreTransaction, current: Case): ReturnType<typeof renderCaseCard> => renderCaseCard(services, tx, current, { access: 'full' });

  /** Does one step's I/O. `creationStarting` is recorded by the caller before the request goes out. */
  const perform = async (step: CaseTeamStep, team: CaseTeam, current: Case, owner: string | undefined): Promise<CaseTeamOutcome> => {
    const teamId = team.teamId ?? '';
    switch (step.kind) {
      case 'findTeam':
        return { kind: 'found', team: await options.teams.findTeamByReference(team.reference) };
      case 'createTeam': {
        if (owner === undefined) throw noOwner();
        const started = await options.teams.startTeamCreation({
          displayName: caseTeamName(team.caseId),
          description: `Insider-risk case ${team.caseId}: restricted to the people working the case.`,
          ownerObjectIds: [owner],
          visibility: 'private',
          clientReference: team.reference,
        });
        return { kind: 'creationStarted', operationUrl: started.operationUrl, ...(started.teamId === undefined ? {} : { teamId: started.teamId }) };
      }
      case 'awaitCreation':
        try {
          return { kind: 'creationFinished', result: await options.awaitCreation(step.operationUrl) };
        } catch (error) {
          if (error instanceof NotFoundError) return { kind: 'operationLost' };
          throw error;
        }
      case 'addMembers':
        return { kind: 'membersAdded', result: step.userObjectIds.length === 0 ? { added: [], failed: [] } : await options.teams.addMembers(teamId, step.userObjectIds) };
      case 'removeMembers': {
        const memberships = await options.teams.listMembers(teamId);
        for (const id of step.userObjectIds) {
          const membership = memberships.find((m) => m.userObjectId.toLowerCase() === id);
          if (membership === undefined) continue;
          try {
            await options.teams.removeMember(teamId, membership.membershipId);
          } catch (error) {
            // Gone already (a redelivered removal): that is the outcome wanted.
            if (!(error instanceof NotFoundError)) throw error;
          }
        }
        return { kind: 'membersRemoved', userObjectIds: step.userObjectIds };
      }
      case 'installApp':
        await options.teams.installApp(teamId, options.teamsAppId);
        return { kind: 'appInstalled' };
      case 'findGeneralChannel':
        return { kind: 'generalChannel', channelId: await options.teams.generalChannelId(teamId) };
      case 'postCard': {
        const { card, channel } = await services.store.transaction(async (tx) => ({ card: await caseCard(tx, current), channel: await getAlertsChannel(tx) }));
        const posted = await options.messenger.postToChannel(
          {
            serviceUrl: channel?.serviceUrl ?? options.serviceUrl ?? DEFAULT_TEAMS_SERVICE_URL,
            channelId: team.generalChannelId ?? '',
            ...(channel?.tenantId === undefined ? {} : { tenantId: channel.tenantId }),
          },
          { card, text: `Insider-risk case ${current.id}` },
        );
        return { kind: 'cardPosted', message: posted };
      }
      case 'archive': {
        // The card first: once archived, the team is read-only.
        if (team.cardMessage !== undefined) {
          const card = await services.store.transaction((tx) => caseCard(tx, current));
          try {
            await options.messenger.updateMessage(team.cardMessage, { card, text: `Insider-risk case ${current.id} (closed)` });
          } catch (error) {
            if (!(error instanceof NotFoundError)) throw error;
          }
        }
        try {
          await options.teams.archiveTeam(teamId);
        } catch (error) {
          // The team was deleted in Teams: nothing is left to archive.
          if (!(error instanceof NotFoundError)) throw error;
        }
        return { kind: 'archived' };
      }
      case 'waitForDirectory':
      case 'none':
        throw new Error(`${step.kind} has no I/O`);
    }
  };

  const provisionOnce = async (userId: string, caseId: string): Promise<CaseTeam | undefined> => {
    // Each round does one step; the bound only guards against a bug looping forever.
    for (let round = 0; round < 64; round++) {
      const loaded = await load(userId, caseId);
      if (loaded === undefined) return undefined;
      let { record } = loaded;
      const step = nextCaseTeamStep(record.value, { caseStatus: loaded.current.status, desiredMembers: loaded.desired, now: now(), lookupGraceMs: options.lookupGraceMs });
      if (step.kind === 'none') return record.value;
      if (step.kind === 'waitForDirectory') {
        // Not a failure: the team may exist and the directory not show it yet. Ask again later.
        throw new OperationalError(`case ${caseId}: a team creation started at ${record.value.creationStartedAt ?? '?'} is not visible yet; looking again later before creating one`);
      }
      let outcome: CaseTeamOutcome;
      try {
        if (step.kind === 'createTeam') {
          if (loaded.owner === undefined) throw noOwner();
          // Recorded before the request: from here on a team may exist that the record does not name.
          record = await save(applyCaseTeamOutcome(record.value, { kind: 'creationStarting' }, now()), record.etag);
        }
        outcome = await perform(step, record.value, loaded.current, loaded.owner);
        record = await save(applyCaseTeamOutcome(record.value, outcome, now()), record.etag);
      } catch (error) {
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        const latest = await services.store.transaction((tx) => tx.documents(caseTeamsCollection).get(userId, caseId));
        if (latest === undefined) throw error;
        const failed = applyCaseTeamOutcome(latest.value, { kind: 'attemptFailed', error: message }, now());
        await save(failed, latest.etag);
        if (failed.state === 'failed') {
          // Stop holding back the user's later events; an analyst asks again with 'case team create'.
          services.log(`case ${caseId}: team provisioning stopped after ${failed.attempts} failed attempts (${message}); 'case team create ${caseId}' resumes it`);
          return failed;
        }
        throw error;
      }
      // Waiting on Teams is not a failed attempt: it may take a while (§7: up to about 15 minutes).
      if (outcome.kind === 'found' && outcome.team !== undefined && !outcome.team.provisioned) {
        throw new OperationalError(`case ${caseId}: team ${outcome.team.teamId} is still being provisioned by Teams; looking again later`);
      }
      if (outcome.kind === 'creationFinished' && outcome.result.status === 'failed') {
        services.log(`case ${caseId}: ${record.value.lastError ?? 'team creation failed'}; 'case team create ${caseId}' tries again`);
        return record.value;
      }
    }
    throw new OperationalError(`case ${caseId}: team provisioning did not settle; trying again later`);
  };

  const provision = (userId: string, caseId: string): Promise<CaseTeam | undefined> => {
    const key = `${userId}\u0000${caseId}`;
    const previous = inFlight.get(key) ?? Promise.resolve(undefined);
    const next = previous.catch(() => undefined).then(() => provisionOnce(userId, caseId));
    inFlight.set(key, next);
    return next.finally(() => {
      if (inFlight.get(key) === next) inFlight.delete(key);
    });
  };

  /** `case.created` while the setting is on: the record is made here (once; a redelivery finds it). */
  const request = async (userId: string, caseId: string, at: string): Promise<boolean> =>
    services.store.transaction(async (tx) => {
      const docs = tx.documents(caseTeamsCollection);
      if ((await docs.get(userId, caseId)) !== undefined) return true;
      const settings = await currentSettings(tx, services.clock.now());
      if (!settings.teams.caseTeams) return false;
      try {
        await docs.create(userId, caseId, newCaseTeam(caseId, userId, at));
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
      }
      return true;
    });

  return {
    name: 'case-team',
    handles: ['case.created', 'case.updated', 'case.resolved'],
    async handle(event: DomainEvent) {
      const { caseId, userId, change } = event.data;
      if (typeof caseId !== 'string' || typeof userId !== 'string') return;
      if (event.type === 'case.created') {
        if (!(await request(userId, caseId, now()))) return;
      } else if (event.type === 'case.updated' && change !== 'contributorAdded' && change !== 'contributorRemoved' && change !== 'teamRequested') {
        return;
      }
      // Without a record (the setting was off and nobody asked), there is no team to keep in step.
      await provision(userId, caseId);
    },
    provision,
  };
}
