import { z } from 'zod';
import type { CollectionDefinition } from '../ports/document-collection';

/**
 * Notice templates (irm-reference §6): the mails an analyst sends a case's user from the case.
 * Name, Send from, Cc, Bcc, Subject, Message body (text or HTML). The reference documents no limit
 * on the number of templates or the body's length; we cap the body at what a mail reasonably
 * holds so one template cannot bloat every case card that lists them.
 */

export const NOTICE_TEMPLATE_NAME_MAX = 64;
export const NOTICE_SUBJECT_MAX = 255;
export const NOTICE_BODY_MAX = 100_000;
/** Cc plus Bcc per list; Graph accepts far more, a notice to one user does not need them. */
export const NOTICE_COPY_MAX = 50;

export const BODY_TYPES = ['Text', 'HTML'] as const;
export type BodyType = (typeof BODY_TYPES)[number];

const Address = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'expected an e-mail address such as hr@contoso.com' }));

export const NoticeAddressListSchema = z.array(Address).max(NOTICE_COPY_MAX, `expected at most ${NOTICE_COPY_MAX} addresses`);

/** What an author gives (create) or may change (edit). */
export const NoticeTemplateFieldsSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'expected a name')
    .max(NOTICE_TEMPLATE_NAME_MAX, `expected at most ${NOTICE_TEMPLATE_NAME_MAX} characters`),
  /** The From address: a mailbox the app may send as (Graph Mail.Send, application access policy). */
  sendFrom: Address,
  cc: NoticeAddressListSchema.default([]),
  bcc: NoticeAddressListSchema.default([]),
  subject: z.string().trim().min(1, 'expected a subject').max(NOTICE_SUBJECT_MAX, `expected at most ${NOTICE_SUBJECT_MAX} characters`),
  body: z.string().trim().min(1, 'expected a message body').max(NOTICE_BODY_MAX, `expected at most ${NOTICE_BODY_MAX} characters`),
  bodyType: z.enum(BODY_TYPES, { error: 'expected Text or HTML' }).default('Text'),
});
export type NoticeTemplateFields = z.input<typeof NoticeTemplateFieldsSchema>;

export const NoticeTemplateSchema = NoticeTemplateFieldsSchema.extend({
  id: z.string().min(1),
  /** Lower-case name: names are unique regardless of case. */
  nameKey: z.string().min(1),
  createdAt: z.iso.datetime(),
  createdBy: z.object({ id: z.string(), name: z.string().optional() }),
  updatedAt: z.iso.datetime(),
  updatedBy: z.object({ id: z.string(), name: z.string().optional() }),
});
export type NoticeTemplate = z.output<typeof NoticeTemplateSchema>;

/**
 * Partition `system`, id derived from the lower-case name, so two people creating the same name
 * at once collide on the store's insert (one ConflictError) instead of both succeeding.
 */
export const noticeTemplatesCollection: CollectionDefinition<NoticeTemplate> = {
  name: 'notice-templates',
  schema: NoticeTemplateSchema,
  indexed: ['nameKey', 'createdAt'],
};

export function nameKeyOf(name: string): string {
  return name.trim().toLowerCase();
}
