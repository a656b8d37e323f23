import { lookupFunction } from '../../../../../flows/engine/expressions';
import { createTestContext, failure, run } from '../expression-context';

describe('if', () => {
  it('returns the value for the condition (docs example)', () => {
    expect(run("if(equals(1, 1), 'yes', 'no')")).toBe('yes');
    expect(run("if(false, 'yes', json('{\"a\":1}'))")).toEqual({ a: 1 });
  });

  it('evaluates only the branch it returns', () => {
    const ctx = createTestContext({ variables: 'v' });
    expect(run("if(true, 1, variables('never'))", ctx)).toBe(1);
    expect(ctx.calls).toEqual([]);
  });

  it('needs a boolean condition (no truthiness)', () => {
    expect(failure("if(1, 'a', 'b')").message).toMatch(/^if expects a boolean as its condition; argument 1 is the integer 1/);
    expect(failure("if('true', 'a', 'b')").message).toMatch(/argument 1 is the string 'true'/);
  });
});

describe('equals', () => {
  it.each([
    ['equals(1, 1)', true],
    ['equals(1, 1.0)', true],
    ["equals('abc', 'abcd')", false],
    ["equals('abc', 'ABC')", false],
    ['equals(null, null)', true],
    ["equals(null, '')", false],
    ["equals('1', 1)", false],
    ["equals('true', true)", false],
    ["equals(createArray(1, createArray('a')), createArray(1.0, createArray('a')))", true],
    ['equals(createArray(1, 2), createArray(2, 1))', false],
    ["equals(json('{\"a\":1,\"b\":[true]}'), json('{\"b\":[true],\"a\":1}'))", true],
    ["equals(json('{\"a\":1}'), json('{\"a\":1,\"b\":2}'))", false],
  ])('%s → %s', (expression, expected) => {
    expect(run(expression)).toBe(expected);
  });

  it('treats a missing value (null from ?[) as null', () => {
    expect(run("equals(json('{}')?['x'], null)")).toBe(true);
  });
});

describe('and', () => {
  it('is true only when every argument is true (docs examples)', () => {
    expect(run('and(true, true)')).toBe(true);
    expect(run('and(false, true)')).toBe(false);
    expect(run('and(equals(1, 1), equals(2, 2))')).toBe(true);
    expect(run('and(true, true, true, false)')).toBe(false);
    expect(run('and(true)')).toBe(true);
  });

  it('stops at the first false and refuses non-booleans it reaches', () => {
    expect(run("and(false, int('not a number'))")).toBe(false);
    expect(failure("and(int('x'), false)").message).toMatch(/^int could not read the string 'x'/);
    expect(failure('and(true, 1)').message).toMatch(/^and expects booleans; argument 2 is the integer 1/);
  });

  it('gives the same answer when called directly on evaluated arguments (the runner\'s condition objects)', () => {
    const spec = lookupFunction('and');
    expect(spec?.fn([true, false], createTestContext())).toBe(false);
    expect(spec?.fn([true, true], createTestContext())).toBe(true);
  });
});

describe('or', () => {
  it('is true when any argument is true (docs examples)', () => {
    expect(run('or(true, false)')).toBe(true);
    expect(run('or(false, false)')).toBe(false);
    expect(run('or(equals(1, 2), equals(1, 1))')).toBe(true);
  });

  it('stops at the first true and refuses non-booleans it reaches', () => {
    expect(run("or(true, int('x'))")).toBe(true);
    expect(failure("or(false, 'yes')").message).toMatch(/^or expects booleans; argument 2 is the string 'yes'/);
  });
});

describe('not', () => {
  it('negates a boolean (docs examples)', () => {
    expect(run('not(false)')).toBe(true);
    expect(run('not(equals(1, 1))')).toBe(false);
  });

  it('needs a boolean', () => {
    expect(failure('not(null)').message).toMatch(/^not expects a boolean; argument 1 is null/);
  });
});

describe('less', () => {
  it('compares numbers and strings (docs examples)', () => {
    expect(run('less(5, 10)')).toBe(true);
    expect(run("less('banana', 'apple')")).toBe(false);
    expect(run('less(1.5, 2)')).toBe(true);
  });

  it('compares strings ordinally (case-sensitive, upper case first)', () => {
    expect(run("less('B', 'a')")).toBe(true);
  });

  it("treats null next to a string (or null) as '' and refuses other mixes", () => {
    expect(run("less(null, 'a')")).toBe(true);
    expect(failure("less(1, '2')").message).toMatch(/^less expects two numbers or two strings; got the integer 1 and the string '2'/);
    expect(failure('less(true, false)').message).toMatch(/the boolean true and the boolean false/);
    expect(failure('less(null, 1)').message).toMatch(/got null and the integer 1/);
  });
});

describe('lessOrEquals', () => {
  it('compares (docs examples)', () => {
    expect(run('lessOrEquals(10, 10)')).toBe(true);
    expect(run("lessOrEquals('apply', 'apple')")).toBe(false);
  });
});

describe('greater', () => {
  it('compares (docs examples)', () => {
    expect(run('greater(10, 5)')).toBe(true);
    expect(run("greater('apple', 'banana')")).toBe(false);
    expect(run('greater(5, 5)')).toBe(false);
  });

  it('refuses mixed types', () => {
    expect(failure("greater('10', 5)").message).toMatch(/^greater expects two numbers or two strings/);
  });
});

describe('greaterOrEquals', () => {
  it('compares (docs examples)', () => {
    expect(run('greaterOrEquals(5, 5)')).toBe(true);
    expect(run('greaterOrEquals(null, null)')).toBe(true);
    expect(run("greaterOrEquals('apple', 'banana')")).toBe(false);
  });
});

describe('isInt', () => {
  it.each([
    ["isInt('10')", true],
    ["isInt(' -42 ')", true],
    ["isInt('+1,000')", true],
    ["isInt('1e3')", true],
    ["isInt('1.5')", false],
    ["isInt('1.0')", false],
    ["isInt('abc')", false],
    ["isInt('')", false],
    ["isInt('99999999999999999999')", false],
  ])('%s → %s', (expression, expected) => {
    expect(run(expression)).toBe(expected);
  });

  it('needs a string', () => {
    expect(failure('isInt(10)').message).toMatch(/^isInt expects a string; argument 1 is the integer 10/);
  });
});

describe('isFloat', () => {
  it.each([
    ["isFloat('10.333')", true],
    ["isFloat('10')", true],
    ["isFloat('-1.5e3')", true],
    ["isFloat('200-')", true],
    ["isFloat('111.222.333')", false],
    ["isFloat('abc')", false],
    ["isFloat('NaN')", false],
    ["isFloat('400,5', 'de-DE')", true],
    ["isFloat('111.222.333', 'de-DE')", true],
    // In de-DE '.' groups digits, so this reads as 4005, as .NET does.
    ["isFloat('400.5', 'de-DE')", true],
    ["isFloat('1,2,3', 'de-DE')", false],
  ])('%s → %s', (expression, expected) => {
    expect(run(expression)).toBe(expected);
  });

  it('needs a string and a known locale', () => {
    expect(failure('isFloat(3.14)').message).toMatch(/^isFloat expects a string; argument 1 is the float 3.14/);
    expect(failure("isFloat('1', 'xx-not-a-locale-xx')").message).toMatch(/^isFloat expects a locale name/);
  });
});
