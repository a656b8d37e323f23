import { alertsCollection } from '../persistence/collections';
import type { DocumentQuery } from '../ports/document-collection';
import type { StoreTransaction } from '../ports/store';
import type { Alert, AlertStatus, Severity } from './alert';

/** Read-side queries over stored alerts, for the CLI, chat commands and the tab. */

export interface AlertFilters {
  readonly status?: AlertStatus;
  readonly severity?: Severity;
  readonly policyId?: string;
  /** The subject user's UPN (any case). */
  readonly userId?: string;
  /** Default 100, at most 10,000 (the store's own bound). */
  readonly limit?: number;
}

export const DEFAULT_ALERT_LIMIT = 100;

/**
 * Alerts matching every given filter, newest (by event time of creation) first. A user filter
 * also narrows the query to that user's partition, so it stays a single-partition read on Cosmos.
 */
export async function listAlerts(tx: StoreTransaction, filters: AlertFilters = {}): Promise<Alert[]> {
  const where: Record<string, string> = {};
  if (filters.status !== undefined) where.status = filters.status;
  if (filters.severity !== undefined) where.severity = filters.severity;
  if (filters.policyId !== undefined) where.policyId = filters.policyId;
  const userId = filters.userId?.trim().toLowerCase();
  if (userId !== undefined) where.userId = userId;
  const query: DocumentQuery = {
    ...(userId === undefined ? {} : { partition: userId }),
    where,
    orderBy: { field: 'createdAt', direction: 'desc' },
    limit: filters.limit ?? DEFAULT_ALERT_LIMIT,
  };
  const found = await tx.documents(alertsCollection).query(query);
  return found.map((v) => v.value);
}
