import type { AccessToken, TokenCredential } from '@azure/identity';
import { createGraphConnection, type GraphClientOptions, type GraphConnection } from '../../../infra/graph/graph-client';
import type { GraphRateLimits } from '../../../infra/graph/graph-rate-limiter';
import type { FakeGraph } from './fake-graph';

const FAST_LIMITS: GraphRateLimits = { perTeam: { ratePerSecond: 10_000 }, teamCreation: { ratePerSecond: 10_000 } };

/** A credential that hands out a fixed token and counts how often it was asked. */
export function staticCredential(token = 'fake-graph-token'): TokenCredential & { readonly calls: () => number } {
  let calls = 0;
  return {
    getToken: async (): Promise<AccessToken> => {
      calls++;
      return { token, expiresOnTimestamp: Date.now() + 3_600_000 };
    },
    calls: () => calls,
  };
}

/**
 * The real Graph client (whole middleware chain) pointed at the fake: its base URL, a fetch that
 * trusts its certificate, a static token, retries without the default 3 s base delay (tests make
 * the fake send Retry-After when it throttles, which the client honours as given), and Teams
 * rate limits raised far enough not to slow tests down (graph-rate-limits.test.ts covers them).
 */
export function connectToFakeGraph(graph: FakeGraph, overrides: Partial<GraphClientOptions> = {}): GraphConnection {
  return createGraphConnection({
    credential: staticCredential(),
    baseUrl: graph.url,
    fetch: graph.fetch,
    retry: { delaySeconds: 0, maxRetries: 3 },
    rateLimits: FAST_LIMITS,
    ...overrides,
  });
}

/** Resolves at once and remembers each pause asked for: no waiting in tests. */
export function recordingSleep(): { readonly sleep: (ms: number) => Promise<void>; readonly pauses: number[] } {
  const pauses: number[] = [];
  return {
    pauses,
    sleep: async (ms: number) => {
      pauses.push(ms);
    },
  };
}
