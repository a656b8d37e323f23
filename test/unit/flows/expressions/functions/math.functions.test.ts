import { createTestContext, failure, run } from '../expression-context';

describe('min', () => {
  it('takes the lowest of numbers or of one array (docs examples)', () => {
    expect(run('min(1, 2, 3)')).toBe(1);
    expect(run('min(createArray(1, 2, 3))')).toBe(1);
    expect(run('min(2.5, -1)')).toBe(-1);
    expect(run('min(7)')).toBe(7);
  });

  it('refuses non-numbers and an empty array', () => {
    expect(failure("min(1, 'a')").message).toMatch(/^min expects numbers or one array of numbers; argument 2 is the string 'a'/);
    expect(failure("min(createArray(1, 'a'))").message).toMatch(/^min expects an array of numbers; item 2 is the string 'a'/);
    expect(failure("min(json('[]'))").message).toMatch(/^min expects at least one number; the array is empty/);
  });
});

describe('max', () => {
  it('takes the highest of numbers or of one array (docs examples)', () => {
    expect(run('max(1, 2, 3)')).toBe(3);
    expect(run('max(createArray(1, 2, 3))')).toBe(3);
    expect(run('max(1, 2.5)')).toBe(2.5);
    expect(run('max(range(0, 100000))')).toBe(99999);
  });

  it('refuses non-numbers', () => {
    expect(failure('max(null, 1)').message).toMatch(/^max expects numbers or one array of numbers; argument 1 is null/);
  });
});

describe('rand', () => {
  it('draws from minValue (inclusive) to maxValue (exclusive) using the run\'s random source', () => {
    expect(run('rand(1, 5)', createTestContext({}, { random: () => 0 }))).toBe(1);
    expect(run('rand(1, 5)', createTestContext({}, { random: () => 0.999999 }))).toBe(4);
    expect(run('rand(-10, 10)', createTestContext({}, { random: () => 0.5 }))).toBe(0);
    expect(run('rand(3, 3)')).toBe(3);
  });

  it('needs integers with minValue at most maxValue', () => {
    expect(failure('rand(5, 1)').message).toMatch(/^rand expects minValue to be at most maxValue; got 5 and 1/);
    expect(failure('rand(1.5, 3)').message).toMatch(/^rand expects integers; argument 1 is the float 1.5/);
  });
});

describe('add', () => {
  it('adds integers and floats (docs: add(1, 1.5) → 2.5)', () => {
    expect(run('add(1, 1.5)')).toBe(2.5);
    expect(run('add(2, 3)')).toBe(5);
    expect(run('add(-1, -1)')).toBe(-2);
  });

  it('needs numbers, naming the argument', () => {
    expect(failure("add(1, 'x')").message).toBe("add expects numbers; argument 2 is the string 'x' (at position 1)");
    expect(failure("add('1', 2)").message).toMatch(/argument 1 is the string '1'/);
  });

  it('refuses an integer overflow of the 64-bit range', () => {
    expect(failure('add(9000000000000000000, 9000000000000000000)').message).toMatch(/^add overflowed the 64-bit integer range/);
  });
});

describe('sub', () => {
  it('subtracts (docs: sub(10.3, .3) → 10)', () => {
    expect(run('sub(10.3, .3)')).toBeCloseTo(10, 12);
    expect(run('sub(1, 5)')).toBe(-4);
  });

  it('needs numbers', () => {
    expect(failure('sub(1, null)').message).toMatch(/^sub expects numbers; argument 2 is null/);
  });
});

describe('mul', () => {
  it('multiplies (docs: mul(1, 2) → 2, mul(1.5, 2) → 3)', () => {
    expect(run('mul(1, 2)')).toBe(2);
    expect(run('mul(1.5, 2)')).toBe(3);
  });

  it('needs numbers', () => {
    expect(failure('mul(true, 2)').message).toMatch(/^mul expects numbers; argument 1 is the boolean true/);
  });
});

describe('div', () => {
  it('divides integers as integers, truncating (docs: div(10, 5) and div(11, 5) → 2)', () => {
    expect(run('div(10, 5)')).toBe(2);
    expect(run('div(11, 5)')).toBe(2);
    expect(run('div(-11, 5)')).toBe(-2);
  });

  it('divides as floats when either side is a float (docs: div(11, 5.0) and div(11.0, 5) → 2.2)', () => {
    expect(run('div(11, 5.0)')).toBe(2.2);
    expect(run('div(11.0, 5)')).toBe(2.2);
    expect(run('div(1.5, 0.5)')).toBe(3);
  });

  it('refuses division by zero', () => {
    expect(failure('div(1, 0)').message).toMatch(/^div cannot divide by zero/);
    expect(failure('div(1.5, 0.0)').message).toMatch(/^div cannot divide by zero/);
  });
});

describe('mod', () => {
  it('returns the remainder with the sign of the dividend (docs: mod(3, 2) → 1)', () => {
    expect(run('mod(3, 2)')).toBe(1);
    expect(run('mod(-7, 3)')).toBe(-1);
    expect(run('mod(5.5, 2)')).toBe(1.5);
  });

  it('refuses division by zero', () => {
    expect(failure('mod(3, 0)').message).toMatch(/^mod cannot divide by zero/);
  });
});

describe('range', () => {
  it('makes count integers from startIndex (docs: range(1, 4) → [1, 2, 3, 4])', () => {
    expect(run('range(1, 4)')).toEqual([1, 2, 3, 4]);
    expect(run('range(-2, 3)')).toEqual([-2, -1, 0]);
    expect(run('range(5, 0)')).toEqual([]);
  });

  it('enforces the documented limits', () => {
    expect(run('length(range(0, 100000))')).toBe(100000);
    expect(failure('range(0, 100001)').message).toMatch(/^range expects a count from 0 to 100000; got 100001/);
    expect(failure('range(0, -1)').message).toMatch(/got -1/);
    expect(failure('range(2147483647, 1)').message).toMatch(/^range expects startIndex \+ count to be at most 2147483647/);
  });
});
