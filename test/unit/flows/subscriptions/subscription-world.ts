import type { Alert } from '../../../../core/alerts/alert';
import { appendAudit, listAudit } from '../../../../core/audit/audit-log';
import type { AuditEntry } from '../../../../core/audit/audit-entry';
import { type Case, casesCollection } from '../../../../core/cases/case';
import { OperationalError } from '../../../../core/errors';
import type { DomainEvent } from '../../../../core/events/domain-event';
import { alertsCollection, SETTINGS_ID, settingsCollection, SYSTEM_PARTITION } from '../../../../core/persistence/collections';
import type { RecordAudit } from '../../../../core/ports/audit-trail';
import type { HttpClient, HttpRequest, HttpResponse } from '../../../../core/ports/http-client';
import type { Store } from '../../../../core/ports/store';
import { createPseudonymizer, type Pseudonymizer } from '../../../../core/privacy/pseudonymizer';
import { defaultSettings } from '../../../../core/settings/settings-defaults';
import { createFlowDeliveryConsumer, type FlowDeliveryConsumer, type FlowDeliveryDeps } from '../../../../flows/subscriptions/flow-delivery.consumer';
import type { FlowEventType, FlowSubscription } from '../../../../flows/subscriptions/flow-subscription';
import { subscribe, type SubscribeRequest } from '../../../../flows/subscriptions/flow-subscription.repository';
import { nodeHasher } from '../../../../infra/crypto/node-hasher';
import { createMemoryStore } from '../../../support/memory-store';
import { sampleAlert } from '../../../support/samples/sample-alert';

/**
 * A store holding one alert and one case of Ada's, a clock the test moves, the real audit log,
 * and an HttpClient that answers from a script and records every request.
 */

export const ADA = 'ada.lovelace@contoso.com';
export const CONNECTOR = { id: 'system', name: 'Power Automate connector (key 0a1b2c3d4e5f)' };
export const KEY_ID = 'connector-key:0a1b2c3d4e5f';
export const ANALYST = { id: '6f1a2b3c-4d5e-4f60-8a7b-000000000003', name: 'Grace Analyst' };
export const START = new Date('2026-03-02T09:00:00.000Z');
export const CALLBACK = 'https://prod-12.westeurope.logic.azure.com/workflows/5b7c/triggers/manual/paths/invoke?api-version=2016-06-01&sig=s3cr3t';
export const PSEUDONYM_KEY = 'flows-test-pseudonym-key-0123456789';

export type Answer = HttpResponse | Error;

export interface ScriptedHttp extends HttpClient {
  readonly requests: HttpRequest[];
  /** Answers for the next requests, in order; when the script runs out, 202 Accepted. */
  answer(...answers: Answer[]): void;
}

export function scriptedHttp(): ScriptedHttp {
  const requests: HttpRequest[] = [];
  const script: Answer[] = [];
  return {
    requests,
    answer(...answers) {
      script.push(...answers);
    },
    async request(request) {
      requests.push(request);
      const next = script.shift() ?? { statusCode: 202, headers: {}, body: '' };
      if (next instanceof Error) throw next;
      return next;
    },
  };
}

export const status = (statusCode: number, headers: Record<string, string> = {}): HttpResponse => ({ statusCode, headers, body: '' });
export const networkError = (): Error => new OperationalError('connect ECONNREFUSED 203.0.113.9:443');

export interface SubscriptionWorld {
  readonly store: Store;
  readonly clock: { now(): Date; advance(ms: number): void; set(at: Date): void };
  readonly http: ScriptedHttp;
  readonly pseudonymizer: Pseudonymizer;
  readonly audit: RecordAudit;
  readonly consumer: FlowDeliveryConsumer;
  readonly alert: Alert;
  readonly case: Case;
  subscribe(eventType: FlowEventType, request?: Partial<SubscribeRequest>, id?: string): Promise<FlowSubscription>;
  auditEntries(): Promise<AuditEntry[]>;
  /** The JSON bodies posted so far. */
  posted(): Record<string, unknown>[];
}

export function activeCase(alert: Alert): Case {
  return {
    id: 'C-0123456789AB',
    name: 'Roadmap copied to USB',
    userId: ADA,
    status: 'Active',
    alertIds: [alert.id],
    createdAt: '2026-03-02T09:30:00.000Z',
    createdBy: ANALYST,
    updatedAt: '2026-03-02T09:30:00.000Z',
    updatedBy: ANALYST,
    notes: [],
    contributors: [],
  };
}

export async function subscriptionWorld(options: { readonly retry?: FlowDeliveryDeps['retry']; readonly pseudonymize?: boolean } = {}): Promise<SubscriptionWorld> {
  const store = createMemoryStore();
  let now = START;
  const clock = {
    now: () => now,
    advance: (ms: number) => {
      now = new Date(now.getTime() + ms);
    },
    set: (at: Date) => {
      now = at;
    },
  };
  const http = scriptedHttp();
  const pseudonymizer = createPseudonymizer(nodeHasher, PSEUDONYM_KEY);
  const audit: RecordAudit = async (tx, record) => {
    await appendAudit(tx, nodeHasher, clock, record);
  };
  const alert = sampleAlert({ userId: ADA, id: `data-leaks:${ADA}:1`, caseId: 'C-0123456789AB', status: 'Confirmed' });
  const current = activeCase(alert);
  await store.transaction(async (tx) => {
    await tx.documents(alertsCollection).create(ADA, alert.id, alert);
    await tx.documents(casesCollection).create(ADA, current.id, current);
    if (options.pseudonymize === false) {
      await tx.documents(settingsCollection).create(SYSTEM_PARTITION, SETTINGS_ID, { ...defaultSettings(START), privacy: { pseudonymize: false } });
    }
  });
  const consumer = createFlowDeliveryConsumer({
    store,
    clock,
    http,
    audit,
    hasher: nodeHasher,
    pseudonymizer,
    referenceKey: PSEUDONYM_KEY,
    retry: options.retry ?? { baseMs: 1_000, maxMs: 600_000 },
  });
  let n = 0;
  return {
    store,
    clock,
    http,
    pseudonymizer,
    audit,
    consumer,
    alert,
    case: current,
    async subscribe(eventType, request = {}, id) {
      n++;
      const { subscription } = await store.transaction((tx) =>
        subscribe(tx, { audit }, { id: id ?? `sub-${n}`, eventType, request: { callbackUrl: `${CALLBACK}&n=${n}`, ...request }, createdBy: KEY_ID, actor: CONNECTOR, now: clock.now().toISOString() }),
      );
      return subscription;
    },
    auditEntries: () => store.transaction((tx) => listAudit(tx, { limit: 1000 })),
    posted: () => http.requests.map((r) => JSON.parse(r.body ?? 'null') as Record<string, unknown>),
  };
}

/** The events as the core services append them (same ids and data shapes). */
export function alertCreated(alert: Alert, time = '2026-03-02T10:14:00.000Z'): DomainEvent {
  return {
    id: `alert.created:${alert.id}`,
    type: 'alert.created',
    subject: alert.userId,
    time,
    data: { alertId: alert.id, policyId: alert.policyId, userId: alert.userId, severity: alert.severity, score: alert.score, status: 'NeedsReview' },
  };
}

export function caseNoted(current: Case, noteId = `${current.id}:n1`): DomainEvent {
  return {
    id: `case.updated:${noteId}`,
    type: 'case.updated',
    subject: current.userId,
    time: '2026-03-02T11:00:00.000Z',
    data: { caseId: current.id, userId: current.userId, change: 'note', noteId, by: ANALYST.id },
  };
}
