import { z } from 'zod';
import { NotFoundError } from '../errors';
import type { CollectionDefinition } from '../ports/document-collection';
import type { StoreTransaction } from '../ports/store';
import type { Pseudonymizer } from '../privacy/pseudonymizer';

/**
 * Opaque references for what cards and chat show: `A-…` for alerts, `C-…` for cases. Internal
 * alert ids contain the subject's UPN (`policy:upn:n`), which must not reach a card's data or a
 * reply while pseudonymization is on; the reference is a keyed hash of the id, and this index
 * maps it back to the partition (user) and id with one point read.
 */
export const ReferenceSchema = z.object({
  kind: z.enum(['alert', 'case']),
  userId: z.string(),
  id: z.string(),
});
export type Reference = z.infer<typeof ReferenceSchema>;

export const referencesCollection: CollectionDefinition<Reference> = { name: 'references', schema: ReferenceSchema, indexed: [] };
const PARTITION = 'refs';

/** The reference for an alert or case, recorded in the index if it is not yet. Idempotent. */
export async function ensureReference(tx: StoreTransaction, pseudonymizer: Pseudonymizer, target: Reference): Promise<string> {
  const ref = target.kind === 'case' ? target.id : pseudonymizer.reference(target.kind, target.id);
  const docs = tx.documents(referencesCollection);
  if ((await docs.get(PARTITION, ref)) === undefined) await docs.upsert(PARTITION, ref, target);
  return ref;
}

/** NotFoundError (naming the reference as typed) when it is unknown or of the other kind. */
export async function resolveReference(tx: StoreTransaction, ref: string, kind: Reference['kind']): Promise<Reference> {
  const key = ref.trim().toUpperCase();
  const found = await tx.documents(referencesCollection).get(PARTITION, key);
  if (found === undefined || found.value.kind !== kind) {
    throw new NotFoundError(`no ${kind} ${ref.trim()}: expected a${kind === 'alert' ? 'n alert reference like A-1B2C3D4E5F60' : ' case id like C-1B2C3D4E5F60'} (see '${kind === 'alert' ? 'alerts' : 'case list'}')`);
  }
  return found.value;
}
