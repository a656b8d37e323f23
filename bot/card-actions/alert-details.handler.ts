import { defineCardAction } from './card-action';
import { answerWithAlertCard } from './alert-action-support';

/** "Details" / "Less": the score's arithmetic and more activities, for the clicking user only. */
export const alertDetailsHandler = defineCardAction({
  verb: 'alert.details',
  permission: 'investigateAlerts',
  run: (context, data) => answerWithAlertCard(context, data.alertRef, (_tx, alert) => Promise.resolve({ alert: alert.value }), { expanded: data.expanded }),
});
