import { addCaseNote } from '../../core/cases/case-service';
import { defineCardAction } from './card-action';
import { answerWithCaseCard } from './case-action-support';

/** "Add note": permanent, with author and time. Contributors may add notes too. */
export const caseAddNoteHandler = defineCardAction({
  verb: 'case.addNote',
  permission: 'view',
  run: (context, data) =>
    answerWithCaseCard(context, data.caseId, 'add a note to this case', async (tx, current) => ({
      case: await addCaseNote(tx, context.services, { case: current, author: context.caller, text: data.note, now: context.services.clock.now().toISOString() }),
      notice: 'Note added.',
    })),
});
