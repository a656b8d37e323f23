import { isAppError, PermissionDeniedError, UserError, ValidationError } from '../../core/errors';
import { closestName } from '../../core/settings/closest-name';
import type { ChatCommand, CommandContext, CommandReply } from './chat-command';
import { type ParsedArguments, parseArguments, stripMentions, tokenize } from './command-text';

export interface CommandRouter {
  readonly commands: readonly ChatCommand[];
  /** Runs what was typed and returns the reply; never throws for anything the caller did. */
  run(context: CommandContext, text: string): Promise<CommandReply>;
}

/**
 * Finds the command a message names (the longest matching word sequence, any case), checks the
 * caller's permission (a denial is audited by the access service), validates options and runs
 * it. Mistakes get a message saying what was expected, with the closest valid name.
 */
export function createCommandRouter(commands: readonly ChatCommand[]): CommandRouter {
  const byWords = [...commands].sort((a, b) => b.name.split(' ').length - a.name.split(' ').length);
  const names = commands.map((c) => c.name);
  const duplicates = names.filter((n, i) => names.indexOf(n) !== i);
  if (duplicates.length > 0) throw new Error(`chat commands registered twice: ${duplicates.join(', ')}`);
  // Matched on the text before it is split into words, which a raw-text argument would not survive.
  const rawTextCommands = byWords
    .filter((c) => c.rawText === true)
    .map((c) => ({ command: c, prefix: new RegExp(`^${c.name.split(' ').map(escapeRegExp).join('\\s+')}(?:\\s+|$)`, 'i') }));

  return {
    commands,
    async run(context, text) {
      let command: ChatCommand | undefined;
      try {
        const stripped = stripMentions(text);
        const raw = rawTextCommands.find((r) => r.prefix.test(stripped));
        let args: ParsedArguments;
        if (raw !== undefined) {
          command = raw.command;
          args = { positionals: [stripped.replace(raw.prefix, '')], options: new Map() };
        } else {
          const tokens = tokenize(stripped);
          if (tokens.length === 0) return { text: "Type **help** to see what you can do here." };
          const lower = tokens.map((t) => t.toLowerCase());
          command = byWords.find((c) => {
            const words = c.name.split(' ');
            return words.every((w, i) => lower[i] === w);
          });
          if (command === undefined) {
            const typed = lower.slice(0, 2).join(' ');
            const suggestion = closestName(typed, names) ?? closestName(lower[0], names);
            return { text: `I don't know the command '${tokens[0]}'.${suggestion === undefined ? '' : ` Did you mean **${suggestion}**?`} Type **help** for the list.` };
          }
          args = parseArguments(tokens.slice(command.name.split(' ').length), command.flags ?? []);
        }
        // Permission first: someone who may not run a command learns that (and is audited), not how to type it.
        if (command.permission !== 'anyone') await context.services.access.require(context.caller, command.permission, `run '${command.name}'`);
        checkOptions(command, [...args.options.keys()]);
        return await command.run(context, args);
      } catch (error) {
        return errorReply(context, command, error);
      }
    },
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function checkOptions(command: ChatCommand, given: readonly string[]): void {
  const allowed = command.options ?? [];
  for (const name of given) {
    if (allowed.includes(name)) continue;
    const suggestion = closestName(name, allowed);
    throw new ValidationError(
      `'${command.name}' has no option --${name}` +
        (suggestion === undefined ? '' : `; did you mean --${suggestion}?`) +
        (allowed.length === 0 ? ' (it takes no options)' : ` (options: ${allowed.map((o) => `--${o}`).join(', ')})`),
      [{ field: `--${name}`, reason: 'unknown option' }],
    );
  }
}

function errorReply(context: CommandContext, command: ChatCommand | undefined, error: unknown): CommandReply {
  if (error instanceof PermissionDeniedError) return { text: `⛔ ${error.message}` };
  if (error instanceof UserError) {
    const usage = command !== undefined && error instanceof ValidationError ? `\n\nUsage: \`${command.usage}\`` : '';
    return { text: `⚠️ ${error.message}${usage}` };
  }
  const where = command === undefined ? 'a command' : `'${command.name}'`;
  context.services.log(`chat command ${where} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  if (isAppError(error) && error.retryable) return { text: `⏳ ${where} could not finish (${error.message}). Nothing was changed; try again in a minute.` };
  return { text: `❌ ${where} failed unexpectedly. Nothing was changed. The error is in the server log.` };
}
