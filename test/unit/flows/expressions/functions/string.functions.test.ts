import { createTestContext, failure, run } from '../expression-context';

describe('concat', () => {
  it('combines strings (docs: concat(\'Hello\', \'World\') → "HelloWorld")', () => {
    expect(run("concat('Hello', 'World')")).toBe('HelloWorld');
    expect(run("concat('only')")).toBe('only');
  });

  it('converts other values as interpolation does: numbers, True/False, null as empty, objects as JSON', () => {
    expect(run("concat('n=', 1, ' b=', true, ' x=', null, ' o=', json('{\"a\":[1]}'))")).toBe('n=1 b=True x= o={"a":[1]}');
  });
});

describe('substring', () => {
  it('returns length characters from startIndex (docs example)', () => {
    expect(run("substring('hello world', 6, 5)")).toBe('world');
  });

  it('takes the rest of the text when length is omitted', () => {
    expect(run("substring('abcdef', 3)")).toBe('def');
    expect(run("substring('abcdef', 6)")).toBe('');
  });

  it('fails past the end instead of clamping, as documented', () => {
    expect(failure("substring('abcdef', 0, 99)").message).toMatch(/^substring expects a non-negative startIndex and length whose sum is at most the text's length \(6\); got startIndex 0 and length 99/);
    expect(failure("substring('abcdef', 39)").message).toMatch(/startIndex 39/);
  });

  it('fails on negative indexes and lengths', () => {
    expect(failure("substring('abcdef', -1, 2)").message).toMatch(/startIndex -1/);
    expect(failure("substring('abcdef', 1, -1)").message).toMatch(/length -1/);
  });

  it('needs a string and integers', () => {
    expect(failure('substring(null, 0)').message).toMatch(/^substring expects a string as its text; argument 1 is null/);
    expect(failure("substring('abc', '1')").message).toMatch(/an integer startIndex; argument 2 is the string '1'/);
    expect(failure("substring('abc', 1.5)").message).toMatch(/argument 2 is the float 1.5/);
  });
});

describe('slice', () => {
  it.each([
    ["slice('abcdef', 0)", 'abcdef'],
    ["slice('abcdef', 3)", 'def'],
    ["slice('abcdef', 3, 4)", 'd'],
    ["slice('abcdef', 0, 99)", 'abcdef'],
    ["slice('abcdef', 39, 99)", ''],
    ["slice('abcdef', 39, 10)", ''],
    ["slice('abcdef', -3)", 'def'],
    ["slice('abcdef', -3, -1)", 'de'],
    ["slice('abcdef', -3, 1)", ''],
    ["slice('abcdef', -33)", 'abcdef'],
    ["slice('abcdef', -1, -2)", ''],
  ])('%s → %p (negative indexes count from the end, out-of-range indexes clamp)', (expression, expected) => {
    expect(run(expression)).toBe(expected);
  });

  it('needs integer indexes', () => {
    expect(failure("slice('abc', 'x')").message).toMatch(/^slice expects an integer startIndex/);
  });
});

describe('replace', () => {
  it('replaces every occurrence (docs example)', () => {
    expect(run("replace('the old string', 'old', 'new')")).toBe('the new string');
    expect(run("replace('xxxxx', 'x', 'y')")).toBe('yyyyy');
  });

  it('is case-sensitive and not a regular expression', () => {
    expect(run("replace('Old old', 'old', 'new')")).toBe('Old new');
    expect(run("replace('abcdef', '.', 'z')")).toBe('abcdef');
    expect(run("replace('a$b', '$', '$&')")).toBe('a$&b');
  });

  it('can replace with nothing, returns the text when nothing matches, and refuses an empty search', () => {
    expect(run("replace('xxxxx', 'x', '')")).toBe('');
    expect(run("replace('abcdef', 'z', 'o')")).toBe('abcdef');
    expect(failure("replace('xxxxx', '', 'y')").message).toMatch(/^replace expects a non-empty string to replace/);
  });
});

describe('guid', () => {
  const ctx = createTestContext({}, { guid: 'C2ECC88D-88C8-4096-912C-D6F2E2B138CE' });

  it('formats the run\'s GUID as D by default (32 digits with hyphens, lower case)', () => {
    expect(run('guid()', ctx)).toBe('c2ecc88d-88c8-4096-912c-d6f2e2b138ce');
    expect(run("guid('D')", ctx)).toBe('c2ecc88d-88c8-4096-912c-d6f2e2b138ce');
  });

  it.each([
    ['N', 'c2ecc88d88c84096912cd6f2e2b138ce'],
    ['B', '{c2ecc88d-88c8-4096-912c-d6f2e2b138ce}'],
    ['P', '(c2ecc88d-88c8-4096-912c-d6f2e2b138ce)'],
    ['X', '{0xc2ecc88d,0x88c8,0x4096,{0x91,0x2c,0xd6,0xf2,0xe2,0xb1,0x38,0xce}}'],
    ['n', 'c2ecc88d88c84096912cd6f2e2b138ce'],
  ])('format %s like .NET', (format, expected) => {
    expect(run(`guid('${format}')`, ctx)).toBe(expected);
  });

  it('refuses another format', () => {
    expect(failure("guid('Z')", ctx).message).toMatch(/^guid expects one of the formats 'N', 'D', 'B', 'P' or 'X'; got 'Z'/);
  });
});

describe('toLower', () => {
  it('lower-cases and leaves characters without a lower-case form alone', () => {
    expect(run("toLower('Hello World')")).toBe('hello world');
    expect(run("toLower('ＺＥＮ 123 ❤')")).toBe('ｚｅｎ 123 ❤');
    expect(run("toLower('')")).toBe('');
  });

  it('needs a string', () => {
    expect(failure('toLower(1)').message).toBe('toLower expects a string; argument 1 is the integer 1 (at position 1)');
  });
});

describe('toUpper', () => {
  it('upper-cases (docs example)', () => {
    expect(run("toUpper('Hello World')")).toBe('HELLO WORLD');
  });

  it('needs a string', () => {
    expect(failure('toUpper(null)').message).toMatch(/^toUpper expects a string; argument 1 is null/);
  });
});

describe('indexOf', () => {
  it('finds the first occurrence, 0-based (docs example)', () => {
    expect(run("indexOf('hello world', 'world')")).toBe(6);
  });

  it('ignores case, as documented', () => {
    expect(run("indexOf('Hello World', 'WORLD')")).toBe(6);
  });

  it('returns -1 when missing and 0 for an empty search', () => {
    expect(run("indexOf('hello', 'z')")).toBe(-1);
    expect(run("indexOf('hello', '')")).toBe(0);
  });
});

describe('nthIndexOf', () => {
  it('finds the nth occurrence, ignoring case', () => {
    expect(run("nthIndexOf('123 123 123', '23', 3)")).toBe(9);
    expect(run("nthIndexOf('abcABCabc', 'abc', 2)")).toBe(3);
  });

  it('counts from the end for a negative occurrence', () => {
    expect(run("nthIndexOf('abcabcabc', 'abc', -1)")).toBe(6);
    expect(run("nthIndexOf('abcabcabc', 'abc', -3)")).toBe(0);
  });

  it('returns -1 when there are fewer occurrences and refuses occurrence 0', () => {
    expect(run("nthIndexOf('abc', 'a', 2)")).toBe(-1);
    expect(run("nthIndexOf('abc', 'a', -2)")).toBe(-1);
    expect(failure("nthIndexOf('abc', 'a', 0)").message).toMatch(/^nthIndexOf expects a non-zero occurrence/);
  });
});

describe('lastIndexOf', () => {
  it('finds the last occurrence (docs example), ignoring case', () => {
    expect(run("lastIndexOf('hello world hello world', 'world')")).toBe(18);
    expect(run("lastIndexOf('hello world hello WORLD', 'world')")).toBe(18);
  });

  it('follows the documented empty-string rules', () => {
    expect(run("lastIndexOf('hello world hello world', '')")).toBe(22);
    expect(run("lastIndexOf('', 'x')")).toBe(-1);
    expect(run("lastIndexOf('', '')")).toBe(0);
  });
});

describe('startsWith', () => {
  it('checks the start, ignoring case (documented as not case-sensitive)', () => {
    expect(run("startsWith('hello world', 'hello')")).toBe(true);
    expect(run("startsWith('Hello world', 'HELLO')")).toBe(true);
    expect(run("startsWith('hello world', 'greetings')")).toBe(false);
  });

  it('needs strings', () => {
    expect(failure("startsWith(null, 'a')").message).toMatch(/^startsWith expects a string as its text; argument 1 is null/);
  });
});

describe('endsWith', () => {
  it('checks the end, ignoring case', () => {
    expect(run("endsWith('hello world', 'world')")).toBe(true);
    expect(run("endsWith('hello WORLD', 'world')")).toBe(true);
    expect(run("endsWith('hello world', 'universe')")).toBe(false);
  });
});

describe('split', () => {
  it.each([
    ["split('a_b_c', '_')", ['a', 'b', 'c']],
    ["split('a_b_c', ' ')", ['a_b_c']],
    ["split('abc,def,', ',')", ['abc', 'def', '']],
    ["split(',abc', ',')", ['', 'abc']],
    ["split('abcSPdefSPghi', 'SP')", ['abc', 'def', 'ghi']],
    ["split('abc,def', '.')", ['abc,def']],
    ["split('abc,def', '')", ['abc,def']],
    ["split('', ',')", ['']],
  ])('%s', (expression, expected) => {
    expect(run(expression)).toEqual(expected);
  });

  it('needs a string delimiter', () => {
    expect(failure("split('a1b', 1)").message).toMatch(/^split expects a string as its delimiter; argument 2 is the integer 1/);
  });
});

describe('trim', () => {
  it('removes leading and trailing white space of every kind (docs example)', () => {
    expect(run("trim(' Hello World  ')")).toBe('Hello World');
    expect(run("trim('\t\r\n x \u3000')")).toBe('x');
    expect(run("trim('test     ing')")).toBe('test     ing');
  });

  it('keeps a byte order mark, which .NET does not count as white space', () => {
    expect(run("trim('\uFEFFx ')")).toBe('\uFEFFx');
  });
});

describe('formatNumber', () => {
  it.each([
    ["formatNumber(1234567890, '0,0.00', 'en-us')", '1,234,567,890.00'],
    ["formatNumber(1234567890, '0,0.00', 'is-is')", '1.234.567.890,00'],
    ["formatNumber(17.35, 'C2')", '$17.35'],
    ["formatNumber(-17.35, 'C2')", '-$17.35'],
    ["formatNumber(1234.5, 'C', 'de-DE')", '1.234,50\u00a0€'],
  ])('documented and currency examples: %s', (expression, expected) => {
    expect(run(expression)).toBe(expected);
  });

  it.each([
    ["formatNumber(1234, 'D')", '1234'],
    ["formatNumber(-42, 'D6')", '-000042'],
    ["formatNumber(1234.5678, 'E')", '1.234568E+003'],
    ["formatNumber(1234.5678, 'e2')", '1.23e+003'],
    ["formatNumber(0, 'E2')", '0.00E+000'],
    ["formatNumber(0.0001234, 'E1')", '1.2E-004'],
    ["formatNumber(1234.5678, 'F')", '1234.57'],
    ["formatNumber(1234.5, 'F0')", '1235'],
    ["formatNumber(-0.001, 'F2')", '0.00'],
    ["formatNumber(1234567.891, 'N')", '1,234,567.89'],
    ["formatNumber(1234567.891, 'N1', 'de-DE')", '1.234.567,9'],
    ["formatNumber(-1234.5, 'N0')", '-1,235'],
    ["formatNumber(0.1235, 'P')", '12.35%'],
    ["formatNumber(0.1235, 'P1', 'de-DE')", '12,4\u00a0%'],
    ["formatNumber(255, 'X')", 'FF'],
    ["formatNumber(255, 'x4')", '00ff'],
    ["formatNumber(-1, 'X')", 'FFFFFFFFFFFFFFFF'],
    ["formatNumber(1234.5678, 'G')", '1234.5678'],
    ["formatNumber(1234.5678, 'G3')", '1.23E+03'],
    ["formatNumber(0.000012345, 'G3')", '1.23E-05'],
    ["formatNumber(12345678901234567890, 'R')", '1.2345678901234567E+19'],
    ["formatNumber(2.5, 'F3', 'fr-FR')", '2,500'],
  ])('standard format %s', (expression, expected) => {
    expect(run(expression)).toBe(expected);
  });

  it.each([
    ["formatNumber(1234.5678, '#,##0.00')", '1,234.57'],
    ["formatNumber(5, '000')", '005'],
    ["formatNumber(0.5, '#.##')", '.5'],
    ["formatNumber(0.5, '0.00')", '0.50'],
    ["formatNumber(1, '#.##')", '1'],
    ["formatNumber(1234567890, '(###) ###-####')", '(123) 456-7890'],
    ["formatNumber(1500000, '#,##0,,')", '2'],
    ["formatNumber(1234567890, '#,##0,')", '1,234,568'],
    ["formatNumber(0.256, '0.0%')", '25.6%'],
    ["formatNumber(-5, '0;(0)')", '(5)'],
    ["formatNumber(0, '0;(0);zero')", 'zero'],
    ["formatNumber(-0.001, '0.0;(0.0)')", '0.0'],
    ["formatNumber(-5, '0.0')", '-5.0'],
    ["formatNumber(42, '\\#0')", '#42'],
    ["formatNumber(42, '\"n=\"0')", 'n=42'],
    ["formatNumber(12345, '0.00E+00')", '1.23E+04'],
    ["formatNumber(1234.5, '#,##0.00', 'de-DE')", '1.234,50'],
  ])('custom format %s', (expression, expected) => {
    expect(run(expression)).toBe(expected);
  });

  it('uses the locale\'s separators (fr-FR groups with a narrow no-break space)', () => {
    expect(run("formatNumber(1234567.5, 'N1', 'fr-FR')")).toBe('1\u202f234\u202f567,5');
  });

  it('refuses D and X for non-integers, an unknown standard letter, an unknown locale and a non-number', () => {
    expect(failure("formatNumber(1.5, 'D')").message).toMatch(/^formatNumber format 'D' works only with integers; got 1.5/);
    expect(failure("formatNumber(2.0, 'X')").message).toMatch(/format 'X' works only with integers/);
    expect(failure("formatNumber(1, 'Q')").message).toMatch(/^formatNumber does not know the format 'Q'/);
    expect(failure("formatNumber(1, 'N', 'not a locale')").message).toMatch(/^formatNumber expects a locale name such as 'en-US'; 'not a locale' is not one/);
    expect(failure("formatNumber('1', 'N')").message).toMatch(/^formatNumber expects a number; argument 1 is the string '1'/);
    expect(failure(`formatNumber(1, '0.${'0'.repeat(101)}')`).message).toMatch(/^formatNumber can show at most 100 decimal places/);
  });
});

describe('trimByteOrderMark', () => {
  it('removes a leading byte order mark only', () => {
    expect(run("trimByteOrderMark('\uFEFFhello')")).toBe('hello');
    expect(run("trimByteOrderMark('hello\uFEFF')")).toBe('hello\uFEFF');
    expect(run("trimByteOrderMark('plain')")).toBe('plain');
  });
});

describe('encodeXmlValue', () => {
  it('escapes the five XML special characters', () => {
    expect(run("encodeXmlValue('<a href=\"x\">Tom''s & Jerry</a>')")).toBe('&lt;a href=&quot;x&quot;&gt;Tom&apos;s &amp; Jerry&lt;/a&gt;');
  });
});

describe('decodeXmlValue', () => {
  it('turns the named and numeric entities back into characters', () => {
    expect(run("decodeXmlValue('&lt;b&gt; &amp;amp; &quot;&apos; &#65;&#x42;')")).toBe('<b> &amp; "\' AB');
  });

  it('leaves unknown or impossible entities as they are', () => {
    expect(run("decodeXmlValue('&nbsp; &#x110000;')")).toBe('&nbsp; &#x110000;');
  });
});
