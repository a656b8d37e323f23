import { OperationalError, PayloadTooLargeError } from '../../core/errors';
import { HttpRequestSchema, type HttpClient, type HttpRequest, type HttpResponse } from '../../core/ports/http-client';
import { issuesFromZod, validationFailure } from '../../core/settings/validation-issues';

/**
 * HttpClient over the global fetch (Node 20's undici).
 *
 * - The whole exchange — connect, headers and the body read — must finish within `timeoutMs`
 *   (one AbortSignal.timeout covers both), else OperationalError.
 * - Redirects are **not followed** (`redirect: 'manual'`): the 3xx answer is returned as it is.
 *   Following them would let an allowed host send the request on to one the caller refused (the
 *   Http action's host policy); a caller that wants to follow does so with a new request.
 * - Answers larger than `maxResponseBytes` (default 10 MiB) are cut off with PayloadTooLargeError,
 *   so a flow cannot make the server buffer an unbounded body.
 * - No retries here: the flow runner's retry policy owns them.
 */
export interface FetchHttpClientOptions {
  /** Default the global fetch. Tests may pass another. */
  readonly fetch?: typeof fetch;
  readonly maxResponseBytes?: number;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/**
 * The error's class name. Errors from fetch are told apart by name, not instanceof: undici's
 * errors come from Node's own realm, which differs from a VM context's (jest runs code in one).
 */
function nameOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const name = (error as { name?: unknown }).name;
  return typeof name === 'string' ? name : undefined;
}

function isTimeout(error: unknown): boolean {
  const name = nameOf(error);
  return name === 'TimeoutError' || name === 'AbortError';
}

function causeText(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const { message, cause } = error as { message?: unknown; cause?: unknown };
  let detail = '';
  if (typeof cause === 'object' && cause !== null) {
    const { code, message: causeMessage } = cause as { code?: unknown; message?: unknown };
    const said = typeof code === 'string' ? code : typeof causeMessage === 'string' ? causeMessage : undefined;
    if (said !== undefined) detail = ` (${said})`;
  }
  return `${typeof message === 'string' ? message : 'unknown failure'}${detail}`;
}

async function readBody(response: Response, limit: number, where: string): Promise<string> {
  if (response.body === null) return '';
  // Node's types give the reader `any` chunks; fetch bodies are byte streams.
  const reader = response.body.getReader() as ReadableStreamDefaultReader<Uint8Array>;
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw new PayloadTooLargeError(`${where}: the answer is larger than ${limit} bytes`);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder('utf-8').decode(all);
}

export function createFetchHttpClient(options: FetchHttpClientOptions = {}): HttpClient {
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  const limit = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  return {
    async request(request: HttpRequest): Promise<HttpResponse> {
      const parsed = HttpRequestSchema.safeParse(request);
      if (!parsed.success) throw validationFailure('The HTTP request', issuesFromZod(parsed.error));
      const { method, url, headers, body, timeoutMs } = parsed.data;
      if (body !== undefined && (method === 'GET' || method === 'HEAD')) {
        throw validationFailure('The HTTP request', [{ field: 'body', reason: `a ${method} request cannot have a body` }]);
      }
      const target = new URL(url);
      // Never the query string in messages: it may carry secrets.
      const where = `${method} ${target.origin}${target.pathname}`;
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        const response = await fetchImpl(url, { method, headers, ...(body !== undefined && { body }), redirect: 'manual', signal });
        const text = await readBody(response, limit, where);
        const responseHeaders: Record<string, string> = {};
        response.headers.forEach((value, name) => {
          responseHeaders[name.toLowerCase()] = value;
        });
        return { statusCode: response.status, headers: responseHeaders, body: text };
      } catch (error) {
        if (error instanceof PayloadTooLargeError) throw error;
        if (isTimeout(error) || signal.aborted) throw new OperationalError(`${where}: no answer within ${timeoutMs} ms`, { cause: error });
        if (nameOf(error) === 'TypeError' && (error as { cause?: unknown }).cause === undefined) {
          // fetch refuses some requests before sending anything (an invalid header name or value,
          // credentials in the URL): a TypeError of its own, whereas network failures are a
          // TypeError('fetch failed') with the socket error as `cause`.
          throw validationFailure('The HTTP request', [{ field: 'request', reason: String((error as { message?: unknown }).message) }]);
        }
        throw new OperationalError(`${where}: request failed: ${causeText(error)}`, { cause: error });
      }
    },
  };
}
