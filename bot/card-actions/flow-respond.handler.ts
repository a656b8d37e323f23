import { noticeCard } from '../../cards/notice/notice.card';
import { knownPeople } from '../../core/conversations/conversation.repository';
import { ValidationError } from '../../core/errors';
import { defineCardAction } from './card-action';

/**
 * An answer to a card a flow posted and is waiting on (HR request, approval, "post card and wait").
 * No role group is required — HR people and approvers are usually not in one: the unguessable
 * token names the one waiting step, and the step's connector decides whether this person may
 * answer (an approval refuses anyone it was not assigned to). The runner records the answer,
 * continues the run, and the card is replaced by the connector's reply.
 */
export const flowRespondHandler = defineCardAction({
  verb: 'flow.respond',
  permission: 'view',
  async run(context, data) {
    const { services, caller } = context;
    const engine = services.flows;
    if (engine === undefined) throw new ValidationError('flows are not available in this deployment', [{ field: 'flows', reason: 'not configured' }]);
    if (context.trigger === 'automatic') throw new ValidationError('a flow card answers only to a click', [{ field: 'trigger', reason: 'expected a manual action' }]);
    const { waitToken, ...answer } = data;
    const [person] = await services.store.transaction((tx) => knownPeople(tx, [caller.id]));
    const upn = person?.upn;
    const { reply } = await engine.respond(waitToken, {
      responder: { id: caller.id, ...(upn === undefined ? {} : { upn }), ...(caller.name === undefined ? {} : { name: caller.name }) },
      data: answer,
      at: services.clock.now().toISOString(),
    });
    return reply ?? noticeCard({ title: 'Response recorded', text: `Thank you${caller.name === undefined ? '' : `, ${caller.name}`}: your answer was recorded.`, facts: [] });
  },
});
