import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { FUNCTION_NAMES, NOT_IMPLEMENTED_FUNCTIONS, REFERENCE_FUNCTIONS, lookupFunction } from '../../../../flows/engine/expressions';
import { dateTimeFunctions } from '../../../../flows/engine/expressions/functions/date-time.functions';
import { createTestContext } from './expression-context';

/** The functions this part of the engine must provide (the brief's list, all but date/time). */
const REQUIRED = {
  string: ['concat', 'substring', 'slice', 'replace', 'guid', 'toLower', 'toUpper', 'indexOf', 'nthIndexOf', 'lastIndexOf', 'startsWith', 'endsWith', 'split', 'trim', 'formatNumber', 'trimByteOrderMark', 'encodeXmlValue', 'decodeXmlValue'],
  collection: ['contains', 'length', 'sort', 'reverse', 'empty', 'intersection', 'union', 'first', 'last', 'take', 'skip', 'join', 'chunk'],
  logical: ['if', 'equals', 'and', 'or', 'not', 'less', 'lessOrEquals', 'greater', 'greaterOrEquals', 'isInt', 'isFloat'],
  conversion: [
    'json', 'xml', 'int', 'string', 'float', 'bool', 'base64', 'base64ToBinary', 'base64ToString', 'binary', 'dataUri', 'dataUriToBinary', 'dataUriToString',
    'decodeBase64', 'decodeDataUri', 'encodeUriComponent', 'decodeUriComponent', 'uriComponent', 'uriComponentToBinary', 'uriComponentToString', 'array',
    'createArray', 'decimal', 'utf8Length', 'utf16Length',
  ],
  math: ['min', 'max', 'rand', 'add', 'sub', 'mul', 'div', 'mod', 'range'],
  uri: ['uriHost', 'uriPath', 'uriPathAndQuery', 'uriPort', 'uriScheme', 'uriQuery'],
  manipulation: ['coalesce', 'addProperty', 'setProperty', 'removeProperty', 'mergeObjects'],
  reference: [
    'outputs', 'body', 'triggerBody', 'triggerOutputs', 'trigger', 'actions', 'action', 'actionOutputs', 'actionBody', 'item', 'items', 'iterationIndexes',
    'variables', 'parameters', 'result', 'workflow', 'listCallbackUrl', 'triggerFormDataValue',
  ],
};

describe('the function registry', () => {
  it('holds every required function under its canonical name', () => {
    for (const name of Object.values(REQUIRED).flat()) expect(FUNCTION_NAMES).toContain(name);
  });

  it('has no name twice, even ignoring case', () => {
    const lower = FUNCTION_NAMES.map((name) => name.toLowerCase());
    expect(new Set(lower).size).toBe(lower.length);
  });

  it('looks names up ignoring case', () => {
    expect(lookupFunction('BASE64TOSTRING')).toBe(lookupFunction('base64ToString'));
    expect(lookupFunction('encodeURIComponent')?.name).toBe('encodeUriComponent');
    expect(lookupFunction('utcnow')?.name).toBe('utcNow');
    expect(lookupFunction('noSuchFunction')).toBeUndefined();
  });

  it('does not register the functions it cannot run, and lists them for the linter', () => {
    for (const name of NOT_IMPLEMENTED_FUNCTIONS) expect(lookupFunction(name)).toBeUndefined();
    expect(NOT_IMPLEMENTED_FUNCTIONS).toContain('xpath');
  });

  it('gives variadic functions an unbounded maximum and fixed ones their documented arity', () => {
    expect(lookupFunction('concat')).toMatchObject({ minArgs: 1, maxArgs: Number.POSITIVE_INFINITY });
    expect(lookupFunction('substring')).toMatchObject({ minArgs: 2, maxArgs: 3 });
    expect(lookupFunction('if')).toMatchObject({ minArgs: 3, maxArgs: 3 });
    expect(lookupFunction('guid')).toMatchObject({ minArgs: 0, maxArgs: 1 });
  });
});

describe('reference functions', () => {
  it('are all registered', () => {
    expect(REFERENCE_FUNCTIONS).toEqual(expect.arrayContaining(REQUIRED.reference));
    for (const name of REFERENCE_FUNCTIONS) expect(lookupFunction(name)?.name).toBe(name);
  });

  it('each hand their arguments to ctx.references.resolve under the lower-case name', () => {
    for (const name of REFERENCE_FUNCTIONS) {
      const spec = lookupFunction(name);
      if (spec === undefined) throw new Error(`${name} is not registered`);
      const args = Array.from({ length: spec.minArgs }, (_, i) => `arg${i}`);
      const ctx = createTestContext({ [name.toLowerCase()]: `value of ${name}` });
      expect(spec.fn(args, ctx)).toBe(`value of ${name}`);
      expect(ctx.calls).toEqual([{ name: name.toLowerCase(), args }]);
    }
  });

  it('carry their documented arities', () => {
    expect(lookupFunction('triggerBody')).toMatchObject({ minArgs: 0, maxArgs: 0 });
    expect(lookupFunction('outputs')).toMatchObject({ minArgs: 1, maxArgs: 1 });
    expect(lookupFunction('items')).toMatchObject({ minArgs: 1, maxArgs: 1 });
    expect(lookupFunction('formDataValue')).toMatchObject({ minArgs: 2, maxArgs: 2 });
  });
});

describe('test coverage of the functions', () => {
  it('has a describe block for every function outside reference and date/time', () => {
    const folder = path.join(__dirname, 'functions');
    const sources = readdirSync(folder)
      .filter((file) => file.endsWith('.test.ts'))
      .map((file) => readFileSync(path.join(folder, file), 'utf8'))
      .join('\n');
    const skipped = new Set([...REFERENCE_FUNCTIONS, ...dateTimeFunctions.map((spec) => spec.name)]);
    const untested = FUNCTION_NAMES.filter((name) => !skipped.has(name) && !sources.includes(`describe('${name}', `));
    expect(untested).toEqual([]);
  });
});
