import { randomBytes } from 'node:crypto';
import { tableCard } from '../../cards/table/table.card';
import { formatUtc } from '../../cards/common/format';
import { createAuditExport, EXPORT_LINK_MINUTES } from '../../core/audit/audit-exports';
import { CASE_STATUSES } from '../../core/cases/case';
import { addCaseContributor, addCaseNote, parseResolution, removeCaseContributor, resolveCase } from '../../core/cases/case-service';
import { listCases } from '../../core/cases/case.repository';
import { resolvePerson } from '../../core/directory/resolve-person';
import { ValidationError } from '../../core/errors';
import { currentSettings } from '../../core/settings/current-settings';
import { renderCaseCard } from '../case-card-view';
import { loadCase } from '../card-actions/case-action-support';
import type { ChatCommand } from './chat-command';
import { choice, textOption } from './alert-filters';
import type { ParsedArguments } from './command-text';

/** `case list|show|note|contributors|resolve|escalate`: the case workflow from chat (analysts and investigators). */

export function caseIdArgument(args: ParsedArguments): string {
  const id = args.positionals[0];
  if (id === undefined) throw new ValidationError("name the case: its id, like C-1B2C3D4E5F60 (see 'case list')", [{ field: 'case', reason: 'required' }]);
  return id;
}

export const caseListCommand: ChatCommand = {
  name: 'case list',
  usage: 'case list [--status Active|Closed] [--user <upn>]',
  summary: 'list cases, newest first',
  permission: 'investigateCases',
  options: ['status', 'user'],
  async run(context, args) {
    const { services } = context;
    const status = choice(args.options.get('status'), CASE_STATUSES, 'status');
    const user = textOption(args.options.get('user'), 'user');
    return services.store.transaction(async (tx) => {
      const settings = await currentSettings(tx, services.clock.now());
      const cases = await listCases(tx, { ...(status === undefined ? {} : { status }), ...(user === undefined ? {} : { userId: user }), limit: 100 });
      return {
        card: tableCard({
          title: 'Cases',
          subtitle: `${cases.length} case${cases.length === 1 ? '' : 's'}`,
          headers: ['Case', 'Name', 'User', 'Status', 'Alerts', 'Opened', 'Last updated'],
          widths: [3, 4, 3, 2, 1, 3, 3],
          rows: cases.map((c) => [c.id, c.name, services.pseudonymizer.display(c.userId, settings.privacy.pseudonymize), c.status, String(c.alertIds.length), formatUtc(c.createdAt), `${formatUtc(c.updatedAt)} (${c.updatedBy.name ?? c.updatedBy.id})`]),
          emptyText: 'No cases match.',
        }),
      };
    });
  },
};

export const caseShowCommand: ChatCommand = {
  name: 'case show',
  usage: 'case show <case id> [--activity 30|90]',
  summary: 'the case card: overview, alerts, latest notes, actions',
  permission: 'investigateCases',
  options: ['activity'],
  async run(context, args) {
    const id = caseIdArgument(args);
    const days = textOption(args.options.get('activity'), 'activity');
    if (days !== undefined && days !== '30' && days !== '90') throw new ValidationError(`--activity: expected 30 or 90 (days); got '${days}'`, [{ field: '--activity', reason: 'expected 30 or 90' }]);
    const card = await context.services.store.transaction(async (tx) => renderCaseCard(context.services, tx, (await loadCase(tx, id)).value, { access: 'full', ...(days === undefined ? {} : { timelineDays: days === '30' ? 30 : 90 }) }));
    return { card };
  },
};

export const caseNoteCommand: ChatCommand = {
  name: 'case note',
  usage: 'case note <case id> <text…>',
  summary: 'add a permanent note to a case',
  permission: 'investigateCases',
  async run(context, args) {
    const id = caseIdArgument(args);
    const text = args.positionals.slice(1).join(' ');
    const { services, caller } = context;
    await services.store.transaction(async (tx) => addCaseNote(tx, services, { case: await loadCase(tx, id), author: caller, text, now: services.clock.now().toISOString() }));
    services.kick();
    return { text: `Note added to case ${id.toUpperCase()}.` };
  },
};

export const caseContributorsCommand: ChatCommand = {
  name: 'case contributors',
  usage: 'case contributors <case id> [add|remove <upn|object id>]',
  summary: 'list, add or remove the named contributors of a case',
  permission: 'investigateCases',
  async run(context, args) {
    const id = caseIdArgument(args);
    const [, verb, who] = args.positionals;
    const { services, caller } = context;
    const now = services.clock.now().toISOString();
    if (verb === undefined) {
      const current = await services.store.transaction((tx) => loadCase(tx, id));
      return {
        card: tableCard({
          title: `Contributors of case ${current.value.id}`,
          subtitle: 'Analysts and investigators work every case; the people below were added to this one, with restricted rights.',
          headers: ['Name', 'Object id', 'Added by', 'Added'],
          rows: current.value.contributors.map((c) => [c.name ?? '', c.id, c.addedBy, formatUtc(c.addedAt)]),
          emptyText: 'No named contributors.',
        }),
      };
    }
    const action = choice(verb, ['add', 'remove'] as const, 'action');
    if (who === undefined) throw new ValidationError(`case contributors ${action} needs a UPN or an Entra object id`, [{ field: 'user', reason: 'required' }]);
    const found = await services.store.transaction((tx) => resolvePerson(tx, who, 'user'));
    const person = { id: found.aadObjectId, ...(found.name === undefined ? {} : { name: found.name }) };
    await services.store.transaction(async (tx) => {
      const current = await loadCase(tx, id);
      if (action === 'add') await addCaseContributor(tx, services, { case: current, by: caller, access: 'full', contributor: person, now });
      else await removeCaseContributor(tx, services, { case: current, by: caller, access: 'full', contributorId: person.id, now });
    });
    services.kick();
    return { text: `${action === 'add' ? 'Added' : 'Removed'} ${person.name ?? person.id} ${action === 'add' ? 'to' : 'from'} the contributors of case ${id.toUpperCase()}.` };
  },
};


export const caseResolveCommand: ChatCommand = {
  name: 'case resolve',
  usage: 'case resolve <case id> --as benign|confirmed --action "<action taken>"',
  summary: 'close a case as benign or a confirmed policy violation; its alerts become resolved',
  permission: 'investigateCases',
  options: ['as', 'action'],
  async run(context, args) {
    const id = caseIdArgument(args);
    const as = textOption(args.options.get('as'), 'as');
    const actionTaken = textOption(args.options.get('action'), 'action');
    if (as === undefined || actionTaken === undefined) throw new ValidationError('case resolve needs --as benign|confirmed and --action "what was done"', [{ field: as === undefined ? '--as' : '--action', reason: 'required' }]);
    const { services, caller } = context;
    const result = await services.store.transaction(async (tx) =>
      resolveCase(tx, services, { case: await loadCase(tx, id), by: caller, access: 'full', as: parseResolution(as), actionTaken, now: services.clock.now().toISOString() }),
    );
    services.kick();
    return { text: `Case ${result.case.id} closed as ${result.case.resolution?.as === 'Benign' ? 'benign' : 'a confirmed policy violation'}; ${result.alertsResolved} alert${result.alertsResolved === 1 ? '' : 's'} resolved.` };
  },
};

export interface CaseEscalateOptions {
  readonly publicUrl: () => string;
}

export function caseEscalateCommand(options: CaseEscalateOptions): ChatCommand {
  return {
    name: 'case escalate',
    usage: 'case escalate <case id>',
    summary: `export the case's evidence package (zip of JSON and CSV with a manifest of hashes; link valid ${EXPORT_LINK_MINUTES} minutes, once)`,
    permission: 'investigateCases',
    async run(context, args) {
      const id = caseIdArgument(args);
      const { services, caller } = context;
      const now = services.clock.now();
      const token = randomBytes(32).toString('base64url');
      const current = await services.store.transaction(async (tx) => {
        const found = await loadCase(tx, id);
        await createAuditExport(tx, { token, kind: 'evidence', caseId: found.value.id, requestedBy: caller, requestedAt: now.toISOString(), expiresAt: new Date(now.getTime() + EXPORT_LINK_MINUTES * 60_000).toISOString(), filters: {} });
        await services.audit(tx, { category: 'Cases', activity: 'Escalated case', actor: caller, target: found.value.id, details: { package: 'evidence zip' } });
        return found.value;
      });
      const url = `${options.publicUrl().replace(/\/+$/, '')}/api/downloads/${token}`;
      return { text: `Evidence package for case ${current.id} is ready: [download](${url}) (zip: case, alerts, activities, notes, audit, manifest of SHA-256 hashes). The link works once, for ${EXPORT_LINK_MINUTES} minutes.` };
    },
  };
}
