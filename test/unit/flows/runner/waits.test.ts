import { ConflictError, NotFoundError, ValidationError } from '../../../../core/errors';
import { createFlowRunner } from '../../../../flows/engine/runner/flow-runner';
import { answer, connectorAction, createHarness, definition, fakeAction, fakeWebhook, T0 } from './runner-harness';

// Waits: the Wait action (short in process, long through resumeDue), webhook steps answered by
// deliverWaitResponse, their timeouts, and cancelling a run.

const webhookAction = (extra: Record<string, unknown> = {}) => ({
  ...connectorAction('shared_approvals', 'StartAndWaitForAnApproval', { approvalType: 'Basic', 'WebhookApprovalCreationInput/title': "Review @{triggerBody()?['caseId']}" }),
  type: 'OpenApiConnectionWebhook',
  ...extra,
});

const approvalFlow = (timeout?: string) =>
  definition({
    Ask: webhookAction(timeout === undefined ? {} : { limit: { timeout } }),
    Record: { ...connectorAction('shared_irm', 'AddIrmCaseNote', { 'body/content': "@{body('Ask')?['outcome']} by @{body('Ask')?['by']}" }), runAfter: { Ask: ['Succeeded'] } },
    NoAnswer: { type: 'Compose', inputs: 'nobody answered', runAfter: { Ask: ['TimedOut'] } },
  });

describe('Wait', () => {
  it('sleeps a short interval in process', async () => {
    const h = createHarness();
    const run = await h.run(definition({ Pause: { type: 'Wait', inputs: { interval: { count: 30, unit: 'Second' } } }, After: { type: 'Compose', inputs: '@utcNow()', runAfter: { Pause: ['Succeeded'] } } }));
    expect(run.status).toBe('Succeeded');
    expect((await h.steps()).get('After')?.outputs).toBe('2026-03-02T09:00:30.0000000Z');
  });

  it('makes the run Waiting for a long interval and continues it through resumeDue when due', async () => {
    const h = createHarness();
    const waiting = await h.run(definition({ Pause: { type: 'Wait', inputs: { interval: { count: 2, unit: 'Hour' } } }, After: { type: 'Compose', inputs: 'after', runAfter: { Pause: ['Succeeded'] } } }));
    expect(waiting).toMatchObject({ status: 'Waiting', wakeAt: new Date(T0 + 2 * 3_600_000).toISOString(), waitingOn: { path: 'Pause', until: new Date(T0 + 2 * 3_600_000).toISOString() } });
    expect((await h.steps()).get('After')).toBeUndefined();

    h.elapse(3_600_000);
    expect(await h.settle(h.runner.resumeDue())).toBe(0);
    h.elapse(3_600_000);
    expect(await h.settle(h.runner.resumeDue())).toBe(1);
    const done = await h.runner.getRun('run-1');
    expect(done?.status).toBe('Succeeded');
    expect(done?.wakeAt).toBeUndefined();
    expect((await h.steps()).get('After')?.status).toBe('Succeeded');
  });

  it('waits until a timestamp', async () => {
    const h = createHarness();
    const until = new Date(T0 + 3 * 86_400_000).toISOString();
    const waiting = await h.run(definition({ Later: { type: 'Wait', inputs: { until: { timestamp: until } } } }));
    expect(waiting.wakeAt).toBe(until);
  });

  it('fails on an interval it cannot read', async () => {
    const h = createHarness();
    await h.run(definition({ Pause: { type: 'Wait', inputs: { interval: { count: 2, unit: 'Fortnight' } } } }));
    expect((await h.steps()).get('Pause')?.error?.code).toBe('InvalidInputs');
  });
});

describe('webhook steps', () => {
  it('subscribes with a wait token, waits, and continues the run with the answer', async () => {
    const h = createHarness();
    const approvals = fakeWebhook('shared_approvals', 'StartAndWaitForAnApproval');
    const note = fakeAction('shared_irm', 'AddIrmCaseNote');
    h.register(approvals);
    h.register(note);
    const waiting = await h.run(approvalFlow(), { triggerOutputs: { body: { caseId: 'C-7' } } });
    expect(waiting.status).toBe('Waiting');
    const token = waiting.waitingOn?.waitToken;
    expect(token).toBeDefined();
    expect(approvals.subscribed).toHaveLength(1);
    expect(approvals.subscribed[0].parameters).toEqual({ approvalType: 'Basic', WebhookApprovalCreationInput: { title: 'Review C-7' } });
    expect(approvals.subscribed[0].context).toMatchObject({ waitToken: token, idempotencyKey: 'run-1/Ask' });
    expect((await h.steps()).get('Ask')).toMatchObject({ status: 'Waiting', waitToken: token, subscription: { card: 'card-1', token } });
    expect(waiting.wakeAt).toBe(new Date(Date.parse('2026-04-01T09:00:00.000Z')).toISOString()); // P30D by default
    expect(note.calls).toHaveLength(0);

    const delivered = await h.settle(h.runner.deliverWaitResponse(token!, answer({ outcome: 'Approve', by: 'Hana' })));
    expect(delivered.run.status).toBe('Succeeded');
    expect(delivered.reply).toBeUndefined();
    const steps = await h.steps();
    expect(steps.get('Ask')).toMatchObject({ status: 'Succeeded', outputs: { statusCode: 200, body: { outcome: 'Approve', by: 'Hana' } } });
    expect(note.calls.map((c) => c.parameters)).toEqual([{ body: { content: 'Approve by Hana' } }]);
    expect(steps.get('NoAnswer')?.status).toBe('Skipped');
  });

  it('returns at once with background: true, and the run continues on its own', async () => {
    const h = createHarness();
    h.register(fakeWebhook('shared_approvals', 'StartAndWaitForAnApproval'));
    const note = fakeAction('shared_irm', 'AddIrmCaseNote');
    h.register(note);
    const waiting = await h.run(approvalFlow());
    const delivered = await h.runner.deliverWaitResponse(waiting.waitingOn!.waitToken!, answer({ outcome: 'Approve', by: 'Hana' }), { background: true });
    expect(delivered.run.status).toBe('Running');
    expect(delivered.run.waitingOn).toBeUndefined();
    for (let i = 0; i < 100 && (await h.runner.getRun('run-1'))?.status === 'Running'; i++) await new Promise((resolve) => setImmediate(resolve));
    expect((await h.runner.getRun('run-1'))?.status).toBe('Succeeded');
    expect(note.calls).toHaveLength(1);
  });

  it("keeps waiting while the operation's accept says pending, and completes with its result", async () => {
    const h = createHarness();
    const approvals = fakeWebhook('shared_approvals', 'StartAndWaitForAnApproval', (subscription, response) => {
      const seen = [...((subscription as { answers?: string[] }).answers ?? []), response.responder.id];
      return seen.length < 2
        ? { pending: { ...(subscription as object), answers: seen }, reply: { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: `1 of 2 (${response.responder.id})` }] } }
        : { complete: { statusCode: 200, body: { outcome: 'Approve', by: seen.join(' and ') } }, reply: { type: 'AdaptiveCard', body: [] } };
    });
    h.register(approvals);
    h.register(fakeAction('shared_irm', 'AddIrmCaseNote'));
    const waiting = await h.run(approvalFlow());
    const token = waiting.waitingOn!.waitToken!;

    const first = await h.settle(h.runner.deliverWaitResponse(token, answer({ choice: 'yes' }, 'ann')));
    expect(first.run.status).toBe('Waiting');
    expect(first.reply).toEqual({ type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: '1 of 2 (ann)' }] });
    expect((await h.steps()).get('Ask')).toMatchObject({ status: 'Waiting', subscription: { answers: ['ann'] } });

    const second = await h.settle(h.runner.deliverWaitResponse(token, answer({ choice: 'yes' }, 'bob')));
    expect(second.run.status).toBe('Succeeded');
    expect((await h.steps()).get('Ask')?.outputs).toEqual({ statusCode: 200, headers: {}, body: { outcome: 'Approve', by: 'ann and bob' } });
  });

  it('rejects an unknown token (NotFoundError), a used one (ConflictError) and a malformed answer (ValidationError)', async () => {
    const h = createHarness();
    h.register(fakeWebhook('shared_approvals', 'StartAndWaitForAnApproval'));
    h.register(fakeAction('shared_irm', 'AddIrmCaseNote'));
    const waiting = await h.run(approvalFlow());
    const token = waiting.waitingOn!.waitToken!;
    await expect(h.runner.deliverWaitResponse('f'.repeat(32), answer({}))).rejects.toBeInstanceOf(NotFoundError);
    await expect(h.runner.deliverWaitResponse(token, { responder: { id: '' }, data: {}, at: 'x' })).rejects.toBeInstanceOf(ValidationError);
    await h.settle(h.runner.deliverWaitResponse(token, answer({ outcome: 'Reject' })));
    await expect(h.runner.deliverWaitResponse(token, answer({ outcome: 'Approve' }))).rejects.toBeInstanceOf(ConflictError);
  });

  it('times out after limit.timeout: unsubscribes, ends TimedOut, and the TimedOut branch runs', async () => {
    const h = createHarness();
    const approvals = fakeWebhook('shared_approvals', 'StartAndWaitForAnApproval');
    const note = fakeAction('shared_irm', 'AddIrmCaseNote');
    h.register(approvals);
    h.register(note);
    const waiting = await h.run(approvalFlow('P14D'));
    const token = waiting.waitingOn!.waitToken!;
    expect(waiting.wakeAt).toBe(new Date(T0 + 14 * 86_400_000).toISOString());

    h.elapse(14 * 86_400_000);
    expect(await h.settle(h.runner.resumeDue())).toBe(1);
    const steps = await h.steps();
    expect(steps.get('Ask')).toMatchObject({ status: 'TimedOut', code: 'ActionTimedOut' });
    expect(steps.get('NoAnswer')?.status).toBe('Succeeded');
    expect(steps.get('Record')?.status).toBe('Skipped');
    expect(approvals.unsubscribed).toEqual([{ subscription: { card: 'card-1', token }, reason: 'timeout' }]);
    // The Record branch ends Skipped after a TimedOut step, so it counts as TimedOut (as documented for branches).
    expect((await h.runner.getRun('run-1'))?.status).toBe('TimedOut');
    expect(note.calls).toHaveLength(0);
    await expect(h.runner.deliverWaitResponse(token, answer({ outcome: 'late' }))).rejects.toBeInstanceOf(ConflictError);
  });

  it('draws unguessable hex wait tokens by default', async () => {
    const h = createHarness();
    const approvals = fakeWebhook('shared_approvals', 'StartAndWaitForAnApproval');
    const runner = createFlowRunner({
      store: h.store,
      connectors: (api, op) => (api === approvals.api && op === approvals.operationId ? approvals : undefined),
      connectorContext: {},
      clock: { now: () => new Date(h.clock.now()) },
      timers: h.clock,
    });
    const tokens = new Set<string>();
    for (const runId of ['a', 'b', 'c']) {
      const run = await h.settle(runner.start({ runId, flowId: 'f', flowName: 'F', definition: definition({ Ask: webhookAction() }), triggerName: 'manual', triggerOutputs: { body: {} } }));
      tokens.add(run.waitingOn!.waitToken!);
    }
    expect(tokens.size).toBe(3);
    for (const token of tokens) expect(token).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('cancel', () => {
  it('cancels a waiting run, its waiting step, and withdraws the subscription', async () => {
    const h = createHarness();
    const approvals = fakeWebhook('shared_approvals', 'StartAndWaitForAnApproval');
    h.register(approvals);
    const waiting = await h.run(approvalFlow());
    const cancelled = await h.runner.cancel('run-1', 'ada@contoso.com');
    expect(cancelled).toMatchObject({ status: 'Cancelled', cancelledBy: 'ada@contoso.com', error: { code: 'Cancelled' } });
    expect(cancelled.waitingOn).toBeUndefined();
    expect((await h.steps()).get('Ask')?.status).toBe('Cancelled');
    expect(approvals.unsubscribed).toEqual([{ subscription: { card: 'card-1', token: waiting.waitingOn?.waitToken }, reason: 'cancelled' }]);
    await expect(h.runner.deliverWaitResponse(waiting.waitingOn!.waitToken!, answer({}))).rejects.toBeInstanceOf(ConflictError);
    // Nothing continues it afterwards.
    h.elapse(40 * 86_400_000);
    expect(await h.settle(h.runner.resumeDue())).toBe(0);
  });

  it('refuses to cancel a run that ended, or one that does not exist', async () => {
    const h = createHarness();
    await h.run(definition({ Done: { type: 'Compose', inputs: 1 } }));
    await expect(h.runner.cancel('run-1', 'ada')).rejects.toBeInstanceOf(ConflictError);
    await expect(h.runner.cancel('nope', 'ada')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('stops a run that is being walked at its next step', async () => {
    const h = createHarness();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = fakeAction('shared_test', 'Slow', async () => {
      await gate;
      return { statusCode: 200 };
    });
    const after = fakeAction('shared_test', 'After');
    h.register(slow);
    h.register(after);
    const running = h.runner.start({
      runId: 'run-1',
      flowId: 'flow-1',
      flowName: 'F',
      definition: definition({ First: connectorAction('shared_test', 'Slow'), Second: { ...connectorAction('shared_test', 'After'), runAfter: { First: ['Succeeded'] } } }),
      triggerName: 'manual',
      triggerOutputs: { body: {} },
    });
    for (let i = 0; i < 100 && slow.calls.length === 0; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(slow.calls).toHaveLength(1);
    await h.runner.cancel('run-1', 'ada');
    release();
    const final = await running;
    expect(final.status).toBe('Cancelled');
    expect(after.calls).toHaveLength(0);
    expect((await h.steps()).get('First')?.status).toBe('Cancelled');
  });
});
