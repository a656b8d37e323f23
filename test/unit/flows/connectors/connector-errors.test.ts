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
} from '../../../../core/errors';
import { retryAfterMsFrom, toConnectorError } from '../../../../flows/connectors/connector-errors';
import { ConnectorError } from '../../../../flows/engine/contracts';

describe('connector errors', () => {
  it.each([
    [new ThrottledError('t', 1234), 429],
    [new OperationalError('o'), 503],
    [new ValidationError('v', [{ field: 'x', reason: 'expected y' }]), 400],
    [new UnauthenticatedError('u'), 401],
    [new PermissionDeniedError('p'), 403],
    [new NotFoundError('n'), 404],
    [new ConflictError('c'), 409],
    [new PayloadTooLargeError('l'), 413],
    [new UnexpectedError('b'), 500],
  ])('maps %p to status %p with outputs naming the error code', (error, status) => {
    const mapped = toConnectorError(error, 'Op (thing)');
    expect(mapped).toBeInstanceOf(ConnectorError);
    expect(mapped.statusCode).toBe(status);
    expect(mapped.message.startsWith(`Op (thing): ${error.message}`)).toBe(true);
    expect(mapped.body).toEqual({ statusCode: status, body: { error: { code: error.code, message: mapped.message } } });
    expect(mapped.retryAfterMs).toBe(error instanceof ThrottledError ? 1234 : undefined);
  });

  it('adds validation issues the message does not already carry', () => {
    expect(toConnectorError(new ValidationError('Graph refused it', [{ field: 'message', reason: 'bad address' }]), 'Op').message).toBe('Op: Graph refused it (message: bad address)');
  });

  it('passes ConnectorErrors through and rethrows anything that is not an AppError', () => {
    const own = new ConnectorError('x', 418);
    expect(toConnectorError(own, 'Op')).toBe(own);
    const bug = new RangeError('bug');
    expect(() => toConnectorError(bug, 'Op')).toThrow(bug);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2025-03-01T08:00:00Z');
    expect(retryAfterMsFrom('5', now)).toBe(5000);
    expect(retryAfterMsFrom('Sat, 01 Mar 2025 08:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMsFrom('Sat, 01 Mar 2025 07:00:00 GMT', now)).toBe(0);
    expect(retryAfterMsFrom(undefined, now)).toBeUndefined();
    expect(retryAfterMsFrom('soon', now)).toBeUndefined();
  });
});
