import { splitJsonArray } from '../../../infra/connectors/json-array-elements';

function elements(text: string): string[] | undefined {
  const split = splitJsonArray(Buffer.from(text, 'utf8'));
  if (split === undefined) return undefined;
  return Array.from({ length: split.count }, (_, i) => split.text(i));
}

describe('splitJsonArray', () => {
  it('finds each top-level element of a compact or pretty-printed array', () => {
    expect(elements('[{"a":1},{"b":[1,2,{"c":"}"}]}]')).toEqual(['{"a":1}', '{"b":[1,2,{"c":"}"}]}']);
    expect(elements(' \r\n[\n  {"a": 1} ,\n\t{"b": 2}\n]\n ')).toEqual(['{"a": 1}', '{"b": 2}']);
  });

  it('returns scalars and nested arrays as elements too', () => {
    expect(elements('[1, -2.5e3, "x,]", true, null, [3, [4]], {}]')).toEqual(['1', '-2.5e3', '"x,]"', 'true', 'null', '[3, [4]]', '{}']);
  });

  it('reads escaped quotes and backslashes inside strings', () => {
    const text = JSON.stringify([{ a: 'say "hi"', b: 'C:\\temp\\', c: '\\"]}' }, { d: '\\' }]);
    const found = elements(text);
    expect(found?.map((e) => JSON.parse(e) as unknown)).toEqual(JSON.parse(text));
  });

  it('starts where it is told (after a byte-order mark) and decodes multi-byte UTF-8 in elements', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('[{"n":"Zoë 日本 🙂"},"ü"]', 'utf8')]);
    const split = splitJsonArray(bytes, 3);
    expect(split?.count).toBe(2);
    expect(split?.text(0)).toBe('{"n":"Zoë 日本 🙂"}');
    expect(split?.text(1)).toBe('"ü"');
    expect(splitJsonArray(bytes)).toBeUndefined();
  });

  it('splits an empty array into no elements', () => {
    expect(elements('[]')).toEqual([]);
    expect(elements(' [ \n ] ')).toEqual([]);
  });

  it.each([
    ['a file cut short inside an element', '[{"a":1},{"b":'],
    ['a file cut short inside a string', '[{"a":"unterminated}]'],
    ['a missing closing bracket', '[{"a":1}'],
    ['a trailing comma', '[{"a":1},]'],
    ['a leading comma', '[,{"a":1}]'],
    ['elements without a comma between them', '[{"a":1} {"b":2}]'],
    ['mismatched brackets', '[{"a":[1}]}]'],
    ['an extra closing brace', '[{"a":1}}]'],
    ['text after the array', '[{"a":1}] trailing'],
    ['a second array', '[1][2]'],
    ['an object at the top level', '{"a":1}'],
    ['an empty text', ''],
  ])('refuses %s', (_case, text) => {
    expect(splitJsonArray(Buffer.from(text, 'utf8'))).toBeUndefined();
  });

  it('agrees with JSON.parse on generated arrays of nested values with awkward strings', () => {
    let seed = 12345;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const pieces = ['"', '\\', '{', '}', '[', ']', ',', ':', 'x', ' ', '\n', 'é', '\u2028', '日本', '🙂'];
    const text = (): string => Array.from({ length: Math.floor(random() * 8) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
    const value = (depth: number): unknown => {
      const r = random();
      if (depth > 3 || r < 0.3) return [text(), Math.floor(random() * 1000) - 500, random() < 0.5, null][Math.floor(random() * 4)];
      if (r < 0.65) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, () => [text(), value(depth + 1)]));
    };
    for (let round = 0; round < 200; round++) {
      const array = Array.from({ length: Math.floor(random() * 6) }, () => value(0));
      const serialized = JSON.stringify(array, null, round % 2 === 0 ? undefined : 2);
      expect(elements(serialized)?.map((e) => JSON.parse(e) as unknown)).toEqual(array);
    }
  });
});
