import { failure, run } from '../expression-context';

describe('json', () => {
  it('parses JSON text (docs examples)', () => {
    expect(run("json('[1, 2, 3]')")).toEqual([1, 2, 3]);
    expect(run("json('{\"fullName\": \"Sophia Owen\"}')")).toEqual({ fullName: 'Sophia Owen' });
    expect(run("json('42')")).toBe(42);
    expect(run("json('\"text\"')")).toBe('text');
  });

  it('passes objects and arrays through and gives {} for null (documented)', () => {
    expect(run("json(json('{\"a\":1}'))")).toEqual({ a: 1 });
    expect(run('json(createArray(1))')).toEqual([1]);
    expect(run('json(null)')).toEqual({});
  });

  it('refuses invalid JSON, numbers and XML', () => {
    expect(failure("json('{a:1}')").message).toMatch(/^json expects valid JSON text; /);
    expect(failure('json(5)').message).toMatch(/^json expects a string of JSON text \(or an object or array\); argument 1 is the integer 5/);
    expect(failure("json('<root/>')").message).toMatch(/^json cannot convert XML here/);
  });
});

describe('xml', () => {
  it('keeps XML text and converts a JSON object (docs examples)', () => {
    expect(run("xml('<name>Sophia Owen</name>')")).toBe('<name>Sophia Owen</name>');
    expect(run("xml(json('{ \"name\": \"Sophia Owen\" }'))")).toBe('<name>Sophia Owen</name>');
    expect(run("xml(json('{\"person\": {\"name\": \"Sophia Owen\", \"city\": \"Seattle\"}}'))")).toBe('<person><name>Sophia Owen</name><city>Seattle</city></person>');
  });

  it('writes @ keys as attributes, #text as text, arrays as repeated elements, null as an empty element, escaping', () => {
    const source = JSON.stringify({
      '?xml': { '@version': '1.0' },
      root: { '@id': 'r&1', person: [{ '@id': 1, '#text': 'A<B' }, { name: 'C', active: true, none: null }] },
    });
    expect(run(`xml(json('${source}'))`)).toBe('<?xml version="1.0"?><root id="r&amp;1"><person id="1">A&lt;B</person><person><name>C</name><active>true</active><none /></person></root>');
  });

  it('refuses several roots, an array root, bad names and text that is not XML', () => {
    expect(failure("xml(json('{\"a\":1,\"b\":2}'))").message).toMatch(/^xml expects a JSON object with exactly one root property; it has 2/);
    expect(failure("xml(json('{\"a\":[1,2]}'))").message).toMatch(/^xml expects the root property 'a' to hold an object or a value, not an array/);
    expect(failure("xml(json('{\"1a\":1}'))").message).toMatch(/^xml cannot use '1a' as an XML element or attribute name/);
    expect(failure("xml('plain text')").message).toMatch(/^xml expects XML text or a JSON object; argument 1 is the string 'plain text'/);
  });
});

describe('int', () => {
  it.each([
    ["int('10')", 10],
    ["int('-7')", -7],
    ["int('  +1,000 ')", 1000],
    ["int('1.0')", 1],
    ["int('1e3')", 1000],
    ['int(1.0)', 1],
    ['int(42)', 42],
    ["int('1.000', 'de-DE')", 1000],
  ])('%s → %s', (expression, expected) => {
    expect(run(expression)).toBe(expected);
  });

  it("refuses a fraction ('1.5' and 1.5), text that is not a number, a trailing sign, booleans and null", () => {
    expect(failure("int('1.5')").message).toMatch(/^int expects an integral value; 1.5 has a fraction/);
    expect(failure('int(1.5)').message).toMatch(/^int expects an integral value/);
    expect(failure("int('abc')").message).toMatch(/^int could not read the string 'abc' as an integer/);
    expect(failure("int('200-')").message).toMatch(/could not read the string '200-'/);
    expect(failure('int(true)').message).toMatch(/^int expects a number or a string holding an integer; argument 1 is the boolean true/);
    expect(failure('int(null)').message).toMatch(/argument 1 is null/);
  });

  it('refuses values outside the 64-bit range', () => {
    expect(failure("int('99999999999999999999')").message).toMatch(/64-bit integer range/);
  });
});

describe('string', () => {
  it('converts values to text (docs: string(10) → "10"; null → "")', () => {
    expect(run('string(10)')).toBe('10');
    expect(run('string(2.5)')).toBe('2.5');
    expect(run('string(null)')).toBe('');
    expect(run("string('x')")).toBe('x');
    expect(run('string(true)')).toBe('True');
    expect(run("string(json('{ \"name\": \"Sophie Owen\" }'))")).toBe('{"name":"Sophie Owen"}');
    expect(run("string(float('5.0'))")).toBe('5');
  });
});

describe('float', () => {
  it.each([
    ["float('10.333')", 10.333],
    ["float('  +1,000 ')", 1000],
    ["float('200-')", -200],
    ["float('-1.5e2')", -150],
    ["float('400,000', 'de-DE')", 400],
    ["float('400.000', 'de-DE')", 400000],
    ["float('400,000', 'en-GB')", 400000],
    ['float(5)', 5],
  ])('%s → %s', (expression, expected) => {
    expect(run(expression)).toBe(expected);
  });

  it('refuses text that is not a finite number, booleans and null', () => {
    expect(failure("float('(200)')").message).toMatch(/^float could not read the string '\(200\)' as a number/);
    expect(failure("float('NaN')").message).toMatch(/could not read the string 'NaN'/);
    expect(failure("float('Infinity')").message).toMatch(/could not read/);
    expect(failure('float(true)').message).toMatch(/^float expects a number or a string holding a number; argument 1 is the boolean true/);
  });

  it('makes its result a float for division', () => {
    expect(run("div(float('10'), 4)")).toBe(2.5);
  });
});

describe('bool', () => {
  it.each([
    ['bool(1)', true],
    ['bool(0)', false],
    ['bool(-1)', true],
    ['bool(0.5)', true],
    ["bool('true')", true],
    ["bool('false')", false],
    ["bool('TRUE')", true],
    ["bool(' False ')", false],
    ['bool(true)', true],
  ])('%s → %s (docs table)', (expression, expected) => {
    expect(run(expression)).toBe(expected);
  });

  it('refuses other strings, null and objects', () => {
    expect(failure("bool('yes')").message).toMatch(/^bool expects a boolean, a number or the string 'true' or 'false'; argument 1 is the string 'yes'/);
    expect(failure('bool(null)').message).toMatch(/argument 1 is null/);
  });
});

describe('base64', () => {
  it('encodes the UTF-8 bytes of a string (docs example)', () => {
    expect(run("base64('hello')")).toBe('aGVsbG8=');
    expect(run("base64('é✓')")).toBe('w6ninJM=');
    expect(run("base64('')")).toBe('');
  });

  it('refuses null', () => {
    expect(failure('base64(null)').message).toMatch(/^base64 expects a value \(not null\); argument 1 is null/);
  });
});

describe('base64ToBinary', () => {
  it('checks the base64 and returns it as the binary content (base64 text, see the file header)', () => {
    expect(run("base64ToBinary('aGVsbG8=')")).toBe('aGVsbG8=');
    expect(run("base64ToBinary('')")).toBe('');
  });

  it('refuses text that is not base64', () => {
    expect(failure("base64ToBinary('aa')").message).toMatch(/^base64ToBinary expects a base64-encoded string; 'aa' is not valid base64/);
    expect(failure("base64ToBinary('$#[<')").message).toMatch(/is not valid base64/);
  });
});

describe('base64ToString', () => {
  it('decodes base64 to UTF-8 text (docs example), ignoring white space', () => {
    expect(run("base64ToString('aGVsbG8=')")).toBe('hello');
    expect(run("base64ToString('aGVsbG8g d29ybGQ=')")).toBe('hello world');
    expect(run("base64ToString('w6ninJM=')")).toBe('é✓');
  });

  it('refuses invalid base64 and padding in the middle', () => {
    expect(failure("base64ToString('aGV=sbG8')").message).toMatch(/^base64ToString expects a base64-encoded string/);
    expect(failure('base64ToString(1)').message).toMatch(/argument 1 is the integer 1/);
  });
});

describe('decodeBase64', () => {
  it('is the deprecated alias of base64ToString, still found in exports', () => {
    expect(run("decodeBase64('aGVsbG8=')")).toBe('hello');
    expect(run("json(decodeBase64('eyJhIjoxfQ=='))['a']")).toBe(1);
    expect(failure("decodeBase64('a')").message).toMatch(/^decodeBase64 expects a base64-encoded string/);
  });
});

describe('binary', () => {
  it('returns the base64 content of the value\'s text', () => {
    expect(run("binary('hello')")).toBe('aGVsbG8=');
    expect(run('binary(true)')).toBe('VHJ1ZQ==');
    expect(run("binary(createArray('a','b','c'))")).toBe('WyJhIiwiYiIsImMiXQ==');
  });

  it('refuses null', () => {
    expect(failure('binary(null)').message).toMatch(/^binary expects a value \(not null\)/);
  });
});

describe('dataUri', () => {
  it('makes a data URI (docs example), JSON for non-strings', () => {
    expect(run("dataUri('hello')")).toBe('data:text/plain;charset=utf-8;base64,aGVsbG8=');
    expect(run("dataUri(json('{\"a\":3}'))")).toBe('data:application/json;charset=utf-8;base64,eyJhIjozfQ==');
    expect(run('dataUri(createArray(1,2,3))')).toBe('data:application/json;charset=utf-8;base64,WzEsMiwzXQ==');
  });

  it('refuses null', () => {
    expect(failure('dataUri(null)').message).toMatch(/^dataUri expects a value \(not null\)/);
  });
});

describe('dataUriToBinary', () => {
  it('returns the content as base64', () => {
    expect(run("dataUriToBinary('data:text/plain;charset=utf-8;base64,aGVsbG8=')")).toBe('aGVsbG8=');
    expect(run("dataUriToBinary('data:text/plain;charset=utf-8,aGVsbG8=')")).toBe('YUdWc2JHOD0=');
    expect(run("dataUriToBinary('data:,  [ 1, 2, 3 ]  ')")).toBe('ICBbIDEsIDIsIDMgXSAg');
  });

  it('refuses text that is not a data URI', () => {
    expect(failure("dataUriToBinary('hello')").message).toMatch(/^dataUriToBinary expects a data URI/);
    expect(failure("dataUriToBinary('data:text/plain')").message).toMatch(/with a ',' before its data/);
  });
});

describe('dataUriToString', () => {
  it.each([
    ["dataUriToString('data:text/plain;charset=utf-8;base64,aGVsbG8=')", 'hello'],
    ["dataUriToString('data:text/plain;charset=utf-8,%22hello,%20world%22')", '"hello, world"'],
    ["dataUriToString('data:text/plain;charset=utf-8,abc+def')", 'abc def'],
    ["dataUriToString('data:;base64,dGVzdA==')", 'test'],
    ["dataUriToString('DATA:TEXT/PLAIN;CHARSET=UTF-8;BASE64,dGVzdA==')", 'test'],
    ["dataUriToString('data:text/plain;charset=iso-8859-1;base64,6Q==')", 'é'],
  ])('%s', (expression, expected) => {
    expect(run(expression)).toBe(expected);
  });

  it('refuses an unknown character set and broken base64', () => {
    expect(failure("dataUriToString('data:text/plain;charset=martian;base64,dGVzdA==')").message).toMatch(/^dataUriToString does not know the character set 'martian'/);
    expect(failure("dataUriToString('data:;base64,dGVzdA=')").message).toMatch(/expects a base64-encoded string/);
  });
});

describe('decodeDataUri', () => {
  it('works like dataUriToBinary', () => {
    expect(run("decodeDataUri('data:text/plain;charset=utf-8;base64,aGVsbG8=')")).toBe('aGVsbG8=');
    expect(failure("decodeDataUri('x')").message).toMatch(/^decodeDataUri expects a data URI/);
  });
});

describe('encodeUriComponent', () => {
  it('escapes everything but unreserved characters, like Uri.EscapeDataString (docs example)', () => {
    expect(run("encodeUriComponent('https://contoso.com')")).toBe('https%3A%2F%2Fcontoso.com');
    expect(run("encodeUriComponent('a b!''()*-_.~é')")).toBe('a%20b%21%27%28%29%2A-_.~%C3%A9');
    expect(run('encodeUriComponent(5)')).toBe('5');
  });

  it('refuses null', () => {
    expect(failure('encodeUriComponent(null)').message).toMatch(/^encodeUriComponent expects a value \(not null\)/);
  });
});

describe('uriComponent', () => {
  it('is the preferred name for encodeUriComponent (docs example)', () => {
    expect(run("uriComponent('https://contoso.com')")).toBe('https%3A%2F%2Fcontoso.com');
  });
});

describe('decodeUriComponent', () => {
  it('decodes escapes (docs example) and leaves invalid ones and + alone', () => {
    expect(run("decodeUriComponent('https%3A%2F%2Fcontoso.com')")).toBe('https://contoso.com');
    expect(run("decodeUriComponent('100% sure %E9 a+b %C3%A9')")).toBe('100% sure %E9 a+b é');
  });

  it('needs a string', () => {
    expect(failure('decodeUriComponent(1)').message).toMatch(/^decodeUriComponent expects a string/);
  });
});

describe('uriComponentToString', () => {
  it('decodes like decodeUriComponent (docs example)', () => {
    expect(run("uriComponentToString('https%3A%2F%2Fcontoso.com')")).toBe('https://contoso.com');
  });
});

describe('uriComponentToBinary', () => {
  it('returns the decoded bytes as base64', () => {
    expect(run("uriComponentToBinary('https%3A%2F%2Fcontoso.com')")).toBe('aHR0cHM6Ly9jb250b3NvLmNvbQ==');
  });
});

describe('array', () => {
  it('wraps one value in an array (docs example), even an array', () => {
    expect(run("array('hello')")).toEqual(['hello']);
    expect(run('array(createArray(1))')).toEqual([[1]]);
    expect(run('array(null)')).toEqual([null]);
  });
});

describe('createArray', () => {
  it('makes an array of its arguments (docs example)', () => {
    expect(run("createArray('h', 'e', 'l', 'l', 'o')")).toEqual(['h', 'e', 'l', 'l', 'o']);
    expect(run("createArray(1, 'a', null, true)")).toEqual([1, 'a', null, true]);
  });
});

describe('decimal', () => {
  it.each([
    ["decimal('1.5')", 1.5],
    ["decimal('  +1,000 ')", 1000],
    ["decimal('200-')", -200],
    ['decimal(2)', 2],
  ])('%s → %s', (expression, expected) => {
    expect(run(expression)).toBe(expected);
  });

  it('refuses an exponent (as Decimal.Parse does) and non-numbers', () => {
    expect(failure("decimal('3e-1')").message).toMatch(/^decimal could not read the string '3e-1' as a decimal number/);
    expect(failure("decimal('(200)')").message).toMatch(/could not read/);
    expect(failure('decimal(true)').message).toMatch(/^decimal expects a number or a string/);
  });

  it('makes its result a float for division', () => {
    expect(run("div(decimal('10'), 4)")).toBe(2.5);
  });
});

describe('utf8Length', () => {
  it('counts UTF-8 bytes', () => {
    expect(run("utf8Length('abc')")).toBe(3);
    expect(run("utf8Length('é')")).toBe(2);
    expect(run("utf8Length('😀')")).toBe(4);
    expect(failure('utf8Length(null)').message).toMatch(/^utf8Length expects a string/);
  });
});

describe('utf16Length', () => {
  it('counts UTF-16 code units (what length() counts too)', () => {
    expect(run("utf16Length('abc')")).toBe(3);
    expect(run("utf16Length('😀')")).toBe(2);
    expect(run("length('😀')")).toBe(2);
  });
});
