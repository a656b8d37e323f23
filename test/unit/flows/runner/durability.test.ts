import type { ConnectorOperation, ConnectorResult } from '../../../../flows/engine/contracts';
import { createMemoryStore } from '../../../support/memory-store';
import { answer, connectorAction, createHarness, definition, fakeAction, fakeWebhook, T0, type Harness } from './runner-harness';

// Durability: a run survives its process. A restart is a new runner over the same store (and the
// same connectors), with its own clock; the old runner is simply never used again — or, to prove
// it cannot interfere, released afterwards.

const MINUTE = 60_000;
/** Past the lease (5 min) plus the hold a call in flight adds (its 120 s default timeout). */
const AFTER_LEASE = 8 * MINUTE;

/** Lets pending callbacks run until `done()` holds (bounded), without advancing virtual time. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 1_000 && !done(); i++) await new Promise((resolve) => setImmediate(resolve));
  if (!done()) throw new Error('condition not reached');
}

/** An operation whose first call never returns (the process dies during it); later calls succeed. */
function dyingOnFirstCall(api: string, operationId: string): ReturnType<typeof fakeAction> & { release(): void } {
  let release: (result: ConnectorResult) => void = () => undefined;
  const op = fakeAction(api, operationId, (_p, call) =>
    call === 1 ? new Promise<ConnectorResult>((resolve) => (release = resolve)) : { statusCode: 200, body: { charged: true } },
  );
  return Object.assign(op, { release: () => release({ statusCode: 200, body: { charged: 'late' } }) });
}

function restart(previous: Harness, operations: Map<string, ConnectorOperation>, atMs: number): Harness {
  return createHarness({ store: previous.store, operations, start: atMs });
}

describe('a run survives a restart', () => {
  it('resumes a Waiting run in a new runner: answered there, nothing before the wait repeats', async () => {
    const operations = new Map<string, ConnectorOperation>();
    const a = createHarness({ store: createMemoryStore(), operations });
    const notify = fakeAction('shared_office365', 'SendEmailV2');
    const approvals = fakeWebhook('shared_approvals', 'StartAndWaitForAnApproval');
    const note = fakeAction('shared_irm', 'AddIrmCaseNote');
    [notify, approvals, note].forEach((op) => a.register(op));
    const flow = definition({
      Stamp: { type: 'Compose', inputs: { at: '@utcNow()', id: '@guid()' } },
      Init: { type: 'InitializeVariable', runAfter: { Stamp: ['Succeeded'] }, inputs: { variables: [{ name: 'log', type: 'array', value: [] }] } },
      Tell: {
        type: 'Scope',
        runAfter: { Init: ['Succeeded'] },
        actions: {
          Notify: connectorAction('shared_office365', 'SendEmailV2', { 'emailMessage/To': 'eve@contoso.com' }),
          Remember: { type: 'AppendToArrayVariable', runAfter: { Notify: ['Succeeded'] }, inputs: { name: 'log', value: 'notified' } },
        },
      },
      Ask: { ...connectorAction('shared_approvals', 'StartAndWaitForAnApproval', { approvalType: 'Basic' }), type: 'OpenApiConnectionWebhook', runAfter: { Tell: ['Succeeded'] } },
      Record: {
        ...connectorAction('shared_irm', 'AddIrmCaseNote', { 'body/content': "@{body('Ask')?['outcome']} @{outputs('Stamp')?['at']} @{outputs('Stamp')?['id']} @{join(variables('log'), ',')}" }),
        runAfter: { Ask: ['Succeeded'] },
      },
    });
    const waiting = await a.run(flow);
    expect(waiting.status).toBe('Waiting');
    const before = await a.steps();
    const stamp = before.get('Stamp')?.outputs as { at: string; id: string };

    const b = restart(a, operations, T0 + 3 * 86_400_000);
    const done = await b.settle(b.runner.deliverWaitResponse(waiting.waitingOn!.waitToken!, answer({ outcome: 'Approve' })));
    expect(done.run.status).toBe('Succeeded');
    expect(notify.calls).toHaveLength(1);
    expect(approvals.subscribed).toHaveLength(1);
    expect(note.calls).toHaveLength(1);
    // utcNow() and guid() kept their first values; the variable was rebuilt from the stored step, not appended twice.
    expect(note.calls[0].parameters).toEqual({ body: { content: `Approve ${stamp.at} ${stamp.id} notified` } });
    expect(stamp.at).toBe('2026-03-02T09:00:00.0000000Z');
    // Steps that had finished were walked again, not written again.
    const after = await b.steps();
    for (const path of ['Stamp', 'Init', 'Tell', 'Tell/Notify', 'Tell/Remember']) expect(after.get(path)).toEqual(before.get(path));
  });

  it('resumes a Running run whose process died during a call: the call is repeated with the same idempotency key, nothing else is', async () => {
    const operations = new Map<string, ConnectorOperation>();
    const a = createHarness({ store: createMemoryStore(), operations });
    const before = fakeAction('shared_test', 'Before');
    const charge = dyingOnFirstCall('shared_test', 'Charge');
    const afterwards = fakeAction('shared_test', 'After');
    [before, charge, afterwards].forEach((op) => a.register(op));
    const flow = definition({
      First: connectorAction('shared_test', 'Before'),
      Charge: { ...connectorAction('shared_test', 'Charge'), runAfter: { First: ['Succeeded'] } },
      Then: { ...connectorAction('shared_test', 'After'), runAfter: { Charge: ['Succeeded'] } },
    });
    const zombie = a.runner.start({ runId: 'run-1', flowId: 'flow-1', flowName: 'F', definition: flow, triggerName: 'manual', triggerOutputs: { body: {} } });
    await until(() => charge.calls.length === 1);
    expect((await a.steps()).get('Charge')).toMatchObject({ status: 'Running', attempts: 1 });

    const early = restart(a, operations, T0 + 2 * MINUTE);
    expect(await early.settle(early.runner.resumeDue())).toBe(0);

    const b = restart(a, operations, T0 + AFTER_LEASE);
    expect(await b.settle(b.runner.resumeDue())).toBe(1);
    expect((await b.runner.getRun('run-1'))?.status).toBe('Succeeded');
    expect(before.calls).toHaveLength(1);
    expect(charge.calls.map((c) => [c.context.idempotencyKey, c.context.attempt])).toEqual([
      ['run-1/Charge', 1],
      ['run-1/Charge', 2],
    ]);
    expect(charge.effects.get('run-1/Charge')).toBe(1);
    expect(afterwards.calls).toHaveLength(1);
    const stepsAfterB = await b.steps();
    expect(stepsAfterB.get('Charge')).toMatchObject({ status: 'Succeeded', attempts: 2, outputs: { body: { charged: true } } });

    // The old process's call finally returns: it no longer holds the run, so it stores nothing.
    charge.release();
    const old = await zombie;
    expect(old.status).toBe('Succeeded');
    expect(await b.steps()).toEqual(stepsAfterB);
    expect(afterwards.calls).toHaveLength(1);
    expect(a.logs.join('\n')).toContain('flow run run-1: the run was stopped');
  });

  it('resumes inside a Foreach: finished iterations are reused, variables are not appended twice', async () => {
    const operations = new Map<string, ConnectorOperation>();
    const a = createHarness({ store: createMemoryStore(), operations });
    let dying = true;
    const send = fakeAction('shared_test', 'Send', (p) => (dying && (p as { to: string }).to === 'c' ? new Promise<ConnectorResult>(() => undefined) : { statusCode: 200, body: p }));
    a.register(send);
    const flow = definition({
      Init: { type: 'InitializeVariable', inputs: { variables: [{ name: 'sent', type: 'array', value: [] }] } },
      Loop: {
        type: 'Foreach',
        runAfter: { Init: ['Succeeded'] },
        foreach: "@triggerBody()?['to']",
        actions: {
          Send: connectorAction('shared_test', 'Send', { to: '@item()' }),
          Note: { type: 'AppendToArrayVariable', runAfter: { Send: ['Succeeded'] }, inputs: { name: 'sent', value: '@item()' } },
        },
      },
      Sent: { type: 'Compose', runAfter: { Loop: ['Succeeded'] }, inputs: "@variables('sent')" },
    });
    void a.runner.start({ runId: 'run-1', flowId: 'flow-1', flowName: 'F', definition: flow, triggerName: 'manual', triggerOutputs: { body: { to: ['a', 'b', 'c', 'd'] } } });
    await until(() => send.calls.length === 3);

    dying = false;
    const b = restart(a, operations, T0 + AFTER_LEASE);
    expect(await b.settle(b.runner.resumeDue())).toBe(1);
    const steps = await b.steps();
    expect(steps.get('Sent')?.outputs).toEqual(['a', 'b', 'c', 'd']);
    expect(send.calls.map((c) => c.context.idempotencyKey)).toEqual(['run-1/Loop[0]/Send', 'run-1/Loop[1]/Send', 'run-1/Loop[2]/Send', 'run-1/Loop[2]/Send', 'run-1/Loop[3]/Send']);
  });

  it('continues in the branch an If took before the restart, even when its condition would now say otherwise', async () => {
    const operations = new Map<string, ConnectorOperation>();
    const a = createHarness({ store: createMemoryStore(), operations });
    const work = dyingOnFirstCall('shared_test', 'Work');
    a.register(work);
    a.register(fakeAction('shared_test', 'Other'));
    const flow = definition({
      Early: {
        type: 'If',
        expression: { less: ['@ticks(utcNow())', "@ticks('2026-03-02T09:05:00Z')"] },
        actions: { Work: connectorAction('shared_test', 'Work') },
        else: { actions: { Other: connectorAction('shared_test', 'Other') } },
      },
    });
    void a.runner.start({ runId: 'run-1', flowId: 'flow-1', flowName: 'F', definition: flow, triggerName: 'manual', triggerOutputs: { body: {} } });
    await until(() => work.calls.length === 1);

    const b = restart(a, operations, T0 + AFTER_LEASE);
    await b.settle(b.runner.resumeDue());
    const steps = await b.steps();
    expect(steps.get('Early')).toMatchObject({ status: 'Succeeded', decision: { branch: 'actions' } });
    expect(steps.get('Early/Work')?.status).toBe('Succeeded');
    expect(steps.get('Early/Other')).toBeUndefined();
  });

  it('repeats a subscribe cut short by a crash with the same wait token', async () => {
    const operations = new Map<string, ConnectorOperation>();
    const a = createHarness({ store: createMemoryStore(), operations });
    let hang = true;
    const approvals = fakeWebhook('shared_approvals', 'StartAndWaitForAnApproval');
    const subscribe = approvals.subscribe.bind(approvals);
    approvals.subscribe = async (p, ctx) => {
      if (hang) {
        approvals.subscribed.push({ parameters: p, context: ctx });
        return new Promise(() => undefined);
      }
      return subscribe(p, ctx);
    };
    a.register(approvals);
    const flow = definition({ Ask: { ...connectorAction('shared_approvals', 'StartAndWaitForAnApproval'), type: 'OpenApiConnectionWebhook' } });
    void a.runner.start({ runId: 'run-1', flowId: 'flow-1', flowName: 'F', definition: flow, triggerName: 'manual', triggerOutputs: { body: {} } });
    await until(() => approvals.subscribed.length === 1);
    hang = false;

    const b = restart(a, operations, T0 + AFTER_LEASE);
    await b.settle(b.runner.resumeDue());
    const run = await b.runner.getRun('run-1');
    expect(run?.status).toBe('Waiting');
    expect(approvals.subscribed.map((s) => s.context.waitToken)).toEqual([run?.waitingOn?.waitToken, run?.waitingOn?.waitToken]);
    expect(approvals.subscribed.map((s) => s.context.idempotencyKey)).toEqual(['run-1/Ask', 'run-1/Ask']);
  });
});

describe('large loops', () => {
  it('stores a fingerprint instead of items too large to keep, and checks it when resuming', async () => {
    const operations = new Map<string, ConnectorOperation>();
    const limits = { maxStepRecordChars: 2_000 };
    const a = createHarness({ store: createMemoryStore(), operations, deps: { limits } });
    a.register(fakeWebhook('shared_approvals', 'StartAndWaitForAnApproval'));
    const rows = Array.from({ length: 40 }, (_, i) => ({ id: i, text: 'row'.repeat(10) }));
    const flow = definition({
      Loop: { type: 'Foreach', foreach: "@triggerBody()?['rows']", actions: { Id: { type: 'Compose', inputs: "@item()?['id']" } } },
      Ask: { ...connectorAction('shared_approvals', 'StartAndWaitForAnApproval'), type: 'OpenApiConnectionWebhook', runAfter: { Loop: ['Succeeded'] } },
      Ids: { type: 'Compose', runAfter: { Ask: ['Succeeded'] }, inputs: "@length(result('Loop'))" },
    });
    const waiting = await a.run(flow, { triggerOutputs: { body: { rows } } });
    expect((await a.steps()).get('Loop')?.decision).toEqual({ count: 40, fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) });

    const b = createHarness({ store: a.store, operations, start: T0 + MINUTE, deps: { limits } });
    const done = await b.settle(b.runner.deliverWaitResponse(waiting.waitingOn!.waitToken!, answer({})));
    expect(done.run.status).toBe('Succeeded');
    expect((await b.steps()).get('Ids')?.outputs).toBe(40);
  });
});

describe('large loops whose items change', () => {
  it('fails the loop on resume when its re-evaluated items differ from the fingerprint', async () => {
    const operations = new Map<string, ConnectorOperation>();
    const limits = { maxStepRecordChars: 2_000 };
    const a = createHarness({ store: createMemoryStore(), operations, deps: { limits } });
    const wait = dyingOnFirstCall('shared_test', 'Slow');
    a.register(wait);
    // 400 numbers before 09:05, 401 after: too many to store, so a resume evaluates them again.
    const flow = definition({
      Loop: {
        type: 'Foreach',
        foreach: "@range(0, if(less(ticks(utcNow()), ticks('2026-03-02T09:05:00Z')), 400, 401))",
        actions: { Slow: { ...connectorAction('shared_test', 'Slow'), runAfter: {} } },
      },
    });
    void a.runner.start({ runId: 'run-1', flowId: 'flow-1', flowName: 'F', definition: flow, triggerName: 'manual', triggerOutputs: { body: {} } });
    await until(() => wait.calls.length === 1);
    const b = restart(a, operations, T0 + AFTER_LEASE);
    await b.settle(b.runner.resumeDue());
    const steps = await b.steps();
    expect(steps.get('Loop')).toMatchObject({ status: 'Failed', code: 'ForeachItemsChanged' });
    // The call that was under way when the first process died is not left Running.
    expect(steps.get('Loop[0]/Slow')?.status).toBe('Cancelled');
  });
});

describe('one run per id', () => {
  it('returns the existing run for a second start with the same runId and does nothing', async () => {
    const h = createHarness();
    const op = fakeAction('shared_test', 'Once');
    h.register(op);
    const flow = definition({ Call: connectorAction('shared_test', 'Once') });
    const first = await h.run(flow);
    const second = await h.run(flow, { triggerOutputs: { body: { other: true } } });
    expect(second).toEqual(first);
    expect(op.calls).toHaveLength(1);
    expect(await h.runner.listRuns('flow-1')).toHaveLength(1);
  });

  it('starts once when two starts with the same runId race', async () => {
    const h = createHarness();
    const op = fakeAction('shared_test', 'Once');
    h.register(op);
    const flow = definition({ Call: connectorAction('shared_test', 'Once') });
    const [x, y] = await h.settle(Promise.all([h.run(flow), h.run(flow)]));
    expect(op.calls).toHaveLength(1);
    expect([x.id, y.id]).toEqual(['run-1', 'run-1']);
  });
});

describe('oversized step records', () => {
  it('stores outputs beyond the size cap truncated, still uses them in the same walk, and fails the step when a resume would need them', async () => {
    const operations = new Map<string, ConnectorOperation>();
    const a = createHarness({ store: createMemoryStore(), operations, deps: { limits: { maxStepRecordChars: 2_000 } } });
    a.register(fakeAction('shared_test', 'Big', () => ({ statusCode: 200, body: { text: 'x'.repeat(5_000) } })));
    a.register(fakeWebhook('shared_approvals', 'StartAndWaitForAnApproval'));
    const flow = definition({
      Big: connectorAction('shared_test', 'Big'),
      Size: { type: 'Compose', runAfter: { Big: ['Succeeded'] }, inputs: "@length(body('Big')?['text'])" },
      Ask: { ...connectorAction('shared_approvals', 'StartAndWaitForAnApproval'), type: 'OpenApiConnectionWebhook', runAfter: { Size: ['Succeeded'] } },
      Use: { type: 'Compose', runAfter: { Ask: ['Succeeded'] }, inputs: "@length(body('Big')?['text'])" },
    });
    const waiting = await a.run(flow);
    const stored = await a.steps();
    expect(stored.get('Big')).toMatchObject({ status: 'Succeeded', truncated: ['outputs'], outputs: { truncated: true } });
    expect(stored.get('Size')?.outputs).toBe(5_000);

    const b = createHarness({ store: a.store, operations, start: T0 + MINUTE, deps: { limits: { maxStepRecordChars: 2_000 } } });
    const done = await b.settle(b.runner.deliverWaitResponse(waiting.waitingOn!.waitToken!, answer({})));
    const steps = await b.steps();
    expect(steps.get('Big')).toMatchObject({ status: 'Failed', code: 'OutputsTooLargeToResume' });
    // What ran before the restart stays as it ran; what comes after depends on the lost outputs.
    expect(steps.get('Size')?.status).toBe('Succeeded');
    expect(steps.get('Use')).toMatchObject({ status: 'Failed', code: 'InvalidTemplate' });
    expect(done.run.status).toBe('Failed');
  });
});
