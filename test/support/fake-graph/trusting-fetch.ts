import https from 'node:https';

/**
 * A `fetch` that trusts one extra CA (the fake Graph's self-signed certificate), for tests.
 *
 * Why not the global fetch: Node 20's fetch reads extra CAs only from NODE_EXTRA_CA_CERTS, which
 * must be set before the process starts (jest's own process and workers are already running),
 * and its per-request `dispatcher` option needs an undici `Agent`, which this project does not
 * install (Node's copy is internal). So this fetch speaks HTTPS through node:https with the CA and
 * returns a standard `Response`, and the Graph client's whole middleware chain still runs on top
 * of it. test/e2e/graph-default-fetch.test.ts covers the production path (the global fetch,
 * trusting the certificate through NODE_EXTRA_CA_CERTS in a child process).
 */
export function createTrustingFetch(caPem: string): typeof fetch {
  const agent = new https.Agent({ ca: caPem, keepAlive: true });
  const trustingFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.protocol !== 'https:') throw new TypeError(`trusting fetch: https only, got ${url.protocol}`);
    const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    if (body !== undefined) headers['content-length'] = String(body.length);
    return new Promise<Response>((resolve, reject) => {
      const outgoing = https.request(url, { method: request.method, headers, agent }, (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', (error) => reject(new TypeError('fetch failed', { cause: error })));
        incoming.on('end', () => {
          const status = incoming.statusCode ?? 500;
          const responseHeaders = new Headers();
          for (let i = 0; i + 1 < incoming.rawHeaders.length; i += 2) responseHeaders.append(incoming.rawHeaders[i], incoming.rawHeaders[i + 1]);
          const noBody = status === 204 || status === 205 || status === 304 || request.method === 'HEAD';
          resolve(new Response(noBody ? null : Buffer.concat(chunks), { status, statusText: incoming.statusMessage ?? '', headers: responseHeaders }));
        });
      });
      // Same shape as the global fetch's network failures: a TypeError with the cause.
      outgoing.on('error', (error) => reject(new TypeError('fetch failed', { cause: error })));
      outgoing.end(body);
    });
  };
  return trustingFetch;
}
