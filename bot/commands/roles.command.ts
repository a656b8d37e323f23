import { resolvePerson } from '../../core/directory/resolve-person';
import { tableCard } from '../../cards/table/table.card';
import { addRoleMember, listRoleAssignments, removeRoleMember } from '../../core/access/role-assignments';
import { ROLE_GROUP_DISPLAY_NAMES, ROLE_GROUPS, type RoleGroup } from '../../core/access/role-groups';
import { ValidationError } from '../../core/errors';
import type { ChatCommand, CommandContext } from './chat-command';
import type { ParsedArguments } from './command-text';
import { choice } from './alert-filters';

/** `roles list`, `roles add <group> <user>`, `roles remove <group> <user>`. */

function groupArgument(raw: string | undefined): RoleGroup {
  if (raw === undefined) throw new ValidationError(`name the role group: one of ${ROLE_GROUPS.join(', ')}`, [{ field: 'group', reason: 'required' }]);
  return choice(raw, ROLE_GROUPS, 'group') as RoleGroup;
}

interface Person {
  readonly aadObjectId: string;
  readonly name?: string;
  readonly upn?: string;
}

/** The user as typed: an @mention, a UPN from the directory, or an Entra object id. */
async function personArgument(context: CommandContext, args: ParsedArguments): Promise<Person> {
  const mentioned = await context.teams.mentionedPeople();
  if (mentioned.length > 1) throw new ValidationError('mention one person at a time', [{ field: 'user', reason: 'several mentions' }]);
  if (mentioned.length === 1) return mentioned[0];
  const typed = args.positionals.slice(1).join(' ').trim();
  if (typed === '') throw new ValidationError('name the person: @mention them, or give their UPN or Entra object id', [{ field: 'user', reason: 'required' }]);
  return context.services.store.transaction((tx) => resolvePerson(tx, typed, 'user', '@mention them or give their Entra object id'));
}

export const rolesListCommand: ChatCommand = {
  name: 'roles list',
  usage: 'roles list',
  summary: 'who holds each insider-risk role group',
  permission: 'manageRoles',
  async run(context) {
    const all = await context.services.store.transaction((tx) => listRoleAssignments(tx));
    const rows = ROLE_GROUPS.flatMap((g) => {
      const members = all.get(g) ?? [];
      if (members.length === 0) return [[g, ROLE_GROUP_DISPLAY_NAMES[g], '(no local members)']];
      return members.map((m) => [g, ROLE_GROUP_DISPLAY_NAMES[g], `${m.displayName ?? m.upn ?? ''} ${m.aadObjectId}`.trim()]);
    });
    return {
      card: tableCard({
        title: 'Role groups',
        headers: ['Group', 'Name', 'Member'],
        widths: [2, 4, 5],
        rows,
        footer: context.services.access.entraAdministratorsConfigured ? 'Members of the Entra groups mapped in configuration also hold these roles.' : '',
      }),
    };
  },
};

export const rolesAddCommand: ChatCommand = {
  name: 'roles add',
  usage: 'roles add <irm|admins|analysts|investigators|auditors|approvers> <@person|upn|object id>',
  summary: 'add someone to a role group',
  permission: 'manageRoles',
  async run(context, args) {
    const group = groupArgument(args.positionals[0]);
    const person = await personArgument(context, args);
    const { services, caller } = context;
    const now = services.clock.now().toISOString();
    const change = await services.store.transaction(async (tx) => {
      const result = await addRoleMember(tx, group, {
        aadObjectId: person.aadObjectId,
        ...(person.name === undefined ? {} : { displayName: person.name }),
        ...(person.upn === undefined ? {} : { upn: person.upn }),
        addedBy: caller.id,
        addedAt: now,
      });
      if (result.changed) await services.audit(tx, { category: 'Settings', activity: 'Added role member', actor: caller, target: group, details: { member: person.aadObjectId, ...(person.name === undefined ? {} : { name: person.name }) } });
      return result;
    });
    const who = person.name ?? person.upn ?? person.aadObjectId;
    return { text: change.changed ? `Added ${who} to ${ROLE_GROUP_DISPLAY_NAMES[group]} (${group}).` : `${who} is already in ${group}; nothing changed.` };
  },
};

export const rolesRemoveCommand: ChatCommand = {
  name: 'roles remove',
  usage: 'roles remove <group> <@person|upn|object id>',
  summary: 'remove someone from a role group (at least one administrator must remain)',
  permission: 'manageRoles',
  async run(context, args) {
    const group = groupArgument(args.positionals[0]);
    const person = await personArgument(context, args);
    const { services, caller } = context;
    const change = await services.store.transaction(async (tx) => {
      const result = await removeRoleMember(tx, group, person.aadObjectId, { entraAdministratorsConfigured: services.access.entraAdministratorsConfigured });
      await services.audit(tx, { category: 'Settings', activity: 'Removed role member', actor: caller, target: group, details: { member: person.aadObjectId } });
      return result;
    });
    return { text: `Removed ${change.member.displayName ?? person.name ?? person.aadObjectId} from ${ROLE_GROUP_DISPLAY_NAMES[group]} (${group}).` };
  },
};
