import { listRoleAssignments } from '../core/access/role-assignments';
import { CASE_WORKING_GROUPS } from '../core/access/role-groups';
import { knownPeople } from '../core/conversations/conversation.repository';
import type { StoreTransaction } from '../core/ports/store';

/**
 * The Teams user ids (`29:…`) for a card's `refresh.userIds`: the members of the groups that work
 * alerts and cases, plus `extra` object ids (a case's contributors), among the people the bot has
 * met. Teams refreshes at most 60 of them automatically; the card builders keep the first 60.
 */
export async function refreshUserIdsOf(tx: StoreTransaction, extra: readonly string[] = []): Promise<string[]> {
  const roles = await listRoleAssignments(tx);
  const ids = [...new Set([...CASE_WORKING_GROUPS.flatMap((g) => (roles.get(g) ?? []).map((m) => m.aadObjectId)), ...extra])];
  return (await knownPeople(tx, ids)).map((p) => p.teamsUserId);
}
