import { FlowExpressionError } from '../../../../flows/engine/contracts';
import { cachedTemplateCount, evaluateTemplate, evaluateValue, isTemplateString, parseTemplate, templateFunctionNames } from '../../../../flows/engine/expressions';
import { createTestContext, evaluate, failure, run } from './expression-context';

describe('whole expressions keep their JSON type', () => {
  const ctx = createTestContext({ variables: (args: readonly unknown[]) => ({ age: 42, list: [1, 2], person: { name: 'Sophia' }, yes: true, none: null })[args[0] as string] });

  it.each([
    ["@variables('age')", 42],
    ["@variables('list')", [1, 2]],
    ["@variables('person')", { name: 'Sophia' }],
    ["@variables('yes')", true],
    ["@variables('none')", null],
    ["@'text'", 'text'],
    ['@2.5', 2.5],
  ])('%s', (text, expected) => {
    expect(evaluate(text, ctx)).toEqual(expected);
  });
});

describe('interpolation always yields a string', () => {
  const ctx = createTestContext({ variables: (args: readonly unknown[]) => ({ age: 42, person: { name: 'Sophia', tags: ['a'] }, yes: true, no: false, none: null, pi: 3.14 })[args[0] as string] });

  it.each([
    ["@{variables('age')}", '42'],
    ["My age is @{variables('age')}", 'My age is 42'],
    ["@{variables('person')}", '{"name":"Sophia","tags":["a"]}'],
    ["[@{variables('none')}]", '[]'],
    ["@{variables('pi')} and @{-01.0} and @{3e1}", '3.14 and -1 and 30'],
    ["@{'h'}@{'e'}@{'l'}@{'l'}@{'o'}", 'hello'],
    ["testing @@{'blah'} @{'thing'}", "testing @{'blah'} thing"],
  ])('%s', (text, expected) => {
    expect(evaluate(text, ctx)).toBe(expected);
  });

  it("prints booleans as .NET does ('True' / 'False'), which is what Logic Apps produces", () => {
    expect(evaluate("@{variables('yes')}/@{variables('no')}", ctx)).toBe('True/False');
    expect(evaluate('@{true}', ctx)).toBe('True');
  });

  it('leaves text without expressions alone and reduces a leading @@ to @', () => {
    expect(evaluate('someone@contoso.com', ctx)).toBe('someone@contoso.com');
    expect(evaluate("@@concat('a')", ctx)).toBe("@concat('a')");
    expect(evaluate('@@', ctx)).toBe('@');
    expect(evaluate('@', ctx)).toBe('@');
  });
});

describe('reference functions', () => {
  it('asks the resolver with the lower-case name and the evaluated arguments', () => {
    const ctx = createTestContext({ outputs: { body: { id: 7 } }, triggerbody: { alert: { severity: 'High' } } });
    expect(run("OUTPUTS(concat('Get_', 'manager'))?['body']?['id']", ctx)).toBe(7);
    expect(run("triggerBody()?['alert']?['severity']", ctx)).toBe('High');
    expect(ctx.calls).toEqual([
      { name: 'outputs', args: ['Get_manager'] },
      { name: 'triggerbody', args: [] },
    ]);
  });

  it("passes the resolver's FlowExpressionError on, pointing at the call", () => {
    const error = failure("concat('x', item())", createTestContext({}));
    expect(error.message).toMatch(/no reference 'item' in this test/);
    expect(error.position).toBe(13);
  });

  it('treats undefined from the resolver as null', () => {
    const ctx = createTestContext({ body: undefined });
    expect(run("body('X')", ctx)).toBeNull();
    expect(evaluate("[@{body('X')}]", ctx)).toBe('[]');
  });
});

describe('function calls', () => {
  it('matches function names ignoring case, as real exports need (utcnow, adddays, base64tostring)', () => {
    const ctx = createTestContext({}, { now: '2024-05-01T08:30:00.000Z' });
    expect(run('utcnow()', ctx)).toBe('2024-05-01T08:30:00.0000000Z');
    expect(run("adddays('2018-03-15T00:00:00Z', 10)", ctx)).toBe('2018-03-25T00:00:00.0000000Z');
    expect(run("base64tostring('aGVsbG8=')", ctx)).toBe('hello');
    expect(run("ADD(INT('123'), INT('456'))", ctx)).toBe(579);
    expect(run("encodeURIComponent('a b')", ctx)).toBe('a%20b');
  });

  it('refuses an unknown function when evaluated, naming it and its position', () => {
    const error = failure("concat('a', nope(1))");
    expect(error.message).toBe("The function 'nope' at position 13 is not defined or not supported");
    expect(error.position).toBe(13);
  });

  it('checks the number of arguments against the registry', () => {
    expect(failure("add(1)").message).toMatch(/^add expects 2 arguments; got 1/);
    expect(failure("substring('a')").message).toMatch(/^substring expects 2 to 3 arguments; got 1/);
    expect(failure('concat()').message).toMatch(/^concat expects at least 1 argument; got 0/);
    expect(failure("triggerBody('x')", createTestContext({ triggerbody: {} })).message).toMatch(/^triggerBody expects 0 arguments; got 1/);
  });

  it('names the function and what it expected when an argument is wrong, and where the call is', () => {
    const error = failure("concat('a', add(1, 'x'))");
    expect(error.message).toBe("add expects numbers; argument 2 is the string 'x' (at position 13)");
    expect(error.position).toBe(13);
  });

  it('short-circuits if, and, or and coalesce like the Logic Apps runtime', () => {
    expect(run('if(true, 1, nope())')).toBe(1);
    expect(run('if(false, nope(), 2)')).toBe(2);
    expect(run('and(false, nope())')).toBe(false);
    expect(run('or(true, nope())')).toBe(true);
    expect(run("coalesce('hi', nope())")).toBe('hi');
    expect(failure('if(true, nope(), 2)').message).toMatch(/'nope'/);
    expect(failure('and(true, nope())').message).toMatch(/'nope'/);
  });

  it('evaluates arguments left to right', () => {
    const ctx = createTestContext({ variables: (args: readonly unknown[]) => args[0] });
    run("concat(variables('a'), variables('b'), variables('c'))", ctx);
    expect(ctx.calls.map((call) => call.args[0])).toEqual(['a', 'b', 'c']);
  });

  it('tracks floats through a single expression so div divides them as floats', () => {
    const ctx = createTestContext({ variables: 5 });
    expect(run('div(11, 5)')).toBe(2);
    expect(run('div(11, 5.0)')).toBe(2.2);
    expect(run("div(float('11'), 5)")).toBe(2.2);
    expect(run('div(add(2.5, 2.5), 2)')).toBe(2.5);
    // A value from outside the expression has lost its float marker: 5 is an integer.
    expect(run("div(variables('x'), 2)", ctx)).toBe(2);
  });
});

describe('evaluateValue', () => {
  const ctx = createTestContext({ triggerbody: { name: 'Ada', count: 3 } });

  it('walks arrays and objects, evaluating every template string and keeping other values', () => {
    const input = {
      subject: "Hello @{triggerBody()?['name']}",
      count: "@triggerBody()?['count']",
      nested: [{ deep: "@concat('a', 'b')" }, 5, true, null, 'plain', '@@escaped'],
      "@{key}": 'keys are not evaluated',
    };
    expect(evaluateValue(input, ctx)).toEqual({
      subject: 'Hello Ada',
      count: 3,
      nested: [{ deep: 'ab' }, 5, true, null, 'plain', '@escaped'],
      '@{key}': 'keys are not evaluated',
    });
  });

  it('does not modify its input', () => {
    const input = { a: ["@concat('x')"] };
    const before = JSON.stringify(input);
    evaluateValue(input, ctx);
    expect(JSON.stringify(input)).toBe(before);
  });

  it('keeps a key named __proto__ as a property', () => {
    const input = JSON.parse('{"__proto__": "@concat(\'x\')"}') as unknown;
    const out = evaluateValue(input, ctx) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toBe('x');
  });

  it('parses each distinct text once and keeps the cache bounded', () => {
    const before = cachedTemplateCount();
    for (let i = 0; i < 3; i++) evaluateValue(["@concat('cache-probe-1')", "@concat('cache-probe-2')"], ctx);
    expect(cachedTemplateCount() - before).toBeLessThanOrEqual(2);
    for (let i = 0; i < 6000; i++) evaluateValue(`@concat('probe-${i}')`, ctx);
    expect(cachedTemplateCount()).toBe(5000);
  });

  it('throws the parse error of a broken template with its position', () => {
    expect(() => evaluateValue({ a: "x @{concat('a'" }, ctx)).toThrow(FlowExpressionError);
  });
});

describe('isTemplateString', () => {
  it.each([
    ["@concat('a')", true],
    ["@{x()}", true],
    ["text @{x()} text", true],
    ['@ x', true],
    ['plain', false],
    ['someone@contoso.com', false],
    ['@', false],
    ['@@', false],
    ["@@concat('a')", false],
    ["a @@{x()} b", false],
    ["a @@{x()} @{y()}", true],
  ])('%s → %s', (text, expected) => {
    expect(isTemplateString(text)).toBe(expected);
    // It agrees with what the parser makes of the text.
    if (text !== '@ x') expect(parseTemplate(text).kind !== 'literal').toBe(expected);
  });
});

describe('templateFunctionNames', () => {
  it('lists every function called, as written, once, in order of first appearance', () => {
    const template = parseTemplate("Due @{adddays(utcnow(), 3)} for @{toUpper(triggerBody()?['name'])} @{UTCNOW()} @{utcnow()}");
    expect(templateFunctionNames(template)).toEqual(['adddays', 'utcnow', 'toUpper', 'triggerBody', 'UTCNOW']);
  });

  it('finds calls inside indexes and is empty for literals', () => {
    expect(templateFunctionNames(parseTemplate("@body('x')?[variables('key')]"))).toEqual(['body', 'variables']);
    expect(templateFunctionNames(parseTemplate('plain'))).toEqual([]);
  });
});

describe('evaluateTemplate on a literal', () => {
  it('returns the text without calling the resolver', () => {
    const ctx = createTestContext();
    expect(evaluateTemplate(parseTemplate('just text'), ctx)).toBe('just text');
    expect(ctx.calls).toEqual([]);
  });
});
