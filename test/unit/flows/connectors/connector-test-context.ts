import type { DirectoryUser } from '../../../../core/directory/directory-user';
import type { Calendar, CalendarEvent, CreatedCalendarEvent } from '../../../../core/ports/calendar';
import type { Directory } from '../../../../core/ports/directory';
import type { HttpClient } from '../../../../core/ports/http-client';
import type { MailMessage, Mailer } from '../../../../core/ports/mailer';
import type { ConnectionSettings, FlowConnectorContext } from '../../../../flows/connectors/connector-context';
import type { FlowTeams } from '../../../../flows/connectors/teams/flow-teams.port';
import { ConnectorError, type OperationCallContext } from '../../../../flows/engine/contracts';

/** Fakes of the connector ports for unit tests, each recording its calls. */

export type TestContext = FlowConnectorContext & OperationCallContext;

export function fakeDirectory(users: readonly DirectoryUser[], managers: Readonly<Record<string, string>> = {}): Directory & { readonly calls: string[] } {
  const calls: string[] = [];
  const find = (idOrUpn: string): DirectoryUser | undefined => {
    const key = idOrUpn.toLowerCase();
    return users.find((u) => u.upn === key || u.objectId?.toLowerCase() === key);
  };
  return {
    calls,
    async getUser(idOrUpn) {
      calls.push(`getUser ${idOrUpn}`);
      return find(idOrUpn);
    },
    async getManager(idOrUpn) {
      calls.push(`getManager ${idOrUpn}`);
      const user = find(idOrUpn);
      const manager = user === undefined ? undefined : managers[user.upn];
      return manager === undefined ? undefined : find(manager);
    },
    async memberGroups() {
      return new Set<string>();
    },
    async groupMemberIds() {
      return [];
    },
  };
}

export function fakeMailer(): Mailer & { readonly sent: MailMessage[]; failWith?: Error } {
  const mailer = {
    sent: [] as MailMessage[],
    failWith: undefined as Error | undefined,
    async sendMail(message: MailMessage): Promise<void> {
      if (mailer.failWith !== undefined) throw mailer.failWith;
      mailer.sent.push(message);
    },
  };
  return mailer;
}

/** A calendar that stores events, answers like Graph (times echoed) and deduplicates by transactionId. */
export function fakeCalendar(): Calendar & { readonly created: { mailbox: string; event: CalendarEvent }[]; failWith?: Error } {
  const answers = new Map<string, CreatedCalendarEvent>();
  const calendar = {
    created: [] as { mailbox: string; event: CalendarEvent }[],
    failWith: undefined as Error | undefined,
    async createEvent(mailbox: string, event: CalendarEvent): Promise<CreatedCalendarEvent> {
      if (calendar.failWith !== undefined) throw calendar.failWith;
      const again = event.transactionId === undefined ? undefined : answers.get(event.transactionId);
      if (again !== undefined) return again;
      calendar.created.push({ mailbox, event });
      const answer: CreatedCalendarEvent = {
        id: `event-${calendar.created.length}`,
        subject: event.subject,
        start: event.start,
        end: event.end,
        webLink: `https://outlook.example/event-${calendar.created.length}`,
        iCalUId: `ical-${calendar.created.length}`,
        createdDateTime: '2025-03-01T08:00:00.0000000Z',
        lastModifiedDateTime: '2025-03-01T08:00:00.0000000Z',
        ...(event.body !== undefined && { body: { contentType: event.body.contentType.toLowerCase(), content: event.body.content } }),
        ...(event.location !== undefined && { location: event.location }),
        organizer: { name: 'Flows', address: mailbox },
        requiredAttendees: event.requiredAttendees ?? [],
        optionalAttendees: event.optionalAttendees ?? [],
        resourceAttendees: event.resourceAttendees ?? [],
        isAllDay: event.isAllDay ?? false,
        isReminderOn: event.isReminderOn ?? true,
        reminderMinutesBeforeStart: event.reminderMinutesBeforeStart ?? 15,
        showAs: event.showAs ?? 'busy',
        importance: event.importance ?? 'normal',
        sensitivity: event.sensitivity ?? 'normal',
        categories: event.categories ?? [],
        ...(event.recurrence !== undefined && { recurrence: event.recurrence }),
        responseRequested: event.responseRequested ?? true,
        responseType: 'organizer',
        responseTime: '0001-01-01T00:00:00Z',
        ...(event.transactionId !== undefined && { transactionId: event.transactionId }),
      };
      if (event.transactionId !== undefined) answers.set(event.transactionId, answer);
      return answer;
    },
  };
  return calendar;
}

const unusedHttp: HttpClient = {
  request: () => Promise.reject(new Error('this test does not expect HTTP calls')),
};

const unusedTeams: FlowTeams = {
  post: () => Promise.reject(new Error('this test does not expect Teams calls')),
  update: () => Promise.reject(new Error('this test does not expect Teams calls')),
};

export function testContext(overrides: Partial<TestContext> & { readonly connections?: Readonly<Record<string, ConnectionSettings>> } = {}): TestContext {
  const { connections = {}, ...rest } = overrides;
  return {
    directory: fakeDirectory([]),
    mailer: fakeMailer(),
    calendar: fakeCalendar(),
    http: unusedHttp,
    teams: unusedTeams,
    connection: (api) => connections[api],
    clock: { now: () => new Date('2025-03-01T08:00:00Z') },
    idempotencyKey: 'run-1/Step',
    runId: 'run-1',
    flowId: 'flow-1',
    attempt: 1,
    ...rest,
  };
}

/** The ConnectorError a call fails with (fails the test when it does not fail with one). */
export async function connectorFailure(call: Promise<unknown>): Promise<ConnectorError> {
  const outcome = await call.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof ConnectorError)) throw new Error(`expected a ConnectorError, got ${outcome === undefined ? 'success' : outcome instanceof Error ? `${outcome.name}: ${outcome.message}` : typeof outcome}`);
  return outcome;
}
