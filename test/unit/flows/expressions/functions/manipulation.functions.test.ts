import { createTestContext, failure, run } from '../expression-context';

const person = { firstName: 'Sophia', surName: 'Owen' };
const ctx = createTestContext({ variables: person });

describe('coalesce', () => {
  it('returns the first non-null value (docs examples)', () => {
    expect(run('coalesce(null, true, false)')).toBe(true);
    expect(run("coalesce(null, 'hello', 'world')")).toBe('hello');
    expect(run('coalesce(null, null, null)')).toBeNull();
  });

  it('counts empty strings, arrays and objects as values, not null', () => {
    expect(run("coalesce('', 'x')")).toBe('');
    expect(run("coalesce(json('[]'), 'x')")).toEqual([]);
  });

  it('does not evaluate arguments after the first non-null one', () => {
    const probe = createTestContext({ variables: 'v' });
    expect(run("coalesce('hi', variables('never'))", probe)).toBe('hi');
    expect(probe.calls).toEqual([]);
  });
});

describe('addProperty', () => {
  it('adds a property and returns a new object (docs example)', () => {
    expect(run("addProperty(json('{ \"firstName\": \"Sophia\", \"surName\": \"Owen\" }'), 'middleName', 'Anne')")).toEqual({ firstName: 'Sophia', surName: 'Owen', middleName: 'Anne' });
    expect(run("addProperty(variables('p'), 'age', 30)", ctx)).toEqual({ ...person, age: 30 });
    expect(person).toEqual({ firstName: 'Sophia', surName: 'Owen' });
  });

  it('adds a child property through setProperty (docs example 2)', () => {
    const source = "json('{ \"customerName\": { \"firstName\": \"Sophia\", \"surName\": \"Owen\" } }')";
    expect(run(`setProperty(${source}, 'customerName', addProperty(${source}['customerName'], 'middleName', 'Anne'))`)).toEqual({
      customerName: { firstName: 'Sophia', surName: 'Owen', middleName: 'Anne' },
    });
  });

  it('fails when the property exists, in any casing (documented)', () => {
    expect(failure("addProperty(variables('p'), 'FIRSTNAME', 'x')", ctx).message).toMatch(/^addProperty expects the property 'FIRSTNAME' not to exist in the object, but it has 'firstName'/);
  });

  it('needs an object and a string name', () => {
    expect(failure("addProperty(null, 'x', 1)").message).toMatch(/^addProperty expects an object; argument 1 is null/);
    expect(failure("addProperty(createArray(1), 'x', 1)").message).toMatch(/argument 1 is an array of 1 item/);
    expect(failure("addProperty(json('{}'), 1, 1)").message).toMatch(/^addProperty expects a string property name; argument 2 is the integer 1/);
  });
});

describe('setProperty', () => {
  it('sets an existing property (docs example) and adds a missing one', () => {
    expect(run("setProperty(json('{ \"firstName\": \"Sophia\", \"surName\": \"Owen\" }'), 'surName', 'Hartnett')")).toEqual({ firstName: 'Sophia', surName: 'Hartnett' });
    expect(run("setProperty(json('{}'), 'a', '')")).toEqual({ a: '' });
  });

  it('keeps the existing casing and moves the property to the end, like the runtime', () => {
    const result = run("setProperty(json('{\"a\":1,\"b\":2,\"c\":3}'), 'A', 9)");
    expect(result).toEqual({ b: 2, c: 3, a: 9 });
    expect(Object.keys(result as object)).toEqual(['b', 'c', 'a']);
  });

  it('prefers the exact key when two differ only in case', () => {
    expect(run("setProperty(json('{\"a\":1,\"A\":5}'), 'A', 2)")).toEqual({ a: 1, A: 2 });
  });

  it('needs an object', () => {
    expect(failure("setProperty('{}', 'x', 1)").message).toMatch(/^setProperty expects an object; argument 1 is the string '\{\}'/);
  });
});

describe('removeProperty', () => {
  it('removes a property (docs example), matching case-insensitively', () => {
    expect(run("removeProperty(json('{ \"firstName\": \"Sophia\", \"middleName\": \"Anne\", \"surName\": \"Owen\" }'), 'middleName')")).toEqual({ firstName: 'Sophia', surName: 'Owen' });
    expect(run("removeProperty(json('{\"A\":1}'), 'a')")).toEqual({});
  });

  it('returns the object unchanged when the property does not exist (documented)', () => {
    expect(run("removeProperty(variables('p'), 'missing')", ctx)).toEqual(person);
  });

  it('needs an object and a string name', () => {
    expect(failure("removeProperty(json('{}'), null)").message).toMatch(/^removeProperty expects a string property name; argument 2 is null/);
  });
});

describe('mergeObjects', () => {
  it('merges objects, later ones winning, keeping the first casing of a key', () => {
    expect(run("mergeObjects(json('{\"a\":1,\"Name\":\"x\"}'), json('{\"name\":\"y\",\"b\":2}'))")).toEqual({ a: 1, Name: 'y', b: 2 });
  });

  it('needs objects', () => {
    expect(failure("mergeObjects(json('{}'), createArray(1))").message).toMatch(/^mergeObjects expects objects; argument 2 is an array of 1 item/);
  });
});
