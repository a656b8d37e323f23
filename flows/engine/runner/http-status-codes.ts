/**
 * The `code` Logic Apps reports for an action that got an HTTP status (`actions('X').code`):
 * the status's name (`NotFound`, `TooManyRequests`), as in run history.
 */
const NAMES: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'NoContent',
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  408: 'RequestTimeout',
  409: 'Conflict',
  412: 'PreconditionFailed',
  413: 'RequestEntityTooLarge',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  501: 'NotImplemented',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

export function statusCodeName(statusCode: number): string {
  return NAMES[statusCode] ?? `Http${statusCode}`;
}

/** 408, 429 and 5xx are worth another attempt (Logic Apps retry policies retry exactly these). */
export function isRetryableStatus(statusCode: number): boolean {
  return statusCode === 408 || statusCode === 429 || (statusCode >= 500 && statusCode <= 599);
}
