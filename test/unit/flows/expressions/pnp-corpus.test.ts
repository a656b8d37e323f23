import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { FlowExpressionError } from '../../../../flows/engine/contracts';
import { isTemplateString, parseTemplate } from '../../../../flows/engine/expressions';

/**
 * Every expression string in the real exported flows (pnp/powerautomate-samples, read in place
 * from ../shared) must parse. Nothing is excluded: `description` texts that happen to contain
 * `@{…}` parse too.
 */
const FIXTURES = path.resolve(__dirname, '../../../../../shared/fixtures/flows/pnp-powerautomate-samples');

interface Found {
  readonly file: string;
  readonly key: string;
  readonly text: string;
}

function templateStrings(value: unknown, file: string, key: string, out: Found[]): void {
  if (typeof value === 'string') {
    if (isTemplateString(value)) out.push({ file, key, text: value });
  } else if (Array.isArray(value)) {
    for (const item of value) templateStrings(item, file, key, out);
  } else if (typeof value === 'object' && value !== null) {
    for (const [inner, item] of Object.entries(value)) templateStrings(item, file, inner, out);
  }
}

const files = readdirSync(FIXTURES).filter((file) => file.endsWith('.json'));
const found: Found[] = [];
for (const file of files) templateStrings(JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8')) as unknown, file, '', found);

describe('the pnp/powerautomate-samples corpus', () => {
  it('has the 22 exported definitions and their 412 expression strings', () => {
    expect(files).toHaveLength(22);
    expect(found).toHaveLength(412);
  });

  it('parses every expression string', () => {
    const failures = found.flatMap(({ file, key, text }) => {
      try {
        parseTemplate(text);
        return [];
      } catch (error) {
        if (!(error instanceof FlowExpressionError)) throw error;
        return [`${file} ${key}: ${error.message}`];
      }
    });
    expect(failures).toEqual([]);
  });
});
