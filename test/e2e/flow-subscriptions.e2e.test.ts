import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'restify';
import { registerFlowActionRoutes } from '../../bot/http/flow-actions.route';
import { registerFlowSubscriptionRoutes } from '../../bot/http/flow-subscriptions.route';
import { createHttpServer } from '../../bot/server';
import { appendAudit, listAudit } from '../../core/audit/audit-log';
import { casesCollection } from '../../core/cases/case';
import type { DomainEvent } from '../../core/events/domain-event';
import { createOutboxDispatcher, type OutboxDispatcher } from '../../core/events/outbox-dispatcher';
import { alertsCollection } from '../../core/persistence/collections';
import { ensureReference } from '../../core/persistence/references';
import type { RecordAudit } from '../../core/ports/audit-trail';
import { systemClock } from '../../core/ports/clock';
import type { Store } from '../../core/ports/store';
import { createPseudonymizer } from '../../core/privacy/pseudonymizer';
import { createFlowDeliveryConsumer } from '../../flows/subscriptions/flow-delivery.consumer';
import { createBearerCheck } from '../../infra/connectors/http/bearer-auth';
import { nodeHasher } from '../../infra/crypto/node-hasher';
import { createFetchHttpClient } from '../../infra/http/fetch-http-client';
import { createSqliteStore } from '../../infra/sqlite/sqlite-store';
import { sampleAlert } from '../support/samples/sample-alert';

/**
 * The Power Automate side of the connector, end to end: the real restify server on a free port
 * with the subscription and action routes, the SQLite store, the outbox dispatcher with the
 * delivery consumer, the fetch HttpClient, and a local HTTP server standing in for the flow's
 * callback URL.
 */

const KEY = 'c'.repeat(40);
const auth = { authorization: `Bearer ${KEY}` };
const ADA = 'ada.lovelace@contoso.com';
const PSEUDONYM_KEY = 'e2e-flow-pseudonym-key-0123456789';
const CASE_ID = 'C-00AA11BB22CC';

interface Received {
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** The flow's callback: records each POST and answers `status` (202, as Power Automate does). */
function callbackServer(): { server: http.Server; received: Received[]; status: { value: number } } {
  const received: Received[] = [];
  const status = { value: 202 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status.value, { connection: 'close' });
      res.end();
    });
  });
  return { server, received, status };
}

/** One request on a fresh connection (see test/support/http-post.ts for why). */
function call(method: string, url: string, headers: Readonly<Record<string, string>> = {}, body?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; json: unknown }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method, agent: false, headers: { ...headers, connection: 'close', ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: response.statusCode ?? 0, headers: response.headers, json: text === '' ? undefined : (JSON.parse(text) as unknown) });
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

const listen = (server: { listen(port: number, host: string, cb: () => void): unknown }): Promise<void> =>
  new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve());
  });

describe('Power Automate connector endpoints (e2e)', () => {
  let dir: string;
  let store: Store;
  let server: Server;
  let base: string;
  let callback: ReturnType<typeof callbackServer>;
  let callbackBase: string;
  let dispatcher: OutboxDispatcher;
  const pseudonymizer = createPseudonymizer(nodeHasher, PSEUDONYM_KEY);
  const audit: RecordAudit = async (tx, record) => {
    await appendAudit(tx, nodeHasher, systemClock, record);
  };
  const alert = sampleAlert({ id: `data-leaks:${ADA}:1`, userId: ADA, status: 'Confirmed', caseId: CASE_ID });
  let seq = 0;

  /** Appends an event as a core service would, then lets the dispatcher deliver everything pending. */
  const publish = async (event: DomainEvent): Promise<void> => {
    await store.transaction((tx) => tx.outbox.append([event]));
    await dispatcher.drain();
  };
  const alertUpdated = (): DomainEvent => {
    seq++;
    return { id: `alert.updated:${alert.id}:${seq}`, type: 'alert.updated', subject: ADA, time: new Date(Date.UTC(2026, 2, 2, 12, seq)).toISOString(), data: { alertId: alert.id, policyId: alert.policyId, userId: ADA, severity: 'High', score: 90, status: 'Confirmed' } };
  };
  const subscribeTo = async (eventType: string, body: unknown) => call('POST', `${base}/api/flows/subscriptions/${eventType}`, auth, JSON.stringify(body));

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irm-flows-'));
    store = await createSqliteStore({ path: path.join(dir, 'irm.db') });
    await store.transaction(async (tx) => {
      await tx.documents(alertsCollection).create(ADA, alert.id, alert);
      await tx.documents(casesCollection).create(ADA, CASE_ID, {
        id: CASE_ID,
        name: 'Roadmap copied to USB',
        userId: ADA,
        status: 'Active',
        alertIds: [alert.id],
        createdAt: '2026-03-02T11:00:00.000Z',
        createdBy: { id: '6f1a2b3c-4d5e-4f60-8a7b-000000000003', name: 'Grace Analyst' },
        updatedAt: '2026-03-02T11:00:00.000Z',
        updatedBy: { id: '6f1a2b3c-4d5e-4f60-8a7b-000000000003', name: 'Grace Analyst' },
        notes: [],
        contributors: [],
      });
      // As triage does when it opens a case.
      await ensureReference(tx, pseudonymizer, { kind: 'case', userId: ADA, id: CASE_ID });
    });
    callback = callbackServer();
    await listen(callback.server);
    callbackBase = `http://127.0.0.1:${(callback.server.address() as { port: number }).port}`;

    server = createHttpServer();
    const deps = {
      store,
      clock: systemClock,
      audit,
      hasher: nodeHasher,
      pseudonymizer,
      authenticate: createBearerCheck(KEY),
      publicUrl: () => base,
      callbackPolicy: { allowHttpLoopback: true },
    };
    registerFlowSubscriptionRoutes(server, deps);
    registerFlowActionRoutes(server, deps);
    await listen(server);
    base = `http://127.0.0.1:${server.address().port}`;

    const consumer = createFlowDeliveryConsumer({ store, clock: systemClock, http: createFetchHttpClient(), audit, hasher: nodeHasher, pseudonymizer, referenceKey: PSEUDONYM_KEY });
    dispatcher = createOutboxDispatcher({ store, clock: systemClock, consumers: [consumer] });
  });

  afterAll(async () => {
    await dispatcher.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await new Promise<void>((resolve) => callback.server.close(() => resolve()));
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers 401 to every operation of the connector definition without the key, and with a wrong one', async () => {
    const swagger = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../flows/connector/apiDefinition.swagger.json'), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
    const seen: string[] = [];
    for (const [template, item] of Object.entries(swagger.paths)) {
      const url = `${base}${template.replace(/\{[^}]+\}/g, 'X-1')}`;
      for (const method of Object.keys(item).filter((k) => ['get', 'post', 'delete'].includes(k))) {
        const none = await call(method.toUpperCase(), url, {}, method === 'post' ? '{}' : undefined);
        const wrong = await call(method.toUpperCase(), url, { authorization: 'Bearer not-the-key' }, method === 'post' ? '{}' : undefined);
        expect([method, template, none.status, none.headers['www-authenticate'], wrong.status]).toEqual([method, template, 401, 'Bearer', 401]);
        seen.push(`${method} ${template}`);
      }
    }
    // 8 triggers, the unsubscribe, 4 actions.
    expect(seen).toHaveLength(13);
  });

  it('refuses an unknown event type, naming it, and a plain-http callback that is not loopback', async () => {
    const unknown = await subscribeTo('alert.deleted', { callbackUrl: `${callbackBase}/cb` });
    expect(unknown.status).toBe(400);
    expect((unknown.json as { error: { message: string } }).error.message).toMatch(/^unknown event type 'alert\.deleted': expected one of alert\.created, /);
    const insecure = await subscribeTo('alert.created', { callbackUrl: 'http://flows.example.org/cb' });
    expect(insecure.status).toBe(400);
    expect(insecure.json).toMatchObject({ error: { code: 'validation_failed', issues: [{ field: 'callbackUrl' }] } });
    const notJson = await call('POST', `${base}/api/flows/subscriptions/alert.created`, auth, '{not json');
    expect(notJson.status).toBe(400);
  });

  it('subscribes, delivers the event through the outbox to the callback, serves the actions, and stops after DELETE', async () => {
    const subscribed = await subscribeTo('alert.updated', { callbackUrl: `${callbackBase}/workflows/1/triggers/manual/run?sig=abc` });
    expect(subscribed.status).toBe(201);
    const created = subscribed.json as { id: string; eventType: string; createdAt: string };
    expect(created).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), eventType: 'alert.updated', createdAt: expect.any(String) });
    const location = subscribed.headers.location as string;
    expect(location).toBe(`${base}/api/flows/subscriptions/${created.id}`);

    await publish(alertUpdated());
    expect(callback.received).toHaveLength(1);
    const [delivered] = callback.received;
    expect(delivered.path).toBe('/workflows/1/triggers/manual/run?sig=abc');
    expect(delivered.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(delivered.headers['x-irm-event-type']).toBe('alert.updated');
    const notification = JSON.parse(delivered.body) as Record<string, unknown>;
    const pseudonym = pseudonymizer.pseudonym(ADA);
    expect(notification).toMatchObject({ eventType: 'alert.updated', userPrincipalName: pseudonym, pseudonymized: true, severity: 'High', score: 90, alertId: pseudonymizer.reference('alert', alert.id), alert: { assignedCase: { caseId: CASE_ID } } });
    expect(delivered.body.toLowerCase()).not.toContain('ada.lovelace');

    // The references in the notification work with the actions.
    const got = await call('GET', `${base}/api/flows/alerts/${notification.alertId as string}`, auth);
    expect(got.status).toBe(200);
    expect(got.json).toMatchObject({ id: notification.alertId, severity: 'High', violatedPolicy: { policyId: 'data-leaks' }, assignedCase: { caseId: CASE_ID }, riskyUser: { riskyUserId: pseudonym, userPrincipalName: pseudonym } });
    const theCase = await call('GET', `${base}/api/flows/cases/${CASE_ID}`, auth);
    expect(theCase.json).toMatchObject({ id: CASE_ID, name: 'Roadmap copied to USB', status: 'Active', alertIds: [notification.alertId], riskyUser: { userPrincipalName: pseudonym } });
    const alerts = await call('GET', `${base}/api/flows/cases/${CASE_ID}/alerts`, auth);
    expect(alerts.json).toMatchObject({ value: [{ id: notification.alertId }] });
    expect(JSON.stringify([got.json, theCase.json, alerts.json]).toLowerCase()).not.toContain('ada.lovelace');
    expect((await call('GET', `${base}/api/flows/alerts/A-000000000000`, auth)).status).toBe(404);

    const note = await call('POST', `${base}/api/flows/cases/${CASE_ID}/notes`, auth, JSON.stringify({ content: 'HR confirmed the resignation date.' }));
    expect(note.status).toBe(200);
    expect(note.json).toEqual({ noteId: `${CASE_ID}:n1`, caseId: CASE_ID });
    const stored = await store.transaction((tx) => tx.documents(casesCollection).get(ADA, CASE_ID));
    expect(stored?.value.notes).toEqual([expect.objectContaining({ kind: 'system', text: 'HR confirmed the resignation date.', author: { id: 'system', name: expect.stringMatching(/^Power Automate connector \(key [0-9a-f]{12}\)$/) } })]);
    expect((await call('POST', `${base}/api/flows/cases/${CASE_ID}/notes`, auth, JSON.stringify({ content: '' }))).status).toBe(400);

    const removed = await call('DELETE', location, auth);
    expect(removed.status).toBe(204);
    expect((await call('DELETE', location, auth)).status).toBe(404);
    await publish(alertUpdated());
    expect(callback.received).toHaveLength(1);

    const entries = await store.transaction((tx) => listAudit(tx, { category: 'Flows' }));
    expect(entries.map((e) => [e.activity, e.target])).toEqual(
      expect.arrayContaining([
        ['Added flow subscription', created.id],
        ['Removed flow subscription', created.id],
      ]),
    );
    expect(JSON.stringify(entries)).not.toContain('sig=abc');
    expect((await store.transaction((tx) => listAudit(tx, { category: 'Cases' }))).map((e) => e.activity)).toContain('Added case note');
  });

  it('answers a repeated identical subscribe with the same subscription, which lasts until both are unsubscribed', async () => {
    const body = { callbackUrl: `${callbackBase}/workflows/2/run?sig=def`, minSeverity: 'High' };
    const first = await subscribeTo('alert.updated', body);
    const second = await subscribeTo('alert.updated', body);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.headers.location).toBe(first.headers.location);
    expect(second.json).toEqual(first.json);
    expect(first.json).toMatchObject({ minSeverity: 'High' });

    const before = callback.received.length;
    await publish(alertUpdated());
    expect(callback.received.slice(before).map((r) => r.path)).toEqual(['/workflows/2/run?sig=def']);
    expect((await call('DELETE', first.headers.location as string, auth)).status).toBe(204);
    await publish(alertUpdated());
    expect(callback.received).toHaveLength(before + 2);
    expect((await call('DELETE', first.headers.location as string, auth)).status).toBe(204);
    await publish(alertUpdated());
    expect(callback.received).toHaveLength(before + 2);
    expect((await call('DELETE', first.headers.location as string, auth)).status).toBe(404);
  });

  it('removes the subscription when the callback answers 410 Gone', async () => {
    const subscribed = await subscribeTo('alert.updated', { callbackUrl: `${callbackBase}/workflows/3/run?sig=ghi` });
    expect(subscribed.status).toBe(201);
    callback.status.value = 410;
    try {
      await publish(alertUpdated());
    } finally {
      callback.status.value = 202;
    }
    const before = callback.received.length;
    expect(callback.received[before - 1].path).toBe('/workflows/3/run?sig=ghi');
    expect((await call('DELETE', subscribed.headers.location as string, auth)).status).toBe(404);
    await publish(alertUpdated());
    expect(callback.received).toHaveLength(before);
  });
});
