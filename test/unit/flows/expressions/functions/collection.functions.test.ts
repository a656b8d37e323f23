import { createTestContext, failure, run } from '../expression-context';

const ctx = createTestContext({
  variables: (args: readonly unknown[]) =>
    ({
      people: [
        { name: 'Cy', age: 40 },
        { name: 'ada', age: 36 },
        { name: 'Bo', age: 36 },
      ],
      mixed: [1, 'a'],
      nulls: [null],
    })[args[0] as string],
});

describe('contains', () => {
  it('finds a substring, case-sensitively (docs examples)', () => {
    expect(run("contains('hello world', 'world')")).toBe(true);
    expect(run("contains('hello world', 'universe')")).toBe(false);
    expect(run("contains('hello world', 'WORLD')")).toBe(false);
  });

  it('finds a value in an array by deep equality (1 equals 1.0, objects by content)', () => {
    expect(run("contains(createArray('a', 'b'), 'b')")).toBe(true);
    expect(run('contains(createArray(1, 2), 1.0)')).toBe(true);
    expect(run("contains(createArray(json('{\"a\":1}')), json('{\"a\":1}'))")).toBe(true);
    expect(run("contains(createArray('1'), 1)")).toBe(false);
  });

  it('finds a key in an object (exact or ignoring case)', () => {
    expect(run("contains(json('{\"Name\":1}'), 'Name')")).toBe(true);
    expect(run("contains(json('{\"Name\":1}'), 'name')")).toBe(true);
    expect(run("contains(json('{\"Name\":1}'), 'other')")).toBe(false);
  });

  it('refuses null and scalars as the collection, and a non-string to find in a string', () => {
    expect(failure("contains(null, 'a')").message).toMatch(/^contains expects a string, an array or an object as the collection; argument 1 is null/);
    expect(failure("contains('abc1', 1)").message).toMatch(/^contains expects a string to find in a string; argument 2 is the integer 1/);
  });
});

describe('length', () => {
  it('counts string characters and array items (docs examples)', () => {
    expect(run("length('abcd')")).toBe(4);
    expect(run('length(createArray(0, 1, 2, 3))')).toBe(4);
    expect(run("length('')")).toBe(0);
    expect(run("length(json('[]'))")).toBe(0);
  });

  it('refuses null, objects and numbers', () => {
    expect(failure('length(null)').message).toMatch(/^length expects a string or an array; argument 1 is null/);
    expect(failure("length(json('{}'))").message).toMatch(/argument 1 is an object/);
    expect(failure('length(99)').message).toMatch(/argument 1 is the integer 99/);
  });
});

describe('sort', () => {
  it('sorts numbers and strings ascending (strings ordinally: upper case first)', () => {
    expect(run('sort(createArray(3, 1.5, 2))')).toEqual([1.5, 2, 3]);
    expect(run("sort(createArray('b', 'a', 'B'))")).toEqual(['B', 'a', 'b']);
    expect(run("sort(json('[]'))")).toEqual([]);
  });

  it('sorts objects by a property, keeping the order of equal keys', () => {
    expect(run("sort(variables('people'), 'age')", ctx)).toEqual([
      { name: 'ada', age: 36 },
      { name: 'Bo', age: 36 },
      { name: 'Cy', age: 40 },
    ]);
    expect(run("sort(variables('people'), 'NAME')", ctx)).toEqual([
      { name: 'Bo', age: 36 },
      { name: 'Cy', age: 40 },
      { name: 'ada', age: 36 },
    ]);
  });

  it('refuses mixed types, a missing sort key and non-sortable items', () => {
    expect(failure("sort(variables('mixed'))", ctx).message).toMatch(/^sort expects all numbers or all strings/);
    expect(failure("sort(variables('people'), 'height')", ctx).message).toMatch(/^sort by 'height' expects every object to have that property; item 1 does not/);
    expect(failure("sort(variables('nulls'))", ctx).message).toMatch(/^sort expects numbers or strings to sort; item 1 is not one/);
    expect(failure("sort('abc')").message).toMatch(/^sort expects an array; argument 1 is the string 'abc'/);
  });
});

describe('reverse', () => {
  it('returns the items in reverse order without changing the input', () => {
    expect(run('reverse(createArray(1, 2, 3))')).toEqual([3, 2, 1]);
    expect(run("reverse(variables('mixed'))", ctx)).toEqual(['a', 1]);
    expect(run("variables('mixed')", ctx)).toEqual([1, 'a']);
  });

  it('needs an array', () => {
    expect(failure("reverse('abc')").message).toMatch(/^reverse expects an array/);
  });
});

describe('empty', () => {
  it.each([
    ["empty('')", true],
    ["empty('abc')", false],
    ["empty('   ')", false],
    ["empty(json('[]'))", true],
    ["empty(json('[[]]'))", false],
    ["empty(json('{}'))", true],
    ["empty(json('{\"a\":\"b\"}'))", false],
    ['empty(null)', true],
  ])('%s → %s', (expression, expected) => {
    expect(run(expression)).toBe(expected);
  });

  it('refuses numbers and booleans', () => {
    expect(failure('empty(0)').message).toMatch(/^empty expects a string, an array, an object or null; argument 1 is the integer 0/);
    expect(failure('empty(false)').message).toMatch(/argument 1 is the boolean false/);
  });
});

describe('intersection', () => {
  it('keeps the items present in every array, in the first array\'s order (docs example)', () => {
    expect(run('intersection(createArray(1, 2, 3), createArray(101, 2, 1, 10), createArray(6, 8, 1, 2))')).toEqual([1, 2]);
    expect(run('intersection(createArray(3, 4, 4, 5), createArray(1, 2, 3, 4, 5))')).toEqual([3, 4, 5]);
    expect(run("intersection(createArray(1), json('[]'))")).toEqual([]);
  });

  it('keeps the properties every object has with the same value', () => {
    expect(run("intersection(json('{\"spam\":\"eggs\",\"food\":\"fungus\"}'), json('{\"spam\":\"eggs\",\"food\":\"plant\"}'))")).toEqual({ spam: 'eggs' });
  });

  it('refuses a mix of arrays and objects', () => {
    expect(failure("intersection(createArray(1), json('{}'))").message).toMatch(/^intersection expects arrays only \(or objects only\); argument 2 is an object/);
    expect(failure("intersection('a', 'b')").message).toMatch(/^intersection expects arrays or objects; argument 1 is the string 'a'/);
  });
});

describe('union', () => {
  it('combines arrays without duplicates, in order of first appearance (docs example)', () => {
    expect(run('union(createArray(1, 2, 3), createArray(1, 2, 10, 101))')).toEqual([1, 2, 3, 10, 101]);
    expect(run('union(createArray(5, 4, 5, 5, 4), json(\'[]\'))')).toEqual([5, 4]);
  });

  it('merges objects, later values winning', () => {
    expect(run("union(json('{\"spam\":\"eggs\",\"thing\":3}'), json('{\"spam\":3,\"food\":\"eggs\"}'))")).toEqual({ spam: 3, thing: 3, food: 'eggs' });
  });

  it('refuses a mix of arrays and objects', () => {
    expect(failure("union(json('{}'), createArray(1))").message).toMatch(/^union expects objects only \(or arrays only\); argument 2 is an array of 1 item/);
  });
});

describe('first', () => {
  it('returns the first character or item (docs examples)', () => {
    expect(run("first('hello')")).toBe('h');
    expect(run('first(createArray(0, 1, 2))')).toBe(0);
  });

  it("returns '' for an empty string and null for an empty array", () => {
    expect(run("first('')")).toBe('');
    expect(run("first(json('[]'))")).toBeNull();
  });

  it('refuses null and objects', () => {
    expect(failure('first(null)').message).toMatch(/^first expects a string or an array; argument 1 is null/);
  });
});

describe('last', () => {
  it('returns the last character or item (docs examples)', () => {
    expect(run("last('abcd')")).toBe('d');
    expect(run('last(createArray(0, 1, 2, 3))')).toBe(3);
    expect(run("last('')")).toBe('');
    expect(run("last(json('[]'))")).toBeNull();
  });

  it('refuses objects', () => {
    expect(failure("last(json('{}'))").message).toMatch(/^last expects a string or an array; argument 1 is an object/);
  });
});

describe('take', () => {
  it('takes from the front of a string or an array (docs examples)', () => {
    expect(run("take('abcde', 3)")).toBe('abc');
    expect(run('take(createArray(0, 1, 2, 3, 4), 3)')).toEqual([0, 1, 2]);
  });

  it('gives everything when count exceeds the length, nothing for 0, and refuses a negative count', () => {
    expect(run("take('ab', 10)")).toBe('ab');
    expect(run('take(createArray(1), 0)')).toEqual([]);
    expect(failure("take('ab', -1)").message).toMatch(/^take expects a non-negative integer count; argument 2 is the integer -1/);
  });
});

describe('skip', () => {
  it('removes items from the front (docs example)', () => {
    expect(run('skip(createArray(0, 1, 2, 3), 1)')).toEqual([1, 2, 3]);
    expect(run('skip(createArray(0, 1), 5)')).toEqual([]);
  });

  it('needs an array and a non-negative count', () => {
    expect(failure("skip('abc', 1)").message).toMatch(/^skip expects an array; argument 1 is the string 'abc'/);
    expect(failure('skip(createArray(1), -1)').message).toMatch(/non-negative integer count/);
  });
});

describe('join', () => {
  it('joins items with the delimiter (docs example)', () => {
    expect(run("join(createArray('a', 'b', 'c'), '.')")).toBe('a.b.c');
    expect(run("join(json('[]'), 'x')")).toBe('');
  });

  it('prints items as interpolation does: null as empty, True, numbers, JSON for arrays', () => {
    expect(run("join(createArray('', null, 1, true, createArray('b', 'c')), 'x')")).toBe('xx1xTruex["b","c"]');
  });

  it('needs an array and a string delimiter', () => {
    expect(failure("join('asdf', 'x')").message).toMatch(/^join expects an array; argument 1 is the string 'asdf'/);
    expect(failure("join(createArray('a'), null)").message).toMatch(/^join expects a string as its delimiter; argument 2 is null/);
  });
});

describe('chunk', () => {
  it('splits a string or an array into pieces of the given length (the last may be shorter)', () => {
    expect(run("chunk('abcdefg', 3)")).toEqual(['abc', 'def', 'g']);
    expect(run('chunk(createArray(1, 2, 3, 4), 2)')).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(run("chunk('', 2)")).toEqual([]);
  });

  it('refuses a length below 1 and other collections', () => {
    expect(failure("chunk('abc', 0)").message).toMatch(/^chunk expects a positive integer chunk length; argument 2 is the integer 0/);
    expect(failure("chunk(json('{}'), 1)").message).toMatch(/^chunk expects a string or an array/);
  });
});
