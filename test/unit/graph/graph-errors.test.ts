import { GraphClientError, GraphError } from '@microsoft/microsoft-graph-client';
import {
  ConflictError,
  NotFoundError,
  OperationalError,
  PermissionDeniedError,
  ThrottledError,
  UnauthenticatedError,
  UnexpectedError,
  ValidationError,
} from '../../../core/errors';
import { graphErrorFromResponse, translateGraphError } from '../../../infra/graph/graph-errors';

function graphError(status: number, code: string | null = null, headers?: Record<string, string>): GraphError {
  const error = new GraphError(status, `status ${status}`);
  error.code = code;
  if (headers !== undefined) error.headers = new Headers(headers);
  return error;
}

const operation = { action: 'add team members', resource: 'team-1', field: 'userObjectIds' };

describe('translateGraphError', () => {
  it.each([
    [400, ValidationError],
    [401, UnauthenticatedError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [412, ConflictError],
    [422, ValidationError],
    [429, ThrottledError],
    [503, ThrottledError],
    [500, OperationalError],
    [504, OperationalError],
  ] as const)('maps %i to %p and keeps the cause', (status, expected) => {
    const cause = graphError(status);
    const translated = translateGraphError(cause, operation);
    expect(translated).toBeInstanceOf(expected);
    expect(translated.cause).toBe(cause);
    expect(translated.message).toContain('add team members (team-1)');
  });

  it('names the field in a 400 and quotes Graph\'s code', () => {
    const translated = translateGraphError(graphError(400, 'BadRequest'), operation) as ValidationError;
    expect(translated.issues).toEqual([{ field: 'userObjectIds', reason: 'Graph refused it: Graph answered 400 BadRequest: status 400' }]);
  });

  it('reads Retry-After in seconds or as a date', () => {
    expect((translateGraphError(graphError(429, 'TooManyRequests', { 'Retry-After': '7' }), operation) as ThrottledError).retryAfterMs).toBe(7_000);
    const soon = new Date(Date.now() + 60_000).toUTCString();
    const ms = (translateGraphError(graphError(503, null, { 'Retry-After': soon }), operation) as ThrottledError).retryAfterMs!;
    expect(ms).toBeGreaterThan(50_000);
    expect(ms).toBeLessThanOrEqual(60_000);
    expect((translateGraphError(graphError(429), operation) as ThrottledError).retryAfterMs).toBeUndefined();
  });

  it('unwraps our GraphClientError: network failures are operational, credential failures unauthenticated', () => {
    const network = new GraphClientError('no answer');
    network.customError = new TypeError('fetch failed');
    const a = translateGraphError(network, operation);
    expect(a).toBeInstanceOf(OperationalError);
    expect(a.cause).toBe(network.customError);

    const credential = new GraphClientError('could not get a token');
    credential.customError = Object.assign(new Error('AADSTS7000215: Invalid client secret'), { name: 'AuthenticationError' });
    expect(translateGraphError(credential, operation)).toBeInstanceOf(UnauthenticatedError);

    const carried = new GraphClientError('x');
    carried.customError = new PermissionDeniedError('no');
    expect(translateGraphError(carried, operation)).toBe(carried.customError);
  });

  it('passes AppErrors through and calls anything else a bug', () => {
    const own = new ConflictError('taken');
    expect(translateGraphError(own, operation)).toBe(own);
    expect(translateGraphError(new RangeError('oops'), operation)).toBeInstanceOf(UnexpectedError);
    expect(translateGraphError(new GraphError(-1, 'client-side'), operation)).toBeInstanceOf(UnexpectedError);
  });

  it('treats an unreadable success answer as operational', () => {
    expect(translateGraphError(graphError(200, 'SyntaxError'), operation)).toBeInstanceOf(OperationalError);
  });
});

describe('graphErrorFromResponse', () => {
  it("reads Graph's error body and keeps the headers", async () => {
    const response = new Response(JSON.stringify({ error: { code: 'NotFound', message: 'No team found' } }), {
      status: 404,
      headers: { 'content-type': 'application/json', 'request-id': 'r-1' },
    });
    const error = await graphErrorFromResponse(response);
    expect(error).toMatchObject({ statusCode: 404, code: 'NotFound', message: 'No team found' });
    expect(error.headers?.get('request-id')).toBe('r-1');
  });

  it('copes with a body that is not JSON', async () => {
    const error = await graphErrorFromResponse(new Response('upstream exploded', { status: 502, statusText: 'Bad Gateway' }));
    expect(error).toMatchObject({ statusCode: 502, code: null, message: 'Bad Gateway' });
  });
});
