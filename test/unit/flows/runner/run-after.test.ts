import fs from 'node:fs';
import path from 'node:path';
import { ConnectorError } from '../../../../flows/engine/contracts';
import { parseDefinition } from '../../../../flows/engine/definition/workflow-definition';
import { connectorAction, createHarness, definition, fakeAction } from './runner-harness';

// runAfter semantics (Logic Apps "Manage the run after behavior"): statuses, Skipped propagation,
// branch outcomes, try/catch/finally scopes and the run's own status.

const failing = () =>
  fakeAction('shared_test', 'Fail', () => {
    throw new ConnectorError('bad request', 400, { error: 'nope' });
  });

const compose = (value: unknown, runAfter?: Record<string, string[]>) => ({ type: 'Compose', inputs: value, ...(runAfter ? { runAfter } : {}) });

describe('runAfter', () => {
  it('runs an action after its predecessor by default only when it Succeeded', async () => {
    const h = createHarness();
    h.register(failing());
    const run = await h.run(
      definition({
        A: connectorAction('shared_test', 'Fail'),
        B: compose('after A', { A: ['Succeeded'] }),
        C: compose('after A default', { A: [] }),
      }),
    );
    const steps = await h.steps();
    expect(steps.get('A')?.status).toBe('Failed');
    expect(steps.get('B')?.status).toBe('Skipped');
    expect(steps.get('C')?.status).toBe('Skipped');
    expect(run.status).toBe('Failed');
    expect(run.error?.code).toBe('ActionFailed');
    expect(run.error?.message).toContain("'A' failed");
  });

  it('runs after Failed, Skipped and TimedOut when those are listed', async () => {
    const h = createHarness();
    h.register(failing());
    h.register(fakeAction('shared_test', 'Hang', () => new Promise(() => undefined)));
    await h.run(
      definition({
        A: connectorAction('shared_test', 'Fail'),
        OnFailed: compose('handled', { A: ['Failed'] }),
        Skipped: compose('never', { A: ['Succeeded'] }),
        OnSkipped: compose('after skip', { Skipped: ['Skipped'] }),
        Slow: connectorAction('shared_test', 'Hang', {}, { limit: { timeout: 'PT10S' } }),
        OnTimedOut: compose('after timeout', { Slow: ['TimedOut'] }),
        OnlySucceeded: compose('not after timeout', { Slow: ['Succeeded', 'Failed'] }),
      }),
    );
    const steps = await h.steps();
    expect(steps.get('OnFailed')?.status).toBe('Succeeded');
    expect(steps.get('Skipped')?.status).toBe('Skipped');
    expect(steps.get('OnSkipped')?.status).toBe('Succeeded');
    expect(steps.get('Slow')?.status).toBe('TimedOut');
    expect(steps.get('OnTimedOut')?.status).toBe('Succeeded');
    expect(steps.get('OnlySucceeded')?.status).toBe('Skipped');
  });

  it('propagates Skipped down a chain and needs every predecessor satisfied', async () => {
    const h = createHarness();
    h.register(failing());
    await h.run(
      definition({
        A: connectorAction('shared_test', 'Fail'),
        B: compose('b', { A: ['Succeeded'] }),
        C: compose('c', { B: ['Succeeded'] }),
        D: compose('d', { C: ['Succeeded'] }),
        Ok: compose('ok'),
        Both: compose('both', { Ok: ['Succeeded'], A: ['Succeeded'] }),
        Either: compose('either', { Ok: ['Succeeded'], A: ['Failed'] }),
      }),
    );
    const steps = await h.steps();
    expect(['B', 'C', 'D'].map((n) => steps.get(n)?.status)).toEqual(['Skipped', 'Skipped', 'Skipped']);
    expect(steps.get('Both')?.status).toBe('Skipped');
    expect(steps.get('Either')?.status).toBe('Succeeded');
    expect(steps.get('B')?.error?.code).toBe('ActionConditionFailed');
  });

  it('counts a handled failure as handled: the run Succeeds when the last action of the branch does', async () => {
    const h = createHarness();
    h.register(failing());
    const run = await h.run(definition({ A: connectorAction('shared_test', 'Fail'), Handle: compose('handled', { A: ['Failed'] }) }));
    expect(run.status).toBe('Succeeded');
    expect(run.error).toBeUndefined();
  });

  it('takes a skipped branch end as its predecessor: Succeeded after a success, Failed after an unhandled failure', async () => {
    const h = createHarness();
    const ok = await h.run(definition({ A: compose('a'), Catch: compose('c', { A: ['Failed'] }) }));
    expect(ok.status).toBe('Succeeded');

    const h2 = createHarness();
    h2.register(failing());
    const failed = await h2.run(definition({ A: connectorAction('shared_test', 'Fail'), Next: compose('n', { A: ['Succeeded'] }), Other: compose('o', { A: ['Failed'] }) }));
    // `Other` handled the failure in its branch, but `Next`'s branch ends in failure.
    expect(failed.status).toBe('Failed');
  });
});

describe('try / catch / finally scopes', () => {
  const tryCatchFinally = (inner: Record<string, unknown>) =>
    definition({
      Try: { type: 'Scope', actions: inner },
      Catch: { type: 'Scope', runAfter: { Try: ['Failed', 'TimedOut'] }, actions: { Report: { type: 'Compose', inputs: "@result('Try')" } } },
      Finally: { type: 'Scope', runAfter: { Catch: ['Succeeded', 'Failed', 'Skipped', 'TimedOut'] }, actions: { Done: { type: 'Compose', inputs: 'done' } } },
    });

  it('runs Catch when Try fails, and Finally in any case; the handled run Succeeds', async () => {
    const h = createHarness();
    h.register(failing());
    const run = await h.run(tryCatchFinally({ Call: connectorAction('shared_test', 'Fail'), After: { type: 'Compose', inputs: 'x', runAfter: { Call: ['Succeeded'] } } }));
    const steps = await h.steps();
    expect(steps.get('Try')?.status).toBe('Failed');
    expect(steps.get('Try')?.error?.code).toBe('ActionFailed');
    expect(steps.get('Catch')?.status).toBe('Succeeded');
    expect(steps.get('Catch/Report')?.outputs).toEqual([
      expect.objectContaining({ name: 'Call', status: 'Failed', code: 'BadRequest', outputs: { statusCode: 400, body: { error: 'nope' } } }),
      expect.objectContaining({ name: 'After', status: 'Skipped' }),
    ]);
    expect(steps.get('Finally')?.status).toBe('Succeeded');
    expect(steps.get('Finally/Done')?.status).toBe('Succeeded');
    expect(run.status).toBe('Succeeded');
  });

  it('runs Catch after a timed-out Try', async () => {
    const h = createHarness();
    h.register(fakeAction('shared_test', 'Hang', () => new Promise(() => undefined)));
    await h.run(tryCatchFinally({ Call: connectorAction('shared_test', 'Hang', {}, { limit: { timeout: 'PT1M' } }) }));
    const steps = await h.steps();
    expect(steps.get('Try/Call')?.status).toBe('TimedOut');
    expect(steps.get('Try')?.status).toBe('TimedOut');
    expect(steps.get('Catch')?.status).toBe('Succeeded');
    expect(steps.get('Finally')?.status).toBe('Succeeded');
  });

  it('skips Catch when Try succeeds and still runs Finally', async () => {
    const h = createHarness();
    h.register(fakeAction('shared_test', 'Ok'));
    const run = await h.run(tryCatchFinally({ Call: connectorAction('shared_test', 'Ok') }));
    const steps = await h.steps();
    expect(steps.get('Try')?.status).toBe('Succeeded');
    expect(steps.get('Catch')?.status).toBe('Skipped');
    expect(steps.get('Catch/Report')).toBeUndefined();
    expect(steps.get('Finally')?.status).toBe('Succeeded');
    expect(run.status).toBe('Succeeded');
  });

  it('fails the run when a scope fails and nothing handles it', async () => {
    const h = createHarness();
    h.register(failing());
    const run = await h.run(definition({ Try: { type: 'Scope', actions: { Call: connectorAction('shared_test', 'Fail') } } }));
    expect(run.status).toBe('Failed');
    expect(run.error?.message).toContain("'Try' failed");
  });

  it('walks the real Try-Catch-Finally export (empty scopes) to Succeeded', async () => {
    const h = createHarness();
    const file = path.resolve(__dirname, '../../../../../shared/fixtures/flows/pnp-powerautomate-samples/Try-Catch-Finally--definition.json');
    const exported = JSON.parse(fs.readFileSync(file, 'utf8')) as { properties: { definition: unknown } };
    const run = await h.run(parseDefinition(exported.properties.definition));
    const steps = await h.steps();
    expect(run.status).toBe('Succeeded');
    expect([...steps.values()].map((s) => `${s.name}:${s.status}`)).toEqual(['Try:Succeeded', 'Catch:Skipped', 'Finally:Succeeded']);
  });
});
