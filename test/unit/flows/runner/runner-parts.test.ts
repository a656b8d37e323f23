import type { WorkflowAction } from '../../../../flows/engine/definition/workflow-definition';
import { addIsoDuration, isoDurationMs, parseIsoDuration } from '../../../../flows/engine/runner/iso-duration';
import { schemaMismatch } from '../../../../flows/engine/runner/json-schema-check';
import { fitRecord } from '../../../../flows/engine/runner/record-size';
import { DEFAULT_RETRY_POLICY, parseRetryPolicy, retryDelayMs } from '../../../../flows/engine/runner/retry-policy';
import type { FlowStepRecord } from '../../../../flows/engine/runner/run-records';
import { StepFailure } from '../../../../flows/engine/runner/run-signals';
import { containerOutcome, runAfterSatisfied } from '../../../../flows/engine/runner/run-status';
import { topologicalOrder } from '../../../../flows/engine/runner/topological-order';
import { unflattenParameters } from '../../../../flows/engine/runner/unflatten-parameters';

// The runner's pure parts, each on its own.

const FROM = new Date('2026-01-31T10:00:00.000Z');

describe('ISO 8601 durations', () => {
  it.each([
    ['PT7.5S', 7_500],
    ['PT1H', 3_600_000],
    ['P14D', 14 * 86_400_000],
    ['P2W', 14 * 86_400_000],
    ['P1DT2H3M4S', 86_400_000 + 2 * 3_600_000 + 3 * 60_000 + 4_000],
    ['pt30s', 30_000],
  ])('%s lasts %d ms', (text, ms) => {
    expect(isoDurationMs(parseIsoDuration(text)!, FROM)).toBe(ms);
  });

  it('adds calendar months, clamping to the end of a shorter month', () => {
    expect(addIsoDuration(FROM, parseIsoDuration('P1M')!).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(addIsoDuration(FROM, parseIsoDuration('P1Y')!).toISOString()).toBe('2027-01-31T10:00:00.000Z');
  });

  it.each(['', 'P', 'PT', '30s', 'P1H', 'PT1D', '1 hour'])('rejects %j', (text) => {
    expect(parseIsoDuration(text)).toBeUndefined();
  });
});

describe('retry policies', () => {
  it('defaults to exponential, 4 retries, 7.5 s scaled and kept within 5–45 s', () => {
    expect(parseRetryPolicy(undefined, FROM)).toEqual(DEFAULT_RETRY_POLICY);
    expect(parseRetryPolicy({ type: 'Default' }, FROM)).toEqual(DEFAULT_RETRY_POLICY);
    const low = [1, 2, 3, 4].map((n) => retryDelayMs(DEFAULT_RETRY_POLICY, n, () => 0));
    const high = [1, 2, 3, 4].map((n) => retryDelayMs(DEFAULT_RETRY_POLICY, n, () => 0.999_999));
    expect(low).toEqual([5_000, 7_500, 15_000, 30_000]);
    expect(high).toEqual([7_500, 15_000, 30_000, 45_000]);
  });

  it('reads fixed and exponential policies with ISO intervals', () => {
    expect(parseRetryPolicy({ type: 'fixed', count: 2, interval: 'PT30S' }, FROM)).toMatchObject({ type: 'fixed', count: 2, intervalMs: 30_000 });
    const exp = parseRetryPolicy({ type: 'exponential', count: 6, interval: 'PT10S', minimumInterval: 'PT1S', maximumInterval: 'PT1M' }, FROM);
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(exp, n, () => 0))).toEqual([1_000, 10_000, 20_000, 40_000, 60_000, 60_000]);
    expect(parseRetryPolicy({ type: 'none' }, FROM).count).toBe(0);
  });

  it.each([[{ type: 'sometimes' }], [{ type: 'fixed', count: 0, interval: 'PT1S' }], [{ type: 'fixed', count: 2, interval: '30 seconds' }], ['fixed']])(
    'rejects %j as InvalidRetryPolicy',
    (raw) => {
      expect(() => parseRetryPolicy(raw, FROM)).toThrow(expect.objectContaining({ code: 'InvalidRetryPolicy' }) as Error);
    },
  );
});

describe('unflattenParameters', () => {
  it('nests slash keys, merges siblings and leaves other keys alone', () => {
    expect(
      unflattenParameters({
        'emailMessage/To': 'a@x',
        'emailMessage/Subject': 'Hi',
        'body/body/recipient/to': 'b@x',
        'body/body/messageBody': 'text',
        poster: 'Flow bot',
        '/odd': 1,
        'a//b': 2,
      }),
    ).toEqual({
      emailMessage: { To: 'a@x', Subject: 'Hi' },
      body: { body: { recipient: { to: 'b@x' }, messageBody: 'text' } },
      poster: 'Flow bot',
      '/odd': 1,
      'a//b': 2,
    });
  });

  it('merges an object given whole with its slash keys', () => {
    expect(unflattenParameters({ item: { subject: 'S' }, 'item/start': 'T' })).toEqual({ item: { subject: 'S', start: 'T' } });
  });

  it('fails on a key that is both a value and a parent', () => {
    expect(() => unflattenParameters({ body: 'text', 'body/recipient': 'x' })).toThrow(StepFailure);
  });
});

describe('topologicalOrder', () => {
  it('puts every action after its predecessors, keeping written order among ready ones', () => {
    const actions: Record<string, WorkflowAction> = {
      D: { type: 'Compose', runAfter: { B: ['Succeeded'], C: ['Succeeded'] } },
      C: { type: 'Compose', runAfter: { A: ['Succeeded'] } },
      B: { type: 'Compose', runAfter: { A: ['Succeeded'] } },
      A: { type: 'Compose' },
      E: { type: 'Compose' },
    };
    expect(topologicalOrder(actions)).toEqual(['A', 'C', 'B', 'D', 'E']);
  });
});

describe('run status', () => {
  const actions: Record<string, WorkflowAction> = {
    A: { type: 'Compose' },
    B: { type: 'Compose', runAfter: { A: ['Succeeded'] } },
    C: { type: 'Compose', runAfter: { A: ['Failed'] } },
  };

  it('checks runAfter against the predecessors seen so far', () => {
    expect(runAfterSatisfied({ A: ['Failed', 'TimedOut'] }, new Map([['A', 'TimedOut']]))).toBe(true);
    expect(runAfterSatisfied({ A: [] }, new Map([['A', 'Failed']]))).toBe(false);
    expect(runAfterSatisfied({ A: ['Succeeded'], B: ['Skipped'] }, new Map([['A', 'Succeeded'], ['B', 'Succeeded']]))).toBe(false);
  });

  it('judges a container by its branch ends, a skipped end standing for the predecessor that skipped it', () => {
    const statuses = (a: string, b: string, c: string) =>
      new Map([
        ['A', { status: a }],
        ['B', { status: b }],
        ['C', { status: c }],
      ] as [string, { status: 'Succeeded' | 'Failed' | 'Skipped' }][]);
    expect(containerOutcome(actions, statuses('Succeeded', 'Succeeded', 'Skipped')).status).toBe('Succeeded');
    // A failed: C handled it, but B's branch ends Skipped after the failure.
    expect(containerOutcome(actions, statuses('Failed', 'Skipped', 'Succeeded'))).toMatchObject({ status: 'Failed', cause: { name: 'A' } });
    expect(containerOutcome({ A: actions.A, C: actions.C }, new Map([['A', { status: 'Failed' }], ['C', { status: 'Succeeded' }]] as const)).status).toBe('Succeeded');
    expect(containerOutcome({}, new Map()).status).toBe('Succeeded');
  });
});

describe('schemaMismatch (ParseJson)', () => {
  const schema = { type: 'object', properties: { kind: { enum: ['a', 'b'] }, n: { type: ['integer', 'null'] }, list: { type: 'array', items: { type: 'object', required: ['id'] } } } };
  it('accepts a fitting value and names the first mismatch path', () => {
    expect(schemaMismatch({ kind: 'a', n: null, list: [{ id: 1 }], extra: true }, schema)).toBeUndefined();
    expect(schemaMismatch({ kind: 'c' }, schema)).toContain('$.kind: expected one of "a", "b"');
    expect(schemaMismatch({ n: 1.5 }, schema)).toBe('$.n: expected integer or null; got number');
    expect(schemaMismatch({ list: [{ id: 1 }, {}] }, schema)).toBe("$.list[1]: required property 'id' is missing");
    expect(schemaMismatch([], schema)).toBe('$: expected object; got array');
  });
});

describe('fitRecord', () => {
  const record = (outputs: unknown, inputs: unknown): FlowStepRecord => ({ runId: 'r', path: 'P', name: 'P', type: 'Compose', status: 'Succeeded', seq: 0, attempts: 0, startedAt: 'x', inputs, outputs });

  it('leaves a small record alone and drops outputs, then inputs, from a large one', () => {
    const small = record({ a: 1 }, { b: 2 });
    expect(fitRecord(small, 1_000)).toBe(small);
    const big = fitRecord(record('x'.repeat(2_000), { b: 2 }), 1_000);
    expect(big).toMatchObject({ outputs: { truncated: true, chars: 2_002 }, inputs: { b: 2 }, truncated: ['outputs'] });
    const both = fitRecord(record('x'.repeat(2_000), 'y'.repeat(2_000)), 1_000);
    expect(both.truncated).toEqual(['outputs', 'inputs']);
    expect(JSON.stringify(both).length).toBeLessThanOrEqual(1_000);
  });
});
