import { z } from 'zod';
import { getCase } from '../../../core/cases/case.repository';
import { CASE_NOTE_MAX } from '../../../core/cases/case';
import { addCaseNote } from '../../../core/cases/case-service';
import { ConflictError } from '../../../core/errors';
import { resolveReference } from '../../../core/persistence/references';
import { type ActionOperation, ConnectorError } from '../../engine/contracts';
import { onceInTransaction } from './flow-effects';
import { asConnectorError } from './irm-lookups';
import { IRM_API, type IrmConnectorContext } from './irm-ports';

const Parameters = z.object({
  Case_Id: z.string({ error: 'expected the case id (C-…)' }).trim().min(1, 'expected the case id (C-…)'),
  body: z.object({ content: z.string({ error: 'expected the note text' }).trim().min(1, 'expected the note text').max(CASE_NOTE_MAX, `expected at most ${CASE_NOTE_MAX} characters`) }, { error: 'expected body/content, the note text' }),
});

/** The note's author is the flow (`flow:<id>`), so people can tell automatic notes apart and flows do not trigger on their own notes. */
export const addIrmCaseNote: ActionOperation<z.infer<typeof Parameters>, IrmConnectorContext> = {
  kind: 'action',
  api: IRM_API,
  operationId: 'AddIrmCaseNote',
  summary: 'Add insider risk management case note',
  parameters: Parameters,
  async execute(parameters, context) {
    const noteId = await context.irm.store
      .transaction(async (tx) => {
        const target = await resolveReference(tx, parameters.Case_Id, 'case');
        const now = context.irm.clock.now().toISOString();
        return onceInTransaction(tx, context.idempotencyKey, now, async () => {
          const stored = await getCase(tx, target.userId, target.id);
          // The audit log names people by Entra object id; a flow acts as the system, its id and run in the name.
          const audit: typeof context.irm.audit = (t, record) => context.irm.audit(t, { ...record, actor: { id: 'system', name: `flow ${context.flowId} (run ${context.runId})` } });
          const next = await addCaseNote(tx, { audit }, { case: stored, author: { id: `flow:${context.flowId}`, name: `Flow ${context.flowId}` }, text: parameters.body.content, now, kind: 'system' });
          return next.notes[next.notes.length - 1].id;
        });
      })
      .catch((error: unknown) => {
        if (error instanceof ConflictError) throw new ConnectorError(error.message, 409, { error: { code: 'Conflict', message: error.message } });
        return asConnectorError(error);
      });
    return { statusCode: 200, body: { noteId } };
  },
};
