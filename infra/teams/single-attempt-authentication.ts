import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { UnexpectedError } from '../../core/errors';

/**
 * Bot Framework authentication whose connector clients make exactly one HTTP request per call.
 *
 * Why: botbuilder 4.23's `ConnectorClient` runs on @azure/core-client, whose default pipeline
 * contains `defaultRetryPolicy`: a 429 is retried up to 3 times after its Retry-After, a 5xx or a
 * reset socket up to 3 times with exponential backoff (observed against the fake connector: one
 * `sendActivity` → 4 POSTs). Those hidden requests escape the throttled sender's windows, and
 * its jittered backoff and attempt limit. botbuilder offers no option to turn this off (the
 * compat layer ignores `noRetryPolicy`, and `ConnectorFactoryImpl` overwrites
 * `requestPolicyFactories`), so each created client has the policy removed from its pipeline.
 *
 * Use it exactly like ConfigurationBotFrameworkAuthentication:
 * `new CloudAdapter(new SingleAttemptBotFrameworkAuthentication(config))`, and send through
 * `createThrottledSender`, which does the retrying.
 */
export class SingleAttemptBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  override createConnectorFactory(
    ...args: Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>
  ): ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']> {
    const inner = super.createConnectorFactory(...args);
    return {
      create: async (serviceUrl: string, audience?: string) => removeRetryPolicy(await inner.create(serviceUrl, audience)),
    };
  }
}

/** The name core-rest-pipeline gives the retry policy (`defaultRetryPolicyName`). */
const RETRY_POLICY = 'defaultRetryPolicy';

interface PipelineLike {
  removePolicy(options: { name: string }): unknown;
  getOrderedPolicies(): readonly { name: string }[];
}

function isPipeline(value: unknown): value is PipelineLike {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.removePolicy === 'function' && typeof candidate.getOrderedPolicies === 'function';
}

/**
 * Removes the retry policy from a connector client's pipeline. The pipeline sits on the
 * client's (TypeScript-private) `client` field, a core-client ServiceClient. If a botbuilder
 * upgrade moves it, this throws rather than letting the client double-retry unnoticed; the e2e
 * tests in test/e2e/teams-sender.test.ts catch that.
 */
function removeRetryPolicy<T extends object>(connectorClient: T): T {
  const serviceClient: unknown = (connectorClient as { client?: unknown }).client;
  const pipeline: unknown = typeof serviceClient === 'object' && serviceClient !== null ? (serviceClient as { pipeline?: unknown }).pipeline : undefined;
  if (!isPipeline(pipeline)) {
    throw new UnexpectedError('botbuilder connector client has no reachable request pipeline; cannot disable its built-in retries');
  }
  pipeline.removePolicy({ name: RETRY_POLICY });
  if (pipeline.getOrderedPolicies().some((policy) => policy.name === RETRY_POLICY)) {
    throw new UnexpectedError('botbuilder connector client kept its retry policy after removal');
  }
  return connectorClient;
}
