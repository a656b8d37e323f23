import type { ActionExecutor } from '../executor';
import { outcomeError } from '../run-status';

interface SwitchDecision {
  /** The matching case's name; `null` for the default branch. */
  readonly case: string | null;
  readonly value: unknown;
}

/**
 * Switch: `expression` evaluated once, compared with each `cases.<name>.case` by JSON equality
 * (so 1 and "1" differ, as in Logic Apps); no match runs `default`. The chosen case is stored
 * before its actions run.
 */
export const switchExecutor: ActionExecutor = async (step) => {
  let decision = step.stored?.decision as SwitchDecision | undefined;
  if (decision === undefined) {
    const value = step.evaluate(step.action.expression);
    const match = Object.entries(step.action.cases ?? {}).find(([, branch]) => JSON.stringify(step.evaluate(branch.case ?? null)) === JSON.stringify(value));
    decision = { case: match === undefined ? null : match[0], value: value ?? null };
    await step.saveProgress({ status: 'Running', decision });
  }
  const actions = decision.case === null ? step.action.default?.actions : step.action.cases?.[decision.case]?.actions;
  const outcome = await step.runContainer(actions, step.inner());
  const error = outcomeError(outcome);
  return { status: outcome.status, decision, ...(error === undefined ? { code: 'OK' } : { error, code: error.code }) };
};
