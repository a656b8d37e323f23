import { ConnectorError } from '../../../../flows/engine/contracts';
import { connectorAction, createHarness, definition, fakeAction } from './runner-harness';

// If, Switch, Foreach, Until, Terminate and result(), walked by the runner.

const compose = (inputs: unknown, runAfter?: Record<string, string[]>) => ({ type: 'Compose', inputs, ...(runAfter ? { runAfter } : {}) });
const trigger = (body: unknown) => ({ triggerOutputs: { headers: { 'x-test': '1' }, body } });

describe('If', () => {
  const condition = (expression: unknown) =>
    definition({
      Check: { type: 'If', expression, actions: { Yes: compose('yes') }, else: { actions: { No: compose('no') } } },
      After: compose("@outputs('Check')", { Check: ['Succeeded'] }),
    });

  it('evaluates the object form with evaluated operands and runs the true branch', async () => {
    const h = createHarness();
    await h.run(
      condition({
        and: [
          { equals: ["@triggerBody()?['severity']", 'High'] },
          { greater: ["@triggerBody()?['score']", 70] },
          { not: { contains: ["@triggerBody()?['tags']", 'test'] } },
          { or: [{ startsWith: ["@triggerBody()?['user']", 'ada'] }, { endsWith: ["@triggerBody()?['user']", 'nobody'] }] },
          { lessOrEquals: [1, 1] },
          { greaterOrEquals: [2, 1] },
          { less: [1, 2] },
        ],
      }),
      trigger({ severity: 'High', score: 80, tags: ['prod'], user: 'ada@contoso.com' }),
    );
    const steps = await h.steps();
    expect(steps.get('Check/Yes')?.status).toBe('Succeeded');
    expect(steps.get('Check/No')).toBeUndefined();
    expect(steps.get('Check')?.decision).toEqual({ branch: 'actions' });
    expect(steps.get('After')?.outputs).toEqual({ expression: true });
  });

  it('takes the else branch when the object form is false', async () => {
    const h = createHarness();
    await h.run(condition({ and: [{ equals: ["@triggerBody()?['severity']", 'High'] }] }), trigger({ severity: 'Low' }));
    const steps = await h.steps();
    expect(steps.get('Check/No')?.status).toBe('Succeeded');
    expect(steps.get('Check/Yes')).toBeUndefined();
  });

  it('evaluates the string form', async () => {
    const h = createHarness();
    await h.run(condition("@equals(triggerBody()?['n'], 3)"), trigger({ n: 3 }));
    expect((await h.steps()).get('Check/Yes')?.status).toBe('Succeeded');
  });

  it('fails when the condition is not a boolean', async () => {
    const h = createHarness();
    const run = await h.run(condition("@triggerBody()?['n']"), trigger({ n: 3 }));
    const check = (await h.steps()).get('Check');
    expect(check?.status).toBe('Failed');
    expect(check?.error?.code).toBe('InvalidTemplate');
    expect(run.status).toBe('Failed');
  });

  it('fails an If whose branch fails', async () => {
    const h = createHarness();
    h.register(
      fakeAction('shared_test', 'Fail', () => {
        throw new ConnectorError('no', 404);
      }),
    );
    await h.run(definition({ Check: { type: 'If', expression: true, actions: { Call: connectorAction('shared_test', 'Fail') } } }));
    const steps = await h.steps();
    expect(steps.get('Check/Call')?.code).toBe('NotFound');
    expect(steps.get('Check')?.status).toBe('Failed');
  });
});

describe('Switch', () => {
  const switchOn = (expression: string) =>
    definition({
      Route: {
        type: 'Switch',
        expression,
        cases: { High: { case: 'High', actions: { Page: compose('page') } }, Two: { case: 2, actions: { Number: compose('two') } } },
        default: { actions: { Log: compose('log') } },
      },
    });

  it('runs the matching case', async () => {
    const h = createHarness();
    await h.run(switchOn("@triggerBody()?['severity']"), trigger({ severity: 'High' }));
    const steps = await h.steps();
    expect(steps.get('Route/Page')?.status).toBe('Succeeded');
    expect(steps.get('Route/Log')).toBeUndefined();
    expect(steps.get('Route')?.decision).toEqual({ case: 'High', value: 'High' });
  });

  it('matches numbers by value and type', async () => {
    const h = createHarness();
    await h.run(switchOn("@triggerBody()?['n']"), trigger({ n: 2 }));
    expect((await h.steps()).get('Route/Number')?.status).toBe('Succeeded');
    const h2 = createHarness();
    await h2.run(switchOn("@triggerBody()?['n']"), trigger({ n: '2' }));
    expect((await h2.steps()).get('Route/Log')?.status).toBe('Succeeded');
  });

  it('runs default when nothing matches', async () => {
    const h = createHarness();
    const run = await h.run(switchOn("@triggerBody()?['severity']"), trigger({ severity: 'Low' }));
    const steps = await h.steps();
    expect(steps.get('Route/Log')?.status).toBe('Succeeded');
    expect(steps.get('Route')?.decision).toEqual({ case: null, value: 'Low' });
    expect(run.status).toBe('Succeeded');
  });
});

describe('Foreach', () => {
  it('binds item() and items() per iteration, nested loops included, with iteration paths', async () => {
    const h = createHarness();
    await h.run(
      definition({
        Outer: {
          type: 'Foreach',
          foreach: "@triggerBody()?['groups']",
          actions: {
            Inner: {
              type: 'Foreach',
              foreach: "@items('Outer')?['members']",
              actions: { Pair: compose("@{items('Outer')?['name']}:@{item()}:@{iterationIndexes('Outer')}.@{iterationIndexes('Inner')}") },
            },
          },
        },
      }),
      trigger({ groups: [{ name: 'a', members: ['x', 'y'] }, { name: 'b', members: ['z'] }] }),
    );
    const steps = await h.steps();
    expect(steps.get('Outer[0]/Inner[0]/Pair')?.outputs).toBe('a:x:0.0');
    expect(steps.get('Outer[0]/Inner[1]/Pair')?.outputs).toBe('a:y:0.1');
    expect(steps.get('Outer[1]/Inner[0]/Pair')?.outputs).toBe('b:z:1.0');
    expect(steps.get('Outer[1]/Inner[0]/Pair')?.iterations).toEqual({ Outer: 1, Inner: 0 });
    expect(steps.get('Outer')?.decision).toEqual({ items: [{ name: 'a', members: ['x', 'y'] }, { name: 'b', members: ['z'] }] });
  });

  it('fails when an iteration fails, after running the others', async () => {
    const h = createHarness();
    h.register(
      fakeAction('shared_test', 'Check', (p) => {
        if ((p as { n: number }).n === 2) throw new ConnectorError('two is bad', 400);
        return { statusCode: 200, body: p };
      }),
    );
    const run = await h.run(definition({ Loop: { type: 'Foreach', foreach: '@createArray(1, 2, 3)', actions: { Call: connectorAction('shared_test', 'Check', { n: '@item()' }) } } }));
    const steps = await h.steps();
    expect(['Loop[0]/Call', 'Loop[1]/Call', 'Loop[2]/Call'].map((p) => steps.get(p)?.status)).toEqual(['Succeeded', 'Failed', 'Succeeded']);
    expect(steps.get('Loop')?.status).toBe('Failed');
    expect(run.status).toBe('Failed');
  });

  it('fails on something that is not an array, and beyond the item limit', async () => {
    const h = createHarness();
    await h.run(definition({ Loop: { type: 'Foreach', foreach: "@triggerBody()?['x']", actions: {} } }), trigger({ x: 'text' }));
    expect((await h.steps()).get('Loop')?.error?.code).toBe('InvalidTemplate');

    const h2 = createHarness({ deps: { limits: { maxForeachItems: 2 } } });
    await h2.run(definition({ Loop: { type: 'Foreach', foreach: '@range(0, 3)', actions: {} } }));
    expect((await h2.steps()).get('Loop')?.error?.code).toBe('ForeachItemsLimitExceeded');
  });
});

describe('Until', () => {
  const counter = { Init: { type: 'InitializeVariable', inputs: { variables: [{ name: 'n', type: 'integer', value: 0 }] } } };

  it('repeats until the condition holds, evaluating it after each iteration', async () => {
    const h = createHarness();
    await h.run(
      definition({
        ...counter,
        Loop: { type: 'Until', runAfter: { Init: ['Succeeded'] }, expression: "@equals(variables('n'), 3)", limit: { count: 10 }, actions: { Inc: { type: 'IncrementVariable', inputs: { name: 'n' } } } },
        After: compose("@variables('n')", { Loop: ['Succeeded'] }),
      }),
    );
    const steps = await h.steps();
    expect(steps.get('Loop')?.status).toBe('Succeeded');
    expect(steps.get('Loop')?.decision).toEqual({ conditions: [false, false, true], stop: 'condition' });
    expect(steps.get('Loop[2]/Inc')?.status).toBe('Succeeded');
    expect(steps.get('Loop[3]/Inc')).toBeUndefined();
    expect(steps.get('After')?.outputs).toBe(3);
  });

  it('stops at limit.count and Succeeds (the last iteration succeeded), or Fails with FailWhenLimitsReached', async () => {
    const loop = (extra: Record<string, unknown>) =>
      definition({
        ...counter,
        Loop: { type: 'Until', runAfter: { Init: ['Succeeded'] }, expression: '@equals(1, 2)', limit: { count: 4, timeout: 'PT1H' }, actions: { Inc: { type: 'IncrementVariable', inputs: { name: 'n' } } }, ...extra },
        After: compose("@variables('n')", { Loop: ['Succeeded', 'Failed'] }),
      });
    const h = createHarness();
    await h.run(loop({}));
    const steps = await h.steps();
    expect(steps.get('Loop')?.status).toBe('Succeeded');
    expect(steps.get('Loop')?.decision).toEqual({ conditions: [false, false, false, false], stop: 'count' });
    expect(steps.get('After')?.outputs).toBe(4);

    const h2 = createHarness();
    await h2.run(loop({ operationOptions: 'FailWhenLimitsReached' }));
    expect((await h2.steps()).get('Loop')?.status).toBe('Failed');
    expect((await h2.steps()).get('Loop')?.error?.code).toBe('LimitsReached');
  });

  it('ends TimedOut once limit.timeout has passed at the end of an iteration', async () => {
    const h = createHarness();
    const run = await h.run(
      definition({
        Loop: { type: 'Until', expression: '@equals(1, 2)', limit: { count: 100, timeout: 'PT2M' }, actions: { Pause: { type: 'Wait', inputs: { interval: { count: 50, unit: 'Second' } } } } },
        OnTimeout: compose('timed out', { Loop: ['TimedOut'] }),
      }),
    );
    const steps = await h.steps();
    // 50 s per iteration: after the third (150 s) the two minutes have passed.
    expect(steps.get('Loop')?.status).toBe('TimedOut');
    expect(steps.get('Loop')?.decision).toEqual({ conditions: [false, false, false], stop: 'timeout' });
    expect(steps.get('OnTimeout')?.status).toBe('Succeeded');
    expect(run.status).toBe('Succeeded');
  });

  it('takes its status from the last iteration only', async () => {
    const h = createHarness();
    h.register(
      fakeAction('shared_test', 'Flaky', (_p, call) => {
        if (call === 1) throw new ConnectorError('first fails', 400);
        return { statusCode: 200, body: { done: true } };
      }),
    );
    await h.run(
      definition({
        Loop: {
          type: 'Until',
          expression: "@equals(outputs('Call')?['body/done'], true)",
          limit: { count: 5 },
          actions: { Call: connectorAction('shared_test', 'Flaky') },
        },
      }),
    );
    const steps = await h.steps();
    expect(steps.get('Loop[0]/Call')?.status).toBe('Failed');
    expect(steps.get('Loop[1]/Call')?.status).toBe('Succeeded');
    expect(steps.get('Loop')?.status).toBe('Succeeded');
  });
});

describe('Terminate', () => {
  const terminating = (inputs: Record<string, unknown>) =>
    definition({
      Scope: { type: 'Scope', actions: { Stop: { type: 'Terminate', inputs } } },
      Later: compose('never', { Scope: ['Succeeded', 'Failed', 'Skipped', 'TimedOut'] }),
    });

  it('ends the run Failed with its runError and runs nothing after it', async () => {
    const h = createHarness();
    const run = await h.run(terminating({ runStatus: 'Failed', runError: { code: 'NoManager', message: 'the user has no manager' } }));
    const steps = await h.steps();
    expect(run.status).toBe('Failed');
    expect(run.error).toEqual({ code: 'NoManager', message: 'the user has no manager' });
    expect(run.endedAt).toBeDefined();
    expect(steps.get('Scope/Stop')?.status).toBe('Succeeded');
    expect(steps.get('Scope')?.status).toBe('Failed');
    expect(steps.get('Later')).toBeUndefined();
  });

  it('ends the run Succeeded or Cancelled', async () => {
    const h = createHarness();
    expect((await h.run(terminating({ runStatus: 'Succeeded' }))).status).toBe('Succeeded');
    const h2 = createHarness();
    const cancelled = await h2.run(terminating({ runStatus: 'cancelled' }));
    expect(cancelled.status).toBe('Cancelled');
    expect((await h2.steps()).get('Scope')?.status).toBe('Cancelled');
  });

  it('fails the step on an unknown runStatus', async () => {
    const h = createHarness();
    const run = await h.run(definition({ Stop: { type: 'Terminate', inputs: { runStatus: 'Paused' } } }));
    expect((await h.steps()).get('Stop')?.error?.code).toBe('InvalidInputs');
    expect(run.status).toBe('Failed');
  });
});

describe('result()', () => {
  it("returns the scope's top-level action results, not nested ones", async () => {
    const h = createHarness();
    h.register(fakeAction('shared_test', 'Ok', () => ({ statusCode: 201, body: { id: 7 } })));
    await h.run(
      definition({
        Work: {
          type: 'Scope',
          actions: {
            Call: connectorAction('shared_test', 'Ok', { a: 1 }),
            Branch: { type: 'If', expression: true, runAfter: { Call: ['Succeeded'] }, actions: { Nested: compose('deep') } },
          },
        },
        Summary: compose("@result('Work')", { Work: ['Succeeded'] }),
        Failed: { type: 'Query', runAfter: { Summary: ['Succeeded'] }, inputs: { from: "@result('Work')", where: "@equals(item()['status'], 'Failed')" } },
      }),
    );
    const steps = await h.steps();
    const summary = steps.get('Summary')?.outputs as Record<string, unknown>[];
    expect(summary.map((r) => r.name)).toEqual(['Call', 'Branch']);
    expect(summary[0]).toMatchObject({
      name: 'Call',
      status: 'Succeeded',
      code: 'Created',
      inputs: { host: { operationId: 'Ok' }, parameters: { a: 1 } },
      outputs: { statusCode: 201, body: { id: 7 } },
      startTime: '2026-03-02T09:00:00.000Z',
      clientTrackingId: 'run-1',
    });
    expect((steps.get('Failed')?.outputs as { body: unknown[] }).body).toEqual([]);
  });

  it("returns every iteration's results for a loop", async () => {
    const h = createHarness();
    await h.run(
      definition({
        Loop: { type: 'Foreach', foreach: '@createArray(1, 2)', actions: { Double: compose('@mul(item(), 2)') } },
        All: compose("@result('Loop')", { Loop: ['Succeeded'] }),
      }),
    );
    const all = (await h.steps()).get('All')?.outputs as Record<string, unknown>[];
    expect(all.map((r) => r.outputs)).toEqual([2, 4]);
  });
});
