import type { Attendee, AttendeeType, Event } from '@microsoft/microsoft-graph-types';
import { z } from 'zod';
import { ValidationError } from '../../core/errors';
import { CalendarEventSchema, type Calendar, type CalendarEvent, type CreatedCalendarEvent } from '../../core/ports/calendar';
import { issuesFromZod, validationFailure } from '../../core/settings/validation-issues';
import { orUndefined, parseGraphAnswer } from './graph-answers';
import type { GraphConnection } from './graph-client';
import { withGraphErrors, type GraphOperation } from './graph-errors';

/**
 * Calendar over Graph v1.0: `POST /users/{mailbox}/events` (the default calendar) or
 * `POST /users/{mailbox}/calendars/{id}/events`, answered 201 with the event.
 *
 * The event's `transactionId` is sent as given: Graph uses it to recognise a retried create of the
 * same event and not make a second one (see core/ports/calendar.ts). Time zones in `start` /
 * `end` (Windows ids or IANA names) are passed through; Graph answers a create with the times in
 * the zones they were given in.
 *
 * Needs the application permission Calendars.ReadWrite (scope it to the flow mailbox with an
 * application access policy).
 */
export interface GraphCalendarOptions {
  readonly connection: GraphConnection;
}

const DateTimeTimeZoneSchema = z.object({ dateTime: z.string(), timeZone: z.string() });
const EmailAddressSchema = z.looseObject({ address: orUndefined(z.string()), name: orUndefined(z.string()) });

const EventAnswerSchema = z.looseObject({
  id: z.string().min(1),
  subject: orUndefined(z.string()),
  start: DateTimeTimeZoneSchema,
  end: DateTimeTimeZoneSchema,
  webLink: orUndefined(z.string()),
  iCalUId: orUndefined(z.string()),
  createdDateTime: orUndefined(z.string()),
  lastModifiedDateTime: orUndefined(z.string()),
  body: orUndefined(z.looseObject({ contentType: z.string(), content: orUndefined(z.string()) })),
  location: orUndefined(z.looseObject({ displayName: orUndefined(z.string()) })),
  organizer: orUndefined(z.looseObject({ emailAddress: orUndefined(EmailAddressSchema) })),
  attendees: orUndefined(z.array(z.looseObject({ type: orUndefined(z.string()), emailAddress: orUndefined(EmailAddressSchema) }))),
  isAllDay: orUndefined(z.boolean()),
  isReminderOn: orUndefined(z.boolean()),
  reminderMinutesBeforeStart: orUndefined(z.number()),
  showAs: orUndefined(z.string()),
  importance: orUndefined(z.string()),
  sensitivity: orUndefined(z.string()),
  categories: orUndefined(z.array(z.string())),
  recurrence: orUndefined(z.object({ pattern: z.record(z.string(), z.unknown()), range: z.record(z.string(), z.unknown()) })),
  seriesMasterId: orUndefined(z.string()),
  responseRequested: orUndefined(z.boolean()),
  responseStatus: orUndefined(z.looseObject({ response: orUndefined(z.string()), time: orUndefined(z.string()) })),
  transactionId: orUndefined(z.string()),
});

/** Mailbox UPNs and object ids contain no `/ ? # \`. */
const MailboxSchema = z
  .string()
  .trim()
  .min(3, 'expected the mailbox UPN or object id')
  .regex(/^[^/?#\\]+$/, 'expected a mailbox UPN or object id, without / ? # or \\');

function attendees(addresses: readonly string[], type: AttendeeType): Attendee[] {
  return addresses.map((address) => ({ type, emailAddress: { address } }) satisfies Attendee);
}

function graphBody(event: z.output<typeof CalendarEventSchema>): Event {
  return {
    subject: event.subject,
    start: event.start,
    end: event.end,
    ...(event.body !== undefined && { body: { contentType: event.body.contentType === 'HTML' ? 'html' : 'text', content: event.body.content } }),
    ...(event.location !== undefined && { location: { displayName: event.location } }),
    attendees: [...attendees(event.requiredAttendees, 'required'), ...attendees(event.optionalAttendees, 'optional'), ...attendees(event.resourceAttendees, 'resource')],
    ...(event.isAllDay !== undefined && { isAllDay: event.isAllDay }),
    ...(event.isReminderOn !== undefined && { isReminderOn: event.isReminderOn }),
    ...(event.reminderMinutesBeforeStart !== undefined && { reminderMinutesBeforeStart: event.reminderMinutesBeforeStart }),
    ...(event.showAs !== undefined && { showAs: event.showAs }),
    ...(event.importance !== undefined && { importance: event.importance }),
    ...(event.sensitivity !== undefined && { sensitivity: event.sensitivity }),
    ...(event.categories !== undefined && { categories: event.categories }),
    // The port keeps Graph's patternedRecurrence as given; Graph validates its members.
    ...(event.recurrence !== undefined && { recurrence: event.recurrence }),
    ...(event.responseRequested !== undefined && { responseRequested: event.responseRequested }),
    ...(event.transactionId !== undefined && { transactionId: event.transactionId }),
  } satisfies Event;
}

function created(answer: z.output<typeof EventAnswerSchema>, requested: z.output<typeof CalendarEventSchema>): CreatedCalendarEvent {
  const byType = (type: string): string[] =>
    (answer.attendees ?? []).filter((a) => (a.type ?? 'required').toLowerCase() === type).flatMap((a) => (a.emailAddress?.address === undefined ? [] : [a.emailAddress.address]));
  const organizer = answer.organizer?.emailAddress;
  return {
    id: answer.id,
    subject: answer.subject ?? requested.subject,
    start: answer.start,
    end: answer.end,
    ...(answer.webLink !== undefined && { webLink: answer.webLink }),
    ...(answer.iCalUId !== undefined && { iCalUId: answer.iCalUId }),
    ...(answer.createdDateTime !== undefined && { createdDateTime: answer.createdDateTime }),
    ...(answer.lastModifiedDateTime !== undefined && { lastModifiedDateTime: answer.lastModifiedDateTime }),
    ...(answer.body !== undefined && { body: { contentType: answer.body.contentType, content: answer.body.content ?? '' } }),
    ...(answer.location?.displayName !== undefined && answer.location.displayName !== '' && { location: answer.location.displayName }),
    ...(organizer !== undefined && {
      organizer: { ...(organizer.name !== undefined && { name: organizer.name }), ...(organizer.address !== undefined && { address: organizer.address }) },
    }),
    requiredAttendees: byType('required'),
    optionalAttendees: byType('optional'),
    resourceAttendees: byType('resource'),
    ...(answer.isAllDay !== undefined && { isAllDay: answer.isAllDay }),
    ...(answer.isReminderOn !== undefined && { isReminderOn: answer.isReminderOn }),
    ...(answer.reminderMinutesBeforeStart !== undefined && { reminderMinutesBeforeStart: answer.reminderMinutesBeforeStart }),
    ...(answer.showAs !== undefined && { showAs: answer.showAs }),
    ...(answer.importance !== undefined && { importance: answer.importance }),
    ...(answer.sensitivity !== undefined && { sensitivity: answer.sensitivity }),
    ...(answer.categories !== undefined && { categories: answer.categories }),
    ...(answer.recurrence !== undefined && { recurrence: answer.recurrence }),
    ...(answer.seriesMasterId !== undefined && { seriesMasterId: answer.seriesMasterId }),
    ...(answer.responseRequested !== undefined && { responseRequested: answer.responseRequested }),
    ...(answer.responseStatus?.response !== undefined && { responseType: answer.responseStatus.response }),
    ...(answer.responseStatus?.time !== undefined && { responseTime: answer.responseStatus.time }),
    ...(answer.transactionId !== undefined && { transactionId: answer.transactionId }),
  };
}

export function createGraphCalendar(options: GraphCalendarOptions): Calendar {
  const { client } = options.connection;
  return {
    async createEvent(mailboxUpn: string, event: CalendarEvent): Promise<CreatedCalendarEvent> {
      const mailbox = MailboxSchema.safeParse(mailboxUpn);
      if (!mailbox.success) throw new ValidationError('The mailbox is not a UPN or object id', issuesFromZod(mailbox.error, 'mailboxUpn'));
      const parsed = CalendarEventSchema.safeParse(event);
      if (!parsed.success) throw validationFailure('The calendar event', issuesFromZod(parsed.error));
      const value = parsed.data;
      const base = `/users/${encodeURIComponent(mailbox.data)}`;
      const path = value.calendarId === undefined ? `${base}/events` : `${base}/calendars/${encodeURIComponent(value.calendarId)}/events`;
      const operation: GraphOperation = { action: 'create calendar event', resource: value.calendarId === undefined ? mailbox.data : `${mailbox.data}, calendar ${value.calendarId}`, field: 'event' };
      const answer = await withGraphErrors(operation, () => client.api(path).post(graphBody(value)) as Promise<unknown>);
      return created(parseGraphAnswer(EventAnswerSchema, answer, operation), value);
    },
  };
}
