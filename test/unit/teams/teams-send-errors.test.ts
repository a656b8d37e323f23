import {
  ConflictError,
  NotFoundError,
  OperationalError,
  PayloadTooLargeError,
  PermissionDeniedError,
  ThrottledError,
  UnauthenticatedError,
  UnexpectedError,
  ValidationError,
} from '../../../core/errors';
import {
  TeamsThrottledError,
  TeamsUnavailableError,
  classifyTeamsSendError,
  exhaustedTeamsError,
  parseRetryAfter,
  translateTeamsSendError,
} from '../../../infra/teams/teams-send-errors';

/**
 * The shapes botbuilder 4.23's connector client throws, as observed against the fake connector
 * (test/e2e/teams-connector-errors.test.ts checks the same classification on the real objects).
 */
function restError(statusCode: number, headers: Record<string, string> = {}, code?: string): Error {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return Object.assign(new Error(`status ${statusCode}`), {
    name: 'RestError',
    statusCode,
    code,
    response: { status: statusCode, headers: { get: (name: string) => lower[name.toLowerCase()] } },
  });
}

function networkError(code: string): Error {
  return Object.assign(new Error(`connect ${code}`), { name: 'RestError', code });
}

const NOW = Date.parse('2026-03-01T10:00:00Z');
const call = { threadKey: '19:alerts@thread.tacv2', label: 'post alert card a-1' };

describe('parseRetryAfter', () => {
  it.each([
    ['3', 3000],
    ['0', 0],
    ['0.25', 250],
    [' 2 ', 2000],
  ])('reads delay-seconds %p as %p ms', (value, ms) => {
    expect(parseRetryAfter(value, NOW)).toBe(ms);
  });

  it('reads an HTTP date relative to now, and a past date as 0', () => {
    expect(parseRetryAfter('Sun, 01 Mar 2026 10:00:30 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 09:00:00 GMT', NOW)).toBe(0);
  });

  it.each(['soon', '-1', '1e3', '', 'Sun, 99 Foo 2026'])('ignores %p', (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });
});

describe('classifyTeamsSendError', () => {
  it('reads status, Teams error code and Retry-After from a RestError', () => {
    expect(classifyTeamsSendError(restError(429, { 'Retry-After': '3' }, 'Throttled'), NOW)).toEqual({
      origin: 'response',
      status: 429,
      code: 'Throttled',
      retryable: true,
      retryAfterMs: 3000,
    });
  });

  it('reads Retry-After from plain-object headers in any case', () => {
    const error = { statusCode: 503, response: { headers: { 'RETRY-AFTER': '0.5' } } };
    expect(classifyTeamsSendError(error, NOW)).toMatchObject({ status: 503, retryable: true, retryAfterMs: 500 });
  });

  it('falls back to retry-after-ms when Retry-After is absent', () => {
    expect(classifyTeamsSendError(restError(429, { 'retry-after-ms': '150' }), NOW).retryAfterMs).toBe(150);
  });

  it.each([408, 412, 429, 500, 502, 503, 504])('retries status %p', (status) => {
    expect(classifyTeamsSendError(restError(status), NOW)).toMatchObject({ origin: 'response', status, retryable: true });
  });

  it.each([400, 401, 403, 404, 409, 413, 422, 501, 505])('does not retry status %p', (status) => {
    expect(classifyTeamsSendError(restError(status), NOW)).toMatchObject({ origin: 'response', status, retryable: false });
  });

  it.each(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EAI_AGAIN', 'REQUEST_SEND_ERROR'])('retries the network failure %p', (code) => {
    expect(classifyTeamsSendError(networkError(code), NOW)).toEqual({ origin: 'network', code, retryable: true });
  });

  it('does not mistake programming errors, plain values or our own errors for the network', () => {
    const typeError = Object.assign(new TypeError('bad arg'), { code: 'ERR_INVALID_ARG_TYPE' });
    for (const thrown of [typeError, new Error('x'), 'boom', null, undefined, new NotFoundError('gone')]) {
      expect(classifyTeamsSendError(thrown, NOW)).toEqual({ origin: 'other', retryable: false });
    }
  });
});

describe('translateTeamsSendError', () => {
  it.each([
    [400, ValidationError],
    [422, ValidationError],
    [401, UnauthenticatedError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [413, PayloadTooLargeError],
    [501, OperationalError],
  ])('maps a non-retryable %p to %p, keeping the cause', (status, expected) => {
    const error = restError(status, {}, 'SomeCode');
    const translated = translateTeamsSendError(error, classifyTeamsSendError(error, NOW), call);
    expect(translated).toBeInstanceOf(expected);
    expect(translated.cause).toBe(error);
    expect(translated.message).toContain('post alert card a-1');
    expect(translated.message).toContain(String(status));
  });

  it('names the activity as the field Teams refused in a ValidationError', () => {
    const error = restError(400, {}, 'BadArgument');
    const translated = translateTeamsSendError(error, classifyTeamsSendError(error, NOW), call) as ValidationError;
    expect(translated.issues).toEqual([{ field: 'activity', reason: expect.stringContaining('400 BadArgument') }]);
  });

  it('passes our own errors through and treats anything else as a bug', () => {
    const ours = new ConflictError('lost a race');
    expect(translateTeamsSendError(ours, classifyTeamsSendError(ours, NOW), call)).toBe(ours);
    const bug = new TypeError('undefined is not a function');
    const translated = translateTeamsSendError(bug, classifyTeamsSendError(bug, NOW), call);
    expect(translated).toBeInstanceOf(UnexpectedError);
    expect(translated.cause).toBe(bug);
  });
});

describe('exhaustedTeamsError', () => {
  it('gives a ThrottledError with the last status, attempts and Retry-After after 429s', () => {
    const error = restError(429, { 'Retry-After': '4' });
    const result = exhaustedTeamsError(classifyTeamsSendError(error, NOW), error, 8, call);
    expect(result).toBeInstanceOf(TeamsThrottledError);
    expect(result).toBeInstanceOf(ThrottledError);
    expect(result).toMatchObject({ status: 429, attempts: 8, retryAfterMs: 4000, retryable: true, code: 'throttled' });
    expect(result.cause).toBe(error);
  });

  it('gives an OperationalError (not a ThrottledError) after gateway errors or silence', () => {
    const gateway = restError(502);
    const afterGateway = exhaustedTeamsError(classifyTeamsSendError(gateway, NOW), gateway, 3, call);
    expect(afterGateway).toBeInstanceOf(TeamsUnavailableError);
    expect(afterGateway).not.toBeInstanceOf(ThrottledError);
    expect(afterGateway).toMatchObject({ status: 502, attempts: 3, retryable: true });

    const reset = networkError('ECONNRESET');
    const afterReset = exhaustedTeamsError(classifyTeamsSendError(reset, NOW), reset, 3, call);
    expect(afterReset).toMatchObject({ status: undefined, attempts: 3 });
    expect(afterReset.message).toContain('ECONNRESET');
  });
});
