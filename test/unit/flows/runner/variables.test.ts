import { createHarness, definition } from './runner-harness';

// Every variable action, its type checks, and what a failed one leaves behind.

const init = (variables: { name: string; type: string; value?: unknown }[]) => ({ type: 'InitializeVariable', inputs: { variables } });
const after = (name: string, action: Record<string, unknown>) => ({ ...action, runAfter: { [name]: ['Succeeded'] } });
const read = (expression: string, runAfter: string) => ({ type: 'Compose', inputs: expression, runAfter: { [runAfter]: ['Succeeded', 'Failed'] } });

describe('variables', () => {
  it('initializes every type (type names in any casing) and reads them back', async () => {
    const h = createHarness();
    await h.run(
      definition({
        Init: init([
          { name: 'text', type: 'String', value: 'hi' },
          { name: 'count', type: 'integer', value: 2 },
          { name: 'ratio', type: 'Float', value: 0.5 },
          { name: 'flag', type: 'boolean', value: true },
          { name: 'list', type: 'array', value: [1] },
          { name: 'bag', type: 'object', value: { a: 1 } },
          { name: 'empty', type: 'string' },
        ]),
        All: read("@createArray(variables('text'), variables('count'), variables('ratio'), variables('flag'), variables('list'), variables('bag'), variables('empty'))", 'Init'),
      }),
    );
    expect((await h.steps()).get('All')?.outputs).toEqual(['hi', 2, 0.5, true, [1], { a: 1 }, '']);
  });

  it('sets, appends, increments and decrements', async () => {
    const h = createHarness();
    await h.run(
      definition({
        Init: init([
          { name: 'text', type: 'string', value: 'a' },
          { name: 'n', type: 'integer', value: 10 },
          { name: 'list', type: 'array', value: [] },
        ]),
        Set: after('Init', { type: 'SetVariable', inputs: { name: 'text', value: 'b' } }),
        AppendText: after('Set', { type: 'AppendToStringVariable', inputs: { name: 'text', value: '-c' } }),
        AppendItem: after('AppendText', { type: 'AppendToArrayVariable', inputs: { name: 'list', value: { x: "@variables('text')" } } }),
        Up: after('AppendItem', { type: 'IncrementVariable', inputs: { name: 'n', value: 5 } }),
        UpByOne: after('Up', { type: 'IncrementVariable', inputs: { name: 'n' } }),
        Down: after('UpByOne', { type: 'DecrementVariable', inputs: { name: 'n', value: 3 } }),
        Result: read("@createArray(variables('text'), variables('list'), variables('n'))", 'Down'),
      }),
    );
    const steps = await h.steps();
    expect(steps.get('Result')?.outputs).toEqual(['b-c', [{ x: 'b-c' }], 13]);
    expect(steps.get('Set')?.outputs).toEqual({ body: { name: 'text', value: 'b' } });
    expect(steps.get('Down')?.variables).toEqual({ n: { name: 'n', type: 'Integer', value: 13 } });
  });

  it('accumulates across loop iterations', async () => {
    const h = createHarness();
    await h.run(
      definition({
        Init: init([{ name: 'names', type: 'string', value: '' }]),
        Loop: after('Init', { type: 'Foreach', foreach: "@createArray('ada', 'bob')", actions: { Add: { type: 'AppendToStringVariable', inputs: { name: 'names', value: '@{item()};' } } } }),
        Names: read("@variables('names')", 'Loop'),
      }),
    );
    expect((await h.steps()).get('Names')?.outputs).toBe('ada;bob;');
  });

  it.each([
    ['an integer set to text', 'integer', 1, { type: 'SetVariable', inputs: { name: 'v', value: 'x' } }, 'InvalidVariableValue'],
    ['an integer set to a fraction', 'integer', 1, { type: 'SetVariable', inputs: { name: 'v', value: 1.5 } }, 'InvalidVariableValue'],
    ['a string incremented', 'string', 'a', { type: 'IncrementVariable', inputs: { name: 'v', value: 1 } }, 'InvalidVariableType'],
    ['an integer incremented by text', 'integer', 1, { type: 'IncrementVariable', inputs: { name: 'v', value: 'one' } }, 'InvalidVariableValue'],
    ['an integer incremented by a fraction', 'integer', 1, { type: 'IncrementVariable', inputs: { name: 'v', value: 0.5 } }, 'InvalidVariableValue'],
    ['a string appended to as an array', 'string', 'a', { type: 'AppendToArrayVariable', inputs: { name: 'v', value: 1 } }, 'InvalidVariableType'],
    ['an array appended to as a string', 'array', [], { type: 'AppendToStringVariable', inputs: { name: 'v', value: 'x' } }, 'InvalidVariableType'],
    ['a boolean set to an object', 'boolean', false, { type: 'SetVariable', inputs: { name: 'v', value: { a: 1 } } }, 'InvalidVariableValue'],
    ['a variable never initialized', 'integer', 1, { type: 'SetVariable', inputs: { name: 'other', value: 1 } }, 'VariableNotInitialized'],
  ])('fails on %s and keeps the old value', async (_what, type, value, change, code) => {
    const h = createHarness();
    const run = await h.run(definition({ Init: init([{ name: 'v', type, value }]), Change: after('Init', change), Value: read("@variables('v')", 'Change') }));
    const steps = await h.steps();
    expect(steps.get('Change')?.status).toBe('Failed');
    expect(steps.get('Change')?.error?.code).toBe(code);
    expect(steps.get('Value')?.outputs).toEqual(value);
    expect(run.status).toBe('Succeeded');
  });

  it('fails InitializeVariable on a value of the wrong type, an unknown type, or a second initialization', async () => {
    const h = createHarness();
    await h.run(
      definition({
        Wrong: init([{ name: 'a', type: 'integer', value: '1' }]),
        Unknown: init([{ name: 'b', type: 'date', value: '2026-01-01' }]),
        First: init([{ name: 'c', type: 'string', value: 'x' }]),
        Again: after('First', init([{ name: 'C', type: 'string', value: 'y' }])),
      }),
    );
    const steps = await h.steps();
    expect(steps.get('Wrong')?.error?.code).toBe('InvalidVariableValue');
    expect(steps.get('Unknown')?.error?.code).toBe('InvalidInputs');
    expect(steps.get('Again')?.error?.code).toBe('VariableAlreadyInitialized');
  });

  it('fails an expression reading a variable that was never initialized', async () => {
    const h = createHarness();
    await h.run(definition({ Read: { type: 'Compose', inputs: "@variables('ghost')" } }));
    const read = (await h.steps()).get('Read');
    expect(read?.error?.code).toBe('InvalidTemplate');
    expect(read?.error?.message).toContain('ghost');
  });
});
