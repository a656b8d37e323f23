import { z } from 'zod';
import { HTTP_METHODS, type HttpResponse } from '../../../core/ports/http-client';
import { ConnectorError, type ActionOperation, type ConnectorResult } from '../../engine/contracts';
import { basicAuthorization } from '../basic-auth';
import type { FlowConnectorContext } from '../connector-context';
import { badParameter, errorOutputs, retryAfterMsFrom, withConnectorErrors } from '../connector-errors';
import { caseInsensitiveEnum } from '../parameter-types';
import { blockedHostReason, isAllowedHost } from './host-policy';

/**
 * The built-in `Http` action (the runner maps action type Http to api `http`, operation `Http`):
 * `inputs` `{ method, uri, headers?, queries?, body?, authentication?, cookie? }` as Logic Apps
 * defines them, sent through the HttpClient port.
 *
 * - `body`: a string is sent as it is; any other JSON value is sent as JSON (with
 *   `Content-Type: application/json` unless the headers give one).
 * - `queries` are appended to the URI's query string.
 * - `authentication`: `Basic` `{ username, password }` and `Raw` `{ value }` (the Authorization
 *   header's value); other types (ClientCertificate, ActiveDirectoryOAuth, ManagedServiceIdentity)
 *   answer 400 — they need secrets and token flows this engine does not hold.
 * - The answer is `{ statusCode, headers, body }`, the body parsed when the content type is JSON.
 *   A status of 400 or more fails the action with that status and the answer as its outputs, as
 *   in Logic Apps (429 and 5xx are then retried by the runner, honouring Retry-After).
 * - Security: cloud metadata and link-local hosts are refused (403, see host-policy.ts), and when
 *   the `http` connection settings list `allowedHosts`, every other host is refused too.
 *
 * Not idempotent in general: a retried POST is sent again.
 */

/** Logic Apps' limit for one outbound request (120 s); the runner's action timeout applies on top. */
export const HTTP_ACTION_TIMEOUT_MS = 120_000;

const Scalar = z.union([z.string(), z.number(), z.boolean()], { error: 'expected a string, number or boolean' });

export const HttpParametersSchema = z.object({
  method: caseInsensitiveEnum(HTTP_METHODS, 'the HTTP method'),
  uri: z.string({ error: 'expected the URI to call' }).trim().min(1, 'expected the URI to call'),
  headers: z.record(z.string(), Scalar, { error: 'expected an object of header names and values' }).optional(),
  queries: z.record(z.string(), Scalar, { error: 'expected an object of query parameter names and values' }).optional(),
  body: z.unknown().optional(),
  authentication: z.unknown().optional(),
  cookie: z.string().optional(),
});
export type HttpParameters = z.infer<typeof HttpParametersSchema>;

const BasicSchema = z.object({ type: z.string(), username: z.string({ error: 'expected username' }), password: z.string({ error: 'expected password' }) });
const RawSchema = z.object({ type: z.string(), value: z.string({ error: 'expected value (the Authorization header value)' }).min(1, 'expected value (the Authorization header value)') });

/** The Authorization header value for `authentication`, or undefined when none is given. */
export function authorizationFor(authentication: unknown): string | undefined {
  if (authentication === undefined || authentication === null) return undefined;
  if (typeof authentication !== 'object' || Array.isArray(authentication)) throw badParameter('authentication', 'expected an object with a type (Basic or Raw)');
  const type = (authentication as { type?: unknown }).type;
  if (typeof type !== 'string' || type.trim() === '') throw badParameter('authentication/type', 'expected Basic or Raw');
  const issue = (error: z.ZodError): string => error.issues.map((i) => `${i.path.join('/')}: ${i.message}`).join('; ');
  switch (type.trim().toLowerCase()) {
    case 'basic': {
      const parsed = BasicSchema.safeParse(authentication);
      if (!parsed.success) throw badParameter('authentication', issue(parsed.error));
      if (parsed.data.username.includes(':')) throw badParameter('authentication/username', 'a Basic user name cannot contain ":"');
      return basicAuthorization(parsed.data.username, parsed.data.password);
    }
    case 'raw': {
      const parsed = RawSchema.safeParse(authentication);
      if (!parsed.success) throw badParameter('authentication', issue(parsed.error));
      return parsed.data.value;
    }
    default:
      throw badParameter('authentication', `authentication type ${type} is not supported (expected Basic or Raw)`);
  }
}

function targetUrl(parameters: HttpParameters): URL {
  let url: URL;
  try {
    url = new URL(parameters.uri);
  } catch {
    throw badParameter('uri', `'${parameters.uri.slice(0, 200)}' is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badParameter('uri', `expected an http or https URL, got ${url.protocol}`);
  if (url.username !== '' || url.password !== '') throw badParameter('uri', 'credentials in the URI are not allowed; use authentication');
  for (const [name, value] of Object.entries(parameters.queries ?? {})) url.searchParams.append(name, String(value));
  return url;
}

function isJson(contentType: string | undefined): boolean {
  return contentType !== undefined && /^(application|text)\/([\w.-]+\+)?json\b/i.test(contentType.trim());
}

/** The action's result for an answer: the body parsed as JSON when its content type says JSON (and it parses). */
export function httpResult(response: HttpResponse): ConnectorResult {
  let body: unknown;
  if (response.body !== '') {
    body = response.body;
    if (isJson(response.headers['content-type'])) {
      try {
        body = JSON.parse(response.body) as unknown;
      } catch {
        // Keep the text: a server that mislabels its answer should not fail the action by itself.
      }
    }
  }
  return { statusCode: response.statusCode, headers: response.headers, ...(body !== undefined && { body }) };
}

export const httpAction: ActionOperation<HttpParameters, FlowConnectorContext> = {
  kind: 'action',
  api: 'http',
  operationId: 'Http',
  summary: 'HTTP',
  parameters: HttpParametersSchema,
  async execute(parameters, context) {
    const url = targetUrl(parameters);
    const blocked = blockedHostReason(url.hostname);
    if (blocked !== undefined) {
      const message = `Http: ${blocked}; flows may not call it`;
      throw new ConnectorError(message, 403, errorOutputs(403, 'HostNotAllowed', message));
    }
    const settings = context.connection('http', context.connectionName);
    if (settings?.kind === 'http' && settings.allowedHosts !== undefined && !isAllowedHost(url.hostname, settings.allowedHosts)) {
      const message = `Http: ${url.hostname} is not among the hosts flows may call (${settings.allowedHosts.join(', ') || 'none'})`;
      throw new ConnectorError(message, 403, errorOutputs(403, 'HostNotAllowed', message));
    }

    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(parameters.headers ?? {})) headers[name] = String(value);
    const hasHeader = (name: string): string | undefined => Object.keys(headers).find((h) => h.toLowerCase() === name);
    const authorization = authorizationFor(parameters.authentication);
    if (authorization !== undefined) {
      const existing = hasHeader('authorization');
      if (existing !== undefined) delete headers[existing];
      headers['Authorization'] = authorization;
    }
    if (parameters.cookie !== undefined && parameters.cookie !== '') headers['Cookie'] = parameters.cookie;

    let body: string | undefined;
    if (parameters.body !== undefined && parameters.body !== null) {
      if (parameters.method === 'GET' || parameters.method === 'HEAD') throw badParameter('body', `a ${parameters.method} request cannot have a body`);
      if (typeof parameters.body === 'string') body = parameters.body;
      else {
        body = JSON.stringify(parameters.body);
        if (hasHeader('content-type') === undefined) headers['Content-Type'] = 'application/json';
      }
    }

    // Only scheme, host and path in messages: query strings and headers may carry secrets.
    const where = `${parameters.method} ${url.origin}${url.pathname}`;
    const response = await withConnectorErrors(`Http (${where})`, () =>
      context.http.request({ method: parameters.method, url: url.toString(), headers, ...(body !== undefined && { body }), timeoutMs: HTTP_ACTION_TIMEOUT_MS }),
    );
    const result = httpResult(response);
    if (response.statusCode >= 400) {
      const retryAfterMs = retryAfterMsFrom(response.headers['retry-after'], context.clock.now().getTime());
      throw new ConnectorError(`Http: ${where} answered ${response.statusCode}`, response.statusCode, result, retryAfterMs);
    }
    return result;
  },
};
