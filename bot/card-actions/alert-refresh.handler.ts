import { defineCardAction } from './card-action';
import { answerWithAlertCard } from './alert-action-support';

/**
 * Teams asks for the current card when a listed user views it (and on "Refresh card"): the
 * alert as it is now, with triage actions only for those who may triage.
 */
export const alertRefreshHandler = defineCardAction({
  verb: 'alert.refresh',
  permission: 'view',
  run: (context, data) => answerWithAlertCard(context, data.alertRef, (_tx, alert) => Promise.resolve({ alert: alert.value })),
});
