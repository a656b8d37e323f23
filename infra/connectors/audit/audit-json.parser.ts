import { ValidationError } from '../../../core/errors';
import { normalizeAuditRecord } from '../../../core/ingest/audit/audit.normalizer';
import type { RecordOutcome } from '../../../core/ingest/record-outcome';
import type { ParseContext, SignalParser } from '../signal-parser';

const EXPECTED = 'expected a JSON array of audit records, as a Management Activity API content blob returns them';

function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** One record per line parses as a whole only when there is a single line; say what it probably is. */
function looksLikeNdjson(text: string): boolean {
  const trimmed = text.trimStart();
  return trimmed.startsWith('{') && /\}\s*\r?\n\s*\{/.test(trimmed.slice(0, 64 * 1024));
}

/**
 * Consumes the parsed array: each record is released once normalized, so a large blob's records
 * do not all stay live (and be re-marked by every major GC) until the last one is stored.
 */
function* outcomes(records: unknown[], context: ParseContext): Generator<RecordOutcome> {
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    records[i] = undefined;
    yield normalizeAuditRecord(record, i + 1, context);
  }
}

/**
 * `audit-json`: the body of a Management Activity API content blob, a JSON array of audit
 * records. Rows are array positions (the first record is row 1). See docs/audit-operations.md.
 */
export const auditJsonParser: SignalParser = {
  format: 'audit-json',
  parse(text: string, context: ParseContext): Iterable<RecordOutcome> {
    const file = context.file;
    const body = withoutBom(text);
    let document: unknown;
    try {
      document = JSON.parse(body);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      const hint = looksLikeNdjson(body) ? ' (it looks like one record per line: send it as audit-ndjson)' : '';
      throw new ValidationError(`${file}: not valid JSON (${detail}); ${EXPECTED}${hint}`, [{ file, reason: `not valid JSON: ${detail}` }], {
        cause: error,
      });
    }
    if (!Array.isArray(document)) {
      const got = document === null ? 'null' : typeof document === 'object' ? 'an object' : `a ${typeof document}`;
      throw new ValidationError(`${file}: ${EXPECTED} ([{"Id": …, "CreationTime": …, "Operation": …}, …]), got ${got}`, [
        { file, reason: `expected a JSON array, got ${got}` },
      ]);
    }
    return outcomes(document, context);
  },
};
