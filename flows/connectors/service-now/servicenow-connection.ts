import type { HttpResponse } from '../../../core/ports/http-client';
import { ConnectorError } from '../../engine/contracts';
import { basicAuthorization } from '../basic-auth';
import type { ConnectionSettings, FlowConnectorContext } from '../connector-context';
import { errorOutputs, notConfigured, retryAfterMsFrom } from '../connector-errors';

/**
 * Reaching a ServiceNow instance's REST Table API for the `shared_service-now` operations: the
 * connection settings (instance URL and basic or bearer credentials), the Authorization header,
 * and ServiceNow's error answers (`{ error: { message, detail }, status: 'failure' }`) as
 * ConnectorErrors with the instance's status.
 */

export const SERVICENOW_API = 'shared_service-now';

/** The environment variables the composition root reads the connection from (named in errors). */
export const SERVICENOW_ENV = ['IRM_SERVICENOW_INSTANCE', 'IRM_SERVICENOW_USER', 'IRM_SERVICENOW_PASSWORD'] as const;

export type ServiceNowConnection = Extract<ConnectionSettings, { kind: 'servicenow' }>;

/** The connection for this call; 400 naming the settings when there is none. */
export function serviceNowConnection(context: FlowConnectorContext & { readonly connectionName?: string }, operationId: string): ServiceNowConnection {
  const settings = context.connection(SERVICENOW_API, context.connectionName);
  if (settings === undefined || settings.kind !== 'servicenow') {
    throw notConfigured(`${operationId}: no service-now connection configured (set ${SERVICENOW_ENV.join(', ')})`);
  }
  return settings;
}

export function authorizationHeader(connection: ServiceNowConnection): string {
  return connection.auth.type === 'basic' ? basicAuthorization(connection.auth.username, connection.auth.password) : `Bearer ${connection.auth.token}`;
}

/** `https://x.service-now.com/api/now/table/<table>`; the instance URL without trailing slashes. */
export function tableUrl(connection: ServiceNowConnection, table: string): URL {
  return new URL(`${connection.instanceUrl.replace(/\/+$/, '')}/api/now/table/${encodeURIComponent(table)}`);
}

/** The parsed JSON body of an answer, or undefined when it is not JSON. */
export function jsonBody(response: HttpResponse): unknown {
  if (response.body === '') return undefined;
  try {
    return JSON.parse(response.body) as unknown;
  } catch {
    return undefined;
  }
}

function errorMessageOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return undefined;
  const message = (error as { message?: unknown }).message;
  const detail = (error as { detail?: unknown }).detail;
  const parts = [message, detail].filter((p): p is string => typeof p === 'string' && p.trim() !== '');
  return parts.length === 0 ? undefined : parts.join(': ');
}

/**
 * A failed ServiceNow answer as a ConnectorError with the instance's status: 401 (bad
 * credentials) and 403 stay, 429 and 5xx carry Retry-After, so the runner retries them.
 */
export function serviceNowFailure(operationId: string, response: HttpResponse, nowMs: number): ConnectorError {
  const body = jsonBody(response);
  const said = errorMessageOf(body) ?? (response.body.trim() === '' ? 'no details' : response.body.trim().slice(0, 300));
  const hint = response.statusCode === 401 ? ' (check IRM_SERVICENOW_USER and IRM_SERVICENOW_PASSWORD)' : '';
  const message = `${operationId}: ServiceNow answered ${response.statusCode}: ${said}${hint}`;
  const outputs = { statusCode: response.statusCode, headers: response.headers, body: body ?? errorOutputs(response.statusCode, 'ServiceNowError', message).body };
  return new ConnectorError(message, response.statusCode, outputs, retryAfterMsFrom(response.headers['retry-after'], nowMs));
}
