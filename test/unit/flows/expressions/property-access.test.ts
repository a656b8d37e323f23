import { createTestContext, failure, run } from './expression-context';

const body = {
  value: [
    { id: 1, Title: 'First', 'admin_environment/admin_displayname': 'exact key with a slash' },
    { id: 2, Title: 'Second' },
  ],
  '{Link}': 'https://contoso.sharepoint.com/doc',
  Severity: 'High',
  severity: 'low (exact match wins)',
  Owner: { displayName: 'Ada', manager: null },
  nothing: null,
};
const ctx = createTestContext({
  outputs: { statusCode: 200, body },
  body,
  triggerbody: null,
  items: { admin_environment: { admin_displayname: 'Prod' }, 'user/name': 'slash key' },
  variables: (args: readonly unknown[]) => ({ index: 1, list: ['a', 'b'] })[args[0] as string],
});

describe('member and index access', () => {
  it('reads object properties by .name and by [string]', () => {
    expect(run("body('X').Owner.displayName", ctx)).toBe('Ada');
    expect(run("body('X')['Owner']['displayName']", ctx)).toBe('Ada');
  });

  it('reads array items by integer index, including a computed one', () => {
    expect(run("body('X')['value'][0]['Title']", ctx)).toBe('First');
    expect(run("body('X')['value'][variables('index')].Title", ctx)).toBe('Second');
    expect(run("variables('list')[1]", ctx)).toBe('b');
  });

  it('matches property names ignoring case when there is no exact key', () => {
    expect(run("body('X')?['owner']?['DISPLAYNAME']", ctx)).toBe('Ada');
    expect(run("body('X').SEVERITY", ctx)).toBe('High');
  });

  it('prefers the exact key when keys differ only in case', () => {
    expect(run("body('X')['severity']", ctx)).toBe('low (exact match wins)');
    expect(run("body('X')['Severity']", ctx)).toBe('High');
  });

  it('returns a null property value as null (not as missing)', () => {
    expect(run("body('X')['nothing']", ctx)).toBeNull();
    expect(run("body('X').Owner.manager", ctx)).toBeNull();
  });
});

describe('missing values and null-safe access', () => {
  it('throws on a missing property without ?, listing what exists', () => {
    const error = failure("body('X')['Owner']['email']", ctx);
    expect(error.message).toBe("The property 'email' at position 20 doesn't exist; available properties are 'displayName', 'manager'. Use '?[' to read a property that may be missing");
    expect(error.position).toBe(20);
  });

  it('yields null for a missing property with ?[ or ?.', () => {
    expect(run("body('X')?['Owner']?['email']", ctx)).toBeNull();
    expect(run("body('X')?.Owner?.email", ctx)).toBeNull();
  });

  it('throws when reading from null without ?, and yields null with it (all the way down the chain)', () => {
    expect(failure("triggerBody()['alert']", ctx).message).toMatch(/^Cannot read 'alert' of null at position 15; use '\?\[' or '\?\.'/);
    expect(failure("body('X')['Owner']['manager']['name']", ctx).message).toMatch(/Cannot read 'name' of null/);
    expect(failure('triggerBody().alert', ctx).message).toMatch(/Cannot read 'alert' of null/);
    expect(run("triggerBody()?['alert']?['severity']", ctx)).toBeNull();
    expect(run('triggerBody()?.alert?.severity', ctx)).toBeNull();
  });

  it('throws for an index out of range without ?, null with it', () => {
    expect(failure("variables('list')[5]", ctx).message).toMatch(/The index 5 at position 19 is out of range for an array of 2 items/);
    expect(run("variables('list')?[5]", ctx)).toBeNull();
    expect(run("variables('list')?[-1]", ctx)).toBeNull();
  });

  it('refuses a non-integer array index and a non-string property name even with ?', () => {
    expect(failure("variables('list')?['x']", ctx).message).toMatch(/An array can only be indexed by an integer; the index at position 20 is the string 'x'/);
    expect(failure("variables('list')?[0.5]", ctx).message).toMatch(/indexed by an integer/);
    expect(failure("body('X')?[true]", ctx).message).toMatch(/A property name must be a string; the index at position 12 is the boolean true/);
  });

  it('refuses properties of strings, numbers and booleans even with ?', () => {
    expect(failure("body('X')?['Severity']?['x']", ctx).message).toMatch(/Cannot read 'x' of the string 'High'.*only objects and arrays have properties/);
    expect(failure('createArray(1)[0].x').message).toMatch(/of the integer 1/);
  });
});

describe('slash paths inside one index', () => {
  it("reads ?['body/value'] as body, then value", () => {
    expect(run("outputs('Get_items')?['body/value']", ctx)).toEqual(body.value);
    expect(run("length(outputs('Get_items')?['body/value'])", ctx)).toBe(2);
  });

  it('walks any number of segments, including array indexes', () => {
    expect(run("outputs('Get_items')?['body/value/1/Title']", ctx)).toBe('Second');
    expect(run("outputs('Get_items')?['body/Owner/displayName']", ctx)).toBe('Ada');
  });

  it('keeps {Link}-style braces as part of the key', () => {
    expect(run("outputs('Get_file_properties')?['body/{Link}']", ctx)).toBe('https://contoso.sharepoint.com/doc');
    expect(run("body('Get_file_properties')?['{Link}']", ctx)).toBe('https://contoso.sharepoint.com/doc');
  });

  it('applies to every index, not only after outputs()', () => {
    expect(run("items('Apply_to_each')?['admin_environment/admin_displayname']", ctx)).toBe('Prod');
  });

  it('uses an exact key that contains the slash before splitting', () => {
    expect(run("items('Apply_to_each')?['user/name']", ctx)).toBe('slash key');
    expect(run("body('X')['value'][0]['admin_environment/admin_displayname']", ctx)).toBe('exact key with a slash');
  });

  it('is null-safe per segment with ?[ and strict without', () => {
    expect(run("outputs('X')?['body/missing/deeper']", ctx)).toBeNull();
    expect(failure("outputs('X')['body/missing/deeper']", ctx).message).toMatch(/The property 'missing' at position 14 doesn't exist/);
  });

  it('ignores empty segments from leading, trailing or doubled slashes', () => {
    expect(run("outputs('X')?['/body//Severity/']", ctx)).toBe('High');
  });
});
