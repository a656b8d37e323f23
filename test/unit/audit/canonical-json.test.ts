import { canonicalJson } from '../../../core/audit/canonical-json';
import { ValidationError } from '../../../core/errors';

describe('canonicalJson', () => {
  it('sorts object keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it('gives the same text whatever order the keys were inserted in', () => {
    const one = { actor: { name: 'Ada', id: 'cli:ada' }, sequence: 2, details: { after: 14, before: 30 } };
    const other = { details: { before: 30, after: 14 }, sequence: 2, actor: { id: 'cli:ada', name: 'Ada' } };
    expect(canonicalJson(one)).toBe(canonicalJson(other));
    // …and the same as after a trip through JSON text, which is what a store does.
    expect(canonicalJson(JSON.parse(JSON.stringify(other)))).toBe(canonicalJson(one));
  });

  it('keeps array order', () => {
    expect(canonicalJson([3, 1, 2])).toBe('[3,1,2]');
    expect(canonicalJson([3, 1, 2])).not.toBe(canonicalJson([1, 2, 3]));
  });

  it('sorts keys by UTF-16 code units, upper case before lower case', () => {
    expect(canonicalJson({ b: 1, B: 2, a: 3, é: 4, '10': 5, '9': 6 })).toBe('{"10":5,"9":6,"B":2,"a":3,"b":1,"é":4}');
  });

  it('escapes strings as JSON does, keeping non-ASCII text as is', () => {
    expect(canonicalJson({ s: 'quote " backslash \\ newline \n tab \t ü 😀' })).toBe('{"s":"quote \\" backslash \\\\ newline \\n tab \\t ü 😀"}');
  });

  it('writes numbers as JSON does, -0 as 0', () => {
    expect(canonicalJson([0, -0, 1.5, -2, 1e21, 0.1])).toBe('[0,0,1.5,-2,1e+21,0.1]');
  });

  it('leaves out object members whose value is undefined, as a store does', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
  });

  it('refuses values without a faithful JSON form, naming where they are', () => {
    const refusal = (value: unknown): ValidationError => {
      try {
        canonicalJson(value, 'details');
      } catch (error) {
        if (error instanceof ValidationError) return error;
        throw error;
      }
      throw new Error('expected a ValidationError');
    };
    expect(refusal({ n: Number.NaN }).issues[0]).toEqual({ field: 'details.n', reason: 'NaN has no JSON form' });
    expect(refusal({ list: [1, Infinity] }).issues[0].field).toBe('details.list[1]');
    expect(refusal({ list: [undefined] }).issues[0].reason).toBe('undefined inside an array has no JSON form');
    expect(refusal({ when: new Date(0) }).issues[0]).toEqual({ field: 'details.when', reason: 'a Date object is not plain JSON' });
    expect(refusal({ big: 1n }).issues[0].reason).toBe('a bigint has no JSON form');
    expect(refusal({ 'odd key': () => 1 }).issues[0].field).toBe('details["odd key"]');
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(refusal(cycle).issues[0]).toEqual({ field: 'details.self', reason: 'the value contains itself (a cycle)' });
  });

  it('accepts the same object twice when it is not a cycle', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: [shared] })).toBe('{"a":{"x":1},"b":[{"x":1}]}');
  });
});
