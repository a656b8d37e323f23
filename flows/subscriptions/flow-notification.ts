import { type Severity } from '../../core/alerts/alert';
import { getCase } from '../../core/cases/case.repository';
import type { DomainEvent } from '../../core/events/domain-event';
import { alertsCollection } from '../../core/persistence/collections';
import { ensureReference } from '../../core/persistence/references';
import type { StoreTransaction } from '../../core/ports/store';
import type { IrmPorts } from '../connectors/irm/irm-ports';
import { externalAlertView, externalCaseView, redactSubject } from './external-views';
import type { FlowEventType, SubscriptionFilter } from './flow-subscription';

/**
 * The JSON we POST to a Power Automate callback: the connector's `x-ms-notification-content`
 * (flows/connector/apiDefinition.swagger.json declares it per trigger; a unit test keeps the two
 * equal). It follows our engine's trigger body (flows/connectors/irm/irm-trigger-body.ts) so
 * `triggerBody()?['alert']?['severity']` reads the same in both engines, with two differences
 * that come from leaving our boundary:
 *
 * - `eventId` is opaque (internal event ids contain the subject's UPN): a keyed hash, stable
 *   across redeliveries, for a flow that wants to drop a duplicate;
 * - only the event fields listed below are copied (never free text such as a mail subject or a
 *   manual-scoping reason), and the subject is pseudonymized while the privacy setting is on.
 */
export type FlowNotification = Readonly<Record<string, unknown>>;

/** The event's own fields that go out, per type; each one is declared in the swagger. */
export const NOTIFIED_EVENT_FIELDS: Readonly<Record<FlowEventType, readonly string[]>> = {
  'alert.created': ['severity', 'score', 'status', 'policyId'],
  'alert.updated': ['severity', 'score', 'status', 'policyId'],
  'alert.triaged': ['status', 'previousStatus', 'reason', 'by', 'severity', 'score', 'policyId', 'createdAt', 'expiredAt'],
  'case.created': ['createdBy'],
  'case.updated': ['change', 'noteId', 'noticeId', 'contributor', 'by'],
  'case.resolved': ['resolution', 'by'],
  'user.scoped': ['policyId', 'policyName', 'from', 'to', 'reason', 'trigger'],
  'notice.sent': ['noticeId', 'templateId', 'templateName', 'teams', 'by'],
};

export interface NotificationOptions {
  /** The opaque event id (see FlowDeliveryConsumer). */
  readonly eventId: string;
  readonly pseudonymize: boolean;
}

/**
 * Builds the notification for one event, reading the alert and case as they are now. Alert and
 * case references are recorded in the reference index on the way, so GetIrmAlert / GetIrmCase
 * find what a notification named.
 */
export async function buildFlowNotification(
  tx: StoreTransaction,
  ports: IrmPorts,
  event: DomainEvent & { readonly type: FlowEventType },
  options: NotificationOptions,
): Promise<FlowNotification> {
  const upn = event.subject;
  const data = event.data;
  const body: Record<string, unknown> = {
    eventId: options.eventId,
    eventType: event.type,
    time: event.time,
    userPrincipalName: upn,
    pseudonymized: options.pseudonymize,
  };
  for (const key of NOTIFIED_EVENT_FIELDS[event.type]) {
    const value = data[key];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') body[key] = value;
  }
  const alertId = typeof data.alertId === 'string' ? data.alertId : undefined;
  if (alertId !== undefined) {
    body.alertId = await ensureReference(tx, ports.pseudonymizer, { kind: 'alert', userId: upn, id: alertId });
    const found = await tx.documents(alertsCollection).get(upn, alertId);
    if (found !== undefined) body.alert = await externalAlertView(tx, ports, found.value, options.pseudonymize);
  }
  const caseId = typeof data.caseId === 'string' ? data.caseId : undefined;
  if (caseId !== undefined) {
    body.caseId = caseId;
    const found = await getCase(tx, upn, caseId).catch(() => undefined);
    if (found !== undefined) {
      await ensureReference(tx, ports.pseudonymizer, { kind: 'case', userId: upn, id: caseId });
      body.case = await externalCaseView(tx, ports, found.value, options.pseudonymize);
    }
  }
  // The views are private already; this pass covers the event's own fields.
  return options.pseudonymize ? redactSubject(body, upn, ports.pseudonymizer.pseudonym(upn)) : body;
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { Low: 1, Medium: 2, High: 3 };

function field(value: unknown, ...path: string[]): unknown {
  let at: unknown = value;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

/** Whether a notification passes a subscription's filter (no filter: everything does). */
export function matchesFilter(filter: SubscriptionFilter | undefined, notification: FlowNotification): boolean {
  if (filter === undefined) return true;
  if (filter.minSeverity !== undefined) {
    const severity = notification.severity ?? field(notification, 'alert', 'severity');
    const rank = typeof severity === 'string' ? SEVERITY_RANK[severity as Severity] : undefined;
    if (rank === undefined || rank < SEVERITY_RANK[filter.minSeverity]) return false;
  }
  if (filter.policyId !== undefined) {
    const policyId = notification.policyId ?? field(notification, 'alert', 'violatedPolicy', 'policyId');
    if (policyId !== filter.policyId) return false;
  }
  return true;
}
