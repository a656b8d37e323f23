import { ValidationError } from '../../errors';

/**
 * The alerts of one import, from what the APIs return: a collection page (`{"value": [...]}`, both
 * Graph and the Defender for Endpoint API), a bare array (a page's `value` saved on its own), or a
 * single alert (GET …/alerts/{id}). Anything else is a file-level error.
 */
export function alertItems(document: unknown, file: string): readonly unknown[] {
  if (Array.isArray(document)) return document;
  if (typeof document === 'object' && document !== null) {
    const record = document as Record<string, unknown>;
    if ('value' in record) {
      if (Array.isArray(record.value)) return record.value;
      throw invalid(file, `"value" is ${record.value === null ? 'null' : `a ${typeof record.value}`}, not an array of alerts`);
    }
    if ('id' in record) return [record];
  }
  const got = document === null ? 'null' : typeof document === 'object' ? 'an object without "value"' : `a ${typeof document}`;
  throw invalid(file, `got ${got}`);
}

function invalid(file: string, problem: string): ValidationError {
  const reason =
    `expected an alerts list as the API returns it ({"value": [ … ]}), a JSON array of alerts, or one alert; ${problem}`;
  return new ValidationError(`${file}: ${reason}`, [{ file, reason }]);
}
