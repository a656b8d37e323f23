import { ClientSecretCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import {
  AuthenticationHandler,
  Client,
  GraphClientError,
  RedirectHandler,
  RedirectHandlerOptions,
  RetryHandler,
  TelemetryHandler,
  type AuthenticationProvider,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { UnauthenticatedError, ValidationError } from '../../core/errors';
import { RateLimitMiddleware, type GraphRateLimits } from './graph-rate-limiter';
import { graphRetryOptions, type GraphRetrySettings } from './graph-retry-policy';

/**
 * The Microsoft Graph client, built once from configuration and shared by the Graph adapters
 * (team provisioner, mailer, directory).
 *
 * Middleware chain, in order (a custom chain instead of the client's default, for the two
 * middlewares of our own):
 * 1. AuthenticationHandler (the client's): adds `Authorization: Bearer …` for Graph's own hosts
 *    and for `customHosts`. We set customHosts to the configured base URL's host, so a fake Graph
 *    in tests gets the token too. It only does that over **https** (the client's host check
 *    matches `https://` URLs only), hence the base URL must be https.
 * 2. RetryHandler (the client's), configured by graph-retry-policy.ts: Retry-After honoured.
 * 3. RateLimitMiddleware (ours): 4 requests/s per team, 10 team creations/s (graph-rate-limiter.ts).
 * 4. RedirectHandler and TelemetryHandler (the client's, as in its default Node chain).
 * 5. FetchHandler (ours, in place of the client's HTTPMessageHandler): the same `fetch` call, but
 *    a fetch that throws (no answer) is rethrown as a GraphClientError carrying the original in
 *    `customError`, which the client passes through untouched (graph-errors.ts reads it).
 */

export const GRAPH_BASE_URL = 'https://graph.microsoft.com';
export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

export type GraphCredentialSettings =
  | { readonly kind: 'clientSecret'; readonly tenantId: string; readonly clientId: string; readonly clientSecret: string }
  /** System-assigned identity without `clientId`; a user-assigned one by its client id. */
  | { readonly kind: 'managedIdentity'; readonly clientId?: string };

/** The @azure/identity credential for the configured kind. Tokens are cached by the credential. */
export function createGraphCredential(settings: GraphCredentialSettings): TokenCredential {
  if (settings.kind === 'clientSecret') return new ClientSecretCredential(settings.tenantId, settings.clientId, settings.clientSecret);
  return settings.clientId === undefined ? new ManagedIdentityCredential() : new ManagedIdentityCredential({ clientId: settings.clientId });
}

export interface GraphClientOptions {
  readonly credential: TokenCredential;
  /** Default https://graph.microsoft.com. Must be https (see above). Tests point it at the fake. */
  readonly baseUrl?: string;
  /** Default https://graph.microsoft.com/.default (application permissions). */
  readonly scope?: string;
  readonly retry?: GraphRetrySettings;
  readonly rateLimits?: GraphRateLimits;
  /** Default the global fetch. Tests pass one that trusts the fake's certificate. */
  readonly fetch?: typeof fetch;
  /** The rate limiter's clock and sleep (tests record the waits instead of sleeping). */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** A configured client plus what the adapters need to build `@odata.bind` URLs. */
export interface GraphConnection {
  readonly client: Client;
  /** The base URL without a trailing slash, e.g. `https://graph.microsoft.com`. */
  readonly baseUrl: string;
  /** An absolute v1.0 URL under the base URL, for `@odata.bind` values: `bindUrl("users('id')")`. */
  readonly bindUrl: (path: string) => string;
}

/** The last middleware: performs the request with `fetchImpl`. */
class FetchHandler implements Middleware {
  constructor(private readonly fetchImpl: typeof fetch) {}

  async execute(context: Context): Promise<void> {
    // The client's types name DOM's RequestInfo, unknown to this Node-only build; at run time
    // GraphRequest passes the URL as a string.
    const request: unknown = context.request;
    if (typeof request !== 'string' && !(request instanceof Request)) throw new GraphClientError('FetchHandler: the request is neither a URL nor a Request');
    try {
      context.response = await this.fetchImpl(request, context.options);
    } catch (error) {
      const failure = new GraphClientError(`no answer: ${error instanceof Error ? error.message : String(error)}`);
      failure.customError = error;
      throw failure;
    }
  }
}

function tokenProvider(credential: TokenCredential, scope: string): AuthenticationProvider {
  return {
    async getAccessToken(): Promise<string> {
      let token: Awaited<ReturnType<TokenCredential['getToken']>>;
      try {
        token = await credential.getToken(scope);
      } catch (error) {
        const failure = new GraphClientError(`could not get a Graph token: ${error instanceof Error ? error.message : String(error)}`);
        failure.customError = error;
        throw failure;
      }
      if (token === null || token.token.length === 0) {
        const failure = new GraphClientError('the credential returned no Graph token');
        failure.customError = new UnauthenticatedError('The Graph credential returned no token; check the tenant, client id and secret or managed identity');
        throw failure;
      }
      return token.token;
    },
  };
}

/** Validates the base URL: absolute, https, no path (the client adds `/v1.0/…`). */
export function normalizeGraphBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ValidationError('The Graph base URL is not a URL', [{ field: 'GRAPH_BASE_URL', reason: `expected an https URL such as ${GRAPH_BASE_URL}` }]);
  }
  if (url.protocol !== 'https:') {
    throw new ValidationError('The Graph base URL must use https', [
      { field: 'GRAPH_BASE_URL', reason: 'expected https: the Graph client sends no Authorization header over http' },
    ]);
  }
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    throw new ValidationError('The Graph base URL must have no path', [
      { field: 'GRAPH_BASE_URL', reason: 'expected only scheme, host and port (the client adds /v1.0/…)' },
    ]);
  }
  return url.origin;
}

/** Builds the client and its middleware chain. Throws ValidationError for a bad base URL or retry settings. */
export function createGraphConnection(options: GraphClientOptions): GraphConnection {
  const baseUrl = normalizeGraphBaseUrl(options.baseUrl ?? GRAPH_BASE_URL);
  const host = new URL(baseUrl).hostname;
  const middleware: Middleware[] = [
    new AuthenticationHandler(tokenProvider(options.credential, options.scope ?? GRAPH_SCOPE)),
    new RetryHandler(graphRetryOptions(options.retry)),
    new RateLimitMiddleware({
      ...(options.rateLimits !== undefined && { limits: options.rateLimits }),
      ...(options.now !== undefined && { now: options.now }),
      ...(options.sleep !== undefined && { sleep: options.sleep }),
    }),
    new RedirectHandler(new RedirectHandlerOptions()),
    new TelemetryHandler(),
    new FetchHandler(options.fetch ?? ((input, init) => fetch(input, init))),
  ];
  const client = Client.initWithMiddleware({
    baseUrl: `${baseUrl}/`,
    defaultVersion: 'v1.0',
    middleware,
    customHosts: new Set([host]),
  });
  return {
    client,
    baseUrl,
    bindUrl: (path) => `${baseUrl}/v1.0/${path.replace(/^\/+/, '')}`,
  };
}
