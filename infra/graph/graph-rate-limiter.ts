import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { UnexpectedError } from '../../core/errors';
import { TokenBuckets, type BucketRate } from './token-bucket';

/**
 * Keeps our own Graph traffic under the Teams service limits (../shared/reference/
 * limits-and-scoring.md §C.3, from Graph's "Microsoft Teams service limits"), so that Graph
 * rarely has to answer 429 at all:
 * - at most 4 requests per second per app on a given team (every `/teams/{id}/…` request,
 *   operation checks included);
 * - at most 10 `POST /teams` (team creation) per second per app per tenant.
 * Both are small token buckets (token-bucket.ts). Other requests are not limited here; Graph's
 * Retry-After handles them.
 *
 * It sits after the RetryHandler in the middleware chain, so every attempt, retries included,
 * takes a token.
 */
export interface GraphRateLimits {
  /** Requests per second on one team. Default 4. */
  readonly perTeam: BucketRate;
  /** `POST /teams` per second, tenant-wide (for this process). Default 10. */
  readonly teamCreation: BucketRate;
}

export const GRAPH_TEAMS_LIMITS: GraphRateLimits = Object.freeze({
  perTeam: Object.freeze({ ratePerSecond: 4 }),
  teamCreation: Object.freeze({ ratePerSecond: 10 }),
});

/** Which bucket a request draws from, if any. */
export interface RateLimitedRequest {
  readonly key: string;
  readonly rate: BucketRate;
}

/** `/teams/{id}` or `/teams('{id}')`, after the version segment. */
const TEAM_PATH = /^\/teams(?:\/([^/?('"]+)|\('([^']+)'\))/i;

/** The path after the host and the version (`/v1.0`, `/beta`), decoded, without the query. */
function graphPath(url: string): string {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    pathname = url.split('?')[0] ?? url;
  }
  let decoded = pathname;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    // Keep it encoded; ids we limit on are plain GUIDs anyway.
  }
  return decoded.replace(/^\/(?:v1\.0|beta)(?=\/|$)/i, '');
}

/** Classifies one request: its bucket under `limits`, or undefined when it is not limited here. */
export function rateLimitedRequest(method: string, url: string, limits: GraphRateLimits): RateLimitedRequest | undefined {
  const path = graphPath(url);
  if (method.toUpperCase() === 'POST' && /^\/teams\/?$/i.test(path)) return { key: 'team-creation', rate: limits.teamCreation };
  const match = TEAM_PATH.exec(path);
  const teamId = match?.[1] ?? match?.[2];
  if (teamId !== undefined) return { key: `team:${teamId.toLowerCase()}`, rate: limits.perTeam };
  return undefined;
}

export interface RateLimitMiddlewareOptions {
  readonly limits?: GraphRateLimits;
  /** Default Date.now. */
  readonly now?: () => number;
  /** Default a setTimeout promise. Tests pass one that records the waits. */
  readonly sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The request as a URL string or a Request (the client's types name DOM's RequestInfo, unknown here). */
function requestOf(context: Context): string | Request | undefined {
  const request: unknown = context.request;
  return typeof request === 'string' || request instanceof Request ? request : undefined;
}

function methodOf(context: Context): string {
  const request = requestOf(context);
  return typeof request === 'object' ? request.method : (context.options?.method ?? 'GET');
}

function urlOf(context: Context): string {
  const request = requestOf(context);
  return typeof request === 'object' ? request.url : (request ?? '');
}

/** The Graph client middleware that waits for a token before passing a request on. */
export class RateLimitMiddleware implements Middleware {
  private next?: Middleware;
  private readonly buckets = new TokenBuckets();
  private readonly limits: GraphRateLimits;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: RateLimitMiddlewareOptions = {}) {
    this.limits = options.limits ?? GRAPH_TEAMS_LIMITS;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
  }

  async execute(context: Context): Promise<void> {
    const limited = rateLimitedRequest(methodOf(context), urlOf(context), this.limits);
    if (limited !== undefined) {
      const waitMs = this.buckets.reserve(limited.key, limited.rate, this.now());
      if (waitMs > 0) await this.sleep(waitMs);
    }
    if (this.next === undefined) throw new UnexpectedError('RateLimitMiddleware must not be the last middleware');
    await this.next.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}
