import { randomUUID } from 'node:crypto';
import { NotFoundError, ThrottledError, ValidationError } from '../../../core/errors';
import type { Calendar } from '../../../core/ports/calendar';
import { createGraphCalendar } from '../../../infra/graph/graph-calendar';
import { startFakeGraph, type FakeGraph, type FakeGraphUser } from '../../support/fake-graph/fake-graph';
import { connectToFakeGraph } from '../../support/fake-graph/fake-graph-connection';

const mailbox: FakeGraphUser = { id: randomUUID(), userPrincipalName: 'irm-flows@contoso.com', displayName: 'IRM flows', mail: 'irm-flows@contoso.com', calendars: ['AAMkCases='] };

const event = {
  subject: 'Case review',
  start: { dateTime: '2025-03-10T09:00:00', timeZone: 'W. Europe Standard Time' },
  end: { dateTime: '2025-03-10T09:30:00', timeZone: 'W. Europe Standard Time' },
};

describe('Graph calendar against the HTTPS fake Graph', () => {
  let graph: FakeGraph;
  let calendar: Calendar;

  beforeAll(async () => {
    graph = await startFakeGraph({ users: [mailbox] });
    calendar = createGraphCalendar({ connection: connectToFakeGraph(graph) });
  });
  afterAll(async () => {
    await graph.close();
  });

  it('creates the event in the default calendar with POST /users/{mailbox}/events and reads the answer', async () => {
    const created = await calendar.createEvent('irm-flows@contoso.com', {
      ...event,
      body: { contentType: 'HTML', content: '<p>Agenda</p>' },
      location: 'Room 1',
      requiredAttendees: ['boss@contoso.com'],
      optionalAttendees: ['ana@contoso.com'],
      resourceAttendees: ['room1@contoso.com'],
      isReminderOn: true,
      reminderMinutesBeforeStart: 10,
      showAs: 'tentative',
      importance: 'high',
      sensitivity: 'private',
      categories: ['IRM'],
      transactionId: 'run-1/Create_event',
    });
    const request = graph.requests('createEvent').at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1.0/users/irm-flows%40contoso.com/events');
    expect(request.status).toBe(201);
    expect(request.body).toEqual({
      subject: 'Case review',
      start: event.start,
      end: event.end,
      body: { contentType: 'html', content: '<p>Agenda</p>' },
      location: { displayName: 'Room 1' },
      attendees: [
        { type: 'required', emailAddress: { address: 'boss@contoso.com' } },
        { type: 'optional', emailAddress: { address: 'ana@contoso.com' } },
        { type: 'resource', emailAddress: { address: 'room1@contoso.com' } },
      ],
      isReminderOn: true,
      reminderMinutesBeforeStart: 10,
      showAs: 'tentative',
      importance: 'high',
      sensitivity: 'private',
      categories: ['IRM'],
      transactionId: 'run-1/Create_event',
    });
    expect(created).toMatchObject({
      subject: 'Case review',
      start: event.start,
      end: event.end,
      location: 'Room 1',
      organizer: { name: 'IRM flows', address: 'irm-flows@contoso.com' },
      requiredAttendees: ['boss@contoso.com'],
      optionalAttendees: ['ana@contoso.com'],
      resourceAttendees: ['room1@contoso.com'],
      showAs: 'tentative',
      responseType: 'organizer',
      transactionId: 'run-1/Create_event',
    });
    expect(created.id).toBe(graph.events().at(-1)!.id);
    expect(created.webLink).toMatch(/^https:\/\//);
    expect(graph.events().at(-1)!.calendarId).toBeUndefined();
  });

  it('a retried create with the same transactionId returns the first event; Graph holds one', async () => {
    const before = graph.events().length;
    const first = await calendar.createEvent(mailbox.id, { ...event, transactionId: 'run-2/Create_event' });
    const again = await calendar.createEvent(mailbox.id, { ...event, transactionId: 'run-2/Create_event' });
    expect(again.id).toBe(first.id);
    expect(graph.events()).toHaveLength(before + 1);
  });

  it('creates in a named calendar with POST /users/{mailbox}/calendars/{id}/events', async () => {
    await calendar.createEvent('irm-flows@contoso.com', { ...event, calendarId: 'AAMkCases=' });
    expect(graph.requests('createEvent').at(-1)!.path).toBe('/v1.0/users/irm-flows%40contoso.com/calendars/AAMkCases%3D/events');
    expect(graph.events().at(-1)!.calendarId).toBe('AAMkCases=');
  });

  it('sends a recurrence as Graph’s patternedRecurrence', async () => {
    const recurrence = { pattern: { type: 'daily', interval: 1 }, range: { type: 'numbered', startDate: '2025-03-10', numberOfOccurrences: 3 } };
    const created = await calendar.createEvent(mailbox.id, { ...event, recurrence });
    expect((graph.requests('createEvent').at(-1)!.body as { recurrence: unknown }).recurrence).toEqual(recurrence);
    expect(created.recurrence).toEqual(recurrence);
  });

  it('a missing calendar or mailbox is NotFoundError', async () => {
    await expect(calendar.createEvent(mailbox.id, { ...event, calendarId: 'AAMkNope=' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(calendar.createEvent('nobody@contoso.com', event)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('an event breaking the schema is refused before calling Graph, naming the field', async () => {
    const before = graph.requests().length;
    const error = await calendar.createEvent(mailbox.id, { ...event, start: { dateTime: '2025-03-10T09:00:00Z', timeZone: 'UTC' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.field)).toEqual(['start.dateTime']);
    await expect(calendar.createEvent('a/b', event)).rejects.toBeInstanceOf(ValidationError);
    expect(graph.requests()).toHaveLength(before);
  });

  it('a time zone Graph refuses is a ValidationError', async () => {
    const attempt = calendar.createEvent(mailbox.id, { ...event, start: { dateTime: '2025-03-10T09:00:00', timeZone: '(UTC+01:00) Amsterdam' } });
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toThrow(/TimeZoneNotSupportedException/);
  });

  it('throttling that outlasts the client’s retries is ThrottledError with Retry-After', async () => {
    graph.failNext('createEvent', 4, 429, { 'Retry-After': '0' });
    const error = await calendar.createEvent(mailbox.id, event).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThrottledError);
    expect((error as ThrottledError).retryAfterMs).toBe(0);
  });
});
