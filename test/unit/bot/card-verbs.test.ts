import { CARD_ACTION_HANDLERS } from '../../../bot/card-actions';
import { createCardActionRouter } from '../../../bot/card-actions/card-action-router';
import { VERBS, VERB_SCHEMAS } from '../../../cards/verbs';
import { createBotTestKit } from '../../support/bot/test-services';

describe('card verbs and their handlers', () => {
  it('every verb of cards/verbs.ts has exactly one handler in bot/card-actions, and every handler a verb', () => {
    const handled = CARD_ACTION_HANDLERS.map((h) => h.verb);
    for (const verb of VERBS) expect({ verb, handlers: handled.filter((h) => h === verb).length }).toEqual({ verb, handlers: 1 });
    for (const verb of handled) expect(Object.keys(VERB_SCHEMAS)).toContain(verb);
    expect(handled).toHaveLength(VERBS.length);
  });

  it('the router refuses to start with two handlers for one verb', async () => {
    const kit = await createBotTestKit();
    expect(() => createCardActionRouter(kit.services, [...CARD_ACTION_HANDLERS, CARD_ACTION_HANDLERS[0]])).toThrow(`card verb ${CARD_ACTION_HANDLERS[0].verb} has two handlers`);
  });
});
