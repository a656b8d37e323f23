import { FlowExpressionError, type StepStatus } from '../contracts';
import { canonicalActionType, type WorkflowAction } from '../definition/workflow-definition';
import type { StepOutcome } from './executor';
import { EXECUTORS } from './executors';
import { iterationIndexes, stepPath, type Frame } from './frame';
import { isFinalStep, type FlowStepRecord } from './run-records';
import { isRunSignal, RunTerminated, StepFailure } from './run-signals';
import { containerOutcome, runAfterSatisfied, type ContainerOutcome, type StatusOf } from './run-status';
import { CONTROL_TYPES, type RunSession } from './run-session';
import { createStepContext, type FlowStepRecordDraft } from './step-context';
import { topologicalOrder } from './topological-order';

/**
 * Walks one container: its actions in dependency order (see topological-order.ts), each either
 * run or skipped by its runAfter, and reports the container's outcome.
 *
 * Resuming is walking again from the top. A step whose stored record is final is not executed
 * again: its stored result is reused (so no side effect repeats, and utcNow()/guid()/rand() values
 * it used stay as they were). Control actions are the exception: they are walked again so their
 * inner steps are reused in order and re-register their results and variables — with their stored
 * decisions (branch, case, items, iteration count), never re-deciding.
 */


export async function runContainer(session: RunSession, frame: Frame, actions: Readonly<Record<string, WorkflowAction>> | undefined): Promise<ContainerOutcome> {
  if (actions === undefined) return { status: 'Succeeded' };
  const statuses = new Map<string, StepStatus>();
  const results = new Map<string, StatusOf>();
  for (const name of topologicalOrder(actions)) {
    const action = actions[name];
    const record = runAfterSatisfied(action.runAfter, statuses) ? await runStep(session, frame, name, action) : await skipStep(session, frame, name, action, statuses);
    const status = record.status as StepStatus;
    statuses.set(name, status);
    results.set(name, { status, ...(record.error === undefined ? {} : { error: record.error }) });
  }
  return containerOutcome(actions, results);
}

async function runStep(session: RunSession, frame: Frame, name: string, action: WorkflowAction): Promise<FlowStepRecordDraft> {
  const path = stepPath(frame, name);
  const stored = session.storedStep(path);
  const type = canonicalActionType(action.type);
  const control = type !== undefined && CONTROL_TYPES.has(type);

  // A record stored without its heaviest parts cannot stand in for the step (nor a control action without its decision).
  const dropped = stored?.truncated ?? [];
  if (stored !== undefined && dropped.length > 0 && (control ? dropped.includes('decision') : isFinalStep(stored.status))) {
    // Stored without the marker list: the Failed record then stands as it is on later resumes.
    const { truncated: _t, ...base } = stored;
    return finish(session, base, {
      status: 'Failed',
      code: 'OutputsTooLargeToResume',
      error: {
        code: 'OutputsTooLargeToResume',
        message: `The stored result of '${name}' was too large to keep in full (${dropped.join(', ')} dropped), so the run cannot continue past it after a restart.`,
      },
    });
  }
  if (stored !== undefined && isFinalStep(stored.status) && !control) {
    session.register(stored);
    if (type === 'Terminate') throw terminationOf(stored);
    return stored;
  }

  const startedAt = stored === undefined ? session.now() : new Date(stored.startedAt);
  if (type === undefined) {
    return finish(session, draftOf(frame, name, path, action, startedAt), {
      status: 'Failed',
      error: { code: 'UnsupportedActionType', message: `Actions of type '${action.type}' cannot run here (the linter lists what can).` },
    });
  }
  const live = createStepContext({ session, frame, name, path, type, action, stored, startedAt, runContainer });
  let outcome: StepOutcome;
  let threw = false;
  try {
    outcome = await EXECUTORS[type](live.context);
  } catch (error) {
    if (isRunSignal(error)) throw error;
    threw = true;
    outcome = failureOutcome(name, error);
    if (!(error instanceof StepFailure) && !(error instanceof FlowExpressionError)) session.services.log(`flow run ${session.run.id}: step ${path} failed unexpectedly: ${describe(error)}`);
  }
  if (stored !== undefined && isFinalStep(stored.status) && !threw) {
    // A control action walked again: its stored record is history and stays as it is.
    session.register(stored);
    return stored;
  }
  // (A control action that cannot be walked again — its items changed — is failed rather than
  // trusted: the steps inside it would not have re-registered their results and variables.)
  const record = await finish(session, live.progress(), outcome);
  if (outcome.terminate !== undefined) throw new RunTerminated(outcome.terminate.runStatus, outcome.terminate.runError);
  return record;
}

/** Stores a step's final record and registers the full (untruncated) one for the rest of this walk. */
async function finish(session: RunSession, base: FlowStepRecordDraft, outcome: StepOutcome): Promise<FlowStepRecordDraft> {
  const { nextAttemptAt: _n, error: _e, code: _c, ...rest } = base;
  const record: FlowStepRecordDraft = {
    ...rest,
    status: outcome.status,
    attempts: outcome.attempts ?? base.attempts,
    endedAt: session.now().toISOString(),
    ...(outcome.inputs === undefined ? {} : { inputs: outcome.inputs }),
    ...(outcome.outputs === undefined ? {} : { outputs: outcome.outputs }),
    ...(outcome.error === undefined ? {} : { error: outcome.error }),
    ...(outcome.code === undefined ? {} : { code: outcome.code }),
    ...(outcome.decision === undefined ? {} : { decision: outcome.decision }),
    ...(outcome.variables === undefined ? {} : { variables: { ...outcome.variables } }),
  };
  await session.persistStep(record);
  session.register({ ...record, runId: session.run.id, seq: session.storedStep(record.path)?.seq ?? 0 });
  return record;
}

async function skipStep(
  session: RunSession,
  frame: Frame,
  name: string,
  action: WorkflowAction,
  statuses: ReadonlyMap<string, StepStatus>,
): Promise<FlowStepRecordDraft> {
  const path = stepPath(frame, name);
  const stored = session.storedStep(path);
  if (stored !== undefined && isFinalStep(stored.status)) {
    session.register(stored);
    return stored;
  }
  const [predecessor, wanted] = Object.entries(action.runAfter ?? {}).find(([p, w]) => {
    const s = statuses.get(p);
    return s !== undefined && !(w.length === 0 ? ['Succeeded'] : (w as readonly string[])).includes(s);
  }) ?? ['', []];
  return finish(session, draftOf(frame, name, path, action, session.now()), {
    status: 'Skipped',
    code: 'ActionSkipped',
    error: {
      code: 'ActionConditionFailed',
      message: `The execution of '${name}' is skipped: it runs after '${predecessor}' when that is ${(wanted.length === 0 ? ['Succeeded'] : wanted).join(' or ')}, and it is ${statuses.get(predecessor) ?? 'unknown'}.`,
    },
  });
}

function draftOf(frame: Frame, name: string, path: string, action: WorkflowAction, startedAt: Date): FlowStepRecordDraft {
  const iterations = iterationIndexes(frame);
  return { name, path, type: action.type, status: 'Running', attempts: 0, startedAt: startedAt.toISOString(), ...(iterations === undefined ? {} : { iterations }) };
}

function failureOutcome(name: string, error: unknown): StepOutcome {
  if (error instanceof StepFailure) {
    return { status: error.status, error: { code: error.code, message: error.message }, code: error.code, ...(error.outputs === undefined ? {} : { outputs: error.outputs }) };
  }
  if (error instanceof FlowExpressionError) {
    return { status: 'Failed', code: error.code, error: { code: error.code, message: `Unable to process template language expressions in action '${name}': ${error.message}` } };
  }
  return { status: 'Failed', code: 'ActionFailed', error: { code: 'ActionFailed', message: describe(error) } };
}

function terminationOf(record: FlowStepRecord): RunTerminated {
  const decision = (record.decision ?? {}) as { runStatus?: 'Succeeded' | 'Failed' | 'Cancelled'; runError?: { code: string; message: string } };
  return new RunTerminated(decision.runStatus ?? 'Succeeded', decision.runError);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
