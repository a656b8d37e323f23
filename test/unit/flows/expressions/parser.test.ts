import { FlowExpressionError } from '../../../../flows/engine/contracts';
import { MAX_EXPRESSION_LENGTH, parseExpression, parseTemplate, type ExpressionNode, type Template } from '../../../../flows/engine/expressions';

/** A compact rendering of a tree, so tests can state the shape they expect in one line. */
function shape(node: ExpressionNode): string {
  switch (node.kind) {
    case 'literal':
      return typeof node.value === 'string' ? `'${node.value}'` : `${String(node.value)}${node.float ? 'f' : ''}`;
    case 'call':
      return `${node.name}(${node.args.map(shape).join(', ')})`;
    case 'access':
      return `${shape(node.target)}${node.safe ? '?' : ''}${node.member ? `.${String((node.key as { value: unknown }).value)}` : `[${shape(node.key)}]`}`;
  }
}

function expressionShape(text: string): string {
  const template = parseTemplate(text);
  if (template.kind !== 'expression') throw new Error(`'${text}' is a ${template.kind}`);
  return shape(template.expression);
}

function parseError(text: string): FlowExpressionError {
  try {
    parseTemplate(text);
  } catch (error) {
    if (error instanceof FlowExpressionError) return error;
    throw error;
  }
  throw new Error(`expected '${text}' not to parse`);
}

function describeTemplate(template: Template): unknown {
  switch (template.kind) {
    case 'literal':
      return { literal: template.value };
    case 'expression':
      return { expression: shape(template.expression) };
    case 'interpolation':
      return { parts: template.parts.map((part) => (part.kind === 'text' ? part.text : `{${shape(part.expression)}}`)) };
  }
}

describe('template kinds', () => {
  it.each([
    ['plain text', { literal: 'plain text' }],
    ['someone@contoso.com', { literal: 'someone@contoso.com' }],
    ['@', { literal: '@' }],
    ['@@', { literal: '@' }],
    ["@@concat('a')", { literal: "@concat('a')" }],
    ["@@{'abc'}@{'def'}", { literal: "@{'abc'}@{'def'}" }],
    ["a @@{'x'} b", { literal: "a @{'x'} b" }],
    ["@concat('a', 'b')", { expression: "concat('a', 'b')" }],
    ["@{concat('a')}", { parts: ["{concat('a')}"] }],
    ["Hello @{triggerBody()?['name']}!", { parts: ['Hello ', "{triggerBody()?['name']}", '!'] }],
    ["testing @@{'blah'} @{'thing'}", { parts: ["testing @{'blah'} ", "{'thing'}"] }],
    ["@{'h'}@{'i'}", { parts: ["{'h'}", "{'i'}"] }],
    ["mail @ noon @{'x'}", { parts: ['mail @ noon ', "{'x'}"] }],
  ])('%s', (text, expected) => {
    expect(describeTemplate(parseTemplate(text))).toEqual(expected);
  });

  it('keeps an interpolation that is the whole string an interpolation (its value will be a string)', () => {
    expect(parseTemplate("@{variables('n')}").kind).toBe('interpolation');
  });

  it('reads a closing brace inside a string literal as text, not as the end of the interpolation', () => {
    expect(describeTemplate(parseTemplate("x @{concat('}', '{')} y"))).toEqual({ parts: ['x ', "{concat('}', '{')}", ' y'] });
  });

  it('allows double quotes in the text around an interpolation', () => {
    expect(describeTemplate(parseTemplate('{"Title": "@{variables(\'t\')}"}'))).toEqual({ parts: ['{"Title": "', "{variables('t')}", '"}'] });
  });
});

describe('literals', () => {
  it.each([
    ["@'text'", "'text'"],
    ["@'don''t worry'", "'don't worry'"],
    ["@''''", "'''"],
    ["@''", "''"],
    ['@1', '1'],
    ['@-51', '-51'],
    ['@+54', '54'],
    ['@0.5', '0.5f'],
    ['@+.5', '0.5f'],
    ['@+1.', '1f'],
    ['@-01.0', '-1f'],
    ['@3e1', '30f'],
    ['@3.2e1', '32f'],
    ['@0.9e+1', '9f'],
    ['@3.2e-1', '0.32f'],
    ['@true', 'true'],
    ['@false', 'false'],
    ['@null', 'null'],
  ])('%s', (text, expected) => {
    expect(expressionShape(text)).toBe(expected);
  });
});

describe('calls and dereferences', () => {
  it('parses nested calls with their arguments in order', () => {
    expect(expressionShape("@if(equals(variables('a'), 1), 'one', concat('n', 'o'))")).toBe("if(equals(variables('a'), 1), 'one', concat('n', 'o'))");
  });

  it('keeps the function name as written', () => {
    expect(expressionShape('@UTCNOW()')).toBe('UTCNOW()');
    expect(expressionShape("@base64tostring('eA==')")).toBe("base64tostring('eA==')");
  });

  it('parses member, index and null-safe dereferences in a chain', () => {
    expect(expressionShape("@triggerBody()?['alert']?.severity.level[0]?[variables('i')]")).toBe(
      "triggerBody()?['alert']?.severity.level[0]?[variables('i')]",
    );
  });

  it('keeps slash paths and braces inside an index as one string key', () => {
    expect(expressionShape("@outputs('Get_file_properties')?['body/{Link}']")).toBe("outputs('Get_file_properties')?['body/{Link}']");
  });

  it('allows white space between tokens', () => {
    expect(expressionShape("@ concat ( 'a' ,\n\t'b' ) ?[ 'x' ] ")).toBe("concat('a', 'b')?['x']");
  });

  it('allows dereferencing a literal', () => {
    expect(expressionShape("@createArray(1)[0]")).toBe('createArray(1)[0]');
  });

  it('parses a bare expression without the leading @', () => {
    expect(shape(parseExpression("add(1, 2)"))).toBe('add(1, 2)');
  });

  it('records where each node starts and ends', () => {
    const template = parseTemplate("x @{concat('a', 'b')}");
    if (template.kind !== 'interpolation' || template.parts[1].kind !== 'expression') throw new Error('not an interpolation');
    const call = template.parts[1].expression;
    expect(call).toMatchObject({ kind: 'call', start: 4, end: 20 });
    expect(template.parts[1]).toMatchObject({ start: 2, end: 21 });
  });
});

describe('syntax errors', () => {
  it.each([
    ['@"text"', 1, /Double quotes are not allowed/],
    ["@concat('a', \"b\")", 13, /Double quotes/],
    ["@'abc", 1, /Unterminated string literal/],
    ["@concat('a',)", 12, /Unexpected '\)' at position 12/],
    ["@concat('a'", 11, /Unexpected the end of the text at position 11/],
    ['@concat', 1, /'concat' at position 1 must be followed by '\('/],
    ["@concat('a','b')('c')", 16, /Unexpected '\(' at position 16 after the end of the expression/],
    ["@'a','b'", 4, /Unexpected ','/],
    ["@'a'}", 4, /Unexpected '}'/],
    ['@()', 1, /Unexpected '\('/],
    ['@{}', 0, /Empty interpolation/],
    ["@{'a'", 0, /has no closing '}'/],
    [' @{', 3, /Unexpected the end of the text/],
    ["x @{'a' 'b'}", 8, /Unexpected ''b''/],
    ['@+', 1, /Expected a number/],
    ['@1e', 1, /exponent without digits/],
    ['@1e+', 1, /exponent without digits/],
    ['@1e1.1', 5, /after '\.'/],
    ['@++1', 1, /Expected a number/],
    ['@--1', 1, /Expected a number/],
    ['@1abc', 2, /after the number/],
    ["@string( { 'name': 1 } )", 9, /Unexpected character '\{'/],
    ["@a()?x", 5, /after '\?'/],
    ["@a()[]", 5, /inside '\[ \]'/],
    ["@a()['x'", 8, /where '\]' was expected/],
    ['@a().', 5, /after '\.'/],
    ['@a() # b', 5, /Unexpected character '#'/],
  ])('%s', (text, position, message) => {
    const error = parseError(text);
    expect(error).toBeInstanceOf(FlowExpressionError);
    expect(error.code).toBe('InvalidTemplate');
    expect(error.position).toBe(position);
    expect(error.message).toMatch(message);
  });

  it('refuses nesting deeper than the parser allows, before the stack could overflow', () => {
    const text = `@${'a('.repeat(300)}${')'.repeat(300)}`;
    expect(parseError(text).message).toMatch(/nested more than 128 levels/);
  });
});

describe('maximum expression length', () => {
  const body = (length: number): string => `concat('${'x'.repeat(length - "concat('')".length)}')`;

  it(`accepts an expression of exactly ${MAX_EXPRESSION_LENGTH} characters`, () => {
    expect(parseTemplate(`@${body(MAX_EXPRESSION_LENGTH)}`).kind).toBe('expression');
    expect(parseTemplate(`text @{${body(MAX_EXPRESSION_LENGTH)}} more`).kind).toBe('interpolation');
  });

  it('refuses a longer whole expression and a longer interpolated one, naming the limit', () => {
    expect(parseError(`@${body(MAX_EXPRESSION_LENGTH + 1)}`).message).toMatch(/8193 characters long; expressions may have at most 8192/);
    const error = parseError(`text @{${body(MAX_EXPRESSION_LENGTH + 1)}}`);
    expect(error.position).toBe(5);
    expect(error.message).toMatch(/at most 8192/);
  });

  it('does not limit the literal text around interpolations', () => {
    const text = `${'y'.repeat(20_000)} @{concat('a')} ${'z'.repeat(20_000)}`;
    expect(parseTemplate(text).kind).toBe('interpolation');
  });
});
