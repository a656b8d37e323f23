import { flowStepsCollection } from '../../../../flows/engine/runner/flow-run.repository';
import { purgeFinishedRuns } from '../../../../flows/engine/runner/run-retention';
import { createHarness, definition, fakeWebhook, T0 } from './runner-harness';

const DAY = 86_400_000;

describe('run history retention', () => {
  it('removes runs that ended before the cut-off with all their steps, and keeps newer and waiting ones', async () => {
    const h = createHarness();
    h.register(fakeWebhook('shared_approvals', 'StartAndWaitForAnApproval'));
    const compose = definition({ A: { type: 'Compose', inputs: 1, runAfter: {} }, B: { type: 'Compose', inputs: 2, runAfter: { A: ['Succeeded'] } } });
    const waits = definition({ Ask: { type: 'OpenApiConnectionWebhook', runAfter: {}, inputs: { host: { apiId: '/providers/Microsoft.PowerApps/apis/shared_approvals', operationId: 'StartAndWaitForAnApproval' }, parameters: {} } } });
    await h.run(compose, { runId: 'old' });
    const waiting = await h.run(waits, { runId: 'old-waiting' });
    expect(waiting.status).toBe('Waiting');
    h.elapse(20 * DAY);
    await h.run(compose, { runId: 'recent' });

    const removed = await purgeFinishedRuns(h.store, new Date(T0 + 10 * DAY).toISOString());
    expect(removed).toBe(1);
    expect(await h.runner.getRun('old')).toBeUndefined();
    expect(await h.store.transaction((tx) => tx.documents(flowStepsCollection).count({ partition: 'old' }))).toBe(0);
    expect((await h.runner.getRun('old-waiting'))?.status).toBe('Waiting');
    expect((await h.runner.getRun('recent'))?.status).toBe('Succeeded');
    expect((await h.steps('recent')).size).toBe(2);
  });
});
