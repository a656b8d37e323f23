import { ValidationError } from '../../../core/errors';
import { graphRetryOptions, shouldRetryGraphAnswer } from '../../../infra/graph/graph-retry-policy';

const NOW = Date.parse('2025-03-01T12:00:00Z');

describe('shouldRetryGraphAnswer', () => {
  it.each([
    ['POST', 429, null, true],
    ['POST', 429, '5', true],
    ['POST', 429, '61', false],
    ['GET', 429, 'Sat, 01 Mar 2025 12:00:30 GMT', true],
    ['GET', 429, 'Sat, 01 Mar 2025 12:05:00 GMT', false],
    ['POST', 503, '2', true],
    ['POST', 503, null, false],
    ['GET', 503, null, true],
    ['POST', 504, null, false],
    ['DELETE', 504, null, true],
    ['GET', 500, null, false],
    ['GET', 404, null, false],
  ] as const)('%s answered %i (Retry-After %p): retry %p', (method, status, retryAfter, expected) => {
    expect(shouldRetryGraphAnswer(method, status, retryAfter, 60_000, NOW)).toBe(expected);
  });
});

describe('graphRetryOptions', () => {
  it('uses our settings instead of the client defaults', () => {
    const options = graphRetryOptions({ maxRetries: 5, delaySeconds: 1 });
    expect(options.maxRetries).toBe(5);
    expect(options.delay).toBe(1);
  });

  it('names each bad setting', () => {
    let error: unknown;
    try {
      graphRetryOptions({ maxRetries: 11, delaySeconds: -1, maxRetryAfterMs: Number.NaN });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.field)).toEqual(['maxRetries', 'delaySeconds', 'maxRetryAfterMs']);
  });
});
