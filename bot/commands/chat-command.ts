import type { Caller } from '../../core/access/access-control';
import type { Permission } from '../../core/access/permissions';
import type { CardJson } from '../../core/ports/messenger';
import type { BotServices } from '../bot-services';
import type { ParsedArguments } from './command-text';

/** Where a command was typed. */
export interface CommandPlace {
  readonly kind: 'channel' | 'groupChat' | 'personal';
  readonly conversationId: string;
  readonly serviceUrl: string;
  readonly tenantId?: string;
  readonly teamId?: string;
  readonly teamName?: string;
  readonly channelId?: string;
  readonly channelName?: string;
}

/** Teams facts a command may need that only the live turn can fetch. */
export interface TeamsLookup {
  /** The channels of the team the command was typed in (id and name; General has no name in Teams' answer). */
  teamChannels(): Promise<readonly { readonly id: string; readonly name: string }[]>;
  /** A mentioned person in the message, resolved to Entra object id (undefined when the message has no mention of them). */
  mentionedPeople(): Promise<readonly { readonly aadObjectId: string; readonly name: string; readonly upn?: string }[]>;
  /**
   * Files sent with the message (in a personal chat Teams hands bots a short-lived download URL),
   * as UTF-8 text. ValidationError for a file over the size limit or one that cannot be fetched.
   */
  attachedFiles(): Promise<readonly { readonly name: string; readonly text: string }[]>;
}

export interface CommandContext {
  readonly caller: Caller;
  readonly place: CommandPlace;
  readonly services: BotServices;
  readonly teams: TeamsLookup;
}

export interface CommandReply {
  readonly text?: string;
  readonly card?: CardJson;
  /** A file to attach is not possible for bots in channels; exports answer with a card and the text inline. */
}

export interface ChatCommand {
  /** One or more words, lower case: `alerts`, `alerts channel`, `roles add`. The longest match wins. */
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  /** `anyone` for help, which lists what the caller may run. */
  readonly permission: Permission | 'anyone';
  /** Option names (without `--`) the command accepts; anything else is refused with the closest. */
  readonly options?: readonly string[];
  /** Those of `options` that take no value. */
  readonly flags?: readonly string[];
  /**
   * The text after the name reaches `run` untouched, as the one positional (no quoting rules, no
   * options): pasted JSON would lose its quotes to the word splitter, or trip it on an apostrophe.
   */
  readonly rawText?: boolean;
  run(context: CommandContext, args: ParsedArguments): Promise<CommandReply>;
}
