import http from 'node:http';

export interface PlainResponse {
  readonly status: number;
  readonly text: string;
  /** Lower-case header names. */
  readonly headers: http.IncomingHttpHeaders;
}

/**
 * A request without connection reuse. Tests and benches run the server in their own process: while
 * it is busy, the server may close an idle keep-alive socket just as fetch reuses it (ECONNRESET),
 * a race of the shared event loop, not of the product. A fresh connection per request avoids it.
 */
export function httpRequest(method: string, url: string, headers: Readonly<Record<string, string>>, body = ''): Promise<PlainResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, agent: false, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)), connection: 'close' } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers: response.headers }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

export function httpPost(url: string, headers: Readonly<Record<string, string>>, body: string): Promise<PlainResponse> {
  return httpRequest('POST', url, headers, body);
}
