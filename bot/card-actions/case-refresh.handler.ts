import { defineCardAction } from './card-action';
import { answerWithCaseCard } from './case-action-support';

/** The case card as it is now, with the actions the viewer may use. */
export const caseRefreshHandler = defineCardAction({
  verb: 'case.refresh',
  permission: 'view',
  run: (context, data) => answerWithCaseCard(context, data.caseId, 'view this case', (_tx, current) => Promise.resolve({ case: current.value })),
});
