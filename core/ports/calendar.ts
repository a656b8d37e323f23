import { z } from 'zod';

/**
 * Creating events in a mailbox's calendar (a flow's "Create event (V4)"). Implemented over
 * Microsoft Graph `POST /users/{mailbox}/events` (or `/calendars/{id}/events`) in infra/graph
 * (graph-calendar.ts).
 *
 * **Not idempotent by itself**: a create whose answer is lost and that is then retried would make
 * a second event. Graph offers `transactionId` on events for exactly this: when an event with the
 * same `transactionId` already exists in the calendar, Graph returns that one instead of creating
 * another. Callers pass a key that is stable across retries (the flow step's `idempotencyKey`) as
 * `transactionId`, so a retried create returns the same event.
 *
 * Errors: ValidationError (the event breaks CalendarEventSchema, or Graph refused it: issues name
 * the field); NotFoundError (no such mailbox or calendar); PermissionDeniedError (the app lacks
 * Calendars.ReadWrite or an application access policy excludes the mailbox); ThrottledError with
 * `retryAfterMs` / OperationalError after the client's retries; UnauthenticatedError (the app's
 * credentials).
 */

/** A local date-time (`2025-03-01T09:00:00`, no offset) in a time zone Graph knows (Windows id such as `W. Europe Standard Time`, or IANA). */
export const CalendarDateTimeSchema = z.object({
  dateTime: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?$/, 'expected a local date-time yyyy-MM-ddTHH:mm[:ss] without offset'),
  timeZone: z.string().trim().min(1, 'expected a time zone name'),
});
export type CalendarDateTime = z.infer<typeof CalendarDateTimeSchema>;

const Address = z.email({ error: 'expected an e-mail address' });

/** Graph's patternedRecurrence, kept as given: its shape is Graph's to validate. */
export const CalendarRecurrenceSchema = z.object({
  pattern: z.record(z.string(), z.unknown()),
  range: z.record(z.string(), z.unknown()),
});

export const CalendarEventSchema = z.object({
  /** The calendar's Graph id; absent → the mailbox's default calendar. */
  calendarId: z.string().trim().min(1).optional(),
  subject: z.string().trim().min(1, 'expected a subject').max(255, 'expected at most 255 characters'),
  start: CalendarDateTimeSchema,
  end: CalendarDateTimeSchema,
  body: z.object({ contentType: z.enum(['Text', 'HTML']), content: z.string() }).optional(),
  location: z.string().optional(),
  requiredAttendees: z.array(Address).default([]),
  optionalAttendees: z.array(Address).default([]),
  /** Attendees that are rooms or equipment (Graph attendee type `resource`). */
  resourceAttendees: z.array(Address).default([]),
  isAllDay: z.boolean().optional(),
  isReminderOn: z.boolean().optional(),
  reminderMinutesBeforeStart: z.number().int().min(0).optional(),
  showAs: z.enum(['free', 'tentative', 'busy', 'oof', 'workingElsewhere', 'unknown']).optional(),
  importance: z.enum(['low', 'normal', 'high']).optional(),
  sensitivity: z.enum(['normal', 'personal', 'private', 'confidential']).optional(),
  categories: z.array(z.string()).optional(),
  recurrence: CalendarRecurrenceSchema.optional(),
  /** Ask attendees to reply (accept/decline). Graph's default is true. */
  responseRequested: z.boolean().optional(),
  /** Stable across retries of one logical create (see the port's note on idempotency); at most 255 characters here. */
  transactionId: z.string().min(1).max(255).optional(),
});
export type CalendarEvent = z.input<typeof CalendarEventSchema>;

/** The event as the calendar stored it. */
export interface CreatedCalendarEvent {
  readonly id: string;
  readonly subject: string;
  readonly start: CalendarDateTime;
  readonly end: CalendarDateTime;
  readonly webLink?: string;
  readonly iCalUId?: string;
  readonly createdDateTime?: string;
  readonly lastModifiedDateTime?: string;
  readonly body?: { readonly contentType: string; readonly content: string };
  readonly location?: string;
  readonly organizer?: { readonly name?: string; readonly address?: string };
  readonly requiredAttendees: readonly string[];
  readonly optionalAttendees: readonly string[];
  readonly resourceAttendees: readonly string[];
  readonly isAllDay?: boolean;
  readonly isReminderOn?: boolean;
  readonly reminderMinutesBeforeStart?: number;
  readonly showAs?: string;
  readonly importance?: string;
  readonly sensitivity?: string;
  readonly categories?: readonly string[];
  readonly recurrence?: z.infer<typeof CalendarRecurrenceSchema>;
  readonly seriesMasterId?: string;
  readonly responseRequested?: boolean;
  /** The organizer's own response (`organizer` for an event created in their calendar) and when. */
  readonly responseType?: string;
  readonly responseTime?: string;
  readonly transactionId?: string;
}

export interface Calendar {
  /** Creates the event in `mailboxUpn`'s calendar (`event.calendarId`, or the default one). */
  createEvent(mailboxUpn: string, event: CalendarEvent): Promise<CreatedCalendarEvent>;
}
