import { NotFoundError } from '../errors';
import type { StoreTransaction, Versioned } from '../ports/store';
import { type Case, casesCollection } from './case';

/** Reads over stored cases. Writes go through the services (triage, case workflow) that emit events. */

export async function getCase(tx: StoreTransaction, userId: string, id: string): Promise<Versioned<Case>> {
  const found = await tx.documents(casesCollection).get(userId, id);
  if (found === undefined) throw new NotFoundError(`no case ${id}`);
  return found;
}

/** The user's active cases, newest first: what "Add to existing case" offers. */
export async function listActiveCasesOf(tx: StoreTransaction, userId: string): Promise<Case[]> {
  const found = await tx.documents(casesCollection).query({
    partition: userId,
    where: { status: 'Active' },
    orderBy: { field: 'createdAt', direction: 'desc' },
    limit: 100,
  });
  return found.map((d) => d.value);
}

export async function countActiveCases(tx: StoreTransaction): Promise<number> {
  return tx.documents(casesCollection).count({ where: { status: 'Active' } });
}

export interface CaseFilters {
  readonly status?: Case['status'];
  readonly userId?: string;
  readonly limit?: number;
}

export async function listCases(tx: StoreTransaction, filters: CaseFilters = {}): Promise<Case[]> {
  const userId = filters.userId?.trim().toLowerCase();
  const found = await tx.documents(casesCollection).query({
    ...(userId === undefined ? {} : { partition: userId }),
    where: { ...(filters.status === undefined ? {} : { status: filters.status }), ...(userId === undefined ? {} : { userId }) },
    orderBy: { field: 'createdAt', direction: 'desc' },
    limit: filters.limit ?? 100,
  });
  return found.map((d) => d.value);
}
