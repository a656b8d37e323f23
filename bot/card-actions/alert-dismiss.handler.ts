import { dismissAlert } from '../../core/alerts/triage';
import { defineCardAction } from './card-action';
import { answerWithAlertCard } from './alert-action-support';
import { afterTriage } from './triage-outcome';

/** "Dismiss" with one of the three documented reasons and optional notes. */
export const alertDismissHandler = defineCardAction({
  verb: 'alert.dismiss',
  permission: 'investigateAlerts',
  run: (context, data) =>
    answerWithAlertCard(context, data.alertRef, async (tx, alert) =>
      afterTriage(
        await dismissAlert(tx, context.services, {
          alert,
          actor: { id: context.caller.id, ...(context.caller.name === undefined ? {} : { name: context.caller.name }) },
          now: context.services.clock.now().toISOString(),
          reason: data.reason,
          ...(data.notes === undefined ? {} : { notes: data.notes }),
        }),
      ),
    ),
});
