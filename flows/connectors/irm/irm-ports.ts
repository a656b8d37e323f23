import type { RecordAudit } from '../../../core/ports/audit-trail';
import type { Clock } from '../../../core/ports/clock';
import type { Store } from '../../../core/ports/store';
import type { Pseudonymizer } from '../../../core/privacy/pseudonymizer';

/**
 * What the `irm` connector reaches: our own store, through the same core services the bot uses.
 * Flows run server-side with real identities (that is why a manager can still be e-mailed while
 * analysts only ever see pseudonyms); every change they make is audited as the flow.
 */
export interface IrmPorts {
  readonly store: Store;
  readonly pseudonymizer: Pseudonymizer;
  readonly audit: RecordAudit;
  readonly clock: Clock;
  /** The tenant id for `tenantId` fields (the bot's tenant), when configured. */
  readonly tenantId?: string;
}

export interface IrmConnectorContext {
  readonly irm: IrmPorts;
}

/**
 * The connector's api names. Flows written for Microsoft's own insider-risk connector
 * (`shared_microsoft365compliance`) run unchanged: its operation names are ours.
 */
export const IRM_API = 'shared_irm';
export const IRM_API_ALIASES: readonly string[] = ['shared_microsoft365compliance'];
