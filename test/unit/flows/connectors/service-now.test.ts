import { createFetchHttpClient } from '../../../../infra/http/fetch-http-client';
import type { ConnectionSettings } from '../../../../flows/connectors/connector-context';
import { createRecord, serviceNowOperations } from '../../../../flows/connectors/service-now';
import { startFakeServiceNow, type FakeServiceNow } from '../../../support/fake-servicenow';
import { connectorFailure, testContext } from './connector-test-context';
import { swaggerOperation, swaggerParameters } from './swagger';

describe('service-now connector: CreateRecord against the fake ServiceNow Table API', () => {
  let now: FakeServiceNow;
  const http = createFetchHttpClient();
  const basic = (instanceUrl: string, password = 'secret'): ConnectionSettings => ({
    kind: 'servicenow',
    instanceUrl,
    auth: { type: 'basic', username: 'flow.bot', password },
  });
  const context = (settings?: ConnectionSettings) => testContext({ http, connections: settings === undefined ? {} : { 'shared_service-now': settings } });

  beforeAll(async () => {
    now = await startFakeServiceNow({ tokens: ['oauth-token-1'] });
  });
  afterAll(async () => {
    await now.close();
  });

  it('declares the real operation, and its parameters are the swagger ones', () => {
    expect(serviceNowOperations.map((o) => [o.api, o.operationId])).toEqual([['shared_service-now', 'CreateRecord']]);
    expect(swaggerOperation('shared_service-now', 'CreateRecord').summary).toBe(createRecord.summary);
    const shape = Object.keys(createRecord.parameters.parse({ tableType: 'incident', body: {}, sysparm_display_value: false, sysparm_exclude_reference_link: true }));
    expect(shape.sort()).toEqual(swaggerParameters('shared_service-now', 'CreateRecord').map((p) => p.name).sort());
  });

  it('creates an incident through POST /api/now/table/incident with basic auth and answers 201 { result }', async () => {
    const params = createRecord.parameters.parse({
      tableType: 'incident',
      body: { short_description: 'Insider risk alert for ana@contoso.com', urgency: 2, caller_id: 'irm-flows' },
    });
    const result = await createRecord.execute(params, context(basic(now.url)));
    expect(result.statusCode).toBe(201);
    const record = (result.body as { result: Record<string, string> }).result;
    expect(record.sys_id).toMatch(/^[0-9a-f]{32}$/);
    expect(record.number).toMatch(/^INC\d{7}$/);
    expect(record).toMatchObject({ short_description: 'Insider risk alert for ana@contoso.com', urgency: '2', sys_class_name: 'incident', sys_created_by: 'flow.bot' });
    expect(now.records('incident')).toContainEqual(record);

    const request = now.requests().at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.path.split('?')[0]).toBe('/api/now/table/incident');
    expect(request.query).toEqual({ sysparm_display_value: 'false', sysparm_exclude_reference_link: 'true' });
    expect(request.headers['authorization']).toBe(`Basic ${Buffer.from('flow.bot:secret').toString('base64')}`);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.body).toEqual({ short_description: 'Insider risk alert for ana@contoso.com', urgency: 2, caller_id: 'irm-flows' });
  });

  it('numbers records per table prefix and passes the sysparm options as given', async () => {
    const settings = basic(`${now.url}/`);
    const sir = await createRecord.execute({ tableType: 'sn_si_incident', body: { short_description: 'x' }, sysparm_display_value: true, sysparm_exclude_reference_link: false }, context(settings));
    expect((sir.body as { result: { number: string } }).result.number).toMatch(/^SIR\d{7}$/);
    expect(now.requests().at(-1)!.query).toEqual({ sysparm_display_value: 'true', sysparm_exclude_reference_link: 'false' });
    const task = await createRecord.execute({ tableType: 'task', body: { short_description: 'y' } }, context(settings));
    expect((task.body as { result: { number: string } }).result.number).toMatch(/^TASK\d{7}$/);
  });

  it('authenticates with a bearer token when the connection has one', async () => {
    const result = await createRecord.execute({ tableType: 'incident', body: { short_description: 'z' } }, context({ kind: 'servicenow', instanceUrl: now.url, auth: { type: 'bearer', token: 'oauth-token-1' } }));
    expect(result.statusCode).toBe(201);
    expect(now.requests().at(-1)!.headers['authorization']).toBe('Bearer oauth-token-1');
  });

  it('bad credentials fail 401 with ServiceNow’s message, and nothing is created', async () => {
    const before = now.records().length;
    const failure = await connectorFailure(createRecord.execute({ tableType: 'incident', body: { short_description: 'x' } }, context(basic(now.url, 'wrong'))));
    expect(failure.statusCode).toBe(401);
    expect(failure.message).toContain('User Not Authenticated');
    expect(failure.body).toMatchObject({ statusCode: 401, body: { error: { message: 'User Not Authenticated' }, status: 'failure' } });
    expect(now.records()).toHaveLength(before);
  });

  it('an unknown table fails 400 with ServiceNow’s message', async () => {
    const failure = await connectorFailure(createRecord.execute({ tableType: 'no_such_table', body: {} }, context(basic(now.url))));
    expect(failure.statusCode).toBe(400);
    expect(failure.message).toContain('Invalid table no_such_table');
  });

  it('429 and 503 from the instance keep their status and Retry-After for the runner to retry', async () => {
    now.failNext(1, 429, 7);
    const throttled = await connectorFailure(createRecord.execute({ tableType: 'incident', body: {} }, context(basic(now.url))));
    expect([throttled.statusCode, throttled.retryAfterMs]).toEqual([429, 7000]);
    now.failNext(1, 503);
    const down = await connectorFailure(createRecord.execute({ tableType: 'incident', body: {} }, context(basic(now.url))));
    expect([down.statusCode, down.retryAfterMs]).toEqual([503, undefined]);
  });

  it('an unreachable instance is a transport failure: 503, retryable', async () => {
    const gone = await startFakeServiceNow();
    const url = gone.url;
    await gone.close();
    const failure = await connectorFailure(createRecord.execute({ tableType: 'incident', body: {} }, context(basic(url))));
    expect(failure.statusCode).toBe(503);
  });

  it('without a service-now connection fails 400 naming the connection and the settings', async () => {
    const failure = await connectorFailure(createRecord.execute({ tableType: 'incident', body: {} }, context()));
    expect(failure.statusCode).toBe(400);
    expect(failure.message).toContain('service-now connection');
    for (const env of ['IRM_SERVICENOW_INSTANCE', 'IRM_SERVICENOW_USER', 'IRM_SERVICENOW_PASSWORD']) expect(failure.message).toContain(env);
  });

  it('validates parameters, naming the one at fault', () => {
    const issue = (value: unknown) => createRecord.parameters.safeParse(value).error?.issues[0]?.path;
    expect(issue({ body: {} })).toEqual(['tableType']);
    expect(issue({ tableType: 'incident; drop', body: {} })).toEqual(['tableType']);
    expect(issue({ tableType: 'incident' })).toEqual(['body']);
    expect(issue({ tableType: 'incident', body: 'text' })).toEqual(['body']);
    expect(issue({ tableType: 'incident', body: {}, sysparm_display_value: 'maybe' })).toEqual(['sysparm_display_value']);
    expect(createRecord.parameters.parse({ tableType: 'incident', body: {}, sysparm_exclude_reference_link: 'FALSE' }).sysparm_exclude_reference_link).toBe(false);
  });
});
