import { formatUtc } from '../../cards/common/format';
import { noticeCard } from '../../cards/notice/notice.card';
import { tableCard } from '../../cards/table/table.card';
import { ValidationError, type ValidationIssue } from '../../core/errors';
import type { NoticeTemplate, NoticeTemplateFields } from '../../core/notices/notice-template';
import {
  createNoticeTemplate,
  deleteNoticeTemplate,
  editNoticeTemplate,
  findNoticeTemplate,
  listNoticeTemplates,
  type NoticeTemplatePatch,
} from '../../core/notices/notice-template.repository';
import { validationFailure } from '../../core/settings/validation-issues';
import { textOption } from './alert-filters';
import type { ChatCommand, CommandContext } from './chat-command';
import type { ParsedArguments } from './command-text';
import { fitRows, typedEntries } from './list-arguments';

/**
 * `notice-template list|show|create|edit|delete`: the notice templates of irm-reference §6, for
 * the IRM, Analysts and Investigators role groups. The name is every word that is not an option,
 * so `notice-template show Policy reminder` needs no quotes.
 *
 * An HTML body typed in Teams arrives entity-escaped (Teams escapes markup people type), which the
 * command reader decodes; the body is then sanitised when saved. Single-quoted attributes
 * (`<a href='https://…'>`, the style the reference asks for) fit inside a double-quoted --body.
 */

/** Our core field names as the options people typed, so a message points at what to retype. */
const OPTION_OF_FIELD: Readonly<Record<string, string>> = { sendFrom: '--from', subject: '--subject', body: '--body', cc: '--cc', bcc: '--bcc', bodyType: '--html' };

function asOptions(error: unknown): unknown {
  if (!(error instanceof ValidationError) || error.issues.length === 0) return error;
  const issues: ValidationIssue[] = error.issues.map((i) => {
    const field = i.field ?? '';
    const head = /^[a-zA-Z]+/.exec(field)?.[0] ?? '';
    const option = OPTION_OF_FIELD[head];
    return option === undefined ? i : { ...i, field: `${option}${field.slice(head.length)}` };
  });
  return validationFailure('The notice template', issues);
}

function nameOf(args: ParsedArguments, usage: string): string {
  const name = args.positionals.join(' ').trim();
  if (name === '') throw new ValidationError(`name the notice template: ${usage}`, [{ field: 'name', reason: 'required' }]);
  return name;
}

/** `--cc a@x.com,b@x.com` (commas or spaces); `--cc none` clears the list. */
function addresses(raw: string | true | undefined, option: string): string[] | undefined {
  const text = textOption(raw, option);
  if (text === undefined) return undefined;
  if (text.toLowerCase() === 'none') return [];
  return typedEntries(text.split(/\s+/));
}

function bodyTypeOf(args: ParsedArguments): 'Text' | 'HTML' | undefined {
  const html = args.options.get('html') !== undefined;
  const text = args.options.get('text') !== undefined;
  if (html && text) throw new ValidationError('give --html or --text, not both', [{ field: '--html', reason: 'conflicts with --text' }]);
  return html ? 'HTML' : text ? 'Text' : undefined;
}

function removedText(removed: readonly string[]): string {
  return removed.length === 0 ? '' : ` Removed from the HTML body (not allowed in notices): ${removed.join(', ')}.`;
}

async function withMappedErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asOptions(error);
  }
}

export const noticeTemplateListCommand: ChatCommand = {
  name: 'notice-template list',
  usage: 'notice-template list',
  summary: 'the notice templates, newest first',
  permission: 'configureNoticeTemplates',
  async run(context) {
    const templates = await context.services.store.transaction((tx) => listNoticeTemplates(tx));
    const fitted = fitRows(templates.map((t) => [t.name, t.sendFrom, t.subject, t.bodyType, `${formatUtc(t.createdAt)} (${t.createdBy.name ?? t.createdBy.id})`]));
    return {
      card: tableCard({
        title: 'Notice templates',
        subtitle: `${templates.length} template${templates.length === 1 ? '' : 's'}; notices go only to the case's user.`,
        headers: ['Name', 'Send from', 'Subject', 'Body', 'Created'],
        widths: [3, 3, 4, 1, 3],
        rows: fitted.rows,
        emptyText: "No notice templates yet; create one with 'notice-template create <name> --from … --subject \"…\" --body \"…\"'.",
        footer: fitted.omitted > 0 ? `${fitted.omitted} more templates not shown.` : '',
      }),
    };
  },
};

/** What a template shows in chat; a long body is cut (the stored body is whole). */
const SHOWN_BODY = 2_000;

function templateCard(template: NoticeTemplate): ReturnType<typeof noticeCard> {
  const body = template.body.length > SHOWN_BODY ? `${template.body.slice(0, SHOWN_BODY - 1)}…` : template.body;
  return noticeCard({
    title: `Notice template: ${template.name}`,
    text: body,
    facts: [
      { title: 'Send from', value: template.sendFrom },
      { title: 'Cc', value: template.cc.join(', ') || '—' },
      { title: 'Bcc', value: template.bcc.join(', ') || '—' },
      { title: 'Subject', value: template.subject },
      { title: 'Body', value: template.bodyType === 'HTML' ? 'HTML (source shown)' : 'Text' },
      { title: 'Created', value: `${formatUtc(template.createdAt)} by ${template.createdBy.name ?? template.createdBy.id}` },
      { title: 'Updated', value: `${formatUtc(template.updatedAt)} by ${template.updatedBy.name ?? template.updatedBy.id}` },
    ],
  });
}

export const noticeTemplateShowCommand: ChatCommand = {
  name: 'notice-template show',
  usage: 'notice-template show <name>',
  summary: 'a notice template: sender, copies, subject and body',
  permission: 'configureNoticeTemplates',
  async run(context, args) {
    const name = nameOf(args, 'notice-template show <name>');
    const found = await context.services.store.transaction((tx) => findNoticeTemplate(tx, name));
    return { card: templateCard(found.value) };
  },
};

const CREATE_USAGE = 'notice-template create <name> --from <mailbox> --subject "…" --body "…" [--html] [--cc a,b] [--bcc a,b]';

export const noticeTemplateCreateCommand: ChatCommand = {
  name: 'notice-template create',
  usage: CREATE_USAGE,
  summary: 'create a notice template (text, or HTML with --html)',
  permission: 'configureNoticeTemplates',
  options: ['from', 'subject', 'body', 'html', 'text', 'cc', 'bcc'],
  flags: ['html', 'text'],
  async run(context, args) {
    const { services, caller } = context;
    const name = nameOf(args, CREATE_USAGE);
    const sendFrom = textOption(args.options.get('from'), 'from') ?? services.notices?.mailbox;
    const subject = textOption(args.options.get('subject'), 'subject');
    const body = textOption(args.options.get('body'), 'body');
    const missing = [sendFrom === undefined ? '--from' : undefined, subject === undefined ? '--subject' : undefined, body === undefined ? '--body' : undefined].filter((m): m is string => m !== undefined);
    if (sendFrom === undefined || subject === undefined || body === undefined) {
      throw new ValidationError(`notice-template create needs ${missing.join(', ')}${missing.includes('--from') ? ' (the sending mailbox; IRM_NOTICE_MAILBOX is not configured to default it)' : ''}`, missing.map((field) => ({ field, reason: 'required' })));
    }
    const cc = addresses(args.options.get('cc'), 'cc');
    const bcc = addresses(args.options.get('bcc'), 'bcc');
    const fields: NoticeTemplateFields = { name, sendFrom, subject, body, bodyType: bodyTypeOf(args) ?? 'Text', ...(cc === undefined ? {} : { cc }), ...(bcc === undefined ? {} : { bcc }) };
    const saved = await withMappedErrors(() => services.store.transaction((tx) => createNoticeTemplate(tx, services, { fields, actor: caller, now: services.clock.now().toISOString() })));
    return { text: `Created the notice template **${saved.template.name}** (${saved.template.bodyType}, from ${saved.template.sendFrom}).${removedText(saved.removed)}` };
  },
};

const EDIT_USAGE = 'notice-template edit <name> [--from …] [--subject "…"] [--body "…"] [--html|--text] [--cc a,b|none] [--bcc a,b|none]';

export const noticeTemplateEditCommand: ChatCommand = {
  name: 'notice-template edit',
  usage: EDIT_USAGE,
  summary: 'change fields of a notice template (its name stays)',
  permission: 'configureNoticeTemplates',
  options: ['from', 'subject', 'body', 'html', 'text', 'cc', 'bcc'],
  flags: ['html', 'text'],
  async run(context, args) {
    const { services, caller } = context;
    const name = nameOf(args, EDIT_USAGE);
    const sendFrom = textOption(args.options.get('from'), 'from');
    const subject = textOption(args.options.get('subject'), 'subject');
    const body = textOption(args.options.get('body'), 'body');
    const cc = addresses(args.options.get('cc'), 'cc');
    const bcc = addresses(args.options.get('bcc'), 'bcc');
    const bodyType = bodyTypeOf(args);
    const patch: NoticeTemplatePatch = {
      ...(sendFrom === undefined ? {} : { sendFrom }),
      ...(subject === undefined ? {} : { subject }),
      ...(body === undefined ? {} : { body }),
      ...(cc === undefined ? {} : { cc }),
      ...(bcc === undefined ? {} : { bcc }),
      ...(bodyType === undefined ? {} : { bodyType }),
    };
    if (Object.keys(patch).length === 0) throw new ValidationError(`say what to change: ${EDIT_USAGE}`, [{ field: 'options', reason: 'expected at least one of --from, --subject, --body, --html, --text, --cc, --bcc' }]);
    const saved = await withMappedErrors(() => services.store.transaction((tx) => editNoticeTemplate(tx, services, { name, patch, actor: caller, now: services.clock.now().toISOString() })));
    if (saved.changed.length === 0) return { text: `Nothing changed: **${saved.template.name}** already has those values.` };
    return { text: `Edited the notice template **${saved.template.name}**: ${saved.changed.map((f) => OPTION_OF_FIELD[f] ?? f).join(', ')}.${removedText(saved.removed)}` };
  },
};

export const noticeTemplateDeleteCommand: ChatCommand = {
  name: 'notice-template delete',
  usage: 'notice-template delete <name>',
  summary: 'delete a notice template (notices already sent stay in the case notes)',
  permission: 'configureNoticeTemplates',
  async run(context: CommandContext, args) {
    const { services, caller } = context;
    const name = nameOf(args, 'notice-template delete <name>');
    const deleted = await services.store.transaction((tx) => deleteNoticeTemplate(tx, services, { name, actor: caller }));
    return { text: `Deleted the notice template **${deleted.name}**. Notices already sent with it stay in their cases' notes.` };
  },
};
