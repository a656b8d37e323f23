import type { WebhookOperation } from '../../contracts';
import { callConnector } from '../connector-call';
import type { ActionExecutor, StepContext } from '../executor';
import { addIsoDuration, parseIsoDuration } from '../iso-duration';
import { StepFailure } from '../run-signals';
import { operationOf, resolveOperation } from './connector-operation';

/**
 * OpenApiConnectionWebhook (post a card and wait, start an approval and wait):
 * 1. a wait token is drawn and stored with the step before `subscribe` is called, so a subscribe
 *    repeated after a crash carries the same token (and the same idempotencyKey);
 * 2. `subscribe` (under the retry policy; each attempt with the default call timeout);
 * 3. the step is stored Waiting with the subscription, and the run Waiting on the token until the
 *    deadline; the walk stops. `FlowRunner.deliverWaitResponse(token, …)` completes the step and
 *    continues the run, possibly in another process.
 * 4. When the deadline passes first (`limit.timeout`, default `defaultWebhookTimeout`), `resumeDue`
 *    walks the run again: the step calls `unsubscribe(…, 'timeout')` (best effort: its failure is
 *    logged, not fatal) and ends TimedOut, which a runAfter TimedOut branch can handle.
 */
export const webhookExecutor: ActionExecutor = async (step) => {
  const stored = step.stored;
  if (stored?.status === 'Waiting' && stored.waitToken !== undefined && stored.wakeAt !== undefined) {
    const { operation } = operationOf(step, 'webhook');
    if (step.now().getTime() < new Date(stored.wakeAt).getTime()) {
      // Woken early (nothing else to do in this run): keep waiting.
      await step.suspend({ status: 'Waiting' }, { until: stored.wakeAt, waitToken: stored.waitToken });
    }
    await unsubscribe(step, operation as WebhookOperation, stored.subscription, stored.attempts);
    return {
      status: 'TimedOut',
      code: 'ActionTimedOut',
      error: { code: 'ActionTimedOut', message: `No response to '${step.name}' arrived before ${stored.wakeAt}.` },
    };
  }

  const resolved = resolveOperation(step, 'webhook');
  const operation = resolved.operation as WebhookOperation;
  const waitToken = stored?.waitToken ?? step.newWaitToken();
  const wakeAt = stored?.wakeAt ?? deadline(step).toISOString();
  const connectionName = resolved.host.connectionName;
  let subscription: unknown;
  const done = await callConnector(step, {
    inputs: resolved.inputs,
    retryPolicy: resolved.retryPolicy,
    progress: { waitToken, wakeAt },
    ignoreLimitTimeout: true,
    call: async (attempt) => {
      const context = { ...step.callContext(attempt, connectionName === undefined ? {} : { connectionName }), waitToken };
      subscription = (await operation.subscribe(resolved.parameters, context)).subscription;
      return { statusCode: 200 };
    },
  });
  return step.suspend(
    { status: 'Waiting', inputs: resolved.inputs, attempts: done.attempts, waitToken, wakeAt, subscription: subscription ?? null },
    { until: wakeAt, waitToken },
  );
};

function deadline(step: StepContext): Date {
  const raw = step.action.limit?.timeout === undefined ? step.limits.defaultWebhookTimeout : step.evaluate(step.action.limit.timeout);
  const duration = typeof raw === 'string' ? parseIsoDuration(raw) : undefined;
  if (duration === undefined) throw new StepFailure('InvalidInputs', `'${step.name}': expected limit.timeout to be an ISO 8601 duration such as P14D; got ${JSON.stringify(raw)}`);
  return addIsoDuration(step.startedAt, duration);
}

async function unsubscribe(step: StepContext, operation: WebhookOperation, subscription: unknown, attempts: number): Promise<void> {
  if (operation.unsubscribe === undefined) return;
  try {
    await operation.unsubscribe(subscription, step.callContext(Math.max(1, attempts)), 'timeout');
  } catch (error) {
    step.log(`flow run ${step.runId}: unsubscribing ${step.path} after its timeout failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
