import { noticeCard } from '../../cards/notice/notice.card';
import { knownPeople } from '../../core/conversations/conversation.repository';
import { ConflictError, NotFoundError, PermissionDeniedError, ValidationError } from '../../core/errors';
import { ConnectorError } from '../../flows/engine/contracts';
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
    let reply: Awaited<ReturnType<typeof engine.respond>>['reply'];
    try {
      ({ reply } = await engine.respond(waitToken, {
        responder: { id: caller.id, ...(upn === undefined ? {} : { upn }), ...(caller.name === undefined ? {} : { name: caller.name }) },
        data: answer,
        at: services.clock.now().toISOString(),
      }));
    } catch (error) {
      // The wait is over (answered, expired, cancelled): say so on the card instead of failing the click.
      if (error instanceof ConflictError) return noticeCard({ title: 'Already answered', text: 'This request no longer waits for an answer: it was answered, it expired, or its flow was cancelled.', facts: [] });
      throw refusalOf(error);
    }
    return reply ?? noticeCard({ title: 'Response recorded', text: `Thank you${caller.name === undefined ? '' : `, ${caller.name}`}: your answer was recorded.`, facts: [] });
  },
});

/** A connector's refusal (not an approver, a bad choice) is shown to the person as the router shows core refusals. */
function refusalOf(error: unknown): unknown {
  if (!(error instanceof ConnectorError)) return error;
  if (error.statusCode === 403) return new PermissionDeniedError(error.message);
  if (error.statusCode === 404) return new NotFoundError(error.message);
  if (error.statusCode === 409) return new ConflictError(error.message);
  if (error.statusCode >= 400 && error.statusCode < 500) return new ValidationError(error.message, [{ field: 'data', reason: error.message }]);
  return error;
}
