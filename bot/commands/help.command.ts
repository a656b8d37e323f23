import { isGranted } from '../../core/access/permissions';
import { tableCard } from '../../cards/table/table.card';
import type { ChatCommand } from './chat-command';

/** `help`: what the caller may run here, nothing they may not. */
export function helpCommand(all: () => readonly ChatCommand[]): ChatCommand {
  return {
    name: 'help',
    usage: 'help',
    summary: 'list the commands you may run',
    permission: 'anyone',
    async run(context) {
      const groups = await context.services.access.groupsOf(context.caller);
      const mine = all().filter((c) => c.permission === 'anyone' || isGranted(c.permission, groups));
      const roles = groups.size === 0 ? 'no insider-risk role group' : `role groups: ${[...groups].join(', ')}`;
      return {
        card: tableCard({
          title: 'Insider risk management: commands',
          subtitle: `You hold ${roles}.${context.place.kind === 'channel' ? ' In a channel, @mention me first.' : ''}`,
          headers: ['Command', 'What it does'],
          widths: [3, 4],
          rows: mine.map((c) => [c.usage, c.summary]),
          footer: groups.size === 0 ? 'Ask an administrator to add you to a role group (roles add <group> <you>).' : '',
        }),
      };
    },
  };
}
