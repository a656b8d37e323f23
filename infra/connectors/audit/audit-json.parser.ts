import { errorMessage, ValidationError } from '../../../core/errors';
import { normalizeAuditRecord } from '../../../core/ingest/audit/audit.normalizer';
import type { RecordOutcome } from '../../../core/ingest/record-outcome';
import { splitJsonArray, type JsonArrayElements } from '../json-array-elements';
import type { ParseContext, SignalParser } from '../signal-parser';
import { utf8BomLength } from '../utf8-bytes';

const EXPECTED = 'expected a JSON array of audit records, as a Management Activity API content blob returns them';

/** One record per line parses as a whole only when there is a single line; say what it probably is. */
function looksLikeNdjson(text: string): boolean {
  const trimmed = text.trimStart();
  return trimmed.startsWith('{') && /\}\s*\r?\n\s*\{/.test(trimmed.slice(0, 64 * 1024));
}

/**
 * Parses and normalizes one element at a time (see json-array-elements.ts for why). The framing
 * was checked before the first outcome, so what can still fail is one record's own grammar: that
 * record is rejected with the parser's reason, as a bad line of NDJSON is.
 */
function* elementOutcomes(elements: JsonArrayElements, context: ParseContext): Generator<RecordOutcome> {
  for (let i = 0; i < elements.count; i++) {
    let record: unknown;
    try {
      record = JSON.parse(elements.text(i));
    } catch (error) {
      yield { type: 'rejected', row: i + 1, field: 'record', reason: `record ${i + 1} is not valid JSON (${errorMessage(error)}); ${EXPECTED}` };
      continue;
    }
    yield normalizeAuditRecord(record, i + 1, context);
  }
}

/** Consumes an array parsed whole: each record is released once normalized. */
function* arrayOutcomes(records: unknown[], context: ParseContext): Generator<RecordOutcome> {
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
    return parseAuditJson(Buffer.from(text, 'utf8'), context);
  },
  parseBytes(bytes: Buffer, context: ParseContext): Iterable<RecordOutcome> {
    return parseAuditJson(bytes, context);
  },
};

function parseAuditJson(bytes: Buffer, context: ParseContext): Iterable<RecordOutcome> {
  const bom = utf8BomLength(bytes);
  const elements = splitJsonArray(bytes, bom);
  if (elements !== undefined) return elementOutcomes(elements, context);
  // Not an array, or its framing is broken: the whole-text parse names what and where.
  return arrayOutcomes(parseWhole(bytes.toString('utf8', bom), context.file), context);
}

function parseWhole(body: string, file: string): unknown[] {
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch (error) {
    const detail = errorMessage(error);
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
  return document;
}
