import { z } from 'zod';

/**
 * Sending e-mail (case notices to users, managers, HR) from a shared mailbox. Implemented over
 * Microsoft Graph `sendMail` in infra/graph (graph-mailer.ts).
 *
 * **At least once, not idempotent.** Graph has no idempotency key for sendMail: when an answer is
 * lost after Graph accepted the message, a retry sends it again. Callers record the notice as sent
 * (in the same unit of work as its `notice.sent` event) right after `sendMail` returns, so a
 * redelivered event does not send twice in the common case.
 *
 * A return means Graph accepted the message for delivery (202), not that it was delivered.
 *
 * Errors: ValidationError (the message breaks MailMessageSchema, or Graph refused it; issues name
 * the field); NotFoundError (the sending mailbox does not exist); PermissionDeniedError (the app
 * may not send as that mailbox: Mail.Send, or an application access policy); ThrottledError with
 * `retryAfterMs` / OperationalError after the client's retries (retry later);
 * UnauthenticatedError (the app's credentials).
 */

const Address = z.email({ error: 'expected an e-mail address' });

export const MailMessageSchema = z
  .object({
    /** The sending mailbox: its UPN (or Entra object id). */
    fromMailbox: z.string().trim().min(3, 'expected the sending mailbox (UPN or object id)'),
    to: z.array(Address).default([]),
    cc: z.array(Address).default([]),
    bcc: z.array(Address).default([]),
    subject: z.string().trim().min(1, 'expected a subject').max(255, 'expected at most 255 characters'),
    body: z.string(),
    contentType: z.enum(['Text', 'HTML'], { error: 'expected Text or HTML' }),
  })
  .refine((m) => m.to.length + m.cc.length + m.bcc.length > 0, { path: ['to'], error: 'expected at least one recipient (to, cc or bcc)' });
export type MailMessage = z.input<typeof MailMessageSchema>;

export interface Mailer {
  sendMail(message: MailMessage): Promise<void>;
}
