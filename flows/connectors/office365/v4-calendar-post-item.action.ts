import { z } from 'zod';
import type { CalendarEvent, CreatedCalendarEvent } from '../../../core/ports/calendar';
import type { ActionOperation } from '../../engine/contracts';
import type { FlowConnectorContext } from '../connector-context';
import { badParameter, notConfigured, withConnectorErrors } from '../connector-errors';
import { caseInsensitiveEnum, flexibleBool, flexibleInt } from '../parameter-types';
import { addressList, splitAddresses } from './address-list';
import { RECURRENCE_KINDS, WEEKDAYS, connectorRecurrence, graphRecurrence } from './calendar-recurrence';
import { connectorLocalTime, graphTimeZone, ianaTimeZone, localTimeIn, withOffset } from './calendar-time-zones';

/**
 * Create event (V4), `shared_office365` `V4CalendarPostItem`: `table` (the calendar's id) and the
 * body parameter `item` (the swagger's GraphCalendarEventClient; flows write `item/subject` …).
 *
 * Created through the Calendar port in the flow mailbox's calendar (`context.mailbox`,
 * IRM_FLOW_MAILBOX), or the flow owner's (`context.runAs`) when no mailbox is configured. `table`
 * `Calendar` (any case) or blank means that mailbox's default calendar; anything else is a
 * calendar id, passed through.
 *
 * Times: `start` / `end` are local times in `timeZone` (a display name of the swagger's enum, a
 * Windows id or an IANA name; see calendar-time-zones.ts). A time with `Z` or an offset (what
 * utcNow() gives) is converted to that local time first.
 *
 * Idempotent across retries: the step's idempotencyKey goes to Graph as the event's
 * `transactionId`, so a retried create returns the event made the first time.
 *
 * The answer is the swagger's GraphCalendarEventClientReceive: flat strings (attendees joined with
 * `;`, organizer as an address, 7-digit local times plus `startWithTimeZone` / `endWithTimeZone`).
 */

const LocalOrInstant = z
  .string({ error: 'expected a date-time such as 2025-03-01T09:00:00' })
  .trim()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i,
    'expected a date-time such as 2025-03-01T09:00:00 (local to timeZone), or with Z or an offset',
  );

export const V4CalendarPostItemParametersSchema = z.object({
  table: z.string({ error: "expected the calendar id (or 'Calendar' for the default calendar)" }),
  item: z.object(
    {
      subject: z.string({ error: 'expected the subject' }).trim().min(1, 'expected a subject').max(255, 'expected at most 255 characters'),
      start: LocalOrInstant,
      end: LocalOrInstant,
      timeZone: z.string({ error: 'expected the time zone, e.g. (UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna' }),
      requiredAttendees: addressList('the required attendees').optional(),
      optionalAttendees: addressList('the optional attendees').optional(),
      resourceAttendees: addressList('the resource attendees').optional(),
      body: z.string().optional(),
      categories: z.array(z.string()).optional(),
      location: z.string().optional(),
      importance: caseInsensitiveEnum(['low', 'normal', 'high'], 'the importance').optional(),
      isAllDay: flexibleBool('isAllDay').optional(),
      recurrence: caseInsensitiveEnum(RECURRENCE_KINDS, 'the recurrence').optional(),
      selectedDaysOfWeek: z.array(caseInsensitiveEnum(WEEKDAYS, 'a day of the week')).optional(),
      recurrenceEnd: z.iso.date({ error: 'expected a date yyyy-MM-dd' }).optional(),
      numberOfOccurences: flexibleInt('the number of occurrences', 1, 999).optional(),
      reminderMinutesBeforeStart: flexibleInt('the reminder in minutes', 0, 525_600).optional(),
      isReminderOn: flexibleBool('isReminderOn').optional(),
      showAs: caseInsensitiveEnum(['free', 'tentative', 'busy', 'oof', 'workingElsewhere', 'unknown'], 'show as').optional(),
      responseRequested: flexibleBool('responseRequested').optional(),
      sensitivity: caseInsensitiveEnum(['normal', 'personal', 'private', 'confidential'], 'the sensitivity').optional(),
    },
    { error: 'expected item with subject, start, end and timeZone' },
  ),
});
export type V4CalendarPostItemParameters = z.infer<typeof V4CalendarPostItemParametersSchema>;

/** Graph's limit for transactionId is not documented; keys longer than this are shortened deterministically. */
const MAX_TRANSACTION_ID = 200;

/** FNV-1a, 2×32 bits: a stable short digest (not for security) of a long key. */
function digest(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c ^ (i & 0xff), 0x01000193) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

export function transactionIdFor(idempotencyKey: string): string {
  return idempotencyKey.length <= MAX_TRANSACTION_ID ? idempotencyKey : `${idempotencyKey.slice(0, MAX_TRANSACTION_ID - 17)}#${digest(idempotencyKey)}`;
}

/** The parameter as a local date-time in the zone (`yyyy-MM-ddTHH:mm[:ss[.f]]`). */
function localTime(value: string, parameter: string, graphZone: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value}T00:00:00`;
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(value)) return value;
  const iana = ianaTimeZone(graphZone);
  const instant = Date.parse(value);
  if (iana === undefined || Number.isNaN(instant)) throw badParameter(parameter, `cannot convert ${value} to a local time in ${graphZone}; give it without Z or offset`);
  return localTimeIn(instant, iana);
}

function answerBody(event: CreatedCalendarEvent): Record<string, unknown> {
  const zone = event.start.timeZone;
  const iana = ianaTimeZone(zone);
  const startWithTimeZone = iana === undefined ? undefined : withOffset(event.start.dateTime, iana);
  const endIana = ianaTimeZone(event.end.timeZone);
  const endWithTimeZone = endIana === undefined ? undefined : withOffset(event.end.dateTime, endIana);
  const join = (list: readonly string[]): string => list.join(';');
  return {
    id: event.id,
    subject: event.subject,
    start: connectorLocalTime(event.start.dateTime),
    end: connectorLocalTime(event.end.dateTime),
    ...(startWithTimeZone !== undefined && { startWithTimeZone }),
    ...(endWithTimeZone !== undefined && { endWithTimeZone }),
    timeZone: zone,
    body: event.body?.content ?? '',
    isHtml: event.body === undefined ? false : event.body.contentType.toLowerCase() === 'html',
    ...(event.responseType !== undefined && { responseType: event.responseType }),
    ...(event.responseTime !== undefined && { responseTime: event.responseTime }),
    ...(event.createdDateTime !== undefined && { createdDateTime: event.createdDateTime }),
    ...(event.lastModifiedDateTime !== undefined && { lastModifiedDateTime: event.lastModifiedDateTime }),
    ...(event.organizer?.address !== undefined && { organizer: event.organizer.address }),
    ...(event.seriesMasterId !== undefined && { seriesMasterId: event.seriesMasterId }),
    ...(event.iCalUId !== undefined && { iCalUId: event.iCalUId }),
    categories: [...(event.categories ?? [])],
    ...(event.webLink !== undefined && { webLink: event.webLink }),
    requiredAttendees: join(event.requiredAttendees),
    optionalAttendees: join(event.optionalAttendees),
    resourceAttendees: join(event.resourceAttendees),
    location: event.location ?? '',
    ...(event.importance !== undefined && { importance: event.importance }),
    ...(event.isAllDay !== undefined && { isAllDay: event.isAllDay }),
    ...connectorRecurrence(event.recurrence),
    ...(event.reminderMinutesBeforeStart !== undefined && { reminderMinutesBeforeStart: event.reminderMinutesBeforeStart }),
    ...(event.isReminderOn !== undefined && { isReminderOn: event.isReminderOn }),
    ...(event.showAs !== undefined && { showAs: event.showAs }),
    ...(event.responseRequested !== undefined && { responseRequested: event.responseRequested }),
    ...(event.sensitivity !== undefined && { sensitivity: event.sensitivity }),
  };
}

export const v4CalendarPostItem: ActionOperation<V4CalendarPostItemParameters, FlowConnectorContext> = {
  kind: 'action',
  api: 'shared_office365',
  operationId: 'V4CalendarPostItem',
  summary: 'Create event (V4)',
  parameters: V4CalendarPostItemParametersSchema,
  async execute(parameters, context) {
    const { item } = parameters;
    const zone = graphTimeZone(item.timeZone);
    if (zone === undefined) {
      throw badParameter('item/timeZone', `'${item.timeZone}' is not a time zone (expected a name such as '(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna', a Windows id or an IANA name)`);
    }
    const start = localTime(item.start, 'item/start', zone);
    const end = localTime(item.end, 'item/end', zone);
    if (connectorLocalTime(end) < connectorLocalTime(start)) throw badParameter('item/end', `expected a time after the start (${start})`);

    const owner = context.mailbox?.trim() || context.runAs?.upn;
    if (owner === undefined || owner === '') {
      throw notConfigured('V4CalendarPostItem: no calendar to create the event in: no flow mailbox configured (IRM_FLOW_MAILBOX) and the flow has no owner');
    }
    const table = parameters.table.trim();
    const calendarId = table === '' || table.toLowerCase() === 'calendar' ? undefined : table;
    const recurrence = graphRecurrence(item, start, zone);

    const event: CalendarEvent = {
      ...(calendarId !== undefined && { calendarId }),
      subject: item.subject,
      start: { dateTime: start, timeZone: zone },
      end: { dateTime: end, timeZone: zone },
      ...(item.body !== undefined && { body: { contentType: 'HTML' as const, content: item.body } }),
      ...(item.location !== undefined && item.location.trim() !== '' && { location: item.location }),
      requiredAttendees: splitAddresses(item.requiredAttendees),
      optionalAttendees: splitAddresses(item.optionalAttendees),
      resourceAttendees: splitAddresses(item.resourceAttendees),
      ...(item.isAllDay !== undefined && { isAllDay: item.isAllDay }),
      ...(item.isReminderOn !== undefined && { isReminderOn: item.isReminderOn }),
      ...(item.reminderMinutesBeforeStart !== undefined && { reminderMinutesBeforeStart: item.reminderMinutesBeforeStart }),
      ...(item.showAs !== undefined && { showAs: item.showAs }),
      ...(item.importance !== undefined && { importance: item.importance }),
      ...(item.sensitivity !== undefined && { sensitivity: item.sensitivity }),
      ...(item.categories !== undefined && { categories: item.categories }),
      ...(recurrence !== undefined && { recurrence }),
      ...(item.responseRequested !== undefined && { responseRequested: item.responseRequested }),
      transactionId: transactionIdFor(context.idempotencyKey),
    };
    const created = await withConnectorErrors(`V4CalendarPostItem (calendar of ${owner})`, () => context.calendar.createEvent(owner, event));
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: answerBody(created) };
  },
};
