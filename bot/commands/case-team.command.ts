import { formatUtc } from '../../cards/common/format';
import { caseIdArgument } from './case.command';
import { caseTeamsCollection, newCaseTeam, retryCaseTeam, type CaseTeam } from '../../core/cases/case-team';
import { ConflictError, ValidationError } from '../../core/errors';
import { loadCase } from '../card-actions/case-action-support';
import type { ChatCommand } from './chat-command';

/**
 * `case team <case id>` and `case team create <case id>`: the Microsoft Teams team of a case
 * (irm-reference §7 "Existing cases": create a team for a case opened while the integration was
 * off, or resume one whose provisioning stopped). Creation itself is the case-team consumer's
 * (bot/notifications/case-team.provisioner.ts): the command records the request and a
 * `case.updated` event (change `teamRequested`) in one unit of work, and the outbox delivers it.
 */

export interface CaseTeamCommandOptions {
  /** Graph and IRM_TEAMS_APP_ID are configured, so a consumer is there to act on the request. */
  readonly caseTeamsConfigured?: boolean;
}


const STATE_TEXT: Readonly<Record<CaseTeam['state'], string>> = {
  requested: 'requested (looking for or creating the team)',
  creating: 'creating (Teams is provisioning it)',
  created: 'created (adding members next)',
  membersAdded: 'members added (installing the app next)',
  appInstalled: 'app installed (posting the case card next)',
  cardPosted: 'ready: members added, app installed, case card posted',
  archived: 'archived (the case is closed)',
  failed: 'stopped after repeated failures',
};

export function caseTeamCreateCommand(options: CaseTeamCommandOptions): ChatCommand {
  return {
    name: 'case team create',
    usage: 'case team create <case id>',
    summary: 'create the Microsoft Teams team of a case opened while case teams were off (or resume a stopped one)',
    permission: 'investigateCases',
    async run(context, args) {
      const typed = caseIdArgument(args);
      const { services, caller } = context;
      if (options.caseTeamsConfigured !== true) {
        throw new ValidationError('case teams need Microsoft Graph (GRAPH_*) and IRM_TEAMS_APP_ID configured on the server', [{ field: 'configuration', reason: 'Graph and IRM_TEAMS_APP_ID not configured' }]);
      }
      const now = services.clock.now().toISOString();
      const outcome = await services.store.transaction(async (tx) => {
        const found = await loadCase(tx, typed);
        const c = found.value;
        if (c.status !== 'Active') throw new ConflictError(`case ${c.id} is closed; closed cases get no team`);
        const docs = tx.documents(caseTeamsCollection);
        const existing = await docs.get(c.userId, c.id);
        if (existing !== undefined && existing.value.state !== 'failed') return { caseId: c.id, requested: false, state: existing.value.state };
        if (existing === undefined) await docs.create(c.userId, c.id, newCaseTeam(c.id, c.userId, now));
        else await docs.replace(c.userId, c.id, retryCaseTeam(existing.value, now), existing.etag);
        await tx.outbox.append([{ id: `case.updated:${c.id}:teamRequested:${now}`, type: 'case.updated', subject: c.userId, time: now, data: { caseId: c.id, userId: c.userId, change: 'teamRequested' } }]);
        await services.audit(tx, { category: 'Cases', activity: 'Requested case team', actor: caller, target: c.id, details: { resumed: existing !== undefined } });
        return { caseId: c.id, requested: true, state: existing?.value.state };
      });
      if (!outcome.requested) return { text: `Case ${outcome.caseId} already has a team request: ${STATE_TEXT[outcome.state ?? 'requested']}. See 'case team ${outcome.caseId}'.` };
      services.kick();
      return { text: `${outcome.state === 'failed' ? 'Resuming' : 'Requested'} the Microsoft Teams team for case ${outcome.caseId}; 'case team ${outcome.caseId}' shows its progress.` };
    },
  };
}

export const caseTeamShowCommand: ChatCommand = {
  name: 'case team',
  usage: 'case team <case id>',
  summary: "the state of a case's Microsoft Teams team",
  permission: 'investigateCases',
  async run(context, args) {
    const typed = caseIdArgument(args);
    const { caseId, team } = await context.services.store.transaction(async (tx) => {
      const found = await loadCase(tx, typed);
      return { caseId: found.value.id, team: (await tx.documents(caseTeamsCollection).get(found.value.userId, found.value.id))?.value };
    });
    if (team === undefined) return { text: `Case ${caseId} has no team. 'case team create ${caseId}' requests one.` };
    const lines = [
      `Team of case ${caseId}: ${STATE_TEXT[team.state]}`,
      ...(team.teamId === undefined ? [] : [`Team id: ${team.teamId}`]),
      `Members added: ${team.members.length}${team.notAdded.length === 0 ? '' : ` (${team.notAdded.length} could not be added)`}`,
      `Requested ${formatUtc(team.requestedAt)}, last change ${formatUtc(team.updatedAt)}`,
      ...(team.lastError === undefined ? [] : [`Last error${team.attempts > 0 ? ` (${team.attempts} failed attempt${team.attempts === 1 ? '' : 's'})` : ''}: ${team.lastError}`]),
      ...(team.state === 'failed' ? [`'case team create ${caseId}' resumes it.`] : []),
    ];
    return { text: lines.join('\n\n') };
  },
};
