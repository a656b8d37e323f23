import type { ActionExecutor } from '../executor';
import { evaluateCondition } from '../conditions';
import { outcomeError } from '../run-status';

interface IfDecision {
  readonly branch: 'actions' | 'else';
}

/**
 * If (Condition): the condition is evaluated once and the branch taken is stored before it runs,
 * so a resumed run continues in the same branch even when the condition would now say otherwise.
 */
export const ifExecutor: ActionExecutor = async (step) => {
  let decision = step.stored?.decision as IfDecision | undefined;
  if (decision === undefined) {
    decision = { branch: evaluateCondition(step.action.expression, step) ? 'actions' : 'else' };
    await step.saveProgress({ status: 'Running', decision });
  }
  const actions = decision.branch === 'actions' ? step.action.actions : step.action.else?.actions;
  const outcome = await step.runContainer(actions, step.inner());
  const error = outcomeError(outcome);
  return {
    status: outcome.status,
    decision,
    outputs: { expression: decision.branch === 'actions' },
    ...(error === undefined ? { code: 'OK' } : { error, code: error.code }),
  };
};
