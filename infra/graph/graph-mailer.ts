import type { Message, Recipient } from '@microsoft/microsoft-graph-types';
import { MailMessageSchema, type MailMessage, type Mailer } from '../../core/ports/mailer';
import { issuesFromZod, validationFailure } from '../../core/settings/validation-issues';
import type { GraphConnection } from './graph-client';
import { withGraphErrors } from './graph-errors';

/**
 * Mailer over Graph: `POST /users/{from}/sendMail` with `{ message, saveToSentItems }` → 202 with
 * no body. The sent copy is kept in the mailbox's Sent Items (saveToSentItems true), which is
 * where an auditor of notices would look.
 *
 * Graph's generated types spell body content types in lower case (`text`, `html`); Graph reads
 * enums case-insensitively, so the port's `Text` / `HTML` are sent as the types have them.
 */
export interface GraphMailerOptions {
  readonly connection: GraphConnection;
}

type SendMailBody = { readonly message: Message; readonly saveToSentItems: boolean };

function recipients(addresses: readonly string[]): Recipient[] {
  return addresses.map((address) => ({ emailAddress: { address } }) satisfies Recipient);
}

export function createGraphMailer(options: GraphMailerOptions): Mailer {
  const { client } = options.connection;
  return {
    async sendMail(message: MailMessage): Promise<void> {
      const parsed = MailMessageSchema.safeParse(message);
      if (!parsed.success) throw validationFailure('The mail', issuesFromZod(parsed.error));
      const mail = parsed.data;
      const body = {
        message: {
          subject: mail.subject,
          body: { contentType: mail.contentType === 'HTML' ? 'html' : 'text', content: mail.body },
          toRecipients: recipients(mail.to),
          ccRecipients: recipients(mail.cc),
          bccRecipients: recipients(mail.bcc),
        },
        saveToSentItems: true,
      } satisfies SendMailBody;
      const path = `/users/${encodeURIComponent(mail.fromMailbox)}/sendMail`;
      await withGraphErrors({ action: 'send mail', resource: mail.fromMailbox, field: 'message' }, () => client.api(path).post(body) as Promise<unknown>);
    },
  };
}
