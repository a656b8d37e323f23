import type { AadUserConversationMember, Event, Message, Recipient, Team, TeamsAppInstallation } from '@microsoft/microsoft-graph-types';
import { z } from 'zod';

/**
 * Request bodies as the fake Graph accepts them, written from Graph's v1.0 documentation and
 * checked at compile time against @microsoft/microsoft-graph-types with `satisfies`: a schema
 * whose output is not a valid Graph body does not compile. `@odata.bind` annotations are not in
 * the generated types, hence the intersections.
 */

/** `https://<any host>/v1.0/users('<id>')` → the id. */
export const USER_BIND = /^https:\/\/[^/]+\/v1\.0\/users\('([^']+)'\)$/;
const TEMPLATE_BIND = /^https:\/\/[^/]+\/v1\.0\/teamsTemplates\('standard'\)$/;
/** `https://<any host>/v1.0/appCatalogs/teamsApps/<id>` → the id. */
export const APP_BIND = /^https:\/\/[^/]+\/v1\.0\/appCatalogs\/teamsApps\/([^/]+)$/;

type MemberBinding = AadUserConversationMember & { '@odata.type': string; 'user@odata.bind': string };

const OwnerSchema = z.object({
  '@odata.type': z.literal('#microsoft.graph.aadUserConversationMember'),
  roles: z.array(z.literal('owner')).length(1, "expected roles ['owner']"),
  'user@odata.bind': z.string().regex(USER_BIND, "expected https://graph.microsoft.com/v1.0/users('{id}')"),
}) satisfies z.ZodType<MemberBinding>;

export const CreateTeamBodySchema = z.object({
  'template@odata.bind': z.string().regex(TEMPLATE_BIND, "expected the standard template: https://graph.microsoft.com/v1.0/teamsTemplates('standard')"),
  displayName: z.string().min(1).max(256),
  description: z.string().max(1024).optional(),
  visibility: z.enum(['private', 'public']),
  // An app must name the owner, and (as Graph behaves) only one owner can be given at creation.
  members: z.array(OwnerSchema).length(1, 'expected exactly one owner member when an app creates a team'),
}) satisfies z.ZodType<Team & { 'template@odata.bind': string; members: MemberBinding[] }>;
export type CreateTeamBody = z.infer<typeof CreateTeamBodySchema>;

export const AddMembersBodySchema = z.object({
  values: z
    .array(
      z.object({
        '@odata.type': z.enum(['microsoft.graph.aadUserConversationMember', '#microsoft.graph.aadUserConversationMember']),
        roles: z.array(z.enum(['owner', 'guest'])),
        'user@odata.bind': z.string().regex(USER_BIND, "expected https://graph.microsoft.com/v1.0/users('{id}')"),
      }) satisfies z.ZodType<MemberBinding>,
    )
    .min(1)
    .max(200, 'Graph adds at most 200 members per request'),
});

export const InstallAppBodySchema = z.object({
  'teamsApp@odata.bind': z.string().regex(APP_BIND, 'expected https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/{id}'),
}) satisfies z.ZodType<TeamsAppInstallation & { 'teamsApp@odata.bind': string }>;

const RecipientSchema = z.object({
  emailAddress: z.object({ address: z.email(), name: z.string().optional() }),
}) satisfies z.ZodType<Recipient>;

export const SendMailBodySchema = z.object({
  message: z.object({
    subject: z.string(),
    body: z.object({
      // Graph reads enum values case-insensitively (its docs write Text/HTML, its types text/html).
      contentType: z.preprocess((v) => (typeof v === 'string' ? v.toLowerCase() : v), z.enum(['text', 'html'])),
      content: z.string(),
    }),
    toRecipients: z.array(RecipientSchema).default([]),
    ccRecipients: z.array(RecipientSchema).default([]),
    bccRecipients: z.array(RecipientSchema).default([]),
  }) satisfies z.ZodType<Message>,
  saveToSentItems: z.boolean().optional(),
});

export const CheckMemberGroupsBodySchema = z.object({
  groupIds: z.array(z.string().min(1)).min(1).max(20, 'Graph checks at most 20 groups per request'),
});

const DateTimeTimeZoneSchema = z.object({
  dateTime: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?$/, 'expected a local date-time without offset'),
  timeZone: z.string(),
});

/** `POST /users/{id}/events` and `/users/{id}/calendars/{id}/events`: the event members the Calendar adapter sends. */
export const CreateEventBodySchema = z.object({
  subject: z.string(),
  start: DateTimeTimeZoneSchema,
  end: DateTimeTimeZoneSchema,
  body: z.object({ contentType: z.preprocess((v) => (typeof v === 'string' ? v.toLowerCase() : v), z.enum(['text', 'html'])), content: z.string() }).optional(),
  location: z.object({ displayName: z.string() }).optional(),
  attendees: z
    .array(z.object({ type: z.enum(['required', 'optional', 'resource']), emailAddress: z.object({ address: z.email(), name: z.string().optional() }) }))
    .default([]),
  isAllDay: z.boolean().optional(),
  isReminderOn: z.boolean().optional(),
  reminderMinutesBeforeStart: z.number().int().optional(),
  showAs: z.enum(['free', 'tentative', 'busy', 'oof', 'workingElsewhere', 'unknown']).optional(),
  importance: z.enum(['low', 'normal', 'high']).optional(),
  sensitivity: z.enum(['normal', 'personal', 'private', 'confidential']).optional(),
  categories: z.array(z.string()).optional(),
  recurrence: z
    .object({
      pattern: z.looseObject({ type: z.enum(['daily', 'weekly', 'absoluteMonthly', 'relativeMonthly', 'absoluteYearly', 'relativeYearly']), interval: z.number().int().min(1) }),
      range: z.looseObject({ type: z.enum(['endDate', 'noEnd', 'numbered']), startDate: z.iso.date() }),
    })
    .optional(),
  responseRequested: z.boolean().optional(),
  transactionId: z.string().optional(),
}) satisfies z.ZodType<Event>;
export type CreateEventBody = z.infer<typeof CreateEventBodySchema>;
