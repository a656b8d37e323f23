import type { ActionExecutor } from '../executor';
import { StepFailure } from '../run-signals';
import { outcomeError, worstOutcome, type ContainerOutcome } from '../run-status';
import { describeType } from './action-inputs';

interface ForeachDecision {
  readonly items: readonly unknown[];
}

/**
 * Foreach (Apply to each): `foreach` is evaluated once and the items are stored before the first
 * iteration, so a resumed run loops over the same items. Iterations run one after the other
 * (Power Automate's default for "Apply to each" with concurrency off; `runtimeConfiguration.
 * concurrency` is accepted and not applied). The loop fails when any iteration fails.
 */
export const foreachExecutor: ActionExecutor = async (step) => {
  let decision = step.stored?.decision as ForeachDecision | undefined;
  if (decision === undefined) {
    const items = step.evaluate(step.action.foreach);
    if (!Array.isArray(items)) {
      throw new StepFailure('InvalidTemplate', `'${step.name}': the 'foreach' expression must give an array; it gave ${describeType(items)}`);
    }
    if (items.length > step.limits.maxForeachItems) {
      throw new StepFailure('ForeachItemsLimitExceeded', `'${step.name}': ${items.length} items is more than the ${step.limits.maxForeachItems} a Foreach may loop over`);
    }
    decision = { items };
    await step.saveProgress({ status: 'Running', decision });
  }
  const outcomes: ContainerOutcome[] = [];
  for (const [index, value] of decision.items.entries()) {
    outcomes.push(await step.runContainer(step.action.actions, step.iteration({ index, item: { value } })));
  }
  const outcome = worstOutcome(outcomes);
  const error = outcomeError(outcome);
  return { status: outcome.status, decision, ...(error === undefined ? { code: 'OK' } : { error, code: error.code }) };
};
