import fs from 'node:fs';
import path from 'node:path';
import type { DomainEvent } from '../../../core/events/domain-event';
import { NOTIFIED_EVENT_FIELDS } from '../../../flows/subscriptions/flow-notification';
import { FLOW_EVENT_TYPES, type FlowEventType, triggerOperationOf } from '../../../flows/subscriptions/flow-subscription';
import { ADA, alertCreated, ANALYST, subscriptionWorld } from './subscriptions/subscription-world';

/**
 * The Power Platform custom connector (flows/connector/) checked as data: OpenAPI 2.0 structure,
 * Power Automate's webhook-trigger rules, parity with Microsoft's insider-risk connector, and the
 * notification schemas against what the delivery consumer really posts.
 */

type Json = Record<string, unknown>;
const CONNECTOR_DIR = path.resolve(__dirname, '../../../flows/connector');
const MICROSOFT = path.resolve(__dirname, '../../../../shared/fixtures/connectors/shared_microsoft365compliance.swagger.json');
const read = (file: string): Json => JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
const swagger = read(path.join(CONNECTOR_DIR, 'apiDefinition.swagger.json'));
const apiProperties = read(path.join(CONNECTOR_DIR, 'apiProperties.json'));

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];
const paths = swagger.paths as Record<string, Json>;
const definitions = swagger.definitions as Record<string, Json>;

interface Operation {
  readonly path: string;
  readonly method: string;
  readonly op: Json;
  readonly pathItem: Json;
}
const operations: Operation[] = Object.entries(paths).flatMap(([p, item]) =>
  Object.entries(item)
    .filter(([key]) => METHODS.includes(key))
    .map(([method, op]) => ({ path: p, method, op: op as Json, pathItem: item })),
);
const byId = (operationId: string): Operation => {
  const found = operations.find((o) => o.op.operationId === operationId);
  if (found === undefined) throw new Error(`no operation ${operationId}`);
  return found;
};
const parametersOf = (op: Json): Json[] => (op.parameters ?? []) as Json[];

/** Follows `$ref: #/definitions/X` (Swagger 2.0 allows no other kind in this file). */
function resolve(schema: Json): Json {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const match = /^#\/definitions\/(.+)$/.exec(ref);
  if (match === null || definitions[match[1]] === undefined) throw new Error(`unresolvable $ref ${ref}`);
  return resolve(definitions[match[1]]);
}

function allRefs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => allRefs(v, out));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else allRefs(v, out);
    }
  }
  return out;
}

/** Every property path of `value` that `schema` does not declare (objects recursively, arrays by item). */
function undeclared(value: unknown, schema: Json, at = ''): string[] {
  const s = resolve(schema);
  if (Array.isArray(value)) return value.flatMap((v, i) => undeclared(v, (s.items ?? {}) as Json, `${at}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  const props = (s.properties ?? {}) as Record<string, Json>;
  return Object.entries(value).flatMap(([k, v]) => (props[k] === undefined ? [`${at}.${k}`] : undeclared(v, props[k], `${at}.${k}`)));
}

describe('the custom connector definition (apiDefinition.swagger.json)', () => {
  it('is an OpenAPI 2.0 document served over https only, with a documented host placeholder', () => {
    expect(swagger.swagger).toBe('2.0');
    expect(swagger.info).toMatchObject({ title: expect.any(String), version: expect.any(String), description: expect.any(String) });
    expect(swagger.host).toMatch(/^[a-z0-9.-]+$/);
    expect(swagger.basePath).toBe('/');
    expect(swagger.schemes).toEqual(['https']);
    expect(fs.readFileSync(path.join(CONNECTOR_DIR, 'README.md'), 'utf8')).toContain(swagger.host as string);
  });

  it('authenticates with an API key in the Authorization header, bound to the api_key connection parameter', () => {
    expect(swagger.securityDefinitions).toEqual({ api_key: { type: 'apiKey', in: 'header', name: 'Authorization' } });
    expect(swagger.security).toEqual([{ api_key: [] }]);
    const parameters = (apiProperties.properties as Json).connectionParameters as Record<string, Json>;
    expect(Object.keys(parameters)).toEqual(['api_key']);
  });

  it('gives every operation a unique operationId, a summary and described responses', () => {
    expect(operations.length).toBeGreaterThan(0);
    const ids = operations.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path: p, method, op } of operations) {
      const where = `${method.toUpperCase()} ${p}`;
      expect([where, typeof op.operationId]).toEqual([where, 'string']);
      expect([where, typeof op.summary === 'string' && op.summary.length > 0]).toEqual([where, true]);
      const responses = op.responses as Record<string, Json>;
      expect([where, Object.keys(responses).length > 0]).toEqual([where, true]);
      for (const [code, response] of Object.entries(responses)) {
        expect([where, code, /^([1-5]\d\d|default)$/.test(code), typeof response.description]).toEqual([where, code, true, 'string']);
      }
    }
  });

  it('declares parameters as Swagger 2.0 requires: a place, a type or a body schema, every path template bound', () => {
    for (const { path: p, method, op } of operations) {
      const where = `${method.toUpperCase()} ${p}`;
      const parameters = parametersOf(op);
      for (const parameter of parameters) {
        expect([where, parameter.name, ['query', 'header', 'path', 'formData', 'body'].includes(parameter.in as string)]).toEqual([where, parameter.name, true]);
        if (parameter.in === 'body') expect([where, typeof parameter.schema]).toEqual([where, 'object']);
        else expect([where, parameter.name, typeof parameter.type]).toEqual([where, parameter.name, 'string']);
        if (parameter.in === 'path') expect([where, parameter.name, parameter.required]).toEqual([where, parameter.name, true]);
      }
      expect([where, parameters.filter((x) => x.in === 'body').length <= 1]).toEqual([where, true]);
      const templated = [...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      const declared = parameters.filter((x) => x.in === 'path').map((x) => x.name as string).sort();
      expect([where, declared]).toEqual([where, templated]);
    }
  });

  it('resolves every $ref to a definition', () => {
    const refs = allRefs(swagger);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) expect(() => resolve({ $ref: ref })).not.toThrow();
  });

  it('makes every trigger a single webhook: POST, a hidden notification-URL body property, 201 with Location, notification content on the path', () => {
    const triggers = operations.filter((o) => o.op['x-ms-trigger'] !== undefined);
    expect(triggers).toHaveLength(FLOW_EVENT_TYPES.length);
    for (const { path: p, method, op, pathItem } of triggers) {
      const where = `${method.toUpperCase()} ${p}`;
      expect([where, op['x-ms-trigger'], method]).toEqual([where, 'single', 'post']);
      expect([where, (op.summary as string).startsWith('When ')]).toEqual([where, true]);
      const body = parametersOf(op).find((x) => x.in === 'body');
      expect([where, body?.required]).toEqual([where, true]);
      const schema = resolve(body?.schema as Json);
      const urlProps = Object.entries((schema.properties ?? {}) as Record<string, Json>).filter(([, prop]) => prop['x-ms-notification-url'] === true);
      expect([where, urlProps.map(([name]) => name)]).toEqual([where, ['callbackUrl']]);
      expect([where, urlProps[0][1]['x-ms-visibility'], urlProps[0][1].type]).toEqual([where, 'internal', 'string']);
      expect([where, schema.required]).toEqual([where, ['callbackUrl']]);
      const created = (op.responses as Record<string, Json>)['201'];
      expect([where, (created?.headers as Record<string, Json> | undefined)?.Location?.type]).toEqual([where, 'string']);
      const content = pathItem['x-ms-notification-content'] as Json | undefined;
      expect([where, typeof content?.description]).toEqual([where, 'string']);
      const payload = resolve(content?.schema as Json);
      expect([where, payload.type, Object.keys((payload.properties ?? {}) as Json).length > 5]).toEqual([where, 'object', true]);
    }
  });

  it('has one trigger per event type, at the path our route serves and named like our engine’s irm connector', () => {
    for (const type of FLOW_EVENT_TYPES) {
      const trigger = byId(triggerOperationOf(type));
      expect([type, trigger.path, trigger.op['x-ms-trigger']]).toEqual([type, `/api/flows/subscriptions/${type}`, 'single']);
    }
  });

  it('declares the unsubscribe operation (the Location Power Automate deletes) as internal', () => {
    const remove = byId('DeleteFlowSubscription');
    expect(remove).toMatchObject({ path: '/api/flows/subscriptions/{id}', method: 'delete', op: { 'x-ms-visibility': 'internal' } });
    expect(Object.keys(remove.op.responses as Json)).toContain('204');
  });

  it('names the actions, their summaries and parameters after Microsoft’s insider-risk connector', () => {
    const microsoft = read(MICROSOFT);
    const theirs = Object.values(microsoft.paths as Record<string, Json>).flatMap((item) => Object.values(item).filter((op): op is Json => typeof op === 'object' && op !== null && 'operationId' in op));
    for (const operationId of ['GetIrmAlert', 'GetIrmCase', 'GetIrmAlertsForCase', 'AddIrmCaseNote']) {
      const ours = byId(operationId).op;
      const their = theirs.find((op) => op.operationId === operationId);
      expect(their).toBeDefined();
      expect([operationId, ours.summary]).toEqual([operationId, their?.summary]);
      const names = (op: Json): string[] => parametersOf(op).map((x) => x.name as string).filter((n) => n !== 'connectionId').sort();
      expect([operationId, names(ours)]).toEqual([operationId, names(their as Json)]);
    }
    const note = parametersOf(byId('AddIrmCaseNote').op).find((x) => x.in === 'body');
    expect(Object.keys((resolve(note?.schema as Json).properties ?? {}) as Json)).toEqual(['content']);
    const alert = resolve(((byId('GetIrmAlert').op.responses as Record<string, Json>)['200'].schema) as Json);
    expect(Object.keys(alert.properties as Json)).toEqual(expect.arrayContaining(['id', 'name', 'severity', 'status', 'createdDateTimeUtc', 'assignedCase', 'violatedPolicy', 'riskyUser']));
  });

  it('declares every event field the consumer copies, for each trigger', () => {
    for (const type of FLOW_EVENT_TYPES) {
      const payload = resolve((paths[`/api/flows/subscriptions/${type}`]['x-ms-notification-content'] as Json).schema as Json);
      const props = Object.keys(payload.properties as Json);
      const expected = [...NOTIFIED_EVENT_FIELDS[type], 'eventId', 'eventType', 'time', 'userPrincipalName', 'pseudonymized'];
      expect([type, expected.filter((f) => !props.includes(f))]).toEqual([type, []]);
    }
  });

  it('declares every property of the notifications the consumer really posts, nested alert and case included', async () => {
    const world = await subscriptionWorld();
    const c = world.case;
    const events: Record<FlowEventType, DomainEvent> = {
      'alert.created': alertCreated(world.alert),
      'alert.updated': { ...alertCreated(world.alert), id: `alert.updated:${world.alert.id}:2`, type: 'alert.updated' },
      'alert.triaged': { id: `alert.triaged:${world.alert.id}:Confirmed`, type: 'alert.triaged', subject: ADA, time: '2026-03-02T12:00:00.000Z', data: { alertId: world.alert.id, userId: ADA, status: 'Confirmed', by: ANALYST.id, caseId: c.id } },
      'case.created': { id: `case.created:${c.id}`, type: 'case.created', subject: ADA, time: '2026-03-02T12:00:00.000Z', data: { caseId: c.id, userId: ADA, alertIds: [world.alert.id], createdBy: ANALYST.id } },
      'case.updated': { id: `case.updated:${c.id}:alert:x`, type: 'case.updated', subject: ADA, time: '2026-03-02T12:00:00.000Z', data: { caseId: c.id, userId: ADA, change: 'alertAdded', alertId: world.alert.id } },
      'case.resolved': { id: `case.resolved:${c.id}`, type: 'case.resolved', subject: ADA, time: '2026-03-02T12:00:00.000Z', data: { caseId: c.id, userId: ADA, resolution: 'Benign', by: ANALYST.id } },
      'user.scoped': { id: `user.scoped:data-leaks:${ADA}:a1`, type: 'user.scoped', subject: ADA, time: '2026-03-02T08:00:00.000Z', data: { policyId: 'data-leaks', policyName: 'Data leaks', userId: ADA, from: '2026-03-02T08:00:00.000Z', to: '2026-03-31T08:00:00.000Z', reason: 'trigger', trigger: 'hr.resignation', activityId: 'a1' } },
      'notice.sent': { id: 'notice.sent:n-1', type: 'notice.sent', subject: ADA, time: '2026-03-02T12:00:00.000Z', data: { noticeId: 'n-1', caseId: c.id, userId: ADA, templateId: 'nt-1', templateName: 'Reminder', subject: 'Hello', by: ANALYST.id, teams: 'sent' } },
    };
    for (const type of FLOW_EVENT_TYPES) await world.subscribe(type);
    for (const type of FLOW_EVENT_TYPES) await world.consumer.handle(events[type]);
    const posted = world.posted();
    expect(posted.map((b) => b.eventType)).toEqual([...FLOW_EVENT_TYPES]);
    for (const body of posted) {
      const type = body.eventType as FlowEventType;
      const schema = (paths[`/api/flows/subscriptions/${type}`]['x-ms-notification-content'] as Json).schema as Json;
      expect([type, undeclared(body, schema)]).toEqual([type, []]);
    }
    // The nested bodies were really there to check.
    expect(posted.filter((b) => b.alert !== undefined).length).toBeGreaterThanOrEqual(4);
    expect(posted.filter((b) => b.case !== undefined).length).toBeGreaterThanOrEqual(5);
  });
});

describe('the connector properties (apiProperties.json)', () => {
  const properties = apiProperties.properties as Json;

  it('uses only the keys paconn accepts, with a brand colour, no capabilities, publisher and stack owner', () => {
    expect(Object.keys(apiProperties)).toEqual(['properties']);
    for (const key of Object.keys(properties)) expect(['connectionParameters', 'iconBrandColor', 'capabilities', 'policyTemplateInstances', 'publisher', 'stackOwner']).toContain(key);
    expect(properties.iconBrandColor).toMatch(/^#[0-9a-fA-F]{6}$/);
    expect(properties.capabilities).toEqual([]);
    expect(properties.publisher).toEqual(expect.stringMatching(/\S/));
    expect(properties.stackOwner).toEqual(expect.stringMatching(/\S/));
  });

  it('asks for the API key as a secure, required string, telling the maker to type it as Bearer <key>', () => {
    const apiKey = (properties.connectionParameters as Record<string, Json>).api_key;
    expect(apiKey.type).toBe('securestring');
    const ui = apiKey.uiDefinition as Json;
    expect(ui).toMatchObject({ displayName: expect.any(String), tooltip: expect.any(String), constraints: { required: 'true', clearText: false } });
    expect(ui.description).toContain('Bearer <key>');
  });
});
