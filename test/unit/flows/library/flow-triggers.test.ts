import { confirmAlertIntoNewCase } from '../../../../core/alerts/triage';
import type { DomainEvent } from '../../../../core/events/domain-event';
import { alertsCollection } from '../../../../core/persistence/collections';
import type { AuditRecord } from '../../../../core/ports/audit-trail';
import { createPseudonymizer } from '../../../../core/privacy/pseudonymizer';
import { createConnectorRegistry } from '../../../../flows/connectors/registry';
import type { LintCapabilities } from '../../../../flows/engine/definition/lint-flow';
import { SUPPORTED_ACTION_TYPES, SUPPORTED_TRIGGER_TYPES } from '../../../../flows/engine/definition/workflow-definition';
import { lookupFunction } from '../../../../flows/engine/expressions';
import { disableFlow, enableFlow, importFlow } from '../../../../flows/library/flow-service';
import { FLOW_STARTS_PARTITION, flowStartsCollection } from '../../../../flows/library/flow-start';
import { createFlowStartPump, type RunStarter } from '../../../../flows/library/flow-start.pump';
import { createFlowTriggerConsumer } from '../../../../flows/library/flow-trigger.consumer';
import { startManualRun } from '../../../../flows/library/manual-run';
import { nodeHasher } from '../../../../infra/crypto/node-hasher';
import { createMemoryStore } from '../../../support/memory-store';
import { sampleAlert } from '../../../support/samples/sample-alert';

const NOW = new Date('2026-03-03T08:00:00.000Z');
const clock = { now: () => NOW };
const pseudonymizer = createPseudonymizer(nodeHasher, 'k'.repeat(32));
const capabilities: LintCapabilities = {
  actionTypes: new Set<string>(SUPPORTED_ACTION_TYPES),
  triggerTypes: new Set<string>(SUPPORTED_TRIGGER_TYPES),
  operations: createConnectorRegistry().operationKeys,
  isFunction: (name) => lookupFunction(name) !== undefined,
};
const ADMIN = { id: 'admin-1', name: 'Ada' };

function world() {
  const store = createMemoryStore();
  const audit: AuditRecord[] = [];
  const record = async (_tx: unknown, r: AuditRecord): Promise<void> => void audit.push(r);
  const started: Parameters<RunStarter['start']>[0][] = [];
  const runner: RunStarter = { start: async (input) => void started.push(input) };
  const pump = createFlowStartPump({ store, runner });
  const consumer = createFlowTriggerConsumer({ store, irm: { store, pseudonymizer, audit: record, clock }, hasher: nodeHasher, clock, kick: () => pump.kick() });
  const enable = (id: string, parameters: string[] = []) => store.transaction((tx) => enableFlow(tx, { audit: record, capabilities }, { id, parameters, actor: ADMIN, now: NOW.toISOString() }));
  return { store, audit, record, started, pump, consumer, enable };
}

async function storedAlert(store: ReturnType<typeof createMemoryStore>, severity: 'Low' | 'Medium' | 'High'): Promise<DomainEvent> {
  const alert = sampleAlert({ severity });
  await store.transaction((tx) => tx.documents(alertsCollection).create(alert.userId, alert.id, alert));
  return { id: `alert.created:${alert.id}`, type: 'alert.created', subject: alert.userId, time: NOW.toISOString(), data: { alertId: alert.id, policyId: alert.policyId, userId: alert.userId, severity } };
}

describe('event triggers', () => {
  it('start one run per event and flow whose trigger condition holds, with the alert in the trigger body', async () => {
    const w = world();
    await w.enable('notify-manager-on-alert');
    const high = await storedAlert(w.store, 'High');
    await w.consumer.handle(high);
    await w.consumer.handle(high); // redelivered
    await w.pump.drain();
    expect(w.started).toHaveLength(1);
    const [run] = w.started;
    expect(run).toMatchObject({ flowId: 'notify-manager-on-alert', triggerName: 'When_an_alert_is_created', parameters: {} });
    expect(run.runId).toMatch(/^R-[0-9A-F]{20}$/);
    const body = run.triggerOutputs.body as Record<string, unknown>;
    expect(body).toMatchObject({ eventType: 'alert.created', userPrincipalName: 'ada.lovelace@contoso.com', severity: 'High', alert: { severity: 'High', violatedPolicy: { policyId: 'data-leaks' } } });
    expect(body.alertId).toMatch(/^A-[0-9A-F]{12}$/);
    // Alerts are named by their opaque reference, as in Teams; the event id is the outbox's own (for correlation).
    expect(JSON.stringify(body.alert)).not.toContain('data-leaks:ada');
    expect(body.eventId).toBe(high.id);
  });

  it('do not start when the condition is false (a Low alert, default severities Medium and High), nor for disabled flows', async () => {
    const w = world();
    await w.enable('notify-manager-on-alert');
    await w.consumer.handle(await storedAlert(w.store, 'Low'));
    await w.store.transaction((tx) => disableFlow(tx, { audit: w.record, capabilities }, { id: 'notify-manager-on-alert', actor: ADMIN, now: NOW.toISOString() }));
    const medium = sampleAlert({ id: 'data-leaks:ada.lovelace@contoso.com:2', severity: 'Medium' });
    await w.store.transaction((tx) => tx.documents(alertsCollection).create(medium.userId, medium.id, medium));
    await w.consumer.handle({ id: `alert.created:${medium.id}`, type: 'alert.created', subject: medium.userId, time: NOW.toISOString(), data: { alertId: medium.id, userId: medium.userId } });
    await w.pump.drain();
    expect(w.started).toEqual([]);
  });

  it('a parameter set at enable time changes the condition', async () => {
    const w = world();
    await w.enable('notify-manager-on-alert', ['notifySeverities=Low']);
    await w.consumer.handle(await storedAlert(w.store, 'Low'));
    await w.pump.drain();
    expect(w.started.map((s) => s.parameters)).toEqual([{ notifySeverities: ['Low'] }]);
  });

  it("never start on a case note a flow wrote (no loops)", async () => {
    const w = world();
    const text = JSON.stringify({
      $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
      triggers: { On_update: { type: 'OpenApiConnectionWebhook', inputs: { host: { apiId: '/providers/Microsoft.PowerApps/apis/shared_irm', operationId: 'OnIrmCaseUpdated' } } } },
      actions: { Note: { type: 'Compose', inputs: '@triggerBody()', runAfter: {} } },
    });
    await w.store.transaction((tx) => importFlow(tx, { audit: w.record, capabilities }, { fileName: 'on-update.json', text, id: 'on-update', actor: ADMIN, now: NOW.toISOString() }));
    await w.enable('on-update');
    await w.consumer.handle({ id: 'case.updated:C-1:n2', type: 'case.updated', subject: 'ada@contoso.com', time: NOW.toISOString(), data: { caseId: 'C-1', change: 'note', by: 'flow:notify-manager-on-alert' } });
    await w.consumer.handle({ id: 'case.updated:C-1:n3', type: 'case.updated', subject: 'ada@contoso.com', time: NOW.toISOString(), data: { caseId: 'C-1', change: 'note', by: 'analyst-1' } });
    await w.pump.drain();
    expect(w.started.map((s) => (s.triggerOutputs.body as { eventId: string }).eventId)).toEqual(['case.updated:C-1:n3']);
  });
});

describe('the start pump', () => {
  it('keeps a start whose run could not be started, and starts it on the next scan', async () => {
    const w = world();
    await w.enable('notify-manager-on-alert');
    let fail = true;
    const calls: string[] = [];
    const pump = createFlowStartPump({ store: w.store, runner: { start: async (input) => { calls.push(input.runId); if (fail) throw new Error('store busy'); } } });
    const consumer = createFlowTriggerConsumer({ store: w.store, irm: { store: w.store, pseudonymizer, audit: w.record, clock }, hasher: nodeHasher, clock, kick: () => undefined });
    await consumer.handle(await storedAlert(w.store, 'High'));
    await pump.drain();
    expect(await w.store.transaction((tx) => tx.documents(flowStartsCollection).count({ partition: FLOW_STARTS_PARTITION }))).toBe(1);
    fail = false;
    await pump.drain();
    expect(calls).toHaveLength(2);
    expect(calls[0]).toBe(calls[1]);
    expect(await w.store.transaction((tx) => tx.documents(flowStartsCollection).count({ partition: FLOW_STARTS_PARTITION }))).toBe(0);
  });
});

describe('manual runs', () => {
  it('start a flow for a selected case with the hybrid trigger body, audited; refuse what the flow cannot do', async () => {
    const w = world();
    const alert = sampleAlert();
    const caseId = await w.store.transaction(async (tx) => {
      const created = await tx.documents(alertsCollection).create(alert.userId, alert.id, alert);
      const outcome = await confirmAlertIntoNewCase(tx, { pseudonymizer, audit: w.record }, { alert: created, actor: ADMIN, now: NOW.toISOString(), caseName: 'Leak' });
      return outcome.kind === 'confirmed' ? outcome.case.id : '';
    });
    const deps = { store: w.store, audit: w.record, hasher: nodeHasher, clock, kick: () => w.pump.kick() };
    await expect(startManualRun(deps, { flow: 'request-hr-information', target: { kind: 'case', caseId }, actor: ADMIN })).rejects.toThrow(/no flow 'request-hr-information'/);
    await w.enable('request-hr-information', ['hrRecipients=hr@contoso.com']);
    await expect(startManualRun(deps, { flow: 'request-hr-information', target: { kind: 'user', upn: 'ada@contoso.com' }, actor: ADMIN })).rejects.toThrow('cannot be run for a user: it runs for a case (--case)');
    await expect(startManualRun(deps, { flow: 'request-hr-information', target: { kind: 'case', caseId: 'C-000000000000' }, actor: ADMIN })).rejects.toThrow('no case C-000000000000');
    const { runId } = await startManualRun(deps, { flow: 'request-hr-information', target: { kind: 'case', caseId: caseId.toLowerCase() }, actor: ADMIN });
    await w.pump.drain();
    expect(w.started).toEqual([expect.objectContaining({ runId, triggerName: 'For_a_selected_case', triggerOutputs: { headers: { 'x-irm-started-by': 'admin-1' }, body: { caseId, caseUrl: `urn:irm:case:${caseId}` } }, parameters: { hrRecipients: 'hr@contoso.com' } })]);
    expect(w.audit.filter((a) => a.category === 'Flows').map((a) => a.activity)).toEqual(['Installed and enabled flow', 'Ran flow']);
  });
});
