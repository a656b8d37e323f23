import { OperationalError } from '../../../../core/errors';
import type { HttpClient, HttpRequest } from '../../../../core/ports/http-client';
import { httpAction, httpOperations } from '../../../../flows/connectors/http';
import { blockedHostReason, isAllowedHost } from '../../../../flows/connectors/http/host-policy';
import { createFetchHttpClient } from '../../../../infra/http/fetch-http-client';
import { startFakeServiceNow, type FakeServiceNow } from '../../../support/fake-servicenow';
import { connectorFailure, testContext } from './connector-test-context';

const basicHeader = `Basic ${Buffer.from('flow.bot:secret').toString('base64')}`;

/** An HttpClient that must not be called (host refusals happen before any request). */
function recordingHttp(): HttpClient & { readonly requests: HttpRequest[] } {
  const requests: HttpRequest[] = [];
  return {
    requests,
    request: async (r) => {
      requests.push(r);
      return { statusCode: 200, headers: {}, body: '' };
    },
  };
}

describe('http connector against the fake ServiceNow server (real fetch adapter)', () => {
  let now: FakeServiceNow;
  const http = createFetchHttpClient();
  const run = (parameters: Record<string, unknown>) => httpAction.execute(httpAction.parameters.parse(parameters), testContext({ http }));

  beforeAll(async () => {
    now = await startFakeServiceNow();
  });
  afterAll(async () => {
    await now.close();
  });

  it('is the Http operation of api http', () => {
    expect(httpOperations.map((o) => [o.api, o.operationId, o.kind])).toEqual([['http', 'Http', 'action']]);
  });

  it('POSTs an object body as JSON with Basic authentication and answers { statusCode, headers, body } with the JSON parsed', async () => {
    const result = await run({
      method: 'post',
      uri: `${now.url}/api/now/table/incident`,
      headers: { Accept: 'application/json', 'X-Flow-Run': 'run-1' },
      body: { short_description: 'from Http', impact: 1 },
      authentication: { type: 'Basic', username: 'flow.bot', password: 'secret' },
    });
    expect(result.statusCode).toBe(201);
    expect(result.headers?.['content-type']).toContain('application/json');
    expect((result.body as { result: { short_description: string } }).result.short_description).toBe('from Http');
    const request = now.requests().at(-1)!;
    expect(request.headers['authorization']).toBe(basicHeader);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['x-flow-run']).toBe('run-1');
    expect(request.body).toEqual({ short_description: 'from Http', impact: 1 });
  });

  it('appends queries to the URI and uses Raw authentication as the Authorization header', async () => {
    const created = now.records('incident').at(-1)!;
    const result = await run({
      method: 'GET',
      uri: `${now.url}/api/now/table/incident?sysparm_limit=5`,
      queries: { sysparm_query: `number=${created.number}` },
      authentication: { type: 'Raw', value: basicHeader },
    });
    expect(result.statusCode).toBe(200);
    expect((result.body as { result: { sys_id: string }[] }).result.map((r) => r.sys_id)).toEqual([created.sys_id]);
    expect(now.requests().at(-1)!.query).toEqual({ sysparm_limit: '5', sysparm_query: `number=${created.number}` });
  });

  it('a status of 400 or more fails the action with that status and the answer as outputs', async () => {
    const failure = await connectorFailure(run({ method: 'GET', uri: `${now.url}/api/now/table/incident` }));
    expect(failure.statusCode).toBe(401);
    expect(failure.body).toMatchObject({ statusCode: 401, body: { error: { message: 'User Not Authenticated' }, status: 'failure' } });
    expect(failure.message).not.toContain('sysparm');
  });

  it('a 429 carries Retry-After so the runner waits as asked', async () => {
    now.failNext(1, 429, 3);
    const failure = await connectorFailure(run({ method: 'GET', uri: `${now.url}/api/now/table/incident` }));
    expect([failure.statusCode, failure.retryAfterMs]).toEqual([429, 3000]);
  });

  it('a string body is sent as it is, with the caller’s content type', async () => {
    await run({
      method: 'POST',
      uri: `${now.url}/api/now/table/task`,
      headers: { 'Content-Type': 'application/json' },
      body: '{"short_description":"raw text"}',
      authentication: { type: 'basic', username: 'flow.bot', password: 'secret' },
    });
    expect(now.records('task').at(-1)?.short_description).toBe('raw text');
  });

  it('an unreachable host is a transport failure: 503', async () => {
    const gone = await startFakeServiceNow();
    const url = gone.url;
    await gone.close();
    const failure = await connectorFailure(run({ method: 'GET', uri: `${url}/x` }));
    expect(failure.statusCode).toBe(503);
  });
});

describe('http connector: parameters and security', () => {
  const execute = (parameters: Record<string, unknown>, http: HttpClient = recordingHttp(), allowedHosts?: readonly string[]) =>
    httpAction.execute(httpAction.parameters.parse(parameters), testContext({ http, connections: allowedHosts === undefined ? {} : { http: { kind: 'http', allowedHosts } } }));

  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://2852039166/',
    'http://0xa9.254.169.254/',
    'http://[::ffff:169.254.169.254]/',
    'http://[fd00:ec2::254]/latest/meta-data/',
    'http://[fd00:ec2:0:0:0:0:0:254]/',
    'http://[fe80::1]/',
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://METADATA.google.internal./',
  ])('refuses %s with 403 and sends nothing', async (uri) => {
    const http = recordingHttp();
    const failure = await connectorFailure(execute({ method: 'GET', uri }, http));
    expect(failure.statusCode).toBe(403);
    expect(http.requests).toEqual([]);
  });

  it('allows ordinary and loopback hosts when no allow-list is configured', () => {
    for (const host of ['example.com', '127.0.0.1', '10.0.0.5', '[::1]', '169.255.0.1', 'metadata.example.com']) expect(blockedHostReason(host)).toBeUndefined();
  });

  it('with allowedHosts, refuses every other host (403) and allows listed ones case-insensitively', async () => {
    const http = recordingHttp();
    await execute({ method: 'GET', uri: 'https://API.Contoso.com/x' }, http, ['api.contoso.com']);
    expect(http.requests).toHaveLength(1);
    const failure = await connectorFailure(execute({ method: 'GET', uri: 'https://evil.example/x' }, http, ['api.contoso.com']));
    expect(failure.statusCode).toBe(403);
    expect(failure.message).toContain('evil.example');
    expect(http.requests).toHaveLength(1);
    expect(isAllowedHost('[::1]', ['::1'])).toBe(true);
  });

  it('refuses unsupported authentication types with 400 naming the type', async () => {
    const failure = await connectorFailure(
      execute({ method: 'GET', uri: 'https://example.com/', authentication: { type: 'ActiveDirectoryOAuth', tenant: 't', audience: 'a', clientId: 'c', secret: 's' } }),
    );
    expect(failure.statusCode).toBe(400);
    expect(failure.message).toContain('authentication type ActiveDirectoryOAuth is not supported');
    expect((await connectorFailure(execute({ method: 'GET', uri: 'https://example.com/', authentication: { type: 'Basic', username: 'u' } }))).message).toContain('password');
  });

  it('validates method, uri, headers and body placement, naming the parameter', async () => {
    const issue = (value: unknown) => httpAction.parameters.safeParse(value).error?.issues[0]?.path;
    expect(issue({ uri: 'https://example.com' })).toEqual(['method']);
    expect(issue({ method: 'FETCH', uri: 'https://example.com' })).toEqual(['method']);
    expect(issue({ method: 'GET' })).toEqual(['uri']);
    expect(issue({ method: 'GET', uri: 'https://example.com', headers: { 'X-A': { nested: true } } })).toEqual(['headers', 'X-A']);
    for (const [parameters, name] of [
      [{ method: 'GET', uri: 'example.com/path' }, 'uri'],
      [{ method: 'GET', uri: 'ftp://example.com/file' }, 'uri'],
      [{ method: 'GET', uri: 'https://user:pw@example.com/' }, 'uri'],
      [{ method: 'GET', uri: 'https://example.com/', body: { a: 1 } }, 'body'],
    ] as const) {
      const failure = await connectorFailure(execute(parameters));
      expect([failure.statusCode, failure.message.split(':')[0]]).toEqual([400, name]);
    }
  });

  it('maps a transport timeout (OperationalError) to 503 and keeps query strings out of the message', async () => {
    const failing: HttpClient = { request: () => Promise.reject(new OperationalError('no answer within 120000 ms')) };
    const failure = await connectorFailure(execute({ method: 'GET', uri: 'https://example.com/path?token=SECRET' }, failing));
    expect(failure.statusCode).toBe(503);
    expect(failure.message).toContain('https://example.com/path');
    expect(failure.message).not.toContain('SECRET');
  });

  it('a text answer stays text; an empty answer has no body', async () => {
    const answering = (body: string, contentType?: string): HttpClient => {
      const headers: Record<string, string> = contentType === undefined ? {} : { 'content-type': contentType };
      return { request: async () => ({ statusCode: 200, headers, body }) };
    };
    expect((await execute({ method: 'GET', uri: 'https://example.com/' }, answering('plain', 'text/plain'))).body).toBe('plain');
    expect((await execute({ method: 'GET', uri: 'https://example.com/' }, answering('{"a":1}', 'application/problem+json'))).body).toEqual({ a: 1 });
    expect((await execute({ method: 'GET', uri: 'https://example.com/' }, answering('not json', 'application/json'))).body).toBe('not json');
    expect('body' in (await execute({ method: 'DELETE', uri: 'https://example.com/' }, answering('')))).toBe(false);
  });
});
