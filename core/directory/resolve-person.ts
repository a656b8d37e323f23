import { parseObjectId } from '../access/role-assignments';
import { ValidationError } from '../errors';
import type { StoreTransaction } from '../ports/store';

export interface ResolvedPerson {
  /** Entra object id, lower case. */
  readonly aadObjectId: string;
  readonly name?: string;
  readonly upn?: string;
}

/**
 * A person named in a command or a card input: a UPN looked up in the directory, or an Entra
 * object id as typed. `hint` is appended to the "not in the directory" messages, saying what
 * else the caller could give in that place (an @mention in chat, the object id on a card).
 */
export async function resolvePerson(tx: StoreTransaction, typed: string, field: string, hint = 'give their Entra object id'): Promise<ResolvedPerson> {
  const text = typed.trim();
  if (!text.includes('@')) return { aadObjectId: parseObjectId(text, field) };
  const user = await tx.users.get(text);
  if (user === undefined) throw new ValidationError(`no user ${text} in the directory; ${hint}`, [{ field, reason: 'not in the directory' }]);
  if (user.value.objectId === undefined) {
    throw new ValidationError(`the directory has no Entra object id for ${text}; ${hint}`, [{ field, reason: 'no object id in the directory' }]);
  }
  return { aadObjectId: parseObjectId(user.value.objectId, field), name: user.value.displayName, upn: user.value.upn };
}
