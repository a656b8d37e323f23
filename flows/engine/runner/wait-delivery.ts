import { z } from 'zod';
import { ConflictError, NotFoundError, UnexpectedError } from '../../../core/errors';
import type { ConnectorResult, WaitOutcome, WaitResponse } from '../contracts';
import { findStepByWaitToken, getRun, replaceRun, replaceStep } from './flow-run.repository';
import { statusCodeName } from './http-status-codes';
import { parseInput } from './runner-input';
import { leaseFields, type RunnerServices } from './runner-services';
import type { StoredFlowRun } from './run-records';
import { waitingOperation } from './webhook-operations';
import { resultOutputs } from './executors/connector-operation';

export const WaitResponseSchema = z.object({
  responder: z.object({ id: z.string().min(1), upn: z.string().optional(), name: z.string().optional() }),
  data: z.record(z.string(), z.unknown()),
  at: z.string().min(1),
});

/**
 * One answer to a waiting webhook step, looked up by its wait token:
 * - unknown token → NotFoundError; a step that is no longer waiting (answered, timed out,
 *   cancelled) → ConflictError; its run busy right now (being timed out) → ConflictError;
 * - the operation's `accept` judges the answer: `pending` keeps the step waiting with the new
 *   subscription (an approval that needs everyone), `complete` ends it with that result; without
 *   `accept` the first answer completes it with `{statusCode: 200, body: data}`;
 * - a completed step and its run (Running again, under this runner's lease) are stored in one unit
 *   of work, checked against the versions read, so of two answers at once exactly one completes
 *   the step; then the run continues in this call.
 * Returns the run afterwards and the card that replaces the one the responder used, if any. With
 * `background`, it returns as soon as the answer is stored (the run Running) and the run continues
 * without being awaited; a failure then is logged, and the run's lease lets `resumeDue` retry it.
 */
export async function deliverWaitResponse(
  services: RunnerServices,
  drive: (runId: string) => Promise<StoredFlowRun | undefined>,
  waitToken: unknown,
  response: unknown,
  options: { readonly background?: boolean } = {},
): Promise<{ run: StoredFlowRun; reply?: Readonly<Record<string, unknown>> }> {
  const token = parseInput(z.string().min(1), waitToken, 'waitToken');
  const answer: WaitResponse = parseInput(WaitResponseSchema, response, 'response');
  const found = await services.store.transaction(async (tx) => {
    const step = await findStepByWaitToken(tx, token);
    return step === undefined ? undefined : { step, run: await getRun(tx, step.value.runId) };
  });
  if (found === undefined) throw new NotFoundError('no flow step is waiting for this response: the wait token is unknown');
  const { step } = found;
  if (step.value.status !== 'Waiting') throw new ConflictError(`this request has already ended: the step '${step.value.name}' is ${step.value.status}`);
  const run = found.run;
  if (run === undefined || run.value.status !== 'Waiting' || run.value.waitToken !== token) {
    throw new ConflictError(`the flow run is busy with this step right now (it is ${run?.value.status ?? 'gone'}); try again in a moment`);
  }
  const waiting = waitingOperation(services, run.value, step.value);
  if (waiting === undefined) throw new UnexpectedError(`the connector operation of step '${step.value.name}' (run ${run.value.id}) is not available in this runner`);

  const outcome: WaitOutcome =
    waiting.operation.accept === undefined
      ? { complete: { statusCode: 200, body: answer.data } }
      : await waiting.operation.accept(step.value.subscription, answer, waiting.context);
  const reply = outcome.reply;

  if ('pending' in outcome) {
    await services.store.transaction((tx) => replaceStep(tx, { ...step.value, subscription: outcome.pending }, step.etag));
    return { run: run.value, ...(reply === undefined ? {} : { reply }) };
  }

  const complete: ConnectorResult = outcome.complete;
  const now = services.clock.now();
  const failed = complete.statusCode >= 400;
  const resumed = await services.store.transaction(async (tx) => {
    const current = await getRun(tx, run.value.id);
    if (current === undefined || current.value.status !== 'Waiting' || current.value.waitToken !== token) {
      throw new ConflictError('the flow run stopped waiting for this answer meanwhile');
    }
    const { nextAttemptAt: _n, error: _e, ...rest } = step.value;
    await replaceStep(
      tx,
      {
        ...rest,
        status: failed ? 'Failed' : 'Succeeded',
        outputs: resultOutputs(complete),
        code: statusCodeName(complete.statusCode),
        endedAt: now.toISOString(),
        ...(failed ? { error: { code: statusCodeName(complete.statusCode), message: `the response completed '${step.value.name}' with status ${complete.statusCode}` } } : {}),
      },
      step.etag,
    );
    const { waitToken: _w, waitingOn: _o, wakeAt: _a, ...runRest } = current.value;
    return (await replaceRun(tx, { ...runRest, status: 'Running', ...leaseFields(services, now), updatedAt: now.toISOString() }, current.etag)).value;
  });
  if (options.background === true) {
    // The caller answers a person (a card's invoke has seconds); the run goes on without it.
    drive(run.value.id).catch((error: unknown) => services.log(`flow run ${run.value.id}: continuing after a response failed: ${error instanceof Error ? error.message : String(error)}`));
    return { run: resumed, ...(reply === undefined ? {} : { reply }) };
  }
  const after = await drive(run.value.id);
  return { run: after ?? resumed, ...(reply === undefined ? {} : { reply }) };
}
