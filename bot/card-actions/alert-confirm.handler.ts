import { confirmAlertIntoNewCase } from '../../core/alerts/triage';
import { defineCardAction } from './card-action';
import { answerWithAlertCard } from './alert-action-support';
import { afterTriage } from './triage-outcome';

/** "Confirm and create case": one case per alert, also when two analysts click at once. */
export const alertConfirmHandler = defineCardAction({
  verb: 'alert.confirm',
  permission: 'investigateAlerts',
  run: (context, data) =>
    answerWithAlertCard(context, data.alertRef, async (tx, alert) => {
      const outcome = await confirmAlertIntoNewCase(tx, context.services, {
        alert,
        actor: { id: context.caller.id, ...(context.caller.name === undefined ? {} : { name: context.caller.name }) },
        now: context.services.clock.now().toISOString(),
        caseName: data.caseName,
        ...(data.comment === undefined ? {} : { comment: data.comment }),
      });
      return afterTriage(outcome);
    }),
});
