import { z } from 'zod';
import { type Case, casesCollection } from '../cases/case';
import { withNote } from '../cases/case-service';
import { getCase } from '../cases/case.repository';
import { conversationsCollection } from '../conversations/conversation';
import { ConflictError, isAppError, ValidationError } from '../errors';
import { SYSTEM_PARTITION } from '../persistence/collections';
import type { RecordAudit } from '../ports/audit-trail';
import type { Clock } from '../ports/clock';
import type { Hasher } from '../ports/hasher';
import { type MailMessage, MailMessageSchema, type Mailer } from '../ports/mailer';
import type { ConversationAddress, Messenger } from '../ports/messenger';
import type { Store, StoreTransaction } from '../ports/store';
import { issuesFromZod, validationFailure } from '../settings/validation-issues';
import { sanitizeHtml } from './html-sanitizer';
import { type NoticeRecord, noticesCollection } from './notice';
import { NOTICE_SUBJECT_MAX, NoticeAddressListSchema, type NoticeTemplate } from './notice-template';
import { findNoticeTemplate } from './notice-template.repository';

/**
 * Sending a notice from a case (irm-reference §5.3, §6): the template's fields, overridden per send
 * where the sender says so, mailed only to the case's user (their directory `mail`, else their
 * UPN); then, in one unit of work, the case note, the audit entry (Cases / Sent notice) and the
 * `notice.sent` event. Sending does not close the case.
 *
 * **Idempotency.** A notice's id comes from the case, the template and the request id (a chat
 * message, a card's render), so a redelivered request maps to the same record:
 * - absent or `failed` → recorded as `sending` (unit of work 1), then mailed;
 * - after Graph accepted the mail → `sent` with the note, audit and event (unit of work 2);
 * - the mail failed → `failed` (so the same request may try again), the error goes up;
 * - `sent` → nothing is mailed again; the caller is told it was already sent;
 * - `sending` → refused with ConflictError: another delivery is sending it right now, or one died
 *   between recording `sending` and recording `sent`.
 *
 * The residual window: if the process dies after Graph accepted the mail and before unit of work 2
 * commits, the notice stays `sending` — the user got the mail but the case has no note of it, and
 * the same request is refused rather than risk a second mail (a new request sends again). And as
 * the Mailer port says, when Graph accepted a mail but its answer was lost, the send counts as
 * failed and a retry mails twice: Graph's sendMail has no idempotency key.
 */

export interface NoticeDelivery {
  readonly mailer: Mailer;
  /** For the optional Teams chat message to the user; without it, `teams` is reported as not sent. */
  readonly messenger?: Messenger;
}

export interface SendNoticeDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly hasher: Hasher;
  readonly audit: RecordAudit;
  readonly delivery: NoticeDelivery;
}

/** Per-send values that replace the template's (an absent field keeps the template's). */
export interface NoticeOverrides {
  readonly subject?: string;
  readonly body?: string;
  readonly cc?: readonly string[];
  readonly bcc?: readonly string[];
}

export interface SendNoticeInput {
  /** Where the case is: its user (the partition) and id. */
  readonly case: { readonly userId: string; readonly id: string };
  /** Template name (any case) or id. */
  readonly template: string;
  /** Identifies the request, so that its redelivery is recognised (1 to 200 characters). */
  readonly requestId: string;
  /**
   * Ids the same request may have been given before, checked too but never written: a chat
   * command's id is bucketed by minute, and a redelivery can land in the next minute.
   */
  readonly earlierRequestIds?: readonly string[];
  readonly overrides?: NoticeOverrides;
  readonly by: { readonly id: string; readonly name?: string };
  /** Also tell the user in a Teams chat, when the bot has a personal chat with them. */
  readonly teams?: boolean;
}

export type TeamsOutcome = NonNullable<NoticeRecord['teams']>;

export interface SendNoticeResult {
  readonly notice: NoticeRecord;
  /** True when this request had been sent before: nothing was mailed now. */
  readonly alreadySent: boolean;
  readonly case: Case;
  /** The address the mail went to. */
  readonly to: string;
}

const OverridesSchema = z.object({
  subject: z.string().trim().min(1, 'expected a subject').max(NOTICE_SUBJECT_MAX, `expected at most ${NOTICE_SUBJECT_MAX} characters`).optional(),
  body: z.string().trim().min(1, 'expected a message body').optional(),
  cc: NoticeAddressListSchema.optional(),
  bcc: NoticeAddressListSchema.optional(),
});

const RequestIdSchema = z.string().min(1, 'expected a request id').max(200, 'expected at most 200 characters');

/** Unit of work 2 may meet a concurrent change to the case (a note, a contributor); it retries on a fresh read. */
const RECORD_ATTEMPTS = 5;

export function noticeIdOf(hasher: Hasher, caseId: string, templateId: string, requestId: string): string {
  return `N-${hasher.sha256Hex(`${caseId}\n${templateId}\n${requestId}`).slice(0, 20).toUpperCase()}`;
}

/** The mail for this case and template, overrides applied; every problem named by field. */
export function buildNoticeMail(template: NoticeTemplate, to: string, overrides: NoticeOverrides = {}): MailMessage & { readonly to: string[] } {
  const parsed = OverridesSchema.safeParse(overrides);
  if (!parsed.success) throw validationFailure('The notice', issuesFromZod(parsed.error));
  const o = parsed.data;
  let body = o.body ?? template.body;
  if (template.bodyType === 'HTML') {
    body = sanitizeHtml(body).html;
    if (body === '') throw new ValidationError('body: expected HTML with some content left after removing what is not allowed', [{ field: 'body', reason: 'nothing left after sanitising the HTML' }]);
  }
  const message = { fromMailbox: template.sendFrom, to: [to], cc: o.cc ?? template.cc, bcc: o.bcc ?? template.bcc, subject: o.subject ?? template.subject, body, contentType: template.bodyType };
  const checked = MailMessageSchema.safeParse(message);
  if (!checked.success) throw validationFailure('The notice', issuesFromZod(checked.error));
  return message;
}

interface Prepared {
  readonly kind: 'send';
  readonly record: NoticeRecord;
  readonly mail: MailMessage & { readonly to: string[] };
  readonly conversation?: ConversationAddress;
}

export async function sendNotice(deps: SendNoticeDeps, input: SendNoticeInput): Promise<SendNoticeResult> {
  const requestId = RequestIdSchema.safeParse(input.requestId);
  if (!requestId.success) throw validationFailure('The notice request', issuesFromZod(requestId.error, 'requestId'));
  const prepared = await deps.store.transaction(async (tx): Promise<Prepared | SendNoticeResult> => {
    const current = (await getCase(tx, input.case.userId, input.case.id)).value;
    const template = (await findNoticeTemplate(tx, input.template)).value;
    const id = noticeIdOf(deps.hasher, current.id, template.id, requestId.data);
    const notices = tx.documents(noticesCollection);
    const existing = await notices.get(current.userId, id);
    const user = (await tx.users.get(current.userId))?.value;
    const to = (user?.mail ?? current.userId).trim().toLowerCase();
    const earlier: NoticeRecord[] = [];
    for (const other of input.earlierRequestIds ?? []) {
      const found = await notices.get(current.userId, noticeIdOf(deps.hasher, current.id, template.id, other));
      if (found !== undefined) earlier.push(found.value);
    }
    const sentBefore = [existing?.value, ...earlier].find((r) => r?.state === 'sent');
    if (sentBefore !== undefined) return { notice: sentBefore, alreadySent: true, case: current, to };
    if (existing?.value.state === 'sending' || earlier.some((r) => r.state === 'sending')) {
      throw new ConflictError(
        `notice '${template.name}' for case ${current.id} (this request) is already being sent, or an earlier attempt stopped before it was recorded; ` +
          'check the case notes and the sending mailbox, and send it again from a new request if the user did not get it',
      );
    }
    if (current.status !== 'Active') throw new ConflictError(`case ${current.id} is closed; notices are sent from active cases only`);
    const mail = buildNoticeMail(template, to, input.overrides);
    const now = deps.clock.now().toISOString();
    const record: NoticeRecord = {
      id,
      caseId: current.id,
      userId: current.userId,
      templateId: template.id,
      templateName: template.name,
      requestId: requestId.data,
      state: 'sending',
      subject: mail.subject,
      attempts: (existing?.value.attempts ?? 0) + 1,
      startedAt: now,
      by: input.by,
      teams: input.teams === true ? 'no conversation' : 'not requested',
    };
    if (existing === undefined) await notices.create(current.userId, id, record);
    else await notices.replace(current.userId, id, record, existing.etag);
    const conversation = input.teams === true && user?.objectId !== undefined ? await personalChatWith(tx, user.objectId) : undefined;
    return { kind: 'send', record, mail, ...(conversation === undefined ? {} : { conversation }) };
  });
  if (!('kind' in prepared)) return prepared;

  try {
    await deps.delivery.mailer.sendMail(prepared.mail);
  } catch (error) {
    await deps.store.transaction(async (tx) => {
      const notices = tx.documents(noticesCollection);
      const stored = await notices.get(prepared.record.userId, prepared.record.id);
      if (stored === undefined) return;
      await notices.replace(prepared.record.userId, prepared.record.id, { ...stored.value, state: 'failed', failure: isAppError(error) ? error.code : 'unexpected' }, stored.etag);
    });
    throw error;
  }

  let teams: TeamsOutcome = prepared.record.teams ?? 'not requested';
  if (prepared.conversation !== undefined && deps.delivery.messenger !== undefined) {
    try {
      await deps.delivery.messenger.sendToConversation(prepared.conversation, {
        text: `**${prepared.mail.subject}**\n\nInsider risk management has sent you a notice by e-mail (to ${prepared.mail.to[0]}). Please read it in your mailbox.`,
      });
      teams = 'sent';
    } catch {
      // The mail went out, so the notice is sent and must be recorded: the missing chat message is
      // recorded (record, note, event, audit) and reported to the sender instead of thrown.
      teams = 'failed';
    }
  }
  return recordSent(deps, prepared, teams);
}

async function personalChatWith(tx: StoreTransaction, objectId: string): Promise<ConversationAddress | undefined> {
  const found = await tx.documents(conversationsCollection).query({ partition: SYSTEM_PARTITION, where: { kind: 'personal', userAadObjectId: objectId.toLowerCase() }, limit: 10 });
  const chat = found.map((d) => d.value).find((c) => c.removedAt === undefined);
  if (chat === undefined) return undefined;
  return { serviceUrl: chat.serviceUrl, conversationId: chat.conversationId, ...(chat.tenantId === undefined ? {} : { tenantId: chat.tenantId }) };
}

async function recordSent(deps: SendNoticeDeps, prepared: Prepared, teams: TeamsOutcome): Promise<SendNoticeResult> {
  const { record, mail } = prepared;
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.store.transaction(async (tx) => {
        const now = deps.clock.now().toISOString();
        const stored = await getCase(tx, record.userId, record.caseId);
        // The mail is out: its note is kept even if the case was closed in the meantime.
        const text = `Notice '${record.templateName}' sent to the user: ${mail.subject}${teams === 'sent' ? ' (also announced in Teams chat)' : ''}`;
        const next = withNote(stored.value, record.by, text, 'system', now);
        await tx.documents(casesCollection).replace(record.userId, record.caseId, next, stored.etag);
        const notices = tx.documents(noticesCollection);
        const current = await notices.get(record.userId, record.id);
        const sent: NoticeRecord = { ...(current?.value ?? record), state: 'sent', sentAt: now, teams };
        delete (sent as { failure?: string }).failure;
        if (current === undefined) await notices.create(record.userId, record.id, sent);
        else await notices.replace(record.userId, record.id, sent, current.etag);
        const noteId = next.notes[next.notes.length - 1].id;
        await tx.outbox.append([
          { id: `notice.sent:${record.id}`, type: 'notice.sent', subject: record.userId, time: now, data: { noticeId: record.id, caseId: record.caseId, userId: record.userId, templateId: record.templateId, templateName: record.templateName, subject: mail.subject, by: record.by.id, teams } },
          { id: `case.updated:${noteId}`, type: 'case.updated', subject: record.userId, time: now, data: { caseId: record.caseId, userId: record.userId, change: 'notice', noteId, noticeId: record.id } },
        ]);
        await deps.audit(tx, {
          category: 'Cases',
          activity: 'Sent notice',
          actor: record.by,
          target: record.caseId,
          details: { noticeId: record.id, template: record.templateName, subject: mail.subject, cc: mail.cc?.length ?? 0, bcc: mail.bcc?.length ?? 0, teams },
        });
        return { notice: sent, alreadySent: false, case: next, to: mail.to[0] };
      });
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= RECORD_ATTEMPTS) throw error;
    }
  }
}
