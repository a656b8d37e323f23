import { z } from 'zod';
import type { CardJson } from '../../../core/ports/messenger';
import { ConnectorError } from '../../engine/contracts';
import { badParameter, errorOutputs } from '../connector-errors';
import { MAX_MESSAGE_BYTES, utf8Bytes } from './teams-targets';

/**
 * The card a flow hands the Teams connector: `messageBody` as the designer writes it (the card's
 * JSON text, with expressions already evaluated into it) or, from hand-written definitions, the
 * object itself. What is checked is what Teams itself would refuse: not an AdaptiveCard, elements
 * or actions without a type, more than Teams' 28 KB.
 */
const Typed = z.looseObject({ type: z.string({ error: 'expected a type' }) });
export const AdaptiveCardSchema = z.looseObject({
  type: z.literal('AdaptiveCard', { error: "expected type 'AdaptiveCard'" }),
  version: z.string({ error: "expected the card's schema version as a string ('1.5')" }).optional(),
  body: z.array(Typed, { error: 'expected body to be an array of elements' }).optional(),
  actions: z.array(Typed, { error: 'expected actions to be an array of actions' }).optional(),
});

/** The card in `value` (JSON text or an object); 400 naming `parameter` when it is not an Adaptive Card. */
export function readAdaptiveCard(value: unknown, parameter: string): CardJson {
  let card: unknown = value;
  if (typeof value === 'string') {
    try {
      card = JSON.parse(value) as unknown;
    } catch (error) {
      throw badParameter(parameter, `expected the Adaptive Card as JSON (${error instanceof Error ? error.message : 'not JSON'})`);
    }
  }
  const checked = AdaptiveCardSchema.safeParse(card);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? '' : ` at ${issue.path.join('/')}`;
    throw badParameter(parameter, `not an Adaptive Card${where}: ${issue?.message ?? 'invalid'}`);
  }
  return checked.data;
}

/** 413 when the card (as posted, after any rewriting) is over Teams' limit. */
export function checkCardSize(card: CardJson, parameter: string): void {
  const bytes = utf8Bytes(JSON.stringify(card));
  if (bytes > MAX_MESSAGE_BYTES) {
    const message = `${parameter}: the card is ${bytes} bytes; Teams takes at most ${MAX_MESSAGE_BYTES}`;
    throw new ConnectorError(message, 413, errorOutputs(413, 'RequestEntityTooLarge', message));
  }
}
