import { NotFoundError } from '../errors';
import { SYSTEM_PARTITION, policiesCollection } from '../persistence/collections';
import type { StoreTransaction, Versioned } from '../ports/store';
import { quote } from '../settings/setting-values';
import { findPolicy } from './create-policy';
import type { Policy } from './policy';

/**
 * Policies as documents in the `system` partition, keyed by policy id. Validation lives in
 * create-policy.ts; this file only stores what it produced.
 */

/** Purview allows 20 per template across 9 templates; one query covers them all. */
const MAX_POLICIES = 10_000;

/** Every policy, ordered by id (the store's default order) so listings are stable. */
export async function listPolicies(tx: StoreTransaction): Promise<Versioned<Policy>[]> {
  return tx.documents(policiesCollection).query({ partition: SYSTEM_PARTITION, limit: MAX_POLICIES });
}

/**
 * A policy by id or name (case-insensitive). NotFoundError names what was asked for, the closest
 * name, and every existing name, so a typo is fixed without a second command.
 */
export async function getPolicy(tx: StoreTransaction, idOrName: string): Promise<Versioned<Policy>> {
  const all = await listPolicies(tx);
  try {
    const found = findPolicy(all.map((p) => p.value), idOrName);
    const stored = all.find((p) => p.value.id === found.id);
    if (stored !== undefined) return stored;
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    const names = all.map((p) => quote(p.value.name));
    const existing = names.length === 0 ? 'there are no policies yet' : `existing policies: ${names.join(', ')}`;
    throw new NotFoundError(`${error.message} (${existing})`, { cause: error });
  }
  throw new NotFoundError(`no policy named ${quote(idOrName.trim())}`);
}

/**
 * Stores a policy: created when `etag` is absent (ConflictError if the id is taken), replaced
 * otherwise (ConflictError if someone changed it since it was read).
 */
export async function savePolicy(tx: StoreTransaction, policy: Policy, etag?: string): Promise<Versioned<Policy>> {
  const policies = tx.documents(policiesCollection);
  if (etag === undefined) return policies.create(SYSTEM_PARTITION, policy.id, policy);
  return policies.replace(SYSTEM_PARTITION, policy.id, policy, etag);
}

/** Removes a policy by id; an absent one is a no-op. Its alerts and cases are kept. */
export async function removePolicy(tx: StoreTransaction, id: string): Promise<void> {
  await tx.documents(policiesCollection).delete(SYSTEM_PARTITION, id);
}
