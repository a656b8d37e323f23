import type { ActionExecutor, StepContext } from '../executor';
import { fingerprint } from '../fingerprint';
import { StepFailure } from '../run-signals';
import { outcomeError, worstOutcome, type ContainerOutcome } from '../run-status';
import { describeType } from './action-inputs';

/**
 * The items, as stored before the first iteration: the items themselves, or — when they would
 * make the record too large — their count and fingerprint, checked against the items evaluated
 * again on resume.
 */
type ForeachDecision = { readonly items: readonly unknown[] } | { readonly count: number; readonly fingerprint: string };

/**
 * Foreach (Apply to each): `foreach` is evaluated once and the items are stored before the first
 * iteration, so a resumed run loops over the same items. Iterations run one after the other
 * (Power Automate's default for "Apply to each" with concurrency off; `runtimeConfiguration.
 * concurrency` is accepted and not applied). The loop fails when any iteration fails.
 */
export const foreachExecutor: ActionExecutor = async (step) => {
  const stored = step.stored?.decision as ForeachDecision | undefined;
  let items: readonly unknown[];
  let decision: ForeachDecision;
  if (stored !== undefined && 'items' in stored) {
    items = stored.items;
    decision = stored;
  } else {
    items = evaluateItems(step);
    if (stored !== undefined && (stored.count !== items.length || stored.fingerprint !== fingerprint(items))) {
      throw new StepFailure('ForeachItemsChanged', `'${step.name}': its items are no longer the ones it started with (too many to store, so they were evaluated again on resume, and differ)`);
    }
    decision = stored ?? (JSON.stringify(items).length <= step.limits.maxStepRecordChars / 2 ? { items } : { count: items.length, fingerprint: fingerprint(items) });
    if (stored === undefined) await step.saveProgress({ status: 'Running', decision });
  }
  const outcomes: ContainerOutcome[] = [];
  for (const [index, value] of items.entries()) {
    outcomes.push(await step.runContainer(step.action.actions, step.iteration({ index, item: { value } })));
  }
  const outcome = worstOutcome(outcomes);
  const error = outcomeError(outcome);
  return { status: outcome.status, decision, ...(error === undefined ? { code: 'OK' } : { error, code: error.code }) };
};

function evaluateItems(step: StepContext): unknown[] {
  const items = step.evaluate(step.action.foreach);
  if (!Array.isArray(items)) {
    throw new StepFailure('InvalidTemplate', `'${step.name}': the 'foreach' expression must give an array; it gave ${describeType(items)}`);
  }
  if (items.length > step.limits.maxForeachItems) {
    throw new StepFailure('ForeachItemsLimitExceeded', `'${step.name}': ${items.length} items is more than the ${step.limits.maxForeachItems} a Foreach may loop over`);
  }
  return items;
}
