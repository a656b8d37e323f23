import { NotFoundError, ThrottledError, ValidationError } from '../../../../core/errors';
import { office365Operations, sendEmailV2, v4CalendarPostItem } from '../../../../flows/connectors/office365';
import { CALENDAR_TIME_ZONE_NAMES, graphTimeZone, ianaTimeZone, withOffset } from '../../../../flows/connectors/office365/calendar-time-zones';
import { transactionIdFor, type V4CalendarPostItemParameters } from '../../../../flows/connectors/office365/v4-calendar-post-item.action';
import { connectorFailure, fakeCalendar, fakeMailer, testContext } from './connector-test-context';
import { swaggerDefinition, swaggerOperation } from './swagger';

const MAILBOX = 'irm-flows@contoso.com';

describe('office365 connector: operations', () => {
  it('declares the real operation ids, api name and summaries', () => {
    expect(office365Operations.map((o) => [o.api, o.operationId])).toEqual([
      ['shared_office365', 'SendEmailV2'],
      ['shared_office365', 'V4CalendarPostItem'],
    ]);
    for (const op of office365Operations) expect(swaggerOperation('shared_office365', op.operationId).summary).toBe(op.summary);
  });
});

describe('SendEmailV2', () => {
  const params = (emailMessage: Record<string, unknown>) => sendEmailV2.parameters.parse({ emailMessage });

  it('sends HTML from the flow mailbox, splitting semicolon lists, and answers 200 without a body', async () => {
    const mailer = fakeMailer();
    const result = await sendEmailV2.execute(
      params({ To: 'boss@contoso.com; hr@contoso.com;', Cc: 'ana@contoso.com', Bcc: 'audit@contoso.com', Subject: 'Alert for Ana', Body: '<p>Please review</p>', Importance: 'high' }),
      testContext({ mailer, mailbox: MAILBOX }),
    );
    expect(result).toEqual({ statusCode: 200 });
    expect(mailer.sent).toEqual([
      {
        fromMailbox: MAILBOX,
        to: ['boss@contoso.com', 'hr@contoso.com'],
        cc: ['ana@contoso.com'],
        bcc: ['audit@contoso.com'],
        subject: 'Alert for Ana',
        body: '<p>Please review</p>',
        contentType: 'HTML',
      },
    ]);
  });

  it('accepts From when it is the flow mailbox (any case)', async () => {
    const mailer = fakeMailer();
    await sendEmailV2.execute(params({ To: 'a@contoso.com', Subject: 's', Body: 'b', From: 'IRM-Flows@Contoso.com' }), testContext({ mailer, mailbox: MAILBOX }));
    expect(mailer.sent[0]?.fromMailbox).toBe(MAILBOX);
  });

  it('refuses to send as another mailbox (403) and sends nothing', async () => {
    const mailer = fakeMailer();
    const failure = await connectorFailure(
      sendEmailV2.execute(params({ To: 'a@contoso.com', Subject: 's', Body: 'b', From: 'ceo@contoso.com' }), testContext({ mailer, mailbox: MAILBOX })),
    );
    expect(failure.statusCode).toBe(403);
    expect(failure.message).toContain('ceo@contoso.com');
    expect(mailer.sent).toEqual([]);
  });

  it('fails 400 when no flow mailbox is configured', async () => {
    const failure = await connectorFailure(sendEmailV2.execute(params({ To: 'a@contoso.com', Subject: 's', Body: 'b' }), testContext()));
    expect(failure.statusCode).toBe(400);
    expect(failure.message).toContain('no flow mailbox configured (IRM_FLOW_MAILBOX)');
  });

  it('validates parameters, naming the one at fault', () => {
    const issue = (emailMessage: unknown) => sendEmailV2.parameters.safeParse({ emailMessage }).error?.issues[0];
    expect(issue({ Subject: 's', Body: 'b' })?.path).toEqual(['emailMessage', 'To']);
    expect(issue({ To: 'boss@contoso.com;not-an-address', Subject: 's', Body: 'b' })).toMatchObject({
      path: ['emailMessage', 'To'],
      message: expect.stringContaining('not-an-address') as unknown,
    });
    expect(issue({ To: 'a@contoso.com', Subject: '   ', Body: 'b' })?.path).toEqual(['emailMessage', 'Subject']);
    expect(issue({ To: 'a@contoso.com', Subject: 's' })?.path).toEqual(['emailMessage', 'Body']);
    expect(issue({ To: 'a@contoso.com', Subject: 's', Body: 'b', Importance: 'Urgent' })?.path).toEqual(['emailMessage', 'Importance']);
    expect(sendEmailV2.parameters.safeParse({}).error?.issues[0]?.path).toEqual(['emailMessage']);
    expect(params({ To: 'a@contoso.com', Subject: 's', Body: 'b', Importance: 'low' }).emailMessage.Importance).toBe('Low');
  });

  it('fails 400 without any recipient, and for options the mailer cannot carry', async () => {
    const context = testContext({ mailbox: MAILBOX });
    expect((await connectorFailure(sendEmailV2.execute(params({ To: ' ; ', Subject: 's', Body: 'b' }), context))).message).toMatch(/^emailMessage\/To: expected at least one recipient/);
    for (const [field, value] of [
      ['ReplyTo', 'x@contoso.com'],
      ['Attachments', [{ Name: 'a.txt', ContentBytes: 'eA==' }]],
      ['Sensitivity', 'label-id'],
    ] as const) {
      const failure = await connectorFailure(sendEmailV2.execute(params({ To: 'a@contoso.com', Subject: 's', Body: 'b', [field]: value }), context));
      expect([failure.statusCode, failure.message.startsWith(`emailMessage/${field}:`)]).toEqual([400, true]);
    }
  });

  it.each([
    [new ThrottledError('throttled', 2000), 429],
    [new NotFoundError('no such mailbox'), 404],
    [new ValidationError('Graph refused it', [{ field: 'message', reason: 'bad recipient' }]), 400],
  ])('maps the mailer failure %p to %p', async (error, status) => {
    const mailer = fakeMailer();
    mailer.failWith = error;
    const failure = await connectorFailure(sendEmailV2.execute(params({ To: 'a@contoso.com', Subject: 's', Body: 'b' }), testContext({ mailer, mailbox: MAILBOX })));
    expect(failure.statusCode).toBe(status);
    if (error instanceof ThrottledError) expect(failure.retryAfterMs).toBe(2000);
    if (error instanceof ValidationError) expect(failure.message).toContain('bad recipient');
  });
});

describe('V4CalendarPostItem', () => {
  const item = (extra: Record<string, unknown> = {}) => ({
    subject: 'Case review: Ana',
    start: '2025-03-10T09:00:00',
    end: '2025-03-10T09:30:00',
    timeZone: '(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna',
    ...extra,
  });
  const params = (table: string, extra: Record<string, unknown> = {}): V4CalendarPostItemParameters => v4CalendarPostItem.parameters.parse({ table, item: item(extra) });

  it('creates the event in the flow mailbox default calendar with the Windows zone id and the step key as transactionId', async () => {
    const calendar = fakeCalendar();
    await v4CalendarPostItem.execute(
      params('Calendar', {
        requiredAttendees: 'boss@contoso.com;hr@contoso.com',
        optionalAttendees: 'ana@contoso.com',
        body: '<p>Agenda</p>',
        location: 'Room 1',
        isReminderOn: 'true',
        reminderMinutesBeforeStart: '10',
        showAs: 'Busy',
        importance: 'High',
        sensitivity: 'private',
      }),
      testContext({ calendar, mailbox: MAILBOX, idempotencyKey: 'run-9/Create_event' }),
    );
    expect(calendar.created).toEqual([
      {
        mailbox: MAILBOX,
        event: {
          subject: 'Case review: Ana',
          start: { dateTime: '2025-03-10T09:00:00', timeZone: 'W. Europe Standard Time' },
          end: { dateTime: '2025-03-10T09:30:00', timeZone: 'W. Europe Standard Time' },
          body: { contentType: 'HTML', content: '<p>Agenda</p>' },
          location: 'Room 1',
          requiredAttendees: ['boss@contoso.com', 'hr@contoso.com'],
          optionalAttendees: ['ana@contoso.com'],
          resourceAttendees: [],
          isReminderOn: true,
          reminderMinutesBeforeStart: 10,
          showAs: 'busy',
          importance: 'high',
          sensitivity: 'private',
          transactionId: 'run-9/Create_event',
        },
      },
    ]);
  });

  it('answers with the swagger GraphCalendarEventClientReceive keys', async () => {
    const result = await v4CalendarPostItem.execute(params('Calendar', { requiredAttendees: 'boss@contoso.com;hr@contoso.com' }), testContext({ mailbox: MAILBOX }));
    expect(result.statusCode).toBe(200);
    const body = result.body as Record<string, unknown>;
    const allowed = Object.keys(swaggerDefinition('shared_office365', 'GraphCalendarEventClientReceive').properties ?? {});
    expect(Object.keys(body).filter((k) => !allowed.includes(k))).toEqual([]);
    expect(body).toMatchObject({
      id: 'event-1',
      subject: 'Case review: Ana',
      start: '2025-03-10T09:00:00.0000000',
      end: '2025-03-10T09:30:00.0000000',
      startWithTimeZone: '2025-03-10T09:00:00.0000000+01:00',
      endWithTimeZone: '2025-03-10T09:30:00.0000000+01:00',
      timeZone: 'W. Europe Standard Time',
      requiredAttendees: 'boss@contoso.com;hr@contoso.com',
      optionalAttendees: '',
      organizer: MAILBOX,
      webLink: 'https://outlook.example/event-1',
      recurrence: 'none',
      responseType: 'organizer',
    });
  });

  it('a retried step (same idempotency key) returns the same event instead of creating a second', async () => {
    const calendar = fakeCalendar();
    const context = testContext({ calendar, mailbox: MAILBOX, idempotencyKey: 'run-3/Create_event' });
    const first = await v4CalendarPostItem.execute(params('Calendar'), context);
    const second = await v4CalendarPostItem.execute(params('Calendar'), { ...context, attempt: 2 });
    expect(calendar.created).toHaveLength(1);
    expect((second.body as { id: string }).id).toBe((first.body as { id: string }).id);
  });

  it('keeps long idempotency keys within the transactionId limit, distinct and stable', () => {
    const long = `run/${'Scope/'.repeat(60)}Create_event`;
    expect(transactionIdFor(long).length).toBeLessThanOrEqual(200);
    expect(transactionIdFor(long)).toBe(transactionIdFor(long));
    expect(transactionIdFor(long)).not.toBe(transactionIdFor(`${long}_2`));
    expect(transactionIdFor('short')).toBe('short');
  });

  it('passes a calendar id through and uses the default calendar for Calendar or blank', async () => {
    const calendar = fakeCalendar();
    const context = testContext({ calendar, mailbox: MAILBOX });
    await v4CalendarPostItem.execute(params('AAMkAGI2TG93AAA='), { ...context, idempotencyKey: 'k1' });
    await v4CalendarPostItem.execute(params('calendar'), { ...context, idempotencyKey: 'k2' });
    await v4CalendarPostItem.execute(params(''), { ...context, idempotencyKey: 'k3' });
    expect(calendar.created.map((c) => c.event.calendarId)).toEqual(['AAMkAGI2TG93AAA=', undefined, undefined]);
  });

  it("uses the flow owner's calendar when no flow mailbox is configured, and fails 400 with neither", async () => {
    const calendar = fakeCalendar();
    await v4CalendarPostItem.execute(params('Calendar'), testContext({ calendar, runAs: { upn: 'owner@contoso.com' } }));
    expect(calendar.created[0]?.mailbox).toBe('owner@contoso.com');
    const failure = await connectorFailure(v4CalendarPostItem.execute(params('Calendar'), testContext({ calendar })));
    expect(failure.statusCode).toBe(400);
    expect(failure.message).toContain('IRM_FLOW_MAILBOX');
  });

  it('converts a start given with Z or an offset into local time in the event zone', async () => {
    const calendar = fakeCalendar();
    await v4CalendarPostItem.execute(
      params('Calendar', { start: '2025-07-01T07:00:00Z', end: '2025-07-01T10:00:00+02:00', timeZone: 'W. Europe Standard Time' }),
      testContext({ calendar, mailbox: MAILBOX }),
    );
    expect(calendar.created[0]?.event.start).toEqual({ dateTime: '2025-07-01T09:00:00', timeZone: 'W. Europe Standard Time' });
    expect(calendar.created[0]?.event.end).toEqual({ dateTime: '2025-07-01T10:00:00', timeZone: 'W. Europe Standard Time' });
  });

  it('maps recurrence fields to a Graph patternedRecurrence and back', async () => {
    const calendar = fakeCalendar();
    const result = await v4CalendarPostItem.execute(
      params('Calendar', { recurrence: 'weekly', selectedDaysOfWeek: ['monday', 'Thursday'], recurrenceEnd: '2025-06-30' }),
      testContext({ calendar, mailbox: MAILBOX }),
    );
    expect(calendar.created[0]?.event.recurrence).toEqual({
      pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday', 'thursday'], firstDayOfWeek: 'sunday' },
      range: { type: 'endDate', startDate: '2025-03-10', endDate: '2025-06-30', recurrenceTimeZone: 'W. Europe Standard Time' },
    });
    expect(result.body).toMatchObject({ recurrence: 'weekly', recurrenceEnd: '2025-06-30' });

    const monthly = fakeCalendar();
    await v4CalendarPostItem.execute(params('Calendar', { recurrence: 'monthly', numberOfOccurences: 6 }), testContext({ calendar: monthly, mailbox: MAILBOX }));
    expect(monthly.created[0]?.event.recurrence).toEqual({
      pattern: { type: 'absoluteMonthly', interval: 1, dayOfMonth: 10 },
      range: { type: 'numbered', startDate: '2025-03-10', numberOfOccurrences: 6, recurrenceTimeZone: 'W. Europe Standard Time' },
    });
  });

  it('validates parameters, naming the one at fault', async () => {
    const issue = (value: unknown) => v4CalendarPostItem.parameters.safeParse(value).error?.issues[0]?.path;
    expect(issue({ item: item() })).toEqual(['table']);
    expect(issue({ table: 'Calendar', item: { ...item(), subject: undefined } })).toEqual(['item', 'subject']);
    expect(issue({ table: 'Calendar', item: { ...item(), start: 'next tuesday' } })).toEqual(['item', 'start']);
    expect(issue({ table: 'Calendar', item: { ...item(), timeZone: undefined } })).toEqual(['item', 'timeZone']);
    expect(issue({ table: 'Calendar', item: { ...item(), requiredAttendees: 'boss' } })).toEqual(['item', 'requiredAttendees']);
    expect(issue({ table: 'Calendar', item: { ...item(), showAs: 'away' } })).toEqual(['item', 'showAs']);
    expect(issue({ table: 'Calendar', item: { ...item(), reminderMinutesBeforeStart: 'soon' } })).toEqual(['item', 'reminderMinutesBeforeStart']);

    const context = testContext({ mailbox: MAILBOX });
    expect((await connectorFailure(v4CalendarPostItem.execute(params('Calendar', { timeZone: 'Mars/Olympus' }), context))).message).toMatch(/^item\/timeZone:/);
    expect((await connectorFailure(v4CalendarPostItem.execute(params('Calendar', { end: '2025-03-10T08:00:00' }), context))).message).toMatch(/^item\/end:/);
    expect((await connectorFailure(v4CalendarPostItem.execute(params('Calendar', { recurrenceEnd: '2025-04-01' }), context))).message).toMatch(/^item\/recurrence:/);
    expect(
      (await connectorFailure(v4CalendarPostItem.execute(params('Calendar', { recurrence: 'daily', recurrenceEnd: '2025-04-01', numberOfOccurences: 3 }), context))).message,
    ).toMatch(/^item\/recurrenceEnd:/);
  });

  it('maps calendar failures (404 for a missing calendar, 429 with Retry-After)', async () => {
    const calendar = fakeCalendar();
    calendar.failWith = new NotFoundError('no such calendar');
    expect((await connectorFailure(v4CalendarPostItem.execute(params('AAMk='), testContext({ calendar, mailbox: MAILBOX })))).statusCode).toBe(404);
    calendar.failWith = new ThrottledError('throttled', 1500);
    const throttled = await connectorFailure(v4CalendarPostItem.execute(params('AAMk='), testContext({ calendar, mailbox: MAILBOX })));
    expect([throttled.statusCode, throttled.retryAfterMs]).toEqual([429, 1500]);
  });
});

describe('calendar time zones', () => {
  it('maps every display name of the swagger enum to a Windows id with a zone this runtime knows', () => {
    const enumNames = (swaggerDefinition('shared_office365', 'GraphCalendarEventClient').properties?.timeZone?.enum ?? []).filter((n) => n !== '');
    expect(CALENDAR_TIME_ZONE_NAMES).toEqual(enumNames);
    for (const name of enumNames) {
      const windowsId = graphTimeZone(name);
      expect(windowsId).toBeDefined();
      const iana = ianaTimeZone(windowsId!);
      expect(() => new Intl.DateTimeFormat('en-US', { timeZone: iana })).not.toThrow();
    }
  });

  it('each display name offset is its zone offset in January or July, except zones whose rules changed since', () => {
    const disagreeing: string[] = [];
    for (const name of CALENDAR_TIME_ZONE_NAMES) {
      const m = /^\(UTC(?:([+-])(\d{2}):(\d{2}))?\)/.exec(name)!;
      const expected = m[1] === undefined ? '+00:00' : `${m[1]}${m[2]}:${m[3]}`;
      const iana = ianaTimeZone(graphTimeZone(name)!)!;
      const offsets = [withOffset('2025-01-15T12:00:00', iana), withOffset('2025-07-15T12:00:00', iana)].map((t) => t!.slice(-6));
      if (!offsets.includes(expected)) disagreeing.push(name);
    }
    // Each of these moved to another standard offset after Windows named it (e.g. Amman and Damascus
    // to permanent +03 in 2022, Volgograd to +03 in 2020, Asuncion to permanent -03 in 2024).
    expect(disagreeing).toEqual([
      '(UTC-04:00) Asuncion',
      '(UTC-03:00) Greenland',
      '(UTC+00:00) Casablanca',
      '(UTC+01:00) Windhoek',
      '(UTC+02:00) Amman',
      '(UTC+02:00) Damascus',
      '(UTC+04:00) Volgograd',
      '(UTC+06:00) Astana',
      '(UTC+08:30) Pyongyang',
    ]);
  });

  it('passes Windows ids (any case) and IANA names through, blank is UTC, nonsense is undefined', () => {
    expect(graphTimeZone('w. europe standard time')).toBe('W. Europe Standard Time');
    expect(graphTimeZone('Europe/Amsterdam')).toBe('Europe/Amsterdam');
    expect(graphTimeZone('')).toBe('UTC');
    expect(graphTimeZone('Nowhere Standard Time')).toBeUndefined();
  });

  it('computes offsets across daylight saving changes', () => {
    expect(withOffset('2025-03-30T01:30:00', 'Europe/Berlin')).toBe('2025-03-30T01:30:00.0000000+01:00');
    expect(withOffset('2025-03-30T03:30:00', 'Europe/Berlin')).toBe('2025-03-30T03:30:00.0000000+02:00');
    expect(withOffset('2025-11-02T12:00:00', 'America/New_York')).toBe('2025-11-02T12:00:00.0000000-05:00');
    expect(withOffset('2025-06-01T12:00:00', 'Asia/Kathmandu')).toBe('2025-06-01T12:00:00.0000000+05:45');
  });
});
