import type { Caller } from '../../core/access/access-control';
import type { Case } from '../../core/cases/case';
import { type NoticeOverrides, sendNotice, type SendNoticeResult } from '../../core/notices/send-notice';
import type { BotServices } from '../bot-services';

/** What `notice send` and the case card's "Send notice" share: the not-configured answer and the call into core. */

export const NOTICES_NOT_CONFIGURED =
  'Notice mail is not configured on this server: set the Microsoft Graph credentials (GRAPH_TENANT_ID, GRAPH_CLIENT_ID and ' +
  'GRAPH_CLIENT_SECRET, or GRAPH_USE_MANAGED_IDENTITY=true) and IRM_NOTICE_MAILBOX, then restart. Nothing was sent.';

export interface NoticeRequest {
  readonly case: Pick<Case, 'id' | 'userId'>;
  readonly template: string;
  readonly requestId: string;
  readonly earlierRequestIds?: readonly string[];
  readonly overrides?: NoticeOverrides;
  readonly teams?: boolean;
}

/** Undefined when notices are not configured (the caller answers NOTICES_NOT_CONFIGURED). */
export async function sendNoticeFromBot(services: BotServices, caller: Caller, request: NoticeRequest): Promise<SendNoticeResult | undefined> {
  const delivery = services.notices;
  if (delivery === undefined) return undefined;
  const result = await sendNotice(
    { store: services.store, clock: services.clock, hasher: services.hasher, audit: services.audit, delivery },
    {
      case: { userId: request.case.userId, id: request.case.id },
      template: request.template,
      requestId: request.requestId,
      ...(request.earlierRequestIds === undefined ? {} : { earlierRequestIds: request.earlierRequestIds }),
      by: caller,
      ...(request.overrides === undefined ? {} : { overrides: request.overrides }),
      ...(request.teams === undefined ? {} : { teams: request.teams }),
    },
  );
  if (!result.alreadySent) services.kick();
  return result;
}

/** One sentence on the outcome, without the user's address (the sender may see pseudonyms only). */
export function noticeOutcomeText(result: SendNoticeResult): string {
  const name = `'${result.notice.templateName}'`;
  if (result.alreadySent) return `Notice ${name} was already sent for this request (${result.notice.sentAt ?? 'earlier'}); nothing was mailed again.`;
  const teams =
    result.notice.teams === 'sent'
      ? ' They were also told in a Teams chat.'
      : result.notice.teams === 'no conversation'
        ? ' No Teams chat with them is known, so none was sent.'
        : result.notice.teams === 'failed'
          ? ' The Teams chat message could not be sent (the mail was).'
          : '';
  return `Notice ${name} sent to the case's user: ${result.notice.subject}. Added to the case notes.${teams}`;
}
