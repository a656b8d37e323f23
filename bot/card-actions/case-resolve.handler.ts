import { parseResolution, resolveCase } from '../../core/cases/case-service';
import { defineCardAction } from './card-action';
import { answerWithCaseCard } from './case-action-support';

/** "Resolve": Benign or Confirmed policy violation, with the action taken. Closes the case and resolves its alerts. */
export const caseResolveHandler = defineCardAction({
  verb: 'case.resolve',
  permission: 'view',
  run: (context, data) =>
    answerWithCaseCard(context, data.caseId, 'resolve this case', async (tx, current, access) => {
      const result = await resolveCase(tx, context.services, {
        case: current,
        by: context.caller,
        access,
        as: parseResolution(data.resolution),
        actionTaken: data.actionTaken,
        now: context.services.clock.now().toISOString(),
      });
      return { case: result.case, notice: `Case closed; ${result.alertsResolved} alert${result.alertsResolved === 1 ? '' : 's'} resolved.` };
    }),
});
