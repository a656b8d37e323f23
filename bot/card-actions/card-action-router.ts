import type { Caller } from '../../core/access/access-control';
import { isAppError, NotFoundError, PermissionDeniedError, ValidationError } from '../../core/errors';
import type { CardJson } from '../../core/ports/messenger';
import { isVerb, VERB_SCHEMAS } from '../../cards/verbs';
import type { BotServices } from '../bot-services';
import { noticeCard } from '../../cards/notice/notice.card';
import type { AnyCardActionHandler, CardActionContext } from './card-action';

/** The `adaptiveCard/action` invoke response, as Teams expects it. */
export type CardActionResponse =
  | { readonly statusCode: 200; readonly type: 'application/vnd.microsoft.card.adaptive'; readonly value: CardJson }
  | { readonly statusCode: 400 | 500; readonly type: 'application/vnd.microsoft.error'; readonly value: { readonly code: string; readonly message: string } };

export interface CardActionRouter {
  readonly handlers: readonly AnyCardActionHandler[];
  run(caller: Caller, trigger: 'automatic' | 'manual', verb: string, data: unknown): Promise<CardActionResponse>;
}

/**
 * Dispatches a card's Action.Execute to its verb's handler: the data is checked against the
 * verb's schema, the caller's permission checked (and a denial audited) before the handler runs.
 */
export function createCardActionRouter(services: BotServices, handlers: readonly AnyCardActionHandler[]): CardActionRouter {
  const byVerb = new Map<string, AnyCardActionHandler>();
  for (const h of handlers) {
    if (byVerb.has(h.verb)) throw new Error(`card verb ${h.verb} has two handlers`);
    byVerb.set(h.verb, h);
  }
  return {
    handlers,
    async run(caller, trigger, verb, data) {
      try {
        const handler = isVerb(verb) ? byVerb.get(verb) : undefined;
        if (handler === undefined) throw new ValidationError(`this card action (${verb}) is not known to this version of the app`, [{ field: 'verb', reason: 'unknown verb' }]);
        const parsed = VERB_SCHEMAS[handler.verb].safeParse(data ?? {});
        if (!parsed.success) {
          throw new ValidationError(`the card sent unexpected data for ${verb}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`, [
            { field: 'data', reason: 'does not match the verb schema' },
          ]);
        }
        if (handler.permission !== 'view') await services.access.require(caller, handler.permission, `use '${verb}' on an alert card`);
        const context: CardActionContext = { caller, services, trigger };
        // The handler and its data schema are the same verb's (looked up together above).
        const card = await (handler.run as (c: CardActionContext, d: unknown) => Promise<CardJson>)(context, parsed.data);
        return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card };
      } catch (error) {
        return errorResponse(services, verb, error);
      }
    },
  };
}

/**
 * Teams knows two error answers to a Universal Action (400 and 500) and shows either as a bare
 * "something went wrong". A refusal or a vanished alert is something the person should read, so
 * those come back as a card that says it, for the clicking person only (the channel card is
 * untouched; "Refresh card" brings it back).
 */
function errorResponse(services: BotServices, verb: string, error: unknown): CardActionResponse {
  const type = 'application/vnd.microsoft.error';
  const card = (title: string, text: string): CardActionResponse => ({
    statusCode: 200,
    type: 'application/vnd.microsoft.card.adaptive',
    value: noticeCard({ title, text, facts: [{ title: 'What to do', value: 'Use "Refresh card" in the message menu to see the card again.' }] }),
  });
  if (error instanceof PermissionDeniedError) return card('Not allowed', error.message);
  if (error instanceof NotFoundError) return card('Not found', error.message);
  if (error instanceof ValidationError) return { statusCode: 400, type, value: { code: error.code, message: error.message } };
  services.log(`card action ${verb} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  const message = isAppError(error) && error.retryable ? 'The service is busy; try again in a minute.' : 'Something went wrong; the error is in the server log.';
  return { statusCode: 500, type, value: { code: isAppError(error) ? error.code : 'unexpected', message } };
}
