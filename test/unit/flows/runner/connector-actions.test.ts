import { z } from 'zod';
import { ThrottledError } from '../../../../core/errors';
import { ConnectorError } from '../../../../flows/engine/contracts';
import { connectorAction, createHarness, definition, fakeAction, T0 } from './runner-harness';

// OpenApiConnection and Http steps: parameters, outputs, retry policies and timeouts.

describe('OpenApiConnection', () => {
  it('un-flattens slash parameters, evaluates them, and hands the call its facts', async () => {
    const h = createHarness();
    const send = fakeAction('shared_office365', 'SendEmailV2');
    h.register(send);
    await h.run(
      definition({
        Send: connectorAction('shared_office365', 'SendEmailV2', {
          'emailMessage/To': "@triggerBody()?['manager']",
          'emailMessage/Subject': "Alert @{triggerBody()?['id']}",
          'emailMessage/Importance': 'High',
          'body/recipient/to': 'x@contoso.com',
          $select: 'id',
        }),
      }),
      { triggerOutputs: { body: { manager: 'eve@contoso.com', id: 'A-1' } } },
    );
    expect(send.calls).toHaveLength(1);
    expect(send.calls[0].parameters).toEqual({
      emailMessage: { To: 'eve@contoso.com', Subject: 'Alert A-1', Importance: 'High' },
      body: { recipient: { to: 'x@contoso.com' } },
      $select: 'id',
    });
    expect(send.calls[0].context).toMatchObject({ tenant: 'contoso', idempotencyKey: 'run-1/Send', runId: 'run-1', flowId: 'flow-1', attempt: 1, connectionName: 'shared_office365' });
    const step = (await h.steps()).get('Send');
    expect(step?.inputs).toEqual({
      host: { apiId: '/providers/Microsoft.PowerApps/apis/shared_office365', operationId: 'SendEmailV2', connectionName: 'shared_office365' },
      parameters: { 'emailMessage/To': 'eve@contoso.com', 'emailMessage/Subject': 'Alert A-1', 'emailMessage/Importance': 'High', 'body/recipient/to': 'x@contoso.com', $select: 'id' },
    });
  });

  it("exposes {statusCode, headers, body} to outputs(), body() and slash paths like outputs('X')?['body/value']", async () => {
    const h = createHarness();
    h.register(fakeAction('shared_sharepointonline', 'GetItems', () => ({ statusCode: 200, headers: { etag: 'w/1' }, body: { value: [{ Title: 'one', '{Link}': 'https://x' }] } })));
    await h.run(
      definition({
        Get: connectorAction('shared_sharepointonline', 'GetItems'),
        Paths: {
          type: 'Compose',
          runAfter: { Get: ['Succeeded'] },
          inputs: {
            value: "@outputs('Get')?['body/value']",
            first: "@first(outputs('Get')?['body/value'])?['Title']",
            link: "@first(body('Get')?['value'])?['{Link}']",
            status: "@outputs('Get')['statusCode']",
            header: "@outputs('Get')?['headers']?['etag']",
            legacy: "@actionOutputs('Get')?['body/value']?[0]?['Title']",
            action: "@actions('Get')?['status']",
          },
        },
      }),
    );
    expect((await h.steps()).get('Paths')?.outputs).toEqual({
      value: [{ Title: 'one', '{Link}': 'https://x' }],
      first: 'one',
      link: 'https://x',
      status: 200,
      header: 'w/1',
      legacy: 'one',
      action: 'Succeeded',
    });
  });

  it("fails with InvalidParameters naming the parameter the operation's schema rejects", async () => {
    const h = createHarness();
    const op = fakeAction('shared_office365users', 'Manager_V2', undefined, z.object({ id: z.string().min(1) }));
    h.register(op);
    await h.run(definition({ Manager: connectorAction('shared_office365users', 'Manager_V2', { id: 42 }) }));
    const step = (await h.steps()).get('Manager');
    expect(step?.error?.code).toBe('InvalidParameters');
    expect(step?.error?.message).toContain('id:');
    expect(op.calls).toHaveLength(0);
  });

  it('fails with OperationNotFound for an operation no connector offers', async () => {
    const h = createHarness();
    await h.run(definition({ Missing: connectorAction('shared_nothing', 'Nope') }));
    expect((await h.steps()).get('Missing')?.error?.code).toBe('OperationNotFound');
  });

  it('treats a returned status of 400 and above as a failure with those outputs', async () => {
    const h = createHarness();
    h.register(fakeAction('shared_test', 'Gone', () => ({ statusCode: 404, body: { message: 'no such user' } })));
    await h.run(definition({ Get: connectorAction('shared_test', 'Gone') }));
    const step = (await h.steps()).get('Get');
    expect(step).toMatchObject({ status: 'Failed', code: 'NotFound', outputs: { statusCode: 404, body: { message: 'no such user' } }, attempts: 1 });
  });
});

describe('retry policies', () => {
  const flaky = (failures: number, error: () => Error) =>
    fakeAction('shared_test', 'Flaky', (_p, call) => {
      if (call <= failures) throw error();
      return { statusCode: 200, body: { call } };
    });

  it('retries a fixed policy count times, interval apart, then fails with the last error and its outputs', async () => {
    const h = createHarness();
    const times: number[] = [];
    const recording = fakeAction('shared_test', 'Flaky', () => {
      times.push(h.clock.now());
      throw new ConnectorError('busy', 503, { error: 'busy' });
    });
    h.register(recording);
    await h.run(definition({ Call: connectorAction('shared_test', 'Flaky', {}, { inputs: { retryPolicy: { type: 'fixed', count: 2, interval: 'PT30S' } } }) }));
    const step = (await h.steps()).get('Call');
    expect(step).toMatchObject({ status: 'Failed', code: 'ServiceUnavailable', attempts: 3, outputs: { statusCode: 503, body: { error: 'busy' } } });
    expect(step?.error?.message).toContain('after 3 attempts');
    expect(times.map((t) => (t - T0) / 1000)).toEqual([0, 30, 60]);
    expect(recording.calls.map((c) => c.context.attempt)).toEqual([1, 2, 3]);
    expect(new Set(recording.calls.map((c) => c.context.idempotencyKey))).toEqual(new Set(['run-1/Call']));
  });

  it('retries exponentially by default, and honours retryAfterMs', async () => {
    const h = createHarness();
    const times: number[] = [];
    h.register(
      fakeAction('shared_test', 'Flaky', (_p, call) => {
        times.push(h.clock.now() - T0);
        if (call === 1) throw new ConnectorError('slow down', 429, undefined, 2_000);
        if (call === 2) throw new ConnectorError('oops', 500);
        return { statusCode: 200, body: { call } };
      }),
    );
    await h.run(definition({ Call: connectorAction('shared_test', 'Flaky') }));
    const step = (await h.steps()).get('Call');
    expect(step).toMatchObject({ status: 'Succeeded', attempts: 3, outputs: { body: { call: 3 } } });
    // 2 s as the service asked; then the default policy's second retry, uniform in [7.5 s, 15 s] (random 0.5 → 11.25 s).
    expect(times).toEqual([0, 2_000, 2_000 + 11_250]);
  });

  it('counts retries of a throttling port error (ThrottledError) too', async () => {
    const h = createHarness();
    h.register(flaky(1, () => new ThrottledError('Graph throttled', 1_000)));
    await h.run(definition({ Call: connectorAction('shared_test', 'Flaky') }));
    expect((await h.steps()).get('Call')).toMatchObject({ status: 'Succeeded', attempts: 2 });
  });

  it('does not retry with type none', async () => {
    const h = createHarness();
    const op = flaky(5, () => new ConnectorError('busy', 503));
    h.register(op);
    await h.run(definition({ Call: connectorAction('shared_test', 'Flaky', {}, { inputs: { retryPolicy: { type: 'none' } } }) }));
    expect(op.calls).toHaveLength(1);
    expect((await h.steps()).get('Call')).toMatchObject({ status: 'Failed', attempts: 1 });
  });

  it('does not retry a 400', async () => {
    const h = createHarness();
    const op = flaky(5, () => new ConnectorError('bad input', 400, { field: 'id' }));
    h.register(op);
    await h.run(definition({ Call: connectorAction('shared_test', 'Flaky') }));
    expect(op.calls).toHaveLength(1);
    expect((await h.steps()).get('Call')).toMatchObject({ status: 'Failed', code: 'BadRequest', outputs: { statusCode: 400, body: { field: 'id' } } });
  });

  it('fails a malformed policy without calling', async () => {
    const h = createHarness();
    const op = flaky(0, () => new Error('unused'));
    h.register(op);
    await h.run(definition({ Call: connectorAction('shared_test', 'Flaky', {}, { inputs: { retryPolicy: { type: 'fixed', count: 200, interval: 'PT1S' } } }) }));
    expect((await h.steps()).get('Call')?.error?.code).toBe('InvalidRetryPolicy');
    expect(op.calls).toHaveLength(0);
  });

  it('waits out a long retry interval as a Waiting run that resumeDue continues', async () => {
    const h = createHarness();
    const op = flaky(1, () => new ConnectorError('busy', 503, undefined, 10 * 60_000));
    h.register(op);
    const waiting = await h.run(definition({ Call: connectorAction('shared_test', 'Flaky') }));
    expect(waiting.status).toBe('Waiting');
    expect(waiting.wakeAt).toBe(new Date(T0 + 10 * 60_000).toISOString());
    expect((await h.steps()).get('Call')).toMatchObject({ status: 'Running', attempts: 1, nextAttemptAt: waiting.wakeAt });

    h.elapse(5 * 60_000);
    expect(await h.settle(h.runner.resumeDue())).toBe(0);
    h.elapse(5 * 60_000 - 1);
    expect(await h.settle(h.runner.resumeDue())).toBe(0);
    h.elapse(1);
    expect(await h.settle(h.runner.resumeDue())).toBe(1);
    expect((await h.runner.getRun('run-1'))?.status).toBe('Succeeded');
    expect((await h.steps()).get('Call')).toMatchObject({ status: 'Succeeded', attempts: 2 });
  });
});

describe('timeouts', () => {
  it('times a call out after limit.timeout', async () => {
    const h = createHarness();
    const op = fakeAction('shared_test', 'Hang', () => new Promise(() => undefined));
    h.register(op);
    const run = await h.run(definition({ Call: connectorAction('shared_test', 'Hang', {}, { limit: { timeout: 'PT45S' } }) }));
    const step = (await h.steps()).get('Call');
    expect(step).toMatchObject({ status: 'TimedOut', code: 'ActionTimedOut', attempts: 1 });
    expect(Date.parse(step!.endedAt!) - T0).toBe(45_000);
    expect(run.status).toBe('TimedOut');
  });

  it('times a call out after the default action timeout without limit.timeout', async () => {
    const h = createHarness({ deps: { limits: { defaultActionTimeoutMs: 5_000 } } });
    h.register(fakeAction('shared_test', 'Hang', () => new Promise(() => undefined)));
    await h.run(definition({ Call: connectorAction('shared_test', 'Hang') }));
    const step = (await h.steps()).get('Call');
    expect(step?.status).toBe('TimedOut');
    expect(Date.parse(step!.endedAt!) - T0).toBe(5_000);
  });

  it('does not start a retry that cannot finish before limit.timeout', async () => {
    const h = createHarness();
    const op = fakeAction('shared_test', 'Busy', () => {
      throw new ConnectorError('busy', 503);
    });
    h.register(op);
    await h.run(definition({ Call: connectorAction('shared_test', 'Busy', {}, { limit: { timeout: 'PT20S' }, inputs: { retryPolicy: { type: 'fixed', count: 5, interval: 'PT15S' } } }) }));
    expect(op.calls).toHaveLength(2);
    expect((await h.steps()).get('Call')?.status).toBe('TimedOut');
  });
});

describe('Http', () => {
  it('calls the http connector with the evaluated inputs and retries under its policy', async () => {
    const h = createHarness();
    const http = fakeAction('http', 'Http', (_p, call) => {
      if (call === 1) throw new ConnectorError('bad gateway', 502);
      return { statusCode: 200, body: { ok: true } };
    });
    h.register(http);
    await h.run(
      definition({
        Post: { type: 'Http', inputs: { method: 'POST', uri: 'https://hooks.contoso.example/x', body: { alert: "@triggerBody()?['id']" }, retryPolicy: { type: 'fixed', count: 1, interval: 'PT5S' } } },
      }),
      { triggerOutputs: { body: { id: 'A-9' } } },
    );
    expect(http.calls.map((c) => c.parameters)).toEqual([
      { method: 'POST', uri: 'https://hooks.contoso.example/x', body: { alert: 'A-9' } },
      { method: 'POST', uri: 'https://hooks.contoso.example/x', body: { alert: 'A-9' } },
    ]);
    expect((await h.steps()).get('Post')).toMatchObject({ status: 'Succeeded', attempts: 2, outputs: { statusCode: 200, body: { ok: true } } });
  });
});

describe('a failed connector call', () => {
  it.each([
    ['the response body', { error: { code: 'InvalidParameter', message: 'emailMessage/To: expected an address' } }],
    ['the whole outputs, as the connector helpers build them', { statusCode: 400, body: { error: { code: 'InvalidParameter', message: 'emailMessage/To: expected an address' } } }],
  ])('given %s, has outputs {statusCode, body} with the body once', async (_label, thrown) => {
    const h = createHarness();
    h.register(
      fakeAction('shared_office365', 'SendEmailV2', () => {
        throw new ConnectorError('emailMessage/To: expected an address', 400, thrown);
      }),
    );
    await h.run(definition({ Send: connectorAction('shared_office365', 'SendEmailV2', { 'emailMessage/To': 'nobody' }) }));
    const step = (await h.steps()).get('Send');
    expect(step?.status).toBe('Failed');
    expect(step?.outputs).toEqual({ statusCode: 400, body: { error: { code: 'InvalidParameter', message: 'emailMessage/To: expected an address' } } });
  });
});
