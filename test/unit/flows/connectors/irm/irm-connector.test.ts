import { confirmAlertIntoNewCase } from '../../../../../core/alerts/triage';
import { ensureReference } from '../../../../../core/persistence/references';
import { alertsCollection } from '../../../../../core/persistence/collections';
import { casesCollection } from '../../../../../core/cases/case';
import type { AuditRecord } from '../../../../../core/ports/audit-trail';
import type { Store } from '../../../../../core/ports/store';
import { createPseudonymizer } from '../../../../../core/privacy/pseudonymizer';
import { ConnectorError, type OperationCallContext } from '../../../../../flows/engine/contracts';
import { addIrmCaseNote } from '../../../../../flows/connectors/irm/add-irm-case-note.action';
import { getIrmAlert } from '../../../../../flows/connectors/irm/get-irm-alert.action';
import { getIrmAlertsForCase } from '../../../../../flows/connectors/irm/get-irm-alerts-for-case.action';
import { getIrmCase } from '../../../../../flows/connectors/irm/get-irm-case.action';
import { getIrmRiskyUser } from '../../../../../flows/connectors/irm/get-irm-risky-user.action';
import type { IrmConnectorContext } from '../../../../../flows/connectors/irm/irm-ports';
import { nodeHasher } from '../../../../../infra/crypto/node-hasher';
import { createMemoryStore } from '../../../../support/memory-store';
import { sampleAlert } from '../../../../support/samples/sample-alert';

const NOW = new Date('2026-03-03T08:00:00.000Z');
const pseudonymizer = createPseudonymizer(nodeHasher, 'k'.repeat(32));
const alert = sampleAlert();

async function world(): Promise<{ store: Store; audit: AuditRecord[]; context: (key: string) => IrmConnectorContext & OperationCallContext; alertRef: string; caseId: string }> {
  const store = createMemoryStore();
  const audit: AuditRecord[] = [];
  const ports = { store, pseudonymizer, audit: async (_tx: unknown, r: AuditRecord) => void audit.push(r), clock: { now: () => NOW }, tenantId: 'tenant-1' };
  const { alertRef, caseId } = await store.transaction(async (tx) => {
    await tx.users.upsertMany([{ upn: alert.userId, objectId: '0c7e1a52-0000-4000-8000-000000000001', displayName: 'Ada Lovelace', mail: 'ada@contoso.com', department: 'R&D', managerUpn: 'grace@contoso.com' }]);
    const created = await tx.documents(alertsCollection).create(alert.userId, alert.id, alert);
    const ref = await ensureReference(tx, pseudonymizer, { kind: 'alert', userId: alert.userId, id: alert.id });
    const outcome = await confirmAlertIntoNewCase(tx, { pseudonymizer, audit: ports.audit }, { alert: created, actor: { id: 'analyst-1', name: 'Grace' }, now: NOW.toISOString(), caseName: 'Departing engineer' });
    if (outcome.kind !== 'confirmed') throw new Error('expected the alert to be confirmed');
    return { alertRef: ref, caseId: outcome.case.id };
  });
  const context = (key: string): IrmConnectorContext & OperationCallContext => ({ irm: ports, idempotencyKey: key, runId: 'R-1', flowId: 'notify-manager-on-alert', attempt: 1 });
  return { store, audit, context, alertRef, caseId };
}

describe('the irm connector (operation names of Microsoft\'s insider-risk connector)', () => {
  it('GetIrmAlert answers in the swagger shape, with the opaque reference as id and the case assigned', async () => {
    const w = await world();
    const result = await getIrmAlert.execute(getIrmAlert.parameters.parse({ Alert_Id: w.alertRef }), w.context('k1'));
    expect(result.statusCode).toBe(200);
    expect(result.body).toMatchObject({
      id: w.alertRef,
      severity: 'High',
      status: 'Confirmed',
      createdDateTimeUtc: alert.createdAt,
      tenantId: 'tenant-1',
      assignedCase: { caseId: w.caseId, name: 'Departing engineer', status: 'Active' },
      violatedPolicy: { policyId: 'data-leaks', policyName: 'Data leaks (exfiltration activity)' },
      riskyUser: { riskyUserId: alert.userId, userPrincipalName: alert.userId },
    });
  });

  it('an unknown alert is a 404 the flow can catch, naming the reference', async () => {
    const w = await world();
    const failure = await getIrmAlert.execute({ Alert_Id: 'A-000000000000' }, w.context('k1')).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ConnectorError);
    expect((failure as ConnectorError).statusCode).toBe(404);
    expect((failure as ConnectorError).message).toContain('A-000000000000');
  });

  it('GetIrmCase and GetIrmAlertsForCase read the case and its alerts', async () => {
    const w = await world();
    const kase = await getIrmCase.execute({ Case_Id: w.caseId }, w.context('k1'));
    expect(kase.body).toMatchObject({ id: w.caseId, name: 'Departing engineer', status: 'Active', createdBy: 'analyst-1', alertIds: [w.alertRef], riskyUser: { userPrincipalName: alert.userId } });
    const alerts = await getIrmAlertsForCase.execute({ Case_Id: w.caseId.toLowerCase() }, w.context('k2'));
    expect((alerts.body as { value: { id: string; severity: string }[] }).value.map((a) => [a.id, a.severity])).toEqual([[w.alertRef, 'High']]);
  });

  it('GetIrmRiskyUser gives the directory facts and the risk level; a UPN is required', async () => {
    const w = await world();
    const user = await getIrmRiskyUser.execute(getIrmRiskyUser.parameters.parse({ RiskyUser_Id: 'Ada.Lovelace@contoso.com' }), w.context('k1'));
    expect(user.body).toMatchObject({ id: '0c7e1a52-0000-4000-8000-000000000001', userPrincipalName: alert.userId, displayName: 'Ada Lovelace', managerUserPrincipalName: 'grace@contoso.com', riskLevel: 'elevated', activeAlerts: 1, assignedCase: { caseId: w.caseId } });
    expect(getIrmRiskyUser.parameters.safeParse({ RiskyUser_Id: 'ada' }).success).toBe(false);
  });

  it('AddIrmCaseNote writes one system note by the flow, audited, even when the step is retried', async () => {
    const w = await world();
    const parameters = addIrmCaseNote.parameters.parse({ Case_Id: w.caseId, body: { content: 'Manager notified.' } });
    const first = await addIrmCaseNote.execute(parameters, w.context('R-1/Record_it'));
    const again = await addIrmCaseNote.execute(parameters, w.context('R-1/Record_it'));
    expect(again).toEqual(first);
    const stored = await w.store.transaction((tx) => tx.documents(casesCollection).get(alert.userId, w.caseId));
    const notes = stored?.value.notes ?? [];
    expect(notes.filter((n) => n.text === 'Manager notified.')).toEqual([expect.objectContaining({ kind: 'system', author: { id: 'flow:notify-manager-on-alert', name: 'Flow notify-manager-on-alert' } })]);
    expect(w.audit.filter((a) => a.activity === 'Added case note')).toEqual([expect.objectContaining({ actor: { id: 'system', name: 'flow notify-manager-on-alert (run R-1)' } })]);
    // A different step is a different note.
    await addIrmCaseNote.execute(parameters, w.context('R-1/Record_it_again'));
    const after = await w.store.transaction((tx) => tx.documents(casesCollection).get(alert.userId, w.caseId));
    expect(after?.value.notes.filter((n) => n.text === 'Manager notified.')).toHaveLength(2);
  });

  it('an empty note is refused by the parameter schema, naming body/content', () => {
    const parsed = addIrmCaseNote.parameters.safeParse({ Case_Id: 'C-1', body: { content: '  ' } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].path).toEqual(['body', 'content']);
  });
});
