import { confirmAlertIntoCase } from '../../core/alerts/triage';
import { ValidationError } from '../../core/errors';
import { defineCardAction } from './card-action';
import { answerWithAlertCard } from './alert-action-support';
import { afterTriage } from './triage-outcome';

/** "Add to existing case": confirms the alert into one of the user's active cases. */
export const alertAddToCaseHandler = defineCardAction({
  verb: 'alert.addToCase',
  permission: 'investigateAlerts',
  run: (context, data) =>
    answerWithAlertCard(context, data.alertRef, async (tx, alert) => {
      if (data.caseId.trim() === '') throw new ValidationError('pick one of the active cases', [{ field: 'caseId', reason: 'required' }]);
      const outcome = await confirmAlertIntoCase(tx, context.services, {
        alert,
        actor: { id: context.caller.id, ...(context.caller.name === undefined ? {} : { name: context.caller.name }) },
        now: context.services.clock.now().toISOString(),
        caseId: data.caseId.trim(),
        ...(data.addComment === undefined ? {} : { comment: data.addComment }),
      });
      return afterTriage(outcome);
    }),
});
