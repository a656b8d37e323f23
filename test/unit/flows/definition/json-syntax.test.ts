import * as fs from 'node:fs';
import * as path from 'node:path';
import { locateJsonSyntaxProblem } from '../../../../flows/engine/definition/json-syntax';

const FIXTURES = path.resolve(__dirname, '../../../../../shared/fixtures/flows/pnp-powerautomate-samples');
const texts = fs
  .readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.json'))
  .map((name) => fs.readFileSync(path.join(FIXTURES, name), 'utf8'));

const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe('locateJsonSyntaxProblem', () => {
  it('finds no problem in real exported flows (one line or pretty-printed)', () => {
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) expect(locateJsonSyntaxProblem(text)).toBeUndefined();
  });

  it('agrees with JSON.parse on every cut of a real file: a problem exactly when the text is not JSON', () => {
    const text = texts.find((t) => t.includes('\n')) ?? '';
    for (let cut = 0; cut < text.length; cut += 97) {
      const piece = text.slice(0, cut);
      expect([cut, locateJsonSyntaxProblem(piece) === undefined]).toEqual([cut, parses(piece)]);
    }
  });

  it.each([
    ['{"a": 01}', 7, "',' or '}'"],
    ['{"a": 1.}', 8, 'a digit'],
    ['{"a": -}', 7, 'a digit'],
    ['{"a": "\\x"}', 8, 'an escape character (one of " \\ / b f n r t u) after the backslash'],
    ['{"a": "\\u12G4"}', 11, 'four hexadecimal digits after \\u'],
    ['{"a" 1}', 5, "':' after the property name"],
    ['[1 2]', 3, "',' or ']'"],
    ['{"a": tru}', 6, 'a JSON value (object, array, string, number, true, false or null)'],
  ])('pins %s at offset %d: expected %s', (text, offset, expected) => {
    expect(parses(text)).toBe(false);
    expect(locateJsonSyntaxProblem(text)).toMatchObject({ offset, expected });
  });

  it('counts lines and columns from 1, across CRLF line ends', () => {
    expect(locateJsonSyntaxProblem('{\r\n  "a": 1,\r\n  }')).toMatchObject({ line: 3, column: 3, path: [], expected: 'a property name in double quotes', found: '"}"' });
  });

  it('accepts what JSON accepts at the edges: escapes, exponents, nesting, surrounding white space', () => {
    for (const text of [' {"a": [1, -0.5e+3, 2E-2, true, false, null, "\\u00e9\\n\\"", {}, []]} ', '"x"', '0', '[[[[[]]]]]']) {
      expect(parses(text)).toBe(true);
      expect(locateJsonSyntaxProblem(text)).toBeUndefined();
    }
  });
});
