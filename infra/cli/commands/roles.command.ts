import { addRoleMember, listRoleAssignments, parseObjectId, removeRoleMember } from '../../../core/access/role-assignments';
import { ROLE_GROUP_DISPLAY_NAMES, ROLE_GROUPS, RoleGroupSchema } from '../../../core/access/role-groups';
import { appendAudit } from '../../../core/audit/audit-log';
import { closestName } from '../../../core/settings/closest-name';
import type { Container } from '../../container';
import { CommandUsageError, cliActor, printTable } from './command-support';

/**
 * `irm roles list | add <group> <object id> | remove <group> <object id>`: role groups from the
 * machine the product runs on — how the first administrator is made when IRM_ADMINS was not set,
 * and a way back in if chat is unavailable. Audited like the chat command, as `cli:<os user>`.
 */
export async function rolesCommand(container: Container, args: readonly string[]): Promise<number> {
  const [verb, groupText, idText] = args;
  if (verb === undefined || verb === 'list') {
    const all = await container.store.transaction((tx) => listRoleAssignments(tx));
    printTable(
      ['Group', 'Name', 'Member', 'Added by'],
      ROLE_GROUPS.flatMap((g) => (all.get(g) ?? []).map((m) => [g, ROLE_GROUP_DISPLAY_NAMES[g], `${m.displayName ?? ''} ${m.aadObjectId}`.trim(), m.addedBy])),
    );
    return 0;
  }
  if (verb !== 'add' && verb !== 'remove') throw new CommandUsageError(`unknown roles command '${verb}'; expected list, add or remove`);
  const parsed = RoleGroupSchema.safeParse(groupText?.toLowerCase());
  if (!parsed.success) {
    const hint = groupText === undefined ? undefined : closestName(groupText, ROLE_GROUPS);
    throw new CommandUsageError(`roles ${verb} needs a role group: one of ${ROLE_GROUPS.join(', ')}${hint === undefined ? '' : ` (did you mean ${hint}?)`}`);
  }
  if (idText === undefined) throw new CommandUsageError(`roles ${verb} needs the person's Entra object id`);
  const group = parsed.data;
  const id = parseObjectId(idText);
  const actor = { id: cliActor() };
  const now = container.clock.now().toISOString();
  const changed = await container.store.transaction(async (tx) => {
    const change =
      verb === 'add'
        ? await addRoleMember(tx, group, { aadObjectId: id, addedBy: actor.id, addedAt: now })
        : await removeRoleMember(tx, group, id, { entraAdministratorsConfigured: false });
    if (change.changed) {
      await appendAudit(tx, container.hasher, container.clock, { category: 'Settings', activity: verb === 'add' ? 'Added role member' : 'Removed role member', actor, target: group, details: { member: id } });
    }
    return change.changed;
  });
  console.log(changed ? `${verb === 'add' ? 'added' : 'removed'} ${id} ${verb === 'add' ? 'to' : 'from'} ${group}` : `${id} is already in ${group}; nothing changed`);
  return 0;
}
