import { z } from 'zod';
import { ConnectorError, type ActionOperation } from '../../engine/contracts';
import type { FlowConnectorContext } from '../connector-context';
import { badParameter, errorOutputs, notConfigured, withConnectorErrors } from '../connector-errors';
import { addressList, splitAddresses } from './address-list';

/**
 * Send an email (V2), `shared_office365` `SendEmailV2`: the swagger's `ClientSendHtmlMessage` in
 * the body parameter `emailMessage` (flows write it flattened: `emailMessage/To` …).
 *
 * Sent through the Mailer port from the flow mailbox (`context.mailbox`, IRM_FLOW_MAILBOX), with
 * the body as HTML. `From` ("send as") may only name that same mailbox: the app is granted
 * Mail.Send for it, and letting a flow definition pick any sender would let whoever edits flows
 * send as anyone (403).
 *
 * What the Mailer port cannot carry is refused rather than dropped where dropping would change
 * the message's meaning: `ReplyTo`, `Attachments` and `Sensitivity` answer 400. `Importance` is
 * accepted and validated but not conveyed (the port has no such field; it is a display hint).
 *
 * At least once: like the port, a retried step may send the message twice (see core/ports/mailer.ts).
 */

const Importance = z.enum(['Low', 'Normal', 'High'], { error: 'expected Low, Normal or High' });

export const SendEmailV2ParametersSchema = z.object({
  emailMessage: z.object(
    {
      To: addressList('the recipients'),
      Subject: z.string({ error: 'expected the subject' }).trim().min(1, 'expected a subject').max(255, 'expected at most 255 characters'),
      Body: z.string({ error: 'expected the body (HTML)' }),
      From: z.email({ error: 'expected the sending mailbox address' }).optional(),
      Cc: addressList('the Cc recipients').optional(),
      Bcc: addressList('the Bcc recipients').optional(),
      Importance: z.preprocess((v) => (typeof v === 'string' ? capitalize(v) : v), Importance).optional(),
      ReplyTo: z.string().optional(),
      Attachments: z.array(z.unknown()).optional(),
      Sensitivity: z.string().optional(),
    },
    { error: 'expected emailMessage with To, Subject and Body' },
  ),
});
export type SendEmailV2Parameters = z.infer<typeof SendEmailV2ParametersSchema>;

function capitalize(text: string): string {
  const t = text.trim();
  return t.length === 0 ? t : t[0].toUpperCase() + t.slice(1).toLowerCase();
}

export const sendEmailV2: ActionOperation<SendEmailV2Parameters, FlowConnectorContext> = {
  kind: 'action',
  api: 'shared_office365',
  operationId: 'SendEmailV2',
  summary: 'Send an email (V2)',
  parameters: SendEmailV2ParametersSchema,
  async execute(parameters, context) {
    const message = parameters.emailMessage;
    const mailbox = context.mailbox?.trim();
    if (mailbox === undefined || mailbox === '') throw notConfigured('SendEmailV2: no flow mailbox configured (IRM_FLOW_MAILBOX)');
    if (message.From !== undefined && message.From.trim() !== '' && message.From.trim().toLowerCase() !== mailbox.toLowerCase()) {
      const denied = `SendEmailV2: emailMessage/From '${message.From}' is not the flow mailbox; flows may send only as ${mailbox}`;
      throw new ConnectorError(denied, 403, errorOutputs(403, 'SendAsDenied', denied));
    }
    if (message.ReplyTo !== undefined && message.ReplyTo.trim() !== '') throw badParameter('emailMessage/ReplyTo', 'is not supported here (the mailer cannot set a reply-to address)');
    if (message.Attachments !== undefined && message.Attachments.length > 0) throw badParameter('emailMessage/Attachments', 'attachments are not supported here');
    if (message.Sensitivity !== undefined && message.Sensitivity.trim() !== '') throw badParameter('emailMessage/Sensitivity', 'sensitivity labels are not supported here');
    const to = splitAddresses(message.To);
    const cc = splitAddresses(message.Cc);
    const bcc = splitAddresses(message.Bcc);
    if (to.length + cc.length + bcc.length === 0) throw badParameter('emailMessage/To', 'expected at least one recipient (To, Cc or Bcc)');
    await withConnectorErrors(`SendEmailV2 (from ${mailbox})`, () =>
      context.mailer.sendMail({ fromMailbox: mailbox, to, cc, bcc, subject: message.Subject, body: message.Body, contentType: 'HTML' }),
    );
    // The swagger's 200 has no schema: the real connector answers without a body.
    return { statusCode: 200 };
  },
};
