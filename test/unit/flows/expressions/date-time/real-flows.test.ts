import * as fs from 'node:fs';
import * as path from 'node:path';
import { call } from './date-time-harness';

/**
 * The format strings and time-zone ids that real exported flows pass to the date functions
 * (pnp/powerautomate-samples, read in place from ../shared) must all be accepted.
 */
const FIXTURES = path.resolve(__dirname, '../../../../../../shared/fixtures/flows/pnp-powerautomate-samples');

function templateStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (value.startsWith('@') || value.includes('@{')) out.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) templateStrings(item, out);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) templateStrings(item, out);
  }
  return out;
}

const expressions = fs
  .readdirSync(FIXTURES)
  .filter((file) => file.endsWith('.json'))
  .flatMap((file) => templateStrings(JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8'))));

function captures(pattern: RegExp): string[] {
  return [...new Set(expressions.flatMap((text) => [...text.matchAll(pattern)].map((m) => m[1])))];
}

// The last string argument of a call whose arguments hold at most one level of nested calls.
const formats = [
  ...new Set([
    ...captures(/\b(?:formatDateTime|addDays|addHours|addMinutes|addSeconds|startOfMonth|startOfDay|startOfHour)\((?:[^()']|\([^()]*\))*,\s*'([^']*)'\s*\)/gi),
    ...captures(/\butcNow\(\s*'([^']*)'\s*\)/gi),
  ]),
];
const zones = captures(/\bconvert(?:FromUtc|ToUtc|TimeZone)\((?:[^()']|\([^()]*\))*?'([^']+)'/gi);

describe('date formats and time zones used by real exported flows', () => {
  it('finds the expressions it checks (the corpus is present and the patterns match)', () => {
    expect(expressions.length).toBeGreaterThan(100);
    expect(formats).toEqual(expect.arrayContaining(['dd-MM-yyyy', 'yyyy-MM-dd', 'dd-MMM-yyyy']));
    expect(zones).toContain('Central European Standard Time');
  });

  it.each(formats)('formats with %j', (format) => {
    expect(typeof call('formatDateTime', ['2024-03-05T09:07:03Z', format])).toBe('string');
  });

  it.each(zones)('converts into %j', (zone) => {
    expect(call('convertFromUtc', ['2024-03-05T09:07:03Z', zone])).toMatch(/^2024-03-05T\d\d:07:03\.0000000$/);
  });
});
