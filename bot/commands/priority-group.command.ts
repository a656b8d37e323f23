import { tableCard } from '../../cards/table/table.card';
import { ValidationError } from '../../core/errors';
import { listPolicies } from '../../core/policies/policy.repository';
import { changePriorityUserGroup, type PriorityUserGroupChange, type PriorityUserGroupChangeResult } from '../../core/settings/priority-user-group-service';
import { formatCount } from '../../core/settings/setting-values';
import { SETTINGS_LIMITS } from '../../core/settings/settings';
import { loadSettingsWithDefaults } from '../../core/settings/settings-service';
import { textOption } from './alert-filters';
import type { ChatCommand, CommandContext } from './chat-command';
import type { ParsedArguments } from './command-text';
import { fitRows, typedEntries } from './list-arguments';

/**
 * `priority-group list|create|delete|add|remove`: the priority user groups that the
 * priority-user templates watch more closely (irm-reference §3.7). The group name is the words
 * before the first user principal name, so `priority-group add Board members ceo@contoso.com`
 * needs no quotes; people can also be @mentioned.
 */

/** Short names for the role groups a group's viewers may be, as the other chat commands spell them. */
const VIEWER_ALIASES: Readonly<Record<string, string>> = {
  irm: 'InsiderRiskManagement',
  analysts: 'InsiderRiskManagementAnalysts',
  investigators: 'InsiderRiskManagementInvestigators',
};

/** Who sees a new group's users, alerts and cases when --viewers is not given: the full-access role group only. */
const DEFAULT_VIEWERS = ['InsiderRiskManagement'];

function nameAndUpns(positionals: readonly string[]): { name: string; upns: string[] } {
  const first = positionals.findIndex((p) => p.includes('@'));
  const nameWords = first < 0 ? positionals : positionals.slice(0, first);
  return { name: nameWords.join(' ').trim(), upns: first < 0 ? [] : typedEntries(positionals.slice(first)) };
}

function requireName(name: string, usage: string): string {
  if (name === '') throw new ValidationError(`name the priority user group: ${usage}`, [{ field: 'group', reason: 'required' }]);
  return name;
}

/** Members as typed (UPNs) and as @mentioned (Teams gives their UPN). */
async function membersOf(context: CommandContext, typed: readonly string[], usage: string): Promise<string[]> {
  const mentioned = await context.teams.mentionedPeople();
  const members = [...typed];
  for (const person of mentioned) {
    if (person.upn === undefined) {
      throw new ValidationError(`Teams did not give the user principal name of ${person.name}; type it instead (ada@contoso.com)`, [{ field: 'members', reason: 'mention without a UPN' }]);
    }
    members.push(person.upn);
  }
  if (members.length === 0) {
    throw new ValidationError(`name at least one member by user principal name (ada@contoso.com) or @mention: ${usage}`, [{ field: 'members', reason: 'required' }]);
  }
  return members;
}

function viewersOf(args: ParsedArguments): string[] {
  const typed = textOption(args.options.get('viewers'), 'viewers');
  if (typed === undefined) return DEFAULT_VIEWERS;
  return typedEntries(typed.split(/\s+/)).map((v) => VIEWER_ALIASES[v.toLowerCase()] ?? v);
}

function change(context: CommandContext, requested: PriorityUserGroupChange): Promise<PriorityUserGroupChangeResult> {
  const { services, caller } = context;
  return services.store.transaction((tx) => changePriorityUserGroup(tx, services.audit, { change: requested, actor: caller, now: services.clock.now() }));
}

/** A reply names at most this many people; a paste of thousands would not fit a message. */
const MAX_NAMED = 20;

function some(items: readonly string[]): string {
  return items.length <= MAX_NAMED ? items.join(', ') : `${items.slice(0, MAX_NAMED).join(', ')} and ${formatCount(items.length - MAX_NAMED)} more`;
}

function members(count: number): string {
  return `${formatCount(count)} member${count === 1 ? '' : 's'}`;
}

export const priorityGroupListCommand: ChatCommand = {
  name: 'priority-group list',
  usage: 'priority-group list',
  summary: 'the priority user groups: description, members, who may view them',
  permission: 'managePriorityGroups',
  async run(context) {
    const { services } = context;
    const settings = await services.store.transaction((tx) => loadSettingsWithDefaults(tx, services.clock.now()));
    const fitted = fitRows(settings.value.priorityUserGroups.map((g) => [g.name, g.description, formatCount(g.members.length), g.viewers.join(', ')]));
    return {
      card: tableCard({
        title: 'Priority user groups',
        subtitle: `${settings.value.priorityUserGroups.length} group${settings.value.priorityUserGroups.length === 1 ? '' : 's'}, at most ${formatCount(SETTINGS_LIMITS.priorityUserGroupMembers)} members each.`,
        headers: ['Group', 'Description', 'Members', 'Viewers'],
        widths: [3, 4, 1, 4],
        rows: fitted.rows,
        emptyText: "No priority user groups yet; create one with 'priority-group create <name>'.",
        footer: fitted.omitted > 0 ? `${fitted.omitted} more groups not shown.` : '',
      }),
    };
  },
};

const CREATE_USAGE = `priority-group create <name> [--description "…"] [--viewers ${[...Object.keys(VIEWER_ALIASES), 'upn'].join(',')}]`;

export const priorityGroupCreateCommand: ChatCommand = {
  name: 'priority-group create',
  usage: CREATE_USAGE,
  summary: 'create a priority user group (its name cannot change later)',
  permission: 'managePriorityGroups',
  options: ['description', 'viewers'],
  async run(context, args) {
    const name = requireName(args.positionals.join(' ').trim(), CREATE_USAGE);
    const description = textOption(args.options.get('description'), 'description') ?? '';
    const viewers = viewersOf(args);
    const result = await change(context, { operation: 'create', group: { name, description, viewers } });
    return {
      text:
        `Created the priority user group **${result.group.name}** with no members yet; viewers: ${result.group.viewers.join(', ')}. ` +
        `Add people with 'priority-group add ${result.group.name} <upn…>'. Its name cannot change later.`,
    };
  },
};

export const priorityGroupDeleteCommand: ChatCommand = {
  name: 'priority-group delete',
  usage: 'priority-group delete <name>',
  summary: 'delete a priority user group (policies that name it then score nobody from it)',
  permission: 'managePriorityGroups',
  async run(context, args) {
    const name = requireName(args.positionals.join(' ').trim(), 'priority-group delete <name>');
    const result = await change(context, { operation: 'delete', name });
    const policies = await context.services.store.transaction((tx) => listPolicies(tx));
    const named = policies
      .map((p) => p.value)
      .filter((p) => p.scope.include === 'priority-user-groups' && p.scope.priorityUserGroups.some((g) => g.toLowerCase() === result.group.name.toLowerCase()))
      .map((p) => p.name);
    return {
      text:
        `Deleted the priority user group **${result.group.name}** (${members(result.group.members.length)}).` +
        (named.length === 0 ? '' : ` Policies that named it no longer score its users (policy health warns): ${named.join(', ')}.`),
    };
  },
};

function membershipCommand(operation: 'add' | 'remove'): ChatCommand {
  const usage = `priority-group ${operation} <name> <upn…|@person…>`;
  return {
    name: `priority-group ${operation}`,
    usage,
    summary: operation === 'add' ? `add members to a priority user group (at most ${formatCount(SETTINGS_LIMITS.priorityUserGroupMembers)})` : 'remove members from a priority user group',
    permission: 'managePriorityGroups',
    async run(context, args) {
      const typed = nameAndUpns(args.positionals);
      const name = requireName(typed.name, usage);
      const upns = await membersOf(context, typed.upns, usage);
      const result = await change(context, { operation: operation === 'add' ? 'add members' : 'remove members', name, members: upns });
      const group = `**${result.group.name}**`;
      if (!result.changed) return { text: `Nothing changed: ${upns.length === 1 ? 'already a member' : 'all already members'} of ${group} (${members(result.group.members.length)}).` };
      const listed = operation === 'add' ? result.added : result.removed;
      return { text: `${operation === 'add' ? 'Added to' : 'Removed from'} ${group}: ${some(listed)}; ${members(result.group.members.length)} now.` };
    },
  };
}

export const priorityGroupAddCommand = membershipCommand('add');
export const priorityGroupRemoveCommand = membershipCommand('remove');
