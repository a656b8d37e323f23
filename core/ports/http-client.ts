import { z } from 'zod';

/**
 * Outbound HTTP for the flow engine's `Http` action and the connectors that speak to a REST API
 * themselves (ServiceNow's Table API). Implemented over global fetch in infra/http
 * (fetch-http-client.ts); tests run the real adapter against local fakes.
 *
 * The port moves bytes and nothing more: no retries (the runner's retry policy decides), no
 * redirects followed (a 3xx is returned as it is, so a caller's host checks cannot be led around
 * by a redirect), no status interpretation. **Any** answer the
 * server gives — 2xx, 4xx or 5xx — is returned as a response; only a failure to get an answer
 * at all is an error, so the caller can tell "the server said no" from "we never reached it".
 *
 * Not idempotent in general: whether a retried request repeats a side effect is the remote
 * API's business (a POST to ServiceNow creates a second record).
 *
 * Errors: OperationalError when the request could not be completed — DNS failure, connection
 * refused or reset, TLS failure, or no complete answer within `timeoutMs` (retryable);
 * ValidationError when the request itself is unusable (breaks HttpRequestSchema: a bad URL or
 * method; a body on GET/HEAD; a header the platform refuses); PayloadTooLargeError when the
 * answer is larger than the adapter accepts.
 */

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export const HttpRequestSchema = z.object({
  method: z.enum(HTTP_METHODS, { error: `expected one of ${HTTP_METHODS.join(', ')}` }),
  /** Absolute http(s) URL, query string included. */
  url: z.url({ protocol: /^https?$/, error: 'expected an absolute http or https URL' }),
  /** Header names as given; the adapter does not merge or rename them. */
  headers: z.record(z.string(), z.string()).default({}),
  /** The request body, already serialized (JSON text, form data …). */
  body: z.string().optional(),
  /** Give up (OperationalError) when no complete answer arrived by then. */
  timeoutMs: z.number().int().positive().max(3_600_000),
});
export type HttpRequest = z.input<typeof HttpRequestSchema>;

export interface HttpResponse {
  readonly statusCode: number;
  /** Lower-case header names; repeated headers joined with ', ' (set-cookie too — callers here never need it). */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as text (UTF-8); empty string when there is none. */
  readonly body: string;
}

export interface HttpClient {
  request(request: HttpRequest): Promise<HttpResponse>;
}
