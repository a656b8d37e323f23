import type { DomainEvent } from '../../../core/events/domain-event';
import { getCase } from '../../../core/cases/case.repository';
import { alertsCollection } from '../../../core/persistence/collections';
import { ensureReference } from '../../../core/persistence/references';
import type { StoreTransaction } from '../../../core/ports/store';
import { alertView, caseView } from './irm-lookups';
import type { IrmPorts } from './irm-ports';

/**
 * What `triggerBody()` holds when an event starts a flow: the event's own fields (with opaque
 * references in place of internal ids), the subject's UPN, and — when the event is about an alert
 * or a case — that alert or case in the shape GetIrmAlert / GetIrmCase return, as it is now.
 */
export async function eventTriggerBody(tx: StoreTransaction, ports: IrmPorts, event: DomainEvent): Promise<Record<string, unknown>> {
  const data = event.data;
  const body: Record<string, unknown> = { eventId: event.id, eventType: event.type, time: event.time, userPrincipalName: event.subject };
  for (const [key, value] of Object.entries(data)) {
    if (key === 'alertId' || key === 'alertIds' || key === 'userId') continue;
    body[key] = value;
  }
  const alertId = typeof data.alertId === 'string' ? data.alertId : undefined;
  if (alertId !== undefined) {
    const found = await tx.documents(alertsCollection).get(event.subject, alertId);
    body.alertId = await ensureReference(tx, ports.pseudonymizer, { kind: 'alert', userId: event.subject, id: alertId });
    if (found !== undefined) body.alert = await alertView(tx, ports, found.value);
  }
  const caseId = typeof data.caseId === 'string' ? data.caseId : undefined;
  if (caseId !== undefined) {
    const found = await getCase(tx, event.subject, caseId).catch(() => undefined);
    if (found !== undefined) {
      await ensureReference(tx, ports.pseudonymizer, { kind: 'case', userId: event.subject, id: caseId });
      body.case = await caseView(tx, ports, found.value);
    }
  }
  return body;
}
