import { CloudAdapter } from 'botbuilder';
import { SingleAttemptBotFrameworkAuthentication } from './single-attempt-authentication';

export interface BotIdentity {
  /** MicrosoftAppId; empty for local development (no token checks: the server warns at start). */
  readonly appId: string;
  readonly appPassword?: string;
  readonly appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  readonly tenantId?: string;
}

/**
 * The Bot Framework adapter: validates incoming tokens when an app id is configured (CloudAdapter
 * does this per request) and authenticates outgoing calls. Its connector clients make one HTTP
 * request per call; retrying is the throttled sender's job (see single-attempt-authentication.ts).
 */
export function createBotAdapter(identity: BotIdentity): CloudAdapter {
  return new CloudAdapter(
    new SingleAttemptBotFrameworkAuthentication({
      MicrosoftAppId: identity.appId,
      MicrosoftAppPassword: identity.appPassword ?? '',
      MicrosoftAppType: identity.appType,
      MicrosoftAppTenantId: identity.tenantId ?? '',
    }),
  );
}
