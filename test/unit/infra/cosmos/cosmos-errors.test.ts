import {
  ConflictError,
  NotFoundError,
  OperationalError,
  PayloadTooLargeError,
  ThrottledError,
  UnexpectedError,
  ValidationError,
} from '../../../../core/errors';
import { cosmosStatus, translateCosmosError } from '../../../../infra/cosmos/cosmos-errors';

/** Shaped like @azure/cosmos's ErrorResponse as the SDK throws it after an HTTP error answer. */
function errorResponse(code: number | string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`status ${code}`), { code, body: { code: 'Some', message: 'm' }, headers: {}, ...extra });
}

const operation = { action: 'replace user', container: 'organization', id: 'user:ada@contoso.com' };

describe('translateCosmosError', () => {
  it('maps 404 to NotFoundError and names what was being done', () => {
    const error = translateCosmosError(errorResponse(404), operation);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain('replace user (organization/user:ada@contoso.com)');
  });

  it('maps a stale ETag (412) and an existing id (409) to ConflictError', () => {
    expect(translateCosmosError(errorResponse(412), operation)).toBeInstanceOf(ConflictError);
    expect(translateCosmosError(errorResponse(409), operation)).toBeInstanceOf(ConflictError);
  });

  it('maps 429 to ThrottledError with the retry-after the SDK parsed', () => {
    const error = translateCosmosError(errorResponse(429, { retryAfterInMs: 1200 }), operation);
    expect(error).toBeInstanceOf(ThrottledError);
    expect((error as ThrottledError).retryAfterMs).toBe(1200);
    expect(error.retryable).toBe(true);
  });

  it('falls back to the x-ms-retry-after-ms header, and leaves retryAfterMs unset when neither says', () => {
    const fromHeader = translateCosmosError(errorResponse(429, { headers: { 'x-ms-retry-after-ms': '250' } }), operation);
    expect((fromHeader as ThrottledError).retryAfterMs).toBe(250);
    const silent = translateCosmosError(errorResponse(429), operation);
    expect(silent).toBeInstanceOf(ThrottledError);
    expect((silent as ThrottledError).retryAfterMs).toBeUndefined();
  });

  it('reads the plain-object errors that bulk results carry', () => {
    const bulkError = { message: 'Conflict', code: 429, retryAfterInMs: 40 };
    const error = translateCosmosError(bulkError, operation);
    expect(error).toBeInstanceOf(ThrottledError);
    expect((error as ThrottledError).retryAfterMs).toBe(40);
  });

  it('maps an oversized document (413) to PayloadTooLargeError and a malformed request (400) to UnexpectedError', () => {
    expect(translateCosmosError(errorResponse(413), operation)).toBeInstanceOf(PayloadTooLargeError);
    expect(translateCosmosError(errorResponse(400), operation)).toBeInstanceOf(UnexpectedError);
  });

  it('maps other service answers and network failures to OperationalError, keeping the cause', () => {
    for (const cause of [errorResponse(503), errorResponse(401), errorResponse(408), errorResponse('ECONNREFUSED'), errorResponse('REQUEST_SEND_ERROR')]) {
      const error = translateCosmosError(cause, operation);
      expect(error.constructor).toBe(OperationalError);
      expect(error.cause).toBe(cause);
    }
    const timeout = Object.assign(new Error('Timeout Error!'), { name: 'TimeoutError' });
    expect(translateCosmosError(timeout, operation)).toBeInstanceOf(OperationalError);
  });

  it('treats anything that is not a Cosmos or network failure as a bug', () => {
    expect(translateCosmosError(new TypeError('x is undefined'), operation)).toBeInstanceOf(UnexpectedError);
    expect(translateCosmosError(Object.assign(new Error('bad arg'), { code: 'ERR_INVALID_ARG_TYPE' }), operation)).toBeInstanceOf(UnexpectedError);
    expect(translateCosmosError('a string', operation)).toBeInstanceOf(UnexpectedError);
  });

  it('passes application errors through unchanged', () => {
    const validation = new ValidationError('corrupt');
    expect(translateCosmosError(validation, operation)).toBe(validation);
  });
});

describe('cosmosStatus', () => {
  it('reads numeric and numeric-string codes and ignores the rest', () => {
    expect(cosmosStatus(errorResponse(409))).toBe(409);
    expect(cosmosStatus({ code: '412' })).toBe(412);
    expect(cosmosStatus(errorResponse('ECONNRESET'))).toBeUndefined();
    expect(cosmosStatus(undefined)).toBeUndefined();
  });
});
