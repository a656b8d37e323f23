import type { ChatCommand } from '../../../bot/commands/chat-command';

/** The commands table of docs/teams-bot.md, as generated from the registry (and checked against it). */
export function commandsTable(commands: readonly ChatCommand[]): string {
  const escape = (text: string): string => text.replace(/\|/g, '\\|');
  return [
    '| command | what it does | permission |',
    '|---|---|---|',
    ...commands.map((c) => `| \`${escape(c.usage)}\` | ${escape(c.summary)} | ${c.permission === 'anyone' ? 'anyone' : `\`${c.permission}\``} |`),
  ].join('\n');
}
