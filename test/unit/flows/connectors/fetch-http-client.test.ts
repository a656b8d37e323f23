import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { OperationalError, PayloadTooLargeError, ValidationError } from '../../../../core/errors';
import { createFetchHttpClient } from '../../../../infra/http/fetch-http-client';
import { startFakeServiceNow } from '../../../support/fake-servicenow';

/** A tiny server for the adapter's edge cases: a redirect, a large body, repeated headers. */
async function startEdgeServer(): Promise<{ url: string; hits: string[]; close: () => Promise<void> }> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/redirect') {
      res.writeHead(302, { location: '/target' });
      res.end();
    } else if (req.url === '/big') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('x'.repeat(5000));
    } else {
      res.setHeader('X-Multi', ['a', 'b']);
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('héllo');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('fetch HttpClient adapter', () => {
  it('returns status, lower-case headers and the UTF-8 body of any answer (4xx too)', async () => {
    const edge = await startEdgeServer();
    try {
      const client = createFetchHttpClient();
      const ok = await client.request({ method: 'GET', url: `${edge.url}/hello`, timeoutMs: 5000 });
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toBe('héllo');
      expect(ok.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(ok.headers['x-multi']).toBe('a, b');
    } finally {
      await edge.close();
    }
    const now = await startFakeServiceNow();
    try {
      const denied = await createFetchHttpClient().request({ method: 'GET', url: `${now.url}/api/now/table/incident`, timeoutMs: 5000 });
      expect(denied.statusCode).toBe(401);
      expect(JSON.parse(denied.body)).toMatchObject({ status: 'failure' });
    } finally {
      await now.close();
    }
  });

  it('does not follow redirects: the 3xx is the answer', async () => {
    const edge = await startEdgeServer();
    try {
      const answer = await createFetchHttpClient().request({ method: 'GET', url: `${edge.url}/redirect`, timeoutMs: 5000 });
      expect(answer.statusCode).toBe(302);
      expect(answer.headers['location']).toBe('/target');
      expect(edge.hits).toEqual(['/redirect']);
    } finally {
      await edge.close();
    }
  });

  it('a server that does not answer in time is an OperationalError', async () => {
    const now = await startFakeServiceNow();
    try {
      now.stallNext(1);
      const attempt = createFetchHttpClient().request({ method: 'GET', url: `${now.url}/api/now/table/incident`, timeoutMs: 200 });
      await expect(attempt).rejects.toBeInstanceOf(OperationalError);
      await expect(attempt).rejects.toThrow(/no answer within 200 ms/);
    } finally {
      await now.close();
    }
  });

  it('a refused connection is an OperationalError naming the host but not the query', async () => {
    const now = await startFakeServiceNow();
    const url = now.url;
    await now.close();
    const attempt = createFetchHttpClient().request({ method: 'GET', url: `${url}/x?secret=1`, timeoutMs: 2000 });
    await expect(attempt).rejects.toBeInstanceOf(OperationalError);
    await expect(attempt).rejects.toThrow(url);
    await expect(attempt).rejects.not.toThrow(/secret/);
  });

  it('cuts off an answer larger than the limit', async () => {
    const edge = await startEdgeServer();
    try {
      const attempt = createFetchHttpClient({ maxResponseBytes: 1000 }).request({ method: 'GET', url: `${edge.url}/big`, timeoutMs: 5000 });
      await expect(attempt).rejects.toBeInstanceOf(PayloadTooLargeError);
    } finally {
      await edge.close();
    }
  });

  it('refuses unusable requests as ValidationError before sending', async () => {
    const client = createFetchHttpClient({ fetch: () => Promise.reject(new Error('must not be called')) });
    const issues = async (request: Parameters<typeof client.request>[0]) => {
      const error = await client.request(request).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      return (error as ValidationError).issues.map((i) => i.field);
    };
    expect(await issues({ method: 'GET', url: 'not a url', timeoutMs: 1000 })).toEqual(['url']);
    expect(await issues({ method: 'GET', url: 'file:///etc/passwd', timeoutMs: 1000 })).toEqual(['url']);
    expect(await issues({ method: 'GET', url: 'https://example.com', body: 'x', timeoutMs: 1000 })).toEqual(['body']);
    expect(await issues({ method: 'GET', url: 'https://example.com', timeoutMs: 0 })).toEqual(['timeoutMs']);
  });

  it('a header value fetch refuses is a ValidationError, not a transport failure', async () => {
    const edge = await startEdgeServer();
    try {
      const attempt = createFetchHttpClient().request({ method: 'GET', url: `${edge.url}/hello`, headers: { 'X-Bad': 'line\nbreak' }, timeoutMs: 5000 });
      await expect(attempt).rejects.toBeInstanceOf(ValidationError);
      expect(edge.hits).toEqual([]);
    } finally {
      await edge.close();
    }
  });
});
