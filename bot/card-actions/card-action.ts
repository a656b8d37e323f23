import type { Caller } from '../../core/access/access-control';
import type { Permission } from '../../core/access/permissions';
import type { CardJson } from '../../core/ports/messenger';
import type { Verb, VerbData } from '../../cards/verbs';
import type { BotServices } from '../bot-services';

export interface CardActionContext {
  readonly caller: Caller;
  readonly services: BotServices;
  /** `automatic` for a refresh Teams makes by itself, `manual` for a click. */
  readonly trigger: 'automatic' | 'manual';
}

/** One handler per verb (bot/card-actions/index.ts lists them; a test checks the list against cards/verbs.ts). */
export interface CardActionHandler<V extends Verb = Verb> {
  readonly verb: V;
  /** Checked before `run`; `view` handlers check what they show themselves. */
  readonly permission: Permission | 'view';
  /** Returns the card that replaces the one clicked, for the clicking user. */
  run(context: CardActionContext, data: VerbData<V>): Promise<CardJson>;
}

export function defineCardAction<V extends Verb>(handler: CardActionHandler<V>): CardActionHandler<V> {
  return handler;
}

/** A handler for some verb: the union over every verb, so a list of handlers needs no cast. */
export type AnyCardActionHandler = { [V in Verb]: CardActionHandler<V> }[Verb];
