import { defineCardAction } from './card-action';
import { answerWithCaseCard } from './case-action-support';

/** "Activity (30/90 days)": the user's risk activity timeline on the card, for the clicking person. */
export const caseActivityHandler = defineCardAction({
  verb: 'case.activity',
  permission: 'view',
  run: (context, data) => answerWithCaseCard(context, data.caseId, "view this case's activity", (_tx, current) => Promise.resolve({ case: current.value, timelineDays: data.days })),
});
