import { ValidationError } from '../../core/errors';
import { loadCase } from '../card-actions/case-action-support';
import { textOption } from './alert-filters';
import type { ChatCommand } from './chat-command';
import { typedEntries } from './list-arguments';
import { NOTICES_NOT_CONFIGURED, noticeOutcomeText, sendNoticeFromBot } from './notice-sending';

/**
 * `notice send <case id> --template <name>`: mails a notice to the case's user (irm-reference
 * §5.3), optionally overriding the template's subject, body or copies, optionally with a Teams
 * chat message to the user.
 *
 * Redelivery: the request id is a digest of who asked, what, and the UTC minute (the previous
 * minute's id is checked as well), so the same message delivered twice (a Bot Framework retry)
 * sends one mail. The cost: typing the very same command again within a minute or two is
 * answered "already sent"; change a word (the subject) or wait.
 */

const USAGE = 'notice send <case id> --template <name> [--subject "…"] [--body "…"] [--cc a,b|none] [--bcc a,b|none] [--teams]';

function addresses(raw: string | true | undefined, option: string): string[] | undefined {
  const text = textOption(raw, option);
  if (text === undefined) return undefined;
  return text.toLowerCase() === 'none' ? [] : typedEntries(text.split(/\s+/));
}

export const noticeSendCommand: ChatCommand = {
  name: 'notice send',
  usage: USAGE,
  summary: "mail a notice from a template to a case's user; it is added to the case notes",
  permission: 'investigateCases',
  options: ['template', 'subject', 'body', 'cc', 'bcc', 'teams'],
  flags: ['teams'],
  async run(context, args) {
    const { services, caller } = context;
    const caseId = args.positionals[0];
    if (caseId === undefined) throw new ValidationError("name the case: its id, like C-1B2C3D4E5F60 (see 'case list')", [{ field: 'case', reason: 'required' }]);
    if (args.positionals.length > 1) throw new ValidationError(`one case id, then options; quote multi-word values: ${USAGE}`, [{ field: 'case', reason: 'expected one case id' }]);
    const template = textOption(args.options.get('template'), 'template');
    if (template === undefined) throw new ValidationError("notice send needs --template <name> (see 'notice-template list')", [{ field: '--template', reason: 'required' }]);
    if (services.notices === undefined) return { text: `⚠️ ${NOTICES_NOT_CONFIGURED}` };
    const subject = textOption(args.options.get('subject'), 'subject');
    const body = textOption(args.options.get('body'), 'body');
    const cc = addresses(args.options.get('cc'), 'cc');
    const bcc = addresses(args.options.get('bcc'), 'bcc');
    const overrides = { ...(subject === undefined ? {} : { subject }), ...(body === undefined ? {} : { body }), ...(cc === undefined ? {} : { cc }), ...(bcc === undefined ? {} : { bcc }) };
    const teams = args.options.get('teams') !== undefined;
    const found = await services.store.transaction((tx) => loadCase(tx, caseId));
    const now = services.clock.now().getTime();
    const requestIdAt = (time: number): string =>
      `chat:${services.hasher.sha256Hex(JSON.stringify([caller.id, found.value.id, template.toLowerCase(), overrides, teams, new Date(time).toISOString().slice(0, 16)])).slice(0, 32)}`;
    // This minute's id, and the previous minute's checked too: a redelivery may cross the minute.
    const result = await sendNoticeFromBot(services, caller, { case: found.value, template, requestId: requestIdAt(now), earlierRequestIds: [requestIdAt(now - 60_000)], overrides, teams });
    if (result === undefined) return { text: `⚠️ ${NOTICES_NOT_CONFIGURED}` };
    return { text: `${noticeOutcomeText(result)} (case ${found.value.id})` };
  },
};
