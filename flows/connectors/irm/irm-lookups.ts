import type { Alert } from '../../../core/alerts/alert';
import type { Case } from '../../../core/cases/case';
import { getCase } from '../../../core/cases/case.repository';
import { caseTeamsCollection } from '../../../core/cases/case-team';
import { NotFoundError, ValidationError } from '../../../core/errors';
import { alertsCollection } from '../../../core/persistence/collections';
import { ensureReference, resolveReference } from '../../../core/persistence/references';
import type { StoreTransaction } from '../../../core/ports/store';
import { ConnectorError } from '../../engine/contracts';
import type { IrmPorts } from './irm-ports';
import { alertBody, caseBody, type IrmAlertBody, type IrmCaseBody } from './irm-shapes';

/** Core errors become the HTTP-like statuses a flow sees (and `runAfter: Failed` can catch). */
export function asConnectorError(error: unknown): never {
  if (error instanceof NotFoundError) throw new ConnectorError(error.message, 404, { error: { code: 'NotFound', message: error.message } });
  if (error instanceof ValidationError) throw new ConnectorError(error.message, 400, { error: { code: 'BadRequest', message: error.message } });
  throw error;
}

export async function findAlert(tx: StoreTransaction, ref: string): Promise<Alert> {
  const target = await resolveReference(tx, ref, 'alert');
  const found = await tx.documents(alertsCollection).get(target.userId, target.id);
  if (found === undefined) throw new NotFoundError(`no alert ${ref.trim()}`);
  return found.value;
}

export async function findCase(tx: StoreTransaction, ref: string): Promise<Case> {
  const target = await resolveReference(tx, ref, 'case');
  return (await getCase(tx, target.userId, target.id)).value;
}

export async function alertView(tx: StoreTransaction, ports: IrmPorts, alert: Alert): Promise<IrmAlertBody> {
  const ref = await ensureReference(tx, ports.pseudonymizer, { kind: 'alert', userId: alert.userId, id: alert.id });
  const assigned = alert.caseId === undefined ? undefined : (await getCase(tx, alert.userId, alert.caseId).catch(() => undefined))?.value;
  return alertBody(alert, ref, assigned, ports.tenantId);
}

export async function caseView(tx: StoreTransaction, ports: IrmPorts, current: Case): Promise<IrmCaseBody> {
  const refs: string[] = [];
  for (const id of current.alertIds) refs.push(await ensureReference(tx, ports.pseudonymizer, { kind: 'alert', userId: current.userId, id }));
  const team = await tx.documents(caseTeamsCollection).get(current.userId, current.id);
  return caseBody(current, refs, team?.value, ports.tenantId);
}

export async function caseAlerts(tx: StoreTransaction, ports: IrmPorts, current: Case): Promise<IrmAlertBody[]> {
  const alerts = tx.documents(alertsCollection);
  const out: IrmAlertBody[] = [];
  for (const id of current.alertIds) {
    const found = await alerts.get(current.userId, id);
    if (found !== undefined) out.push(alertBody(found.value, await ensureReference(tx, ports.pseudonymizer, { kind: 'alert', userId: current.userId, id }), current, ports.tenantId));
  }
  return out;
}
