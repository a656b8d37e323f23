import type { ActionExecutor, StepContext } from '../executor';
import { evaluateCondition } from '../conditions';
import { addIsoDuration, parseIsoDuration } from '../iso-duration';
import { StepFailure } from '../run-signals';
import { outcomeError, type ContainerOutcome } from '../run-status';

interface UntilDecision {
  /** The condition's value after each finished iteration. */
  readonly conditions: readonly boolean[];
  /** Why the loop stopped, once it has. */
  readonly stop?: 'condition' | 'count' | 'timeout';
}

/**
 * Until (Do until): runs its actions, then evaluates `expression`; stops when it is true, after
 * `limit.count` iterations (default 60) or once `limit.timeout` (default PT1H, counted from the
 * loop's start) has passed when an iteration ends (a running iteration is not cut short).
 *
 * Status, as documented for Logic Apps: the last iteration's outcome decides (a failure in an
 * earlier iteration does not fail the loop); reaching the count ends the loop that way too, unless
 * `operationOptions` is `FailWhenLimitsReached` (then Failed, code LimitsReached). Reaching the
 * timeout ends it TimedOut (Failed with FailWhenLimitsReached).
 *
 * Each condition value and the stop reason are stored as they are decided, so a resumed run
 * replays the same number of iterations and never re-evaluates a condition it already has.
 */
export const untilExecutor: ActionExecutor = async (step) => {
  const { count, deadline } = limits(step);
  const failOnLimits = typeof step.action.operationOptions === 'string' && /(^|,)\s*FailWhenLimitsReached\s*(,|$)/i.test(step.action.operationOptions);
  let decision: UntilDecision = (step.stored?.decision as UntilDecision | undefined) ?? { conditions: [] };
  if (step.stored === undefined) await step.saveProgress({ status: 'Running', decision });

  let last: ContainerOutcome = { status: 'Succeeded' };
  for (let index = 0; ; index++) {
    last = await step.runContainer(step.action.actions, step.iteration({ index }));
    const known = index < decision.conditions.length;
    if (known && index < decision.conditions.length - 1) continue;
    if (known && decision.stop === undefined) continue;
    if (!known) {
      const met = evaluateCondition(step.action.expression, step);
      const stop = met ? 'condition' : index + 1 >= count ? 'count' : step.now() >= deadline ? 'timeout' : undefined;
      decision = { conditions: [...decision.conditions, met], ...(stop === undefined ? {} : { stop }) };
      if (stop === undefined) await step.saveProgress({ status: 'Running', decision });
    }
    if (decision.stop !== undefined) break;
  }

  const iterations = decision.conditions.length;
  const timedOut = decision.stop === 'timeout';
  if (timedOut || (decision.stop === 'count' && failOnLimits)) {
    const reason = timedOut ? `its timeout passed after ${iterations} iteration${iterations === 1 ? '' : 's'}` : `it reached its limit of ${count} iterations`;
    const message = `'${step.name}' stopped before its condition was met: ${reason}.`;
    if (failOnLimits) return { status: 'Failed', decision, code: 'LimitsReached', error: { code: 'LimitsReached', message } };
    return { status: 'TimedOut', decision, code: 'ActionTimedOut', error: { code: 'ActionTimedOut', message } };
  }
  const error = outcomeError(last);
  return { status: last.status, decision, ...(error === undefined ? { code: 'OK' } : { error, code: error.code }) };
};

function limits(step: StepContext): { count: number; deadline: Date } {
  const limit = step.action.limit ?? {};
  const countValue = limit.count === undefined ? step.limits.defaultUntilCount : step.evaluate(limit.count);
  const count = typeof countValue === 'string' ? Number(countValue) : countValue;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
    throw new StepFailure('InvalidInputs', `'${step.name}': expected limit.count to be a whole number of at least 1; got ${JSON.stringify(countValue)}`);
  }
  const timeoutValue = limit.timeout === undefined ? step.limits.defaultUntilTimeout : step.evaluate(limit.timeout);
  const timeout = typeof timeoutValue === 'string' ? parseIsoDuration(timeoutValue) : undefined;
  if (timeout === undefined) throw new StepFailure('InvalidInputs', `'${step.name}': expected limit.timeout to be an ISO 8601 duration such as PT1H; got ${JSON.stringify(timeoutValue)}`);
  return { count, deadline: addIsoDuration(step.startedAt, timeout) };
}
